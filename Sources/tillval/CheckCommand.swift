import ArgumentParser
import Foundation
import TillvalCompiler
import TillvalReports
import TillvalSyntax

/// `tillval check [PATH]`: what CI runs on every pull request, and what an
/// editor runs on the file just saved.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a rule set, or one file of it, and report every problem.",
        discussion: """
            Given a directory, checks the rule set in it. Given a file, checks the whole rule set the file belongs to \
            (the nearest directory upwards that directly holds the 'ruleset' file, else the file's own directory) and \
            reports the problems of that file only, with those that concern the whole set. \
            With --fix, first applies the fix-its that are unambiguous (the 'fix:' lines), rewriting only the edited text \
            of each file, then checks again and reports what is left. \
            --format json, sarif or github prints one report of the whole run on standard output (after fixing, \
            with --fix), with paths relative to the current directory when the files lie under it; \
            --strict makes warnings fail the run.
            """ + ExitCodes.helpText(for: .check)
    )

    @Argument(help: "The rule directory, or one rule file.")
    var path = "Rules"

    @Flag(help: "Apply the fix-its that are unambiguous, rewriting only the edited text of each file; then check again.")
    var fix = false

    @Option(help: "Output format: text (for people), json (stable, Schemas/check.schema.json), sarif (SARIF 2.1.0) or github (workflow commands).")
    var format: CheckFormat = .text

    @Flag(help: "Warnings fail the run too (exit 1).")
    var strict = false

    @OptionGroup(title: "Limits")
    var limits: LimitOptions

    /// Check reports diagnostics and counts; it does not lower the rule set to a plan.
    private var compiler: Compiler { Compiler(limits: limits.limits, lowers: false, threads: limits.threads) }

    func run() throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let isFile = exists ? !isDirectory.boolValue : (path.hasSuffix(".yaml") || path.hasSuffix(".yml"))
        if fix {
            let compilation: Compilation, ruleDirectory: String
            if isFile {
                let result = compiler.compile(file: path)
                (compilation, ruleDirectory) = (result.compilation, result.directory)
            } else {
                (compilation, ruleDirectory) = (compiler.compile(directory: path), path)
            }
            try applyFixIts(compilation, ruleDirectory: ruleDirectory, summaryToStandardError: format != .text)
        }
        if format != .text {
            try report(isFile ? compiler.compile(file: path).compilation : compiler.compile(directory: path))
            return
        }
        if isFile {
            try checkFile()
            return
        }
        let compilation = compiler.compile(directory: path)
        Console.report(compilation)
        try RuleExit.check(compilation)
        try failOnWarnings(compilation)
        let summary = compilation.summary.map { counted in
            "\(counted.files) files, \(counted.products) products, \(counted.collaborations) collaboration\(counted.collaborations == 1 ? "" : "s"), \(counted.scenarios) scenarios"
        } ?? ""
        Console.write("\(path.escapedForTerminal): ok (\(summary); \(Console.count(compilation)))\n")
    }

    private func checkFile() throws {
        let result = compiler.compile(file: path)
        let compilation = result.compilation
        Console.report(compilation)
        let elsewhere = result.elsewhere.isEmpty ? "" : "; the rest of '\(result.directory.escapedForTerminal)' has \(Console.count(result.elsewhere)): run 'tillval check \(result.directory.escapedForTerminal)'"
        if compilation.hasErrors {
            Console.error("\(Console.count(compilation))\(elsewhere)\n")
            throw compilation.diagnostics.contains(where: { $0.code == .unreadableInput }) ? ExitCodes.unreadable : ExitCodes.failure
        }
        try failOnWarnings(compilation)
        Console.write("\(result.file.escapedForTerminal): ok (in rule set '\(result.directory.escapedForTerminal)'; \(Console.count(compilation))\(elsewhere))\n")
    }
}

extension CheckCommand {
    /// With `--strict`, a run with warnings fails: the count, then exit 1.
    private func failOnWarnings(_ compilation: Compilation) throws {
        guard strict, compilation.diagnostics.contains(where: { $0.severity == .warning }) || compilation.omitted.warnings > 0 else { return }
        Console.error("\(Console.count(compilation)); warnings fail the run (--strict)\n")
        throw ExitCodes.failure
    }

    /// The report of a machine-readable `--format` on standard output, and
    /// nothing else: one report for the whole run, paths relative to the
    /// current directory when the files lie under it. Exits as the text form
    /// does: 66 when the path cannot be read, 1 on errors (and on warnings
    /// with `--strict`).
    private func report(_ compilation: Compilation) throws {
        let report = CheckReport(diagnostics: compilation.diagnostics, omitted: compilation.omitted, strict: strict)
            .relative(to: FileManager.default.currentDirectoryPath)
        switch format {
        case .json: Console.writeData(report.json())
        case .sarif: Console.writeData(report.sarif(version: TillvalVersion.current))
        case .github: Console.write(report.githubCommands())
        case .text: break
        }
        if compilation.hasErrors, compilation.diagnostics.contains(where: { $0.code == .unreadableInput }) {
            throw ExitCodes.unreadable
        }
        if !report.passed { throw ExitCodes.failure }
    }

    /// Applies the fix-its `FixIts.choose` picks, file by file, and says how
    /// many problems in how many files it fixed. A file is written (to a
    /// temporary file renamed over it, keeping its permissions) only when it
    /// changed, and only when it still holds the bytes that were checked: a
    /// file edited meanwhile is left alone, with a note. The temporary file
    /// has a random name and is created exclusively (never through a link
    /// placed there), flushed to disk, then renamed. A linked rule file is
    /// fixed where it points only when that lies inside the rule directory;
    /// a link out of it is left alone, with a note.
    func applyFixIts(_ compilation: Compilation, ruleDirectory: String, summaryToStandardError: Bool = false) throws {
        let root = URL(fileURLWithPath: ruleDirectory).resolvingSymlinksInPath().path
        let rootPrefix = root.hasSuffix("/") ? root : root + "/"
        let (edits, fixed) = FixIts.choose(compilation.diagnostics)
        var problems = 0, files = 0
        for file in edits.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let source = compilation.sources.file(file), let fileEdits = edits[file],
                  let changed = FixIts.apply(fileEdits, to: source.bytes), changed != source.bytes else { continue }
            // A rule file that is a symbolic link is edited where it points, and stays a link,
            // as long as it points inside the rule directory.
            let url = URL(fileURLWithPath: file).resolvingSymlinksInPath()
            guard url.path.hasPrefix(rootPrefix) else {
                Console.error("note: '\(file.escapedForTerminal)' is a link to a file outside the rule directory; not fixed\n")
                continue
            }
            guard let now = FileManager.default.contents(atPath: url.path), [UInt8](now) == source.bytes else {
                Console.error("note: '\(file.escapedForTerminal)' changed since it was checked; not fixed\n")
                continue
            }
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tillval-fix-\(UUID().uuidString)")
            do {
                let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
                guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
                let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
                do {
                    try handle.write(contentsOf: changed)
                    try handle.synchronize()
                    try handle.close()
                } catch {
                    try? handle.close()
                    throw error
                }
                if let permissions = try? FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] {
                    try? FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
                }
                guard rename(temporary.path, url.path) == 0 else {
                    try? FileManager.default.removeItem(at: temporary)
                    Console.error("note: could not replace '\(file.escapedForTerminal)'; not fixed\n")
                    continue
                }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                Console.error("note: could not write next to '\(file.escapedForTerminal)'; not fixed\n")
                continue
            }
            problems += fixed[file] ?? 0
            files += 1
        }
        let summary = "fixed \(problems) problem\(problems == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")\n"
        if summaryToStandardError { Console.error(summary) } else { Console.write(summary) }
    }
}

/// How `check` prints its report.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, github
}

/// Shared by the commands that compile: the exit code a compilation earns.
enum RuleExit {
    static func check(_ compilation: Compilation) throws {
        guard compilation.hasErrors else { return }
        Console.error("\(Console.count(compilation))\n")
        if compilation.diagnostics.contains(where: { $0.code == .unreadableInput }) {
            throw ExitCodes.unreadable
        }
        throw ExitCodes.failure
    }
}

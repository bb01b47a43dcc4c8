import ArgumentParser
import Foundation
import TillvalCompiler
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
            reports the problems of that file only, with those that concern the whole set.
            """ + ExitCodes.helpText(for: .check)
    )

    @Argument(help: "The rule directory, or one rule file.")
    var path = "Rules"

    @OptionGroup(title: "Limits")
    var limits: LimitOptions

    func run() throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists ? !isDirectory.boolValue : (path.hasSuffix(".yaml") || path.hasSuffix(".yml")) {
            try checkFile()
            return
        }
        let compilation = limits.compiler.compile(directory: path)
        Console.report(compilation)
        try RuleExit.check(compilation)
        let summary = compilation.plan.map { plan in
            let scenarios = plan.collaborations.reduce(0) { $0 + $1.scenarios.count }
            return "\(plan.sources.count) files, \(plan.products.count) products, \(plan.collaborations.count) collaboration\(plan.collaborations.count == 1 ? "" : "s"), \(scenarios) scenarios"
        } ?? ""
        Console.write("\(path): ok (\(summary); \(Console.count(compilation)))\n")
    }

    private func checkFile() throws {
        let result = limits.compiler.compile(file: path)
        let compilation = result.compilation
        Console.report(compilation)
        let elsewhere = result.elsewhere.isEmpty ? "" : "; the rest of '\(result.directory)' has \(Console.count(result.elsewhere)): run 'tillval check \(result.directory)'"
        if compilation.hasErrors {
            Console.error("\(Console.count(compilation))\(elsewhere)\n")
            throw compilation.diagnostics.contains(where: { $0.code == .unreadableInput }) ? ExitCodes.unreadable : ExitCodes.failure
        }
        Console.write("\(result.file): ok (in rule set '\(result.directory)'; \(Console.count(compilation))\(elsewhere))\n")
    }
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

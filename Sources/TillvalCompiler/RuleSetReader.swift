import Foundation
import SystemPackage
import TillvalSyntax
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif

/// Finds and reads the files of a rule set as the format says: every
/// lower-case `.yaml`/`.yml` below the directory, dot-names skipped,
/// directory links not followed, in byte order of the relative path.
/// Paths are `FilePath`s, joined and stripped by component, never as text;
/// each file's path becomes text once, as `shown(_:in:)` names it.
public enum RuleSetReader {
    /// The files read, and a diagnostic for each that could not be. A file
    /// larger than `limits.maximumFileSize` is not read (E0012); once the
    /// files listed reach `limits.maximumRuleSetSize` (each counted by the size
    /// the file system gives before any is read), or there are more than
    /// `limits.maximumFiles`, the rest are not read (E0013). Sizes are asked
    /// of the file system first, so memory stays bounded. Each file is named
    /// as `shown(_:in:)` says.
    public static func read(directory: FilePath, limits: CompileLimits = CompileLimits()) -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        read(directory: directory, given: directory.string, limits: limits)
    }

    /// `read(directory:limits:)` for a path given as text (a command-line
    /// argument); a message about the directory echoes it as written.
    public static func read(directory: String, limits: CompileLimits = CompileLimits()) -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        read(directory: FilePath(directory), given: directory, limits: limits)
    }

    /// `given` is the directory as the user wrote it, for the messages about it.
    /// `threads`: into how many slices reading the files' bytes is split (`Compiler.threads`).
    static func read(directory: FilePath, given: String, limits: CompileLimits, threads: Int = 1) -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory.string, isDirectory: &isDirectory) else {
            return ([], [Diagnostic(ReadMessage.directoryMissing(given: given), at: nil,
                                    suggestion: Suggestion(ReadMessage.Help.giveDirectory))])
        }
        guard isDirectory.boolValue else {
            return ([], [Diagnostic(ReadMessage.notADirectory(given: given), at: nil,
                                    suggestion: Suggestion(ReadMessage.Help.giveDirectoryOfRules))])
        }
        var relativePaths: [FilePath] = []
        var diagnostics: [Diagnostic] = []
        // One more than the limit is enough to know that it is exceeded.
        collect(directory: directory, below: FilePath(), into: &relativePaths, diagnostics: &diagnostics, limit: limits.maximumFiles.saturatingSuccessor)
        relativePaths.sort { $0.string.utf8.lexicographicallyPrecedes($1.string.utf8) }
        if relativePaths.count > limits.maximumFiles {
            diagnostics.append(Diagnostic(ReadMessage.tooManyFiles(directory: given, maximum: limits.maximumFiles),
                                          at: nil, suggestion: Suggestion(ReadMessage.Help.raiseMaximumFiles)))
            return ([], diagnostics)
        }
        // Each file's size and kind first, one file after another (the limits count sizes as
        // listed); then the files are read, in slices in parallel (`threads`), and what each gave
        // taken in order.
        enum Step {
            case reported(Diagnostic)
            case read(full: String, shown: String, size: Int?, start: SourceRange)
        }
        var steps: [Step] = []
        var total = 0
        for relative in relativePaths {
            let full = directory.pushing(relative).string
            let shown = shown(relative, in: directory)
            let start = SourceRange(at: SourceLocation(file: shown, line: 1, column: 1))
            // One stat(2) says what the file is and how large: a link is followed, so a linked file
            // counts by its target's size; a link that cannot be followed (a broken one) is
            // reported below as unreadable, and one to a pipe or device as not a regular file.
            var info = stat()
            let found = stat(full, &info) == 0
            let size = found ? Int(info.st_size) : nil
            if let size, size > limits.maximumFileSize {
                steps.append(.reported(Diagnostic(ReadMessage.fileTooLarge(file: shown, size: size, maximum: limits.maximumFileSize),
                                                  at: start, suggestion: Suggestion(ReadMessage.Help.raiseMaximumFileSize))))
                continue
            }
            if let size, total + size > limits.maximumRuleSetSize {
                steps.append(.reported(Diagnostic(ReadMessage.ruleSetTooLarge(directory: given, maximum: limits.maximumRuleSetSize),
                                                  at: start, suggestion: Suggestion(ReadMessage.Help.raiseMaximumRuleSetSize))))
                break
            }
            // A FIFO, socket or device is never opened: opening a FIFO waits for a writer (issue 7).
            guard !found || (info.st_mode & S_IFMT) == S_IFREG else {
                steps.append(.reported(Diagnostic(ReadMessage.notARegularFile(file: shown), at: start,
                                                  suggestion: Suggestion(ReadMessage.Help.regularFilesOnly))))
                continue
            }
            total += size ?? 0
            steps.append(.read(full: full, shown: shown, size: size, start: start))
        }
        let read = Parallel.slices(steps.count, width: threads, minimum: 16) { range in
            range.map { index -> ReadOutcome? in
                guard case .read(let full, let shown, let size, let start) = steps[index] else { return nil }
                guard let data = contents(of: full, sizeHint: size ?? 0, maximum: limits.maximumFileSize) else {
                    return .problem(Diagnostic(ReadMessage.cannotRead(file: shown), at: start,
                                               suggestion: Suggestion(ReadMessage.Help.checkReadable)))
                }
                // A file that grew since its size was asked is held to the same limit (and read no further).
                guard data.count <= limits.maximumFileSize else {
                    var now = stat()
                    let grown = stat(full, &now) == 0 ? max(Int(now.st_size), data.count) : data.count
                    return .problem(Diagnostic(ReadMessage.fileTooLarge(file: shown, size: grown, maximum: limits.maximumFileSize),
                                               at: start, suggestion: Suggestion(ReadMessage.Help.raiseMaximumFileSize)))
                }
                return .file(SourceFile(path: shown, bytes: data))
            }
        }.joined()
        var files: [SourceFile] = []
        for (step, outcome) in zip(steps, read) {
            switch (step, outcome) {
            case (.reported(let diagnostic), _), (_, .problem(let diagnostic)?): diagnostics.append(diagnostic)
            case (_, .file(let file)?): files.append(file)
            case (.read, nil): break
            }
        }
        if files.isEmpty, diagnostics.isEmpty {
            diagnostics.append(Diagnostic(ReadMessage.noRuleFiles(directory: given), at: nil,
                                          suggestion: Suggestion(ReadMessage.Help.pointAtRules)))
        }
        return (files, diagnostics)
    }

    /// The rule set a single file belongs to: the nearest directory, from the
    /// file's own upwards, that directly holds a file declaring `kind: ruleset`;
    /// the file's own directory when none does. The result keeps the form the
    /// file was given in (`Rules/products/x.yaml` → `Rules`), so diagnostics
    /// name the file as the user wrote it.
    ///
    /// The search is bounded: only the `*.yaml`/`*.yml` files directly in each
    /// directory are looked at (never those below it); at most
    /// `limits.maximumFiles` files and `limits.maximumRuleSetSize` bytes in
    /// all are read for it, each file only up to `limits.maximumFileSize`
    /// bytes; and it stops at the filesystem root or at the first directory
    /// holding `.git` (a repository's root, which is still looked at). When
    /// it stops without finding the document, the file's own directory is
    /// the rule set.
    public static func directory(containing file: FilePath, limits: CompileLimits = CompileLimits()) -> FilePath {
        let fileManager = FileManager.default
        let own = parent(of: file)
        var candidate = own
        // Where the search is, as an absolute path without `.` or `..`: the candidate keeps the form given.
        var absolute = FilePath(fileManager.currentDirectoryPath).pushing(own).lexicallyNormalized()
        var filesRead = 0
        var bytesRead = 0
        while true {
            let names = (try? fileManager.contentsOfDirectory(atPath: absolute.string)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) {
                let path = absolute.appending(name).string
                guard isRegularFile(path) else { continue }
                guard filesRead < limits.maximumFiles, bytesRead < limits.maximumRuleSetSize else { return own }
                guard let handle = FileHandle(forReadingAtPath: path) else { continue }
                let data = (try? handle.read(upToCount: min(limits.maximumFileSize, limits.maximumRuleSetSize - bytesRead))) ?? nil
                try? handle.close()
                filesRead += 1
                guard let data else { continue }
                bytesRead += data.count
                if DeclarationKind.words(ofKindLinesIn: String(decoding: data, as: UTF8.self)).contains(DeclarationKind.ruleset.rawValue) {
                    return candidate
                }
            }
            // A repository's root is as far as a rule set reaches.
            if names.contains(".git") { return own }
            guard absolute.removeLastComponent() else { return own }
            candidate = parent(of: candidate)
        }
    }

    /// `directory(containing:limits:)` for a path given as text.
    public static func directory(containing file: String, limits: CompileLimits = CompileLimits()) -> String {
        directory(containing: FilePath(file), limits: limits).string
    }

    /// What reading one file gave.
    private enum ReadOutcome {
        case file(SourceFile)
        case problem(Diagnostic)
    }

    /// The bytes of the regular file at `path`, read with read(2) straight
    /// into the array (`sizeHint` its size when asked); nil when it cannot be
    /// opened or read. Reading stops one byte past `maximum`: a file that
    /// grew past it is refused by its length, without reading the rest.
    static func contents(of path: String, sizeHint: Int, maximum: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let limit = maximum.saturatingSuccessor
        // One byte more than the size asked, so the read that finds the end needs no larger array.
        var bytes = [UInt8](repeating: 0, count: min(max(sizeHint, 0).saturatingSuccessor, limit))
        var count = 0
        while count < limit {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: min(max(bytes.count, 4096), limit - count))) }
            let read = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if read < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if read == 0 { break }
            count += read
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Whether `path` is a regular file, a link to one included; asked with
    /// stat(2), which opens nothing, so a FIFO cannot block the reader.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The path a file of `directory` would be read under, or nil when the
    /// rule set does not read it: it is not below the directory, is not a
    /// `.yaml`/`.yml` file, or a name on the way starts with a dot. Both are
    /// compared as absolute paths without `.` and `..`.
    public static func ruleFilePath(_ file: FilePath, in directory: FilePath) -> String? {
        let here = FilePath(FileManager.default.currentDirectoryPath)
        var relative = here.pushing(file).lexicallyNormalized()
        guard relative.removePrefix(here.pushing(directory).lexicallyNormalized()), let name = relative.lastComponent?.string,
              name.hasSuffix(".yaml") || name.hasSuffix(".yml"),
              !relative.components.contains(where: { $0.string.hasPrefix(".") }) else { return nil }
        return shown(relative, in: directory)
    }

    /// `ruleFilePath(_:in:)` for paths given as text.
    public static func ruleFilePath(_ file: String, in directory: String) -> String? {
        ruleFilePath(FilePath(file), in: FilePath(directory))
    }

    /// The directory above `path`, in the form it was given: `a/b` → `a`, `a` → `.`, `.` → `..`, `..` → `../..`.
    static func parent(of path: FilePath) -> FilePath {
        var parent = path
        if let last = path.lastComponent, last.kind != .parentDirectory {
            parent.removeLastComponent()
            if last.kind == .currentDirectory { parent.append("..") }
        } else {
            parent.append("..")
        }
        return parent.isEmpty ? "." : parent
    }

    /// The path a rule file is shown under, in diagnostics and in the plan:
    /// the directory as given joined with the file's path below it (a
    /// `FilePath`, so with one `/` between names and none at the end), or
    /// that path alone when the directory is `.`. What the plan's digest
    /// hashes is the path below the directory (`Compiler.relative`), so how
    /// the directory was written changes no digest.
    public static func shown(_ relative: FilePath, in directory: FilePath) -> String {
        directory == "." ? relative.string : directory.pushing(relative).string
    }

    private static func collect(directory: FilePath, below prefix: FilePath, into paths: inout [FilePath], diagnostics: inout [Diagnostic], limit: Int) {
        let fileManager = FileManager.default
        let here = directory.pushing(prefix)
        guard let names = try? fileManager.contentsOfDirectory(atPath: here.string) else {
            diagnostics.append(Diagnostic(ReadMessage.cannotList(directory: here), at: nil))
            return
        }
        for name in names where !name.hasPrefix(".") {
            guard paths.count < limit else { return }
            let relative = prefix.appending(name)
            let full = here.appending(name).string
            let isLink = (try? fileManager.destinationOfSymbolicLink(atPath: full)) != nil
            var isDirectory: ObjCBool = false
            let exists = fileManager.fileExists(atPath: full, isDirectory: &isDirectory)
            if exists && isDirectory.boolValue {
                if !isLink { collect(directory: directory, below: relative, into: &paths, diagnostics: &diagnostics, limit: limit) }
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                paths.append(relative)
            }
        }
    }
}

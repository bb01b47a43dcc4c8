import Foundation
import TillvalSyntax
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds and reads the files of a rule set as the format says: every
/// lower-case `.yaml`/`.yml` below the directory, dot-names skipped,
/// directory links not followed, in byte order of the relative path.
public enum RuleSetReader {
    /// The files read, and a diagnostic for each that could not be. A file
    /// larger than `limits.maximumFileSize` is not read (E0012); once the
    /// files read reach `limits.maximumRuleSetSize`, or there are more than
    /// `limits.maximumFiles`, the rest are not read (E0013). Sizes are asked
    /// of the file system first, so memory stays bounded.
    public static func read(directory: String, limits: CompileLimits = CompileLimits()) -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            return ([], [Diagnostic(.unreadableInput, "rule directory '\(directory)' does not exist", at: nil,
                                    suggestion: Suggestion("give the path of a directory of rule files"))])
        }
        guard isDirectory.boolValue else {
            return ([], [Diagnostic(.unreadableInput, "'\(directory)' is not a directory", at: nil,
                                    suggestion: Suggestion("give the directory that holds the rule files"))])
        }
        var relativePaths: [String] = []
        var diagnostics: [Diagnostic] = []
        // One more than the limit is enough to know that it is exceeded.
        collect(directory: directory, prefix: "", into: &relativePaths, diagnostics: &diagnostics, limit: limits.maximumFiles.saturatingSuccessor)
        relativePaths.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if relativePaths.count > limits.maximumFiles {
            diagnostics.append(Diagnostic(.ruleSetTooLarge, "the rule set in '\(directory)' has more than \(limits.maximumFiles) rule files; none is read",
                                          at: nil, suggestion: Suggestion("point at the directory that holds only the rules, or raise the limit with --max-files")))
            return ([], diagnostics)
        }
        var files: [SourceFile] = []
        var total = 0
        for relative in relativePaths {
            let full = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
            let shown = display(directory: directory, relative: relative)
            let start = SourceRange(at: SourceLocation(file: shown, line: 1, column: 1))
            let size = ((try? fileManager.attributesOfItem(atPath: full))?[.size] as? NSNumber)?.intValue
            if let size, size > limits.maximumFileSize {
                diagnostics.append(Diagnostic(.fileTooLarge, "'\(shown)' is \(size) bytes; rule files are limited to \(limits.maximumFileSize) bytes, so it is not read",
                                              at: start, suggestion: Suggestion("split the file, or raise the limit with --max-file-size")))
                continue
            }
            if let size, total + size > limits.maximumRuleSetSize {
                diagnostics.append(Diagnostic(.ruleSetTooLarge, "the rule set in '\(directory)' is larger than \(limits.maximumRuleSetSize) bytes; this file and those after it are not read",
                                              at: start, suggestion: Suggestion("point at the directory that holds only the rules, or raise the limit with --max-rule-set-size")))
                break
            }
            // A FIFO, socket or device is never opened: opening a FIFO waits for a writer (issue 7).
            // A path stat(2) cannot follow (a broken link) is reported below as unreadable.
            guard !isSpecialFile(full) else {
                diagnostics.append(Diagnostic(.unreadableInput, "'\(shown)' is not a regular file, so it is not read", at: start,
                                              suggestion: Suggestion("rule files are regular files: remove the pipe, socket or device, or rename it so it does not end in .yaml")))
                continue
            }
            guard let data = fileManager.contents(atPath: full) else {
                diagnostics.append(Diagnostic(.unreadableInput, "cannot read '\(shown)'", at: SourceRange(at: SourceLocation(file: shown, line: 1, column: 1)),
                                              suggestion: Suggestion("check that the file exists and is readable (a broken link?)")))
                continue
            }
            // A file that grew since its size was asked is held to the same limit.
            guard data.count <= limits.maximumFileSize else {
                diagnostics.append(Diagnostic(.fileTooLarge, "'\(shown)' is \(data.count) bytes; rule files are limited to \(limits.maximumFileSize) bytes, so it is not read",
                                              at: start, suggestion: Suggestion("split the file, or raise the limit with --max-file-size")))
                continue
            }
            total += data.count
            files.append(SourceFile(path: shown, bytes: [UInt8](data)))
        }
        if files.isEmpty, diagnostics.isEmpty {
            diagnostics.append(Diagnostic(.noRuleFiles, "'\(directory)' holds no rule files (*.yaml or *.yml)", at: nil,
                                          suggestion: Suggestion("point at the directory that holds the rules, for example 'Rules'")))
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
    public static func directory(containing file: String, limits: CompileLimits = CompileLimits()) -> String {
        let fileManager = FileManager.default
        let own = parent(of: file)
        var candidate = own
        var absolute = URL(fileURLWithPath: own).standardizedFileURL
        var filesRead = 0
        var bytesRead = 0
        while true {
            let names = (try? fileManager.contentsOfDirectory(atPath: absolute.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) {
                let path = absolute.appendingPathComponent(name).path
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
            let up = absolute.deletingLastPathComponent().standardizedFileURL
            guard up.path != absolute.path else { return own }
            absolute = up
            candidate = parent(of: candidate)
        }
    }

    /// Whether `path` is a regular file, a link to one included; asked with
    /// stat(2), which opens nothing, so a FIFO cannot block the reader.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Whether `path` exists (through links) and is something other than a
    /// regular file: a FIFO, socket, device or directory.
    static func isSpecialFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) != S_IFREG
    }

    /// The path a file of `directory` would be read under, or nil when the
    /// rule set does not read it: it is not below the directory, is not a
    /// `.yaml`/`.yml` file, or a name on the way starts with a dot.
    public static func ruleFilePath(_ file: String, in directory: String) -> String? {
        let base = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents
        let parts = URL(fileURLWithPath: file).standardizedFileURL.pathComponents
        guard parts.count > base.count, Array(parts.prefix(base.count)) == base else { return nil }
        let relative = Array(parts.dropFirst(base.count))
        guard let name = relative.last, name.hasSuffix(".yaml") || name.hasSuffix(".yml"),
              !relative.contains(where: { $0.hasPrefix(".") }) else { return nil }
        return display(directory: directory, relative: relative.joined(separator: "/"))
    }

    /// The directory above `path`, in the form it was given: `a/b` → `a`, `a` → `.`, `.` → `..`, `..` → `../..`.
    private static func parent(of path: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let rooted = path.hasPrefix("/")
        if let last = parts.last, last != "..", last != "." {
            parts.removeLast()
        } else if parts.last == "." {
            parts.removeLast()
            parts.append("..")
        } else {
            parts.append("..")
        }
        if parts.isEmpty { return rooted ? "/" : "." }
        return (rooted ? "/" : "") + parts.joined(separator: "/")
    }

    /// The path shown in diagnostics: the directory as given, joined with the relative path.
    static func display(directory: String, relative: String) -> String {
        if directory == "." || directory == "./" { return relative }
        return directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }

    private static func collect(directory: String, prefix: String, into paths: inout [String], diagnostics: inout [Diagnostic], limit: Int) {
        let fileManager = FileManager.default
        let here = prefix.isEmpty ? directory : directory + "/" + prefix
        guard let names = try? fileManager.contentsOfDirectory(atPath: here) else {
            diagnostics.append(Diagnostic(.unreadableInput, "cannot list directory '\(here)'", at: nil))
            return
        }
        for name in names where !name.hasPrefix(".") {
            guard paths.count < limit else { return }
            let relative = prefix.isEmpty ? name : prefix + "/" + name
            let full = here + "/" + name
            let isLink = (try? fileManager.destinationOfSymbolicLink(atPath: full)) != nil
            var isDirectory: ObjCBool = false
            let exists = fileManager.fileExists(atPath: full, isDirectory: &isDirectory)
            if exists && isDirectory.boolValue {
                if !isLink { collect(directory: directory, prefix: relative, into: &paths, diagnostics: &diagnostics, limit: limit) }
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                paths.append(relative)
            }
        }
    }
}

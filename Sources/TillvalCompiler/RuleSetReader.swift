import Foundation
import TillvalSyntax

/// Finds and reads the files of a rule set as the format says: every
/// lower-case `.yaml`/`.yml` below the directory, dot-names skipped,
/// directory links not followed, in byte order of the relative path.
public enum RuleSetReader {
    /// The files read, and a diagnostic for each that could not be.
    public static func read(directory: String) -> (files: [SourceFile], diagnostics: [Diagnostic]) {
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
        collect(directory: directory, prefix: "", into: &relativePaths, diagnostics: &diagnostics)
        relativePaths.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var files: [SourceFile] = []
        for relative in relativePaths {
            let full = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
            let shown = display(directory: directory, relative: relative)
            guard let data = fileManager.contents(atPath: full) else {
                diagnostics.append(Diagnostic(.unreadableInput, "cannot read '\(shown)'", at: SourceRange(at: SourceLocation(file: shown, line: 1, column: 1)),
                                              suggestion: Suggestion("check that the file exists and is readable (a broken link?)")))
                continue
            }
            files.append(SourceFile(path: shown, bytes: [UInt8](data)))
        }
        if files.isEmpty, diagnostics.isEmpty {
            diagnostics.append(Diagnostic(.noRuleFiles, "'\(directory)' holds no rule files (*.yaml or *.yml)", at: nil,
                                          suggestion: Suggestion("point at the directory that holds the rules, for example 'Rules'")))
        }
        return (files, diagnostics)
    }

    /// The path shown in diagnostics: the directory as given, joined with the relative path.
    static func display(directory: String, relative: String) -> String {
        if directory == "." || directory == "./" { return relative }
        return directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }

    private static func collect(directory: String, prefix: String, into paths: inout [String], diagnostics: inout [Diagnostic]) {
        let fileManager = FileManager.default
        let here = prefix.isEmpty ? directory : directory + "/" + prefix
        guard let names = try? fileManager.contentsOfDirectory(atPath: here) else {
            diagnostics.append(Diagnostic(.unreadableInput, "cannot list directory '\(here)'", at: nil))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let relative = prefix.isEmpty ? name : prefix + "/" + name
            let full = here + "/" + name
            let isLink = (try? fileManager.destinationOfSymbolicLink(atPath: full)) != nil
            var isDirectory: ObjCBool = false
            let exists = fileManager.fileExists(atPath: full, isDirectory: &isDirectory)
            if exists && isDirectory.boolValue {
                if !isLink { collect(directory: directory, prefix: relative, into: &paths, diagnostics: &diagnostics) }
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                paths.append(relative)
            }
        }
    }
}

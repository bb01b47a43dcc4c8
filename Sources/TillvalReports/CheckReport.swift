import Foundation
import TillvalSyntax

/// The result of one `tillval check` run, as data: the diagnostics shown,
/// those the caps left out (counted), and whether warnings fail the run
/// (`--strict`). The renderers turn it into JSON (`json()`), SARIF
/// (`sarif(version:)`) or GitHub workflow commands (`githubCommands()`);
/// the text form is `TextDiagnosticRenderer`'s.
public struct CheckReport: Sendable {
    public var diagnostics: [Diagnostic]
    public var omitted: OmittedDiagnostics
    public var strict: Bool

    public init(diagnostics: [Diagnostic], omitted: OmittedDiagnostics = OmittedDiagnostics(), strict: Bool = false) {
        self.diagnostics = diagnostics
        self.omitted = omitted
        self.strict = strict
    }

    /// Errors, those the caps left out included.
    public var errors: Int { diagnostics.filter { $0.severity == .error }.count + omitted.errors }
    /// Warnings, those the caps left out included.
    public var warnings: Int { diagnostics.filter { $0.severity == .warning }.count + omitted.warnings }
    /// Whether the run passes: no error, and under `--strict` no warning either.
    public var passed: Bool { errors == 0 && !(strict && warnings > 0) }

    /// The report with every path (of a diagnostic, its notes and its
    /// fix-it's edits, and of the files the caps left out) made relative to
    /// `directory` when the file lies under it (`ReportPath.relative`).
    public func relative(to directory: String) -> CheckReport {
        func place(_ location: SourceLocation) -> SourceLocation {
            var location = location
            location.file = ReportPath.relative(location.file, to: directory)
            return location
        }
        func span(_ range: SourceRange) -> SourceRange { SourceRange(start: place(range.start), end: place(range.end)) }
        var report = self
        report.diagnostics = diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            diagnostic.range = diagnostic.range.map(span)
            diagnostic.notes = diagnostic.notes.map { DiagnosticNote($0.message, at: $0.range.map(span)) }
            if var suggestion = diagnostic.suggestion {
                suggestion.edits = suggestion.edits.map { SourceEdit(range: span($0.range), replacement: $0.replacement) }
                diagnostic.suggestion = suggestion
            }
            return diagnostic
        }
        report.omitted.byFile = [:]
        for (file, count) in omitted.byFile {
            report.omitted.byFile[file.map { ReportPath.relative($0, to: directory) }, default: 0] += count
        }
        return report
    }

    /// The "and N more" lines of the diagnostics the caps left out, one a
    /// line, files in byte order; empty when none was left out.
    var omittedLines: [String] {
        var lines: [String] = []
        for (file, count) in omitted.byFile.sorted(by: { ($0.key ?? "").utf8.lexicographicallyPrecedes(($1.key ?? "").utf8) }) where count > 0 {
            let place = file.map { "in \($0)" } ?? "without a place"
            lines.append("and \(count) more diagnostic\(count == 1 ? "" : "s") \(place) (at most \(omitted.perFile) are shown per file; see --max-diagnostics-per-file)")
        }
        if omitted.inRun > 0 {
            lines.append("and \(omitted.inRun) more diagnostic\(omitted.inRun == 1 ? "" : "s") in this run (at most \(omitted.perRun) are shown; see --max-diagnostics)")
        }
        return lines
    }
}

/// Paths in reports: relative to the current directory when the file lies
/// under it, so the same command gives the same bytes on any machine.
public enum ReportPath {
    /// `path` relative to `directory` (an absolute path, normally the current
    /// directory) when it lies under it: a relative `path` is first taken
    /// relative to `directory`, and both are normalized without looking at
    /// the file system (`.` and empty components dropped, `..` taking off the
    /// component before it), so `./Rules/a.yaml` and `/work/x/Rules/a.yaml`
    /// run in `/work/x` both give `Rules/a.yaml`. A path outside `directory`
    /// (`../shared/a.yaml`, `/etc/a.yaml`) is returned as given. Symbolic
    /// links are not resolved: a path is what the user named.
    public static func relative(_ path: String, to directory: String) -> String {
        guard !path.isEmpty, directory.hasPrefix("/") else { return path }
        let absolute = normalized(path.hasPrefix("/") ? path : directory + "/" + path)
        let base = normalized(directory)
        guard let absolute, let base else { return path }
        if base.isEmpty { return absolute.isEmpty ? path : absolute.joined(separator: "/") }
        guard absolute.count > base.count, Array(absolute.prefix(base.count)) == base else { return path }
        return absolute.dropFirst(base.count).joined(separator: "/")
    }

    /// A directory's path as `relative` gives it, except that the current
    /// directory itself (`$PWD`, `.`, `./`) is `.` rather than as given.
    public static func relative(directory path: String, to directory: String) -> String {
        guard !path.isEmpty, directory.hasPrefix("/"),
              let absolute = normalized(path.hasPrefix("/") ? path : directory + "/" + path),
              let base = normalized(directory), absolute == base else { return relative(path, to: directory) }
        return "."
    }

    /// The components of an absolute path with `.`, `..` and empty ones
    /// resolved; nil when `..` climbs above the root.
    private static func normalized(_ path: String) -> [Substring]? {
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(component)
            }
        }
        return components
    }
}

import Foundation
import TillvalSyntax

/// `tillval check --format json`: the stable report of a check, described by
/// Schemas/check.schema.json. Fields are only ever added within a format
/// version; a change of meaning bumps `format`.
struct CheckJSON: Encodable, Sendable {
    static let currentFormat = 1

    var format = CheckJSON.currentFormat
    /// Whether the run passes (exit 0): no error, and under `--strict` no warning.
    var valid: Bool
    var strict: Bool
    /// Counts of the whole run, those the caps left out included.
    var errors: Int
    var warnings: Int
    var diagnostics: [DiagnosticEntry]
    /// What the caps left out: counted, not shown.
    var omitted: Omitted

    struct Omitted: Encodable, Sendable {
        var errors: Int
        var warnings: Int
        /// The "and N more diagnostics …" sentences the text form prints.
        var notes: [String]
    }

    init(_ report: CheckReport) {
        valid = report.passed
        strict = report.strict
        errors = report.errors
        warnings = report.warnings
        diagnostics = report.diagnostics.map(DiagnosticEntry.init)
        omitted = Omitted(errors: report.omitted.errors, warnings: report.omitted.warnings, notes: report.omittedLines)
    }
}

extension CheckReport {
    /// The report as stable JSON (Schemas/check.schema.json): sorted keys,
    /// two-space indentation, a closing line break.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(CheckJSON(self))) ?? Data()
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

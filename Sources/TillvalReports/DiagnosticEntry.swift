import TillvalSyntax

/// A diagnostic as JSON data, one shape for every JSON report that carries
/// diagnostics: the `plan`/`apply` report (Schemas/request-plan.schema.json)
/// and the `check` report (Schemas/check.schema.json). Fields are only ever
/// added within a format version.
struct DiagnosticEntry: Encodable, Sendable {
    var code: DiagnosticCode
    var severity: Severity
    var message: String
    /// Where the problem starts; left out for problems without a place.
    var location: SourceLocation?
    /// Where it ends (excluded: where underlining stops); left out with `location`.
    var end: SourceLocation?
    var notes: [Note]
    var help: String?
    /// The fix-it of the help, as edits; left out when there is none.
    var edits: [Edit]?

    struct Note: Encodable, Sendable {
        var message: String
        var location: SourceLocation?
        var end: SourceLocation?
    }

    /// The text from `start` up to (not including) `end` becomes `replacement`.
    struct Edit: Encodable, Sendable {
        var start: SourceLocation
        var end: SourceLocation
        var replacement: String
    }

    init(_ diagnostic: Diagnostic) {
        code = diagnostic.code
        severity = diagnostic.severity
        message = diagnostic.message
        location = diagnostic.range?.start
        end = diagnostic.range?.end
        notes = diagnostic.notes.map { Note(message: $0.message, location: $0.range?.start, end: $0.range?.end) }
        help = diagnostic.suggestion?.message
        let edits = diagnostic.suggestion?.edits ?? []
        self.edits = edits.isEmpty ? nil : edits.map { Edit(start: $0.range.start, end: $0.range.end, replacement: $0.replacement) }
    }
}

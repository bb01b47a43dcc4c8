/// Collects diagnostics as a stage produces them, so no stage stops at the
/// first problem and callers decide afterwards what to do with them.
/// A stage emits a case of its message type (`emit(_:at:notes:suggestion:)`
/// in DiagnosticMessage.swift); there is no way to emit a bare string.
public struct DiagnosticSink: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    /// The code and place of each diagnostic, for `hasReported`.
    private var places: Set<Place> = []

    private struct Place: Hashable, Sendable {
        var code: DiagnosticCode
        var range: SourceRange?
    }

    /// Errors found but not made into diagnostics, past a cap a stage applies
    /// itself (the coverage proof's overlaps): counted as omitted.
    public private(set) var unlistedErrors = 0

    public init() {}

    public mutating func countUnlisted(errors: Int) {
        unlistedErrors = unlistedErrors.addingReportingOverflow(errors).overflow ? Int.max : unlistedErrors + errors
    }

    public mutating func emit(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        places.insert(Place(code: diagnostic.code, range: diagnostic.range))
    }

    public mutating func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
        places.formUnion(other.map { Place(code: $0.code, range: $0.range) })
    }

    /// Takes everything `other` collected after what this one holds: its
    /// diagnostics in order and its unlisted errors (the work of a stage
    /// split into slices run in parallel, each with a sink of its own).
    public mutating func append(_ other: DiagnosticSink) {
        append(contentsOf: other.diagnostics)
        countUnlisted(errors: other.unlistedErrors)
    }

    /// Whether a diagnostic with `code` was already reported at exactly `range`,
    /// so a later stage can keep one mistake to one error.
    public func hasReported(_ code: DiagnosticCode, at range: SourceRange) -> Bool {
        places.contains(Place(code: code, range: range))
    }

    public var hasErrors: Bool { unlistedErrors > 0 || diagnostics.contains(where: \.isError) }
    public var errorCount: Int { diagnostics.filter(\.isError).count }
}

/// Collects diagnostics as a stage produces them, so no stage stops at the
/// first problem and callers decide afterwards what to do with them.
public struct DiagnosticSink: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func emit(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public mutating func emit(
        _ code: DiagnosticCode,
        _ message: String,
        at range: SourceRange?,
        notes: [DiagnosticNote] = [],
        suggestion: Suggestion? = nil
    ) {
        emit(Diagnostic(code, message, at: range, notes: notes, suggestion: suggestion))
    }

    public mutating func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    public var hasErrors: Bool { diagnostics.contains(where: \.isError) }
    public var errorCount: Int { diagnostics.filter(\.isError).count }
}

/// One problem found in the input, as data: renderers turn it into text,
/// JSON or SARIF at the edge, so the compiler never formats or prints.
public struct Diagnostic: Hashable, Sendable, Codable {
    /// The stable identity of the problem; tests and tools match on it, not on prose.
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    /// Where the problem is; nil only for problems without a place (an empty rule set).
    public var range: SourceRange?
    /// Further places that explain the problem ("first declared here").
    public var notes: [DiagnosticNote]
    /// A suggested correction, such as a did-you-mean.
    public var suggestion: Suggestion?

    public init(
        _ code: DiagnosticCode,
        _ message: String,
        at range: SourceRange?,
        severity: Severity? = nil,
        notes: [DiagnosticNote] = [],
        suggestion: Suggestion? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.severity
        self.message = message
        self.range = range
        self.notes = notes
        self.suggestion = suggestion
    }

    public var isError: Bool { severity == .error }

    /// Diagnostics in reading order, so output is stable: reading and YAML
    /// problems (E00xx) first, since a file that cannot be read explains much
    /// of what follows; then by file, line, column, and code.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let a = lhs.element, b = rhs.element
            if a.code.isLoadProblem != b.code.isLoadProblem { return a.code.isLoadProblem }
            let aKey = (a.range?.start.file ?? "", a.range?.start.line ?? 0, a.range?.start.column ?? 0)
            let bKey = (b.range?.start.file ?? "", b.range?.start.line ?? 0, b.range?.start.column ?? 0)
            if aKey.0 != bKey.0 { return aKey.0.utf8.lexicographicallyPrecedes(bKey.0.utf8) }
            if (aKey.1, aKey.2) != (bKey.1, bKey.2) { return (aKey.1, aKey.2) < (bKey.1, bKey.2) }
            if a.code != b.code { return a.code.rawValue < b.code.rawValue }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}

/// A secondary place that helps explain a diagnostic.
public struct DiagnosticNote: Hashable, Sendable, Codable {
    public var message: String
    public var range: SourceRange?

    public init(_ message: String, at range: SourceRange?) {
        self.message = message
        self.range = range
    }
}

/// A proposed fix: always a sentence, and, when the fix is mechanical, a
/// fix-it: the edits that make it, which the text renderer shows
/// ("fix: replace 'efects' with 'effects'"), JSON reports carry and
/// `tillval check --fix` applies.
public struct Suggestion: Hashable, Sendable, Codable {
    public var message: String
    /// The fix-it: edits to the source, none when the fix needs a person.
    public var edits: [SourceEdit]

    public init(_ message: String, edits: [SourceEdit] = []) {
        self.message = message
        self.edits = edits
    }

    /// A suggestion whose fix-it replaces `range` by `replacement`; a
    /// suggestion without a fix-it when there is no range.
    public init(_ message: String, replacing range: SourceRange?, with replacement: String) {
        self.init(message, edits: range.map { [SourceEdit(range: $0, replacement: replacement)] } ?? [])
    }

    /// Whether `tillval check --fix` can apply it.
    public var isFixIt: Bool { !edits.isEmpty }

    /// The usual "did you mean 'x'?" for a misspelt name, without a fix-it.
    public static func didYouMean(_ candidate: String) -> Suggestion {
        Suggestion("did you mean '\(candidate)'?")
    }

    /// "did you mean 'x'?" with the fix-it that writes `x` over `range`,
    /// the misspelt name as written.
    /// Without a fix-it when `range` spans lines.
    public static func didYouMean(_ candidate: String, replacing range: SourceRange) -> Suggestion {
        Suggestion("did you mean '\(candidate)'?", replacing: range.onOneLine, with: candidate)
    }
}

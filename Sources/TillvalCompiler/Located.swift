import TillvalSyntax

/// A decoded value and the source span it was read from, so every later
/// check can point back at the exact spot.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var range: SourceRange

    public init(_ value: Value, at range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// A text scalar as written, with enough of its source to locate a
/// placeholder inside it.
public struct SourceText: Sendable, Hashable {
    public var text: String
    public var range: SourceRange
    public var style: YAMLScalar.Style
    /// Where the scalar is written (`YAMLScalar.source`): positions inside the text are found from it.
    public var source: ScalarSource?

    /// The scalar as written (`YAMLScalar.raw`).
    public var raw: String? { source?.text }

    public init(text: String, range: SourceRange, style: YAMLScalar.Style, raw: String? = nil) {
        self.init(text: text, range: range, style: style, source: raw.map(ScalarSource.init(text:)))
    }

    public init(text: String, range: SourceRange, style: YAMLScalar.Style, source: ScalarSource?) {
        self.text = text
        self.range = range
        self.style = style
        self.source = source
    }

    /// The positions of this text's characters, mapped once, for locating
    /// parts of it (in Unicode scalars) on their own line and column in any
    /// scalar style; the whole scalar when the source is not known.
    public var locator: ScalarLocator {
        ScalarLocator(text: text, source: source, style: style, whole: range)
    }
}

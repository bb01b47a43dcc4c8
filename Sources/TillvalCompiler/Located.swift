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
    /// The scalar as written (`YAMLScalar.raw`): positions inside the text are found from it.
    public var raw: String?

    public init(text: String, range: SourceRange, style: YAMLScalar.Style, raw: String? = nil) {
        self.text = text
        self.range = range
        self.style = style
        self.raw = raw
    }

    /// The positions of this text's characters, mapped once, for locating
    /// parts of it (in Unicode scalars) on their own line and column in any
    /// scalar style; the whole scalar when the source is not known.
    public var locator: ScalarLocator {
        ScalarLocator(text: text, raw: raw, style: style, whole: range)
    }
}

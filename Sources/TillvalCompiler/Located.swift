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

/// A text scalar as written, with enough of its style to locate a
/// placeholder inside it.
public struct SourceText: Sendable, Hashable {
    public var text: String
    public var range: SourceRange
    /// Columns can be computed inside the text only for single-line plain or quoted scalars.
    public var style: YAMLScalar.Style

    public init(text: String, range: SourceRange, style: YAMLScalar.Style) {
        self.text = text
        self.range = range
        self.style = style
    }

    /// The range of `text[offset..<offset+length]` (in Unicode scalars) when it can be known,
    /// else the whole scalar.
    public func range(ofScalars offset: Int, length: Int) -> SourceRange {
        guard range.start.line == range.end.line else { return range }
        let shift: Int
        switch style {
        case .plain: shift = 0
        case .singleQuoted, .doubleQuoted:
            guard !text.contains("'"), !text.contains("\\"), !text.contains("\"") else { return range }
            shift = 1
        case .literal, .folded: return range
        }
        var start = range.start
        start.column += shift + offset
        var end = start
        end.column += length
        return SourceRange(start: start, end: end)
    }
}

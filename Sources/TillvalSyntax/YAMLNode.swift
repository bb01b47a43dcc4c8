/// A YAML node that remembers where it came from. Only the three shapes the
/// rule format allows exist: anchors, aliases, tags and complex keys are
/// rejected while loading, so later stages never meet them.
public struct YAMLNode: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case scalar(YAMLScalar)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public var content: Content
    /// From the node's first character to just after its last.
    public var range: SourceRange

    public init(_ content: Content, range: SourceRange) {
        self.content = content
        self.range = range
    }

    public var start: SourceLocation { range.start }

    /// The scalar, when this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// A plain `null`, `~` or empty plain scalar: the format reads these as "absent".
    public var isNull: Bool {
        guard case .scalar(let scalar) = content, scalar.style == .plain, scalar.text.utf8.count <= 4 else { return false }
        switch scalar.text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// What a user would call this node's shape, for "expected X, found Y".
    public var shapeName: String {
        switch content {
        case .scalar(let scalar):
            if isNull { return "null" }
            return scalar.style == .plain ? "'\(scalar.text.excerpt)'" : "text"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

/// A scalar's text, uninterpreted: every key decides its own type, so `2026`
/// stays the text "2026" until something asks for a number.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: String, Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String
    public var style: Style
    /// Where the scalar is written in its file's bytes; nil when it was not
    /// read from a file.
    public var source: ScalarSource?

    /// The scalar as written, from its first character (a quote, `|`, `>`)
    /// to its end, so that positions inside the value can be found
    /// (`ScalarPositions`); nil when the scalar was not read from a file.
    /// Made from `source` when asked for: the loader keeps no second copy
    /// of each scalar's text.
    public var raw: String? {
        get { source?.text }
        set { source = newValue.map(ScalarSource.init(text:)) }
    }

    public init(_ text: String, style: Style, raw: String? = nil) {
        self.text = text
        self.style = style
        self.source = raw.map(ScalarSource.init(text:))
    }

    public init(_ text: String, style: Style, source: ScalarSource?) {
        self.text = text
        self.style = style
        self.source = source
    }

    /// The range of the value's Unicode scalars `offset ..< offset + length`
    /// in the file, for a scalar whose whole range is `whole`; `whole` when
    /// it cannot be known.
    public func range(ofScalars offset: Int, length: Int, whole: SourceRange) -> SourceRange {
        ScalarLocator(text: text, source: source, style: style, whole: whole).range(ofScalars: offset, length: length)
    }
}

/// A scalar's text as written: a run of its file's bytes, shared with the
/// file rather than copied, and decoded only when asked for. Two sources are
/// equal when their texts are.
public struct ScalarSource: Sendable, Hashable {
    private let bytes: [UInt8]
    private let start: Int
    private let end: Int

    /// `bytes[range]`, which must be whole UTF-8 characters.
    public init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.start = range.lowerBound
        self.end = range.upperBound
    }

    public init(text: String) {
        self.init(bytes: Array(text.utf8), range: 0 ..< text.utf8.count)
    }

    /// The text as written.
    public var text: String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start ..< end]), as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 bytes of the text, without copying them.
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start ..< end])) }
    }

    public static func == (lhs: ScalarSource, rhs: ScalarSource) -> Bool { lhs.text == rhs.text }

    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// One entry of a mapping; keys are always scalars.
public struct YAMLPair: Sendable, Hashable {
    public var key: String
    public var keyRange: SourceRange
    public var value: YAMLNode

    public init(key: String, keyRange: SourceRange, value: YAMLNode) {
        self.key = key
        self.keyRange = keyRange
        self.value = value
    }
}

/// One `---`-separated document of a file; an empty document has no root.
public struct YAMLDocument: Sendable, Hashable {
    public var root: YAMLNode?
    public var start: SourceLocation

    public init(root: YAMLNode?, start: SourceLocation) {
        self.root = root
        self.start = start
    }
}

import TillvalSyntax

/// One line of JSON Lines read into the same nodes `YAMLLoader` makes of
/// it, without libyaml, when the line is plain JSON: objects with quoted
/// keys, lists, strings without escapes, numbers, `true`, `false` and
/// `null`, spaces between them, nothing past the document. Anything else —
/// an escape, a tab, a control or non-printable character, bad UTF-8, a byte
/// order mark, a duplicate key, a trailing comma, deep nesting, a scalar
/// limit to apply — makes `load` return nil, and the line goes through the
/// loader as before (so every diagnostic still comes from one place).
///
/// Loading a request through libyaml's events was about a fifth of a batch's
/// instructions (issue 11); this reads a plain line in a few passes over its
/// bytes. `PlainJSONLineTests` checks that it makes exactly what the loader
/// makes (nodes, ranges, styles, texts as written) for every shape it
/// accepts, and that it declines the rest.
struct PlainJSONLine {
    private let bytes: [UInt8]
    /// Interned once per line, not once per node.
    private let path: SourcePath
    private let line: Int
    private let maximumDepth: Int
    private var index = 0
    /// The column of `bytes[index]`, in Unicode scalars, 1-based (libyaml's count).
    private var column = 1
    private var depth = 0

    /// The documents `loader` would make of `bytes` (one line of `path`, line `line`), or nil when it is not plain JSON.
    static func load(_ bytes: [UInt8], path: String, line: Int, loader: YAMLLoader) -> [YAMLDocument]? {
        guard loader.maximumScalarLength == nil else { return nil }
        var reader = PlainJSONLine(bytes: bytes, path: path, line: line, maximumDepth: min(loader.maximumDepth, 32))
        return reader.document()
    }

    /// The most bytes from a key's opening quote to its `:` read here (libyaml's limit is 1 024 characters).
    static let longestKey = 1_000

    private init(bytes: [UInt8], path: String, line: Int, maximumDepth: Int) {
        self.bytes = bytes
        self.path = SourcePath(path)
        self.line = line
        self.maximumDepth = maximumDepth
    }

    private mutating func document() -> [YAMLDocument]? {
        skipSpaces()
        guard peek == UInt8(ascii: "{"), let root = value() else { return nil }
        skipSpaces()
        guard index == bytes.count else { return nil }
        return [YAMLDocument(root: root, start: root.range.start)]
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private var location: SourceLocation { SourceLocation(path: path, line: line, column: column) }

    private mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") {
            index += 1
            column += 1
        }
    }

    /// Steps over one ASCII byte.
    private mutating func advance() {
        index += 1
        column += 1
    }

    private mutating func value() -> YAMLNode? {
        switch peek {
        case UInt8(ascii: "{"): return mapping()
        case UInt8(ascii: "["): return sequence()
        case UInt8(ascii: "\""): return string()
        case nil: return nil
        default: return plain()
        }
    }

    private mutating func mapping() -> YAMLNode? {
        let start = location
        depth += 1
        guard depth <= maximumDepth else { return nil }
        advance()
        skipSpaces()
        var pairs: [YAMLPair] = []
        if peek == UInt8(ascii: "}") {
            advance()
        } else {
            // A request's mappings hold a few keys: room for them at once rather than growing twice.
            pairs.reserveCapacity(8)
            while true {
                let keyStart = index
                guard peek == UInt8(ascii: "\""), let key = string(), let text = key.scalar?.text else { return nil }
                // A duplicate key is the loader's to report.
                if pairs.contains(where: { $0.key == text }) { return nil }
                skipSpaces()
                guard peek == UInt8(ascii: ":") else { return nil }
                // libyaml gives up on a key whose `:` comes more than 1 024 characters after its start
                // (E0004): such a key is the loader's to refuse. In bytes, so never more characters than that.
                guard index - keyStart <= Self.longestKey else { return nil }
                advance()
                skipSpaces()
                guard let value = value() else { return nil }
                pairs.append(YAMLPair(key: text, keyRange: key.range, value: value))
                skipSpaces()
                if peek == UInt8(ascii: ",") {
                    advance()
                    skipSpaces()
                    continue
                }
                guard peek == UInt8(ascii: "}") else { return nil }
                advance()
                break
            }
        }
        depth -= 1
        return YAMLNode(.mapping(pairs), range: SourceRange(start: start, end: location))
    }

    private mutating func sequence() -> YAMLNode? {
        let start = location
        depth += 1
        guard depth <= maximumDepth else { return nil }
        advance()
        skipSpaces()
        var items: [YAMLNode] = []
        if peek == UInt8(ascii: "]") {
            advance()
        } else {
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                skipSpaces()
                if peek == UInt8(ascii: ",") {
                    advance()
                    skipSpaces()
                    continue
                }
                guard peek == UInt8(ascii: "]") else { return nil }
                advance()
                break
            }
        }
        depth -= 1
        return YAMLNode(.sequence(items), range: SourceRange(start: start, end: location))
    }

    /// A double-quoted string without escapes, of printable characters (YAML's: no C0 or C1
    /// control, no DEL, no surrogate, no U+FFFE, U+FFFF or byte order mark), in well-formed UTF-8.
    private mutating func string() -> YAMLNode? {
        let start = location
        let first = index
        advance()
        let contentStart = index
        while true {
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x80 {
                guard byte >= 0x20, byte != 0x7F, byte != UInt8(ascii: "\\") else { return nil }
                advance()
                continue
            }
            guard let scalar = scalar(at: index) else { return nil }
            index += scalar.length
            column += 1
        }
        let contentEnd = index
        advance()
        let text = bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[contentStart..<contentEnd]), as: UTF8.self)
        }
        return YAMLNode(.scalar(YAMLScalar(text, style: .doubleQuoted, source: ScalarSource(bytes: bytes, range: first..<index))),
                        range: SourceRange(start: start, end: location))
    }

    /// The printable, well-formed multi-byte character at `offset`: its length in bytes; nil otherwise.
    private func scalar(at offset: Int) -> (value: UInt32, length: Int)? {
        let lead = bytes[offset]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard offset + length <= bytes.count else { return nil }
        for next in bytes[(offset + 1)..<(offset + length)] {
            guard next & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3F)
        }
        let smallest: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= smallest, value <= 0x10FFFF else { return nil }
        // U+2028 and U+2029 are line breaks to YAML (they move the line count and fold a text): the loader's.
        let printable = ((0xA0...0xD7FF).contains(value) && value != 0x2028 && value != 0x2029)
            || ((0xE000...0xFFFD).contains(value) && value != 0xFEFF) || value >= 0x10000
        return printable ? (value, length) : nil
    }

    /// `true`, `false`, `null` or a JSON number, as the loader reads them: plain scalars.
    private mutating func plain() -> YAMLNode? {
        let start = location
        let first = index
        while let byte = peek, byte != UInt8(ascii: ","), byte != UInt8(ascii: "}"), byte != UInt8(ascii: "]"), byte != UInt8(ascii: " ") {
            advance()
        }
        let word = bytes[first..<index]
        guard Self.isKeyword(word) || Self.isNumber(word) else { return nil }
        let text = String(decoding: word, as: UTF8.self)
        return YAMLNode(.scalar(YAMLScalar(text, style: .plain, source: ScalarSource(bytes: bytes, range: first..<index))),
                        range: SourceRange(start: start, end: location))
    }

    private static func isKeyword(_ word: ArraySlice<UInt8>) -> Bool {
        word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8) || word.elementsEqual("null".utf8)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private static func isNumber(_ word: ArraySlice<UInt8>) -> Bool {
        var rest = word
        func digits() -> Int {
            let count = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            rest = rest.dropFirst(count)
            return count
        }
        if rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
        let leadingZero = rest.first == UInt8(ascii: "0")
        let whole = digits()
        guard whole > 0, !(leadingZero && whole > 1) else { return false }
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            guard digits() > 0 else { return false }
        }
        if rest.first == UInt8(ascii: "e") || rest.first == UInt8(ascii: "E") {
            rest = rest.dropFirst()
            if rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return rest.isEmpty
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps the characters of a scalar's *value* back to where they were written,
/// for every scalar style: a placeholder inside a `|` or `>` block, a folded
/// plain scalar or a quoted text with escapes gets its own line and column.
///
/// Value and source differ only in whitespace (indentation, folding,
/// chomping), quotes, `''` in single quotes and escapes in double quotes. So
/// the source is "cooked" into its non-whitespace characters (quotes and the
/// block header dropped, `''` and escapes decoded), each with its position,
/// and matched in order against the value's non-whitespace characters. When
/// the two do not agree (a source text that is not what was parsed) nothing
/// is claimed and callers fall back to the whole scalar.
public enum ScalarPositions {
    /// The position of each Unicode scalar of `text`, the value of a scalar
    /// of `style` written as `raw` starting at `start`; nil entries for
    /// whitespace. Nil when the source does not match the value.
    public static func locations(of text: String, raw: String, style: YAMLScalar.Style, start: SourceLocation) -> [SourceLocation?]? {
        let source = Array(raw.unicodeScalars)
        // Line and column of every source character.
        var places: [(line: Int, column: Int)] = []
        places.reserveCapacity(source.count)
        var line = start.line, column = start.column
        for (index, character) in source.enumerated() {
            places.append((line, column))
            if character == "\n" || (character == "\r" && (index + 1 == source.count || source[index + 1] != "\n")) {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        guard let cooked = cook(source, style: style) else { return nil }
        var result = [SourceLocation?](repeating: nil, count: text.unicodeScalars.count)
        var next = 0
        for (index, character) in text.unicodeScalars.enumerated() where !isSpace(character) {
            guard next < cooked.count, cooked[next].character == character else { return nil }
            let place = places[cooked[next].index]
            result[index] = SourceLocation(path: start.path, line: place.line, column: place.column)
            next += 1
        }
        return next == cooked.count ? result : nil
    }

    /// The range of `text`'s Unicode scalars `offset ..< offset + length`:
    /// from the first one's position to just after the last one's; `whole`
    /// (the scalar's range) when that cannot be known. Each call maps the
    /// whole scalar: to locate many parts of one scalar, build a
    /// `ScalarLocator` once and ask it.
    public static func range(ofScalars offset: Int, length: Int, in text: String, raw: String?, style: YAMLScalar.Style, whole: SourceRange) -> SourceRange {
        ScalarLocator(text: text, raw: raw, style: style, whole: whole).range(ofScalars: offset, length: length)
    }

    private static func isSpace(_ character: Unicode.Scalar) -> Bool {
        character.isASCII ? isASCIISpace(UInt8(truncatingIfNeeded: character.value)) : character.properties.isWhitespace
    }

    /// Unicode's White_Space among ASCII characters: tab, line feed, line
    /// tabulation, form feed, carriage return and space.
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09 ... 0x0D).contains(byte)
    }

    /// The non-whitespace characters the source stands for, each with the
    /// index of the source character it comes from.
    private static func cook(_ source: [Unicode.Scalar], style: YAMLScalar.Style) -> [(character: Unicode.Scalar, index: Int)]? {
        var index = 0
        var end = source.count
        switch style {
        case .plain:
            break
        case .singleQuoted, .doubleQuoted:
            let quote: Unicode.Scalar = style == .singleQuoted ? "'" : "\""
            guard source.first == quote else { return nil }
            index = 1
            if end > 1, source[end - 1] == quote { end -= 1 }
        case .literal, .folded:
            // The header (`|`, `>-`, `|2 # comment`) is not content.
            while index < end, source[index] != "\n", source[index] != "\r" { index += 1 }
        }
        var cooked: [(character: Unicode.Scalar, index: Int)] = []
        while index < end {
            let character = source[index]
            if style == .singleQuoted, character == "'" {
                guard index + 1 < end, source[index + 1] == "'" else { return nil }
                cooked.append(("'", index))
                index += 2
                continue
            }
            if style == .doubleQuoted, character == "\\" {
                guard index + 1 < end else { return nil }
                let escape = source[index + 1]
                if escape == "\n" || escape == "\r" {
                    index += 2
                    continue
                }
                let digits: Int
                switch escape {
                case "x": digits = 2
                case "u": digits = 4
                case "U": digits = 8
                default: digits = 0
                }
                let decoded: Unicode.Scalar?
                if digits > 0 {
                    guard index + 2 + digits <= end else { return nil }
                    var hex = String.UnicodeScalarView()
                    hex.append(contentsOf: source[(index + 2)..<(index + 2 + digits)])
                    decoded = UInt32(String(hex), radix: 16).flatMap(Unicode.Scalar.init)
                } else {
                    decoded = simpleEscapes[escape]
                }
                guard let decoded else { return nil }
                if !isSpace(decoded) { cooked.append((decoded, index)) }
                index += 2 + digits
                continue
            }
            if !isSpace(character) { cooked.append((character, index)) }
            index += 1
        }
        return cooked
    }

    /// YAML's one-letter escapes in double quotes.
    private static let simpleEscapes: [Unicode.Scalar: Unicode.Scalar] = [
        "0": "\u{0}", "a": "\u{7}", "b": "\u{8}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{B}", "f": "\u{C}",
        "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\", "N": "\u{85}", "_": "\u{A0}",
        "L": "\u{2028}", "P": "\u{2029}",
    ]
}

/// The positions of one scalar's characters, mapped once (linear in the
/// scalar's size) and then asked for any number of parts: a text of a
/// megabyte full of placeholders is mapped once, not once per placeholder.
/// A scalar written on one line as its value reads (plain, or quoted
/// without escapes) needs no mapping: its characters are where their offset
/// puts them (libyaml counts columns in characters, as offsets are), and the
/// locator answers from the source itself.
public struct ScalarLocator: Sendable {
    private enum Mapping: Sendable {
        /// The source is not known, or does not match the value.
        case unknown
        /// The value is `source` after its first `skip` bytes, on the line
        /// where the scalar starts: `count` characters, one byte each when `ascii`.
        case direct(ScalarSource, skip: Int, count: Int, ascii: Bool)
        case mapped([SourceLocation?])
    }

    private let mapping: Mapping
    private let whole: SourceRange

    public init(text: String, raw: String?, style: YAMLScalar.Style, whole: SourceRange) {
        self.init(text: text, source: raw.map(ScalarSource.init(text:)), style: style, whole: whole)
    }

    public init(text: String, source: ScalarSource?, style: YAMLScalar.Style, whole: SourceRange) {
        self.whole = whole
        guard let source else {
            mapping = .unknown
            return
        }
        if let (skip, ascii) = Self.directSkip(text: text, source: source, style: style) {
            mapping = .direct(source, skip: skip, count: ascii ? text.utf8.count : text.unicodeScalars.count, ascii: ascii)
        } else if let locations = ScalarPositions.locations(of: text, raw: source.text, style: style, start: whole.start) {
            mapping = .mapped(locations)
        } else {
            mapping = .unknown
        }
    }

    /// How many bytes open the source before the value (a quote, or none),
    /// and whether the value is ASCII, when the value is the rest of the
    /// source but a closing quote, on one line, without escapes; nil
    /// otherwise. A character libyaml reads as a line break (NEL, U+2028,
    /// U+2029), a byte order mark or whitespace beyond ASCII inside the value
    /// is left to the mapping.
    private static func directSkip(text: String, source: ScalarSource, style: YAMLScalar.Style) -> (skip: Int, ascii: Bool)? {
        source.withUTF8 { raw -> (skip: Int, ascii: Bool)? in
            var from = 0, to = raw.count
            let quote: UInt8
            switch style {
            case .plain:
                quote = 0
            case .singleQuoted, .doubleQuoted:
                quote = style == .singleQuoted ? UInt8(ascii: "'") : UInt8(ascii: "\"")
                guard to >= 2, raw[0] == quote, raw[to - 1] == quote else { return nil }
                from = 1
                to -= 1
            case .literal, .folded:
                return nil
            }
            guard text.utf8.count == to - from else { return nil }
            // One pass: each byte is what the value has there, and none is one that
            // moves a character off its column (a line break, a quote, an escape).
            let backslash = style == .doubleQuoted ? UInt8(ascii: "\\") : 0
            var value = text
            return value.withUTF8 { value -> (skip: Int, ascii: Bool)? in
                guard let start = value.baseAddress, let written = raw.baseAddress else { return (from, true) }
                guard memcmp(start, written + from, value.count) == 0 else { return nil }
                var ascii = true
                for byte in value {
                    guard byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r"),
                          byte != quote || quote == 0, byte != backslash || backslash == 0 else { return nil }
                    if byte >= 0x80 { ascii = false }
                }
                // Whitespace beyond ASCII — among it what libyaml reads as a line break (NEL, U+2028,
                // U+2029) — and a byte order mark are left to the mapping, which gives whitespace no
                // place; here only ASCII whitespace is told apart, by its byte.
                if !ascii, text.unicodeScalars.contains(where: { !$0.isASCII && ($0.properties.isWhitespace || $0 == "\u{FEFF}") }) {
                    return nil
                }
                return (from, ascii)
            }
        }
    }

    private func location(_ offset: Int) -> SourceLocation? {
        switch mapping {
        case .unknown:
            return nil
        case .mapped(let locations):
            return locations[offset]
        case .direct(let source, let skip, _, let ascii):
            let space = source.withUTF8 { raw -> Bool in
                guard !ascii else { return ScalarPositions.isASCIISpace(raw[skip + offset]) }
                // The byte where character `offset` starts.
                var index = skip
                for _ in 0 ..< offset {
                    index += 1
                    while index < raw.count, raw[index] & 0xC0 == 0x80 { index += 1 }
                }
                return index < raw.count && ScalarPositions.isASCIISpace(raw[index])
            }
            guard !space else { return nil }
            var location = whole.start
            location.column += skip + offset
            return location
        }
    }

    private var count: Int {
        switch mapping {
        case .unknown: return 0
        case .mapped(let locations): return locations.count
        case .direct(_, _, let count, _): return count
        }
    }

    /// The range of the value's Unicode scalars `offset ..< offset + length`:
    /// from the first one's position to just after the last one's; the whole
    /// scalar when that cannot be known.
    public func range(ofScalars offset: Int, length: Int) -> SourceRange {
        let count = count
        guard offset >= 0, length > 0, offset < count, let first = location(offset) else { return whole }
        // The last located character of the part (whitespace has no place); a
        // backwards walk stops at the first one found, at `first` at the latest.
        var last = first
        var index = min(count, offset.saturatingAdd(length)) - 1
        while index > offset {
            if let found = location(index) { last = found; break }
            index -= 1
        }
        var end = last
        end.column += 1
        return SourceRange(start: first, end: end)
    }
}

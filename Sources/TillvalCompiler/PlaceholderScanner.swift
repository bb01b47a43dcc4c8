import TillvalPlan
import TillvalSyntax

/// Splits a text into literal runs and `{{path}}` placeholders. Pure; only
/// `TemplateChecker` calls it, once per text: the usage analysis and the
/// order of effects read what it found (`ScannedTexts`), and the lowering
/// reads the checked templates.
enum PlaceholderScanner {
    struct Placeholder: Equatable {
        var path: String
        /// Offset and length of the whole `{{…}}`, in Unicode scalars.
        var offset: Int
        var length: Int
    }

    enum Piece: Equatable {
        case literal(String)
        case placeholder(Placeholder)
        /// A `{{` without its `}}` on its line, a `}}` without its `{{`, or `{{}}`.
        case malformed(offset: Int, length: Int, Malformation)
    }

    /// What is wrong with a malformed placeholder.
    enum Malformation: Equatable, Sendable {
        case neverClosed
        case notClosedOnItsLine
        case notClosedBeforeNext
        case namesNothing
        /// `{x}}`: `inner` is what the single brace opens.
        case singleBrace(inner: String)
        case noOpening

        var reason: String {
            switch self {
            case .neverClosed: return "'{{' is never closed with '}}'"
            case .notClosedOnItsLine: return "'{{' is not closed with '}}' on its line"
            case .notClosedBeforeNext: return "'{{' is not closed with '}}' before the next '{{'"
            case .namesNothing: return "'{{}}' names nothing"
            case .singleBrace(let inner): return "'{\(inner)}}' opens with one '{'; a placeholder opens with '{{'"
            case .noOpening: return "'}}' has no '{{' before it"
            }
        }
    }

    /// Works on the text's UTF-8 bytes: braces and line breaks are ASCII,
    /// never part of another character, so they are found byte by byte,
    /// and offsets are counted in Unicode scalars only where a piece starts.
    /// A text without braces is one literal, found without copying it.
    static func scan(_ text: String) -> [Piece] {
        var text = text
        let pieces = text.withUTF8 { bytes -> [Piece]? in
            for byte in bytes where byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") { return scan(bytes: bytes) }
            return nil
        }
        return pieces ?? (text.isEmpty ? [] : [.literal(text)])
    }

    private static func scan(bytes: UnsafeBufferPointer<UInt8>) -> [Piece] {
        let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}"), newline = UInt8(ascii: "\n")
        let count = bytes.count
        var pieces: [Piece] = []
        pieces.reserveCapacity(4)
        // The literal run is bytes[literalStart ..< literalEnd], literalEnd being `index` until a piece cuts it.
        var literalStart = 0
        var index = 0
        func text(_ from: Int, _ to: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[from ..< to]), as: UTF8.self)
        }
        func flush(upTo end: Int) {
            if end > literalStart { pieces.append(.literal(text(literalStart, end))) }
        }
        // The offset in Unicode scalars of a byte offset: counted from the last one asked for.
        var cursor = (byte: 0, scalar: 0)
        func scalars(before byte: Int) -> Int {
            while cursor.byte < byte {
                if bytes[cursor.byte] & 0xC0 != 0x80 { cursor.scalar += 1 }
                cursor.byte += 1
            }
            while cursor.byte > byte {
                cursor.byte -= 1
                if bytes[cursor.byte] & 0xC0 != 0x80 { cursor.scalar -= 1 }
            }
            return cursor.scalar
        }
        func isPair(_ at: Int, _ brace: UInt8) -> Bool {
            at + 1 < count && bytes[at] == brace && bytes[at + 1] == brace
        }
        while index < count {
            if isPair(index, openBrace) {
                // A placeholder ends on its own line, before any other '{{'.
                var end = index + 2
                while end < count, !isPair(end, closeBrace), !isPair(end, openBrace), bytes[end] != newline { end += 1 }
                guard isPair(end, closeBrace) else {
                    flush(upTo: index)
                    let reason: Malformation = end == count ? .neverClosed
                        : bytes[end] == newline ? .notClosedOnItsLine
                        : .notClosedBeforeNext
                    pieces.append(.malformed(offset: scalars(before: index), length: 2, reason))
                    index += 2
                    literalStart = index
                    continue
                }
                // The path, without the spaces around it (`{{ task }}`): cut as bytes when
                // it is ASCII, where a space is a character of its own (it is not, before a
                // combining mark).
                var from = index + 2, to = end
                var ascii = true
                for at in from ..< to where bytes[at] >= 0x80 { ascii = false; break }
                let path: String
                if ascii {
                    while from < to, bytes[from] == UInt8(ascii: " ") { from += 1 }
                    while to > from, bytes[to - 1] == UInt8(ascii: " ") { to -= 1 }
                    path = text(from, to)
                } else {
                    path = trimmingSpaces(text(from, to))
                }
                flush(upTo: index)
                let offset = scalars(before: index)
                let length = scalars(before: end + 2) - offset
                if path.isEmpty {
                    pieces.append(.malformed(offset: offset, length: length, .namesNothing))
                } else {
                    pieces.append(.placeholder(Placeholder(path: path, offset: offset, length: length)))
                }
                index = end + 2
                literalStart = index
            } else if isPair(index, closeBrace) {
                // A '}}' outside a placeholder: `{x}}` lacks a '{', a lone `}}` its '{{'.
                var open = index - 1
                while open >= 0, bytes[open] != openBrace, bytes[open] != closeBrace, bytes[open] != newline { open -= 1 }
                if open >= 0, bytes[open] == openBrace, open < index - 1 {
                    // The literal loses what the single brace opens.
                    flush(upTo: max(literalStart, open))
                    let offset = scalars(before: open)
                    let length = scalars(before: index + 2) - offset
                    pieces.append(.malformed(offset: offset, length: length, .singleBrace(inner: text(open + 1, index))))
                } else {
                    flush(upTo: index)
                    pieces.append(.malformed(offset: scalars(before: index), length: 2, .noOpening))
                }
                index += 2
                literalStart = index
            } else {
                index += 1
            }
        }
        flush(upTo: count)
        return pieces
    }

    private static func trimmingSpaces(_ text: String) -> String {
        var trimmed = Substring(text)
        while trimmed.first == " " { trimmed.removeFirst() }
        while trimmed.last == " " { trimmed.removeLast() }
        return String(trimmed)
    }
}

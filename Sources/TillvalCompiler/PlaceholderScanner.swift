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

    static func scan(_ text: String) -> [Piece] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        func flush() {
            if !literal.isEmpty { pieces.append(.literal(String(literal))) }
            literal = String.UnicodeScalarView()
        }
        func isPair(_ at: Int, _ brace: Unicode.Scalar) -> Bool {
            at + 1 < scalars.count && scalars[at] == brace && scalars[at + 1] == brace
        }
        while index < scalars.count {
            if isPair(index, "{") {
                // A placeholder ends on its own line, before any other '{{'.
                var close = index + 2
                while close < scalars.count, !isPair(close, "}"), !isPair(close, "{"), scalars[close] != "\n" { close += 1 }
                guard isPair(close, "}") else {
                    flush()
                    let reason: Malformation = close == scalars.count ? .neverClosed
                        : scalars[close] == "\n" ? .notClosedOnItsLine
                        : .notClosedBeforeNext
                    pieces.append(.malformed(offset: index, length: 2, reason))
                    index += 2
                    continue
                }
                var inner = String.UnicodeScalarView()
                inner.append(contentsOf: scalars[(index + 2)..<close])
                let path = trimmingSpaces(String(inner))
                flush()
                if path.isEmpty {
                    pieces.append(.malformed(offset: index, length: close + 2 - index, .namesNothing))
                } else {
                    pieces.append(.placeholder(Placeholder(path: path, offset: index, length: close + 2 - index)))
                }
                index = close + 2
            } else if isPair(index, "}") {
                // A '}}' outside a placeholder: `{x}}` lacks a '{', a lone `}}` its '{{'.
                var open = index - 1
                while open >= 0, scalars[open] != "{", scalars[open] != "}", scalars[open] != "\n" { open -= 1 }
                if open >= 0, scalars[open] == "{", open < index - 1 {
                    var inner = String.UnicodeScalarView()
                    inner.append(contentsOf: scalars[(open + 1)..<index])
                    let kept = literal.count - (index - open)
                    literal = String.UnicodeScalarView(Array(literal).prefix(max(0, kept)))
                    flush()
                    pieces.append(.malformed(offset: open, length: index + 2 - open, .singleBrace(inner: String(inner))))
                } else {
                    flush()
                    pieces.append(.malformed(offset: index, length: 2, .noOpening))
                }
                index += 2
            } else {
                literal.append(scalars[index])
                index += 1
            }
        }
        flush()
        return pieces
    }

    private static func trimmingSpaces(_ text: String) -> String {
        var trimmed = Substring(text)
        while trimmed.first == " " { trimmed.removeFirst() }
        while trimmed.last == " " { trimmed.removeLast() }
        return String(trimmed)
    }
}

import TillvalPlan
import TillvalSyntax

/// Splits a text into literal runs and `{{path}}` placeholders. Pure and
/// shared: the checker, the usage analysis and the lowering all read texts
/// the same way.
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
        case malformed(offset: Int, length: Int, reason: String)
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
                    let reason = close == scalars.count ? "'{{' is never closed with '}}'"
                        : scalars[close] == "\n" ? "'{{' is not closed with '}}' on its line"
                        : "'{{' is not closed with '}}' before the next '{{'"
                    pieces.append(.malformed(offset: index, length: 2, reason: reason))
                    index += 2
                    continue
                }
                var inner = String.UnicodeScalarView()
                inner.append(contentsOf: scalars[(index + 2)..<close])
                let path = trimmingSpaces(String(inner))
                flush()
                if path.isEmpty {
                    pieces.append(.malformed(offset: index, length: close + 2 - index, reason: "'{{}}' names nothing"))
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
                    pieces.append(.malformed(offset: open, length: index + 2 - open,
                                             reason: "'{\(String(inner))}}' opens with one '{'; a placeholder opens with '{{'"))
                } else {
                    flush()
                    pieces.append(.malformed(offset: index, length: 2, reason: "'}}' has no '{{' before it"))
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

    static func placeholders(_ text: String) -> [Placeholder] {
        scan(text).compactMap { if case .placeholder(let placeholder) = $0 { return placeholder } else { return nil } }
    }
}

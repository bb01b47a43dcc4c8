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
        /// A `{{` without its `}}`, or `{{}}`.
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
        while index < scalars.count {
            if scalars[index] == "{", index + 1 < scalars.count, scalars[index + 1] == "{" {
                var close = index + 2
                while close + 1 < scalars.count, !(scalars[close] == "}" && scalars[close + 1] == "}") { close += 1 }
                guard close + 1 < scalars.count else {
                    flush()
                    pieces.append(.malformed(offset: index, length: 2, reason: "'{{' is never closed with '}}'"))
                    return pieces
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

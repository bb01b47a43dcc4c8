import Testing
@testable import TillvalCompiler

/// `PlaceholderScanner` works on UTF-8 bytes and counts Unicode scalars only
/// where a piece starts. It must split every text exactly as the scan over
/// Unicode scalars it replaced (kept here as the reference) does: the same
/// literals, placeholders and malformations, at the same offsets.
@Suite struct PlaceholderScannerTests {
    /// The scan over Unicode scalars, as it was before the byte scan.
    static func reference(_ text: String) -> [PlaceholderScanner.Piece] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [PlaceholderScanner.Piece] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        func flush() {
            if !literal.isEmpty { pieces.append(.literal(String(literal))) }
            literal = String.UnicodeScalarView()
        }
        func isPair(_ at: Int, _ brace: Unicode.Scalar) -> Bool {
            at + 1 < scalars.count && scalars[at] == brace && scalars[at + 1] == brace
        }
        func trimmed(_ text: String) -> String {
            var trimmed = Substring(text)
            while trimmed.first == " " { trimmed.removeFirst() }
            while trimmed.last == " " { trimmed.removeLast() }
            return String(trimmed)
        }
        while index < scalars.count {
            if isPair(index, "{") {
                var close = index + 2
                while close < scalars.count, !isPair(close, "}"), !isPair(close, "{"), scalars[close] != "\n" { close += 1 }
                guard isPair(close, "}") else {
                    flush()
                    let reason: PlaceholderScanner.Malformation = close == scalars.count ? .neverClosed
                        : scalars[close] == "\n" ? .notClosedOnItsLine : .notClosedBeforeNext
                    pieces.append(.malformed(offset: index, length: 2, reason))
                    index += 2
                    continue
                }
                var inner = String.UnicodeScalarView()
                inner.append(contentsOf: scalars[(index + 2)..<close])
                let path = trimmed(String(inner))
                flush()
                if path.isEmpty {
                    pieces.append(.malformed(offset: index, length: close + 2 - index, .namesNothing))
                } else {
                    pieces.append(.placeholder(.init(path: path, offset: index, length: close + 2 - index)))
                }
                index = close + 2
            } else if isPair(index, "}") {
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

    @Test(arguments: [
        "", "plain text", "Hello {{customer.name}},\nbye", "{{}}", "{{ }}", "{{ a }}", "{x}}", "å{ö}}", "}}", "a}}b",
        "{{a", "{{a\n}}", "{{a{{b}}", "{{{a}}", "x{{{{a}}", "{{a}}}}", "😀 {{å.b}} 😀 {x}} {{", "{{\n}}", "a{{\n{b}}",
        // Spaces around a path are cut as bytes in ASCII; before a combining mark a space is no character of its own.
        "{{  task  }}", "{{ \u{301}a }}", "{{a \u{301}}}", "{{ \u{301} }}", "{{ å }}", "{{\r\n}}",
    ])
    func splitsAsTheScalarScanDid(text: String) {
        #expect(PlaceholderScanner.scan(text) == Self.reference(text))
    }

    /// Many texts made of braces, line breaks, spaces and characters of one
    /// to four bytes, from a fixed seed: the two scans agree on each.
    @Test func agreesWithTheScalarScanOnGeneratedTexts() {
        let alphabet = ["{", "}", "{", "}", "\n", " ", "a", "b.c", "å", "😀", "é"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0 ..< 20_000 {
            let text = (0 ..< next() % 16).map { _ in alphabet[next() % alphabet.count] }.joined()
            #expect(PlaceholderScanner.scan(text) == Self.reference(text), "\(text.debugDescription)")
        }
    }
}

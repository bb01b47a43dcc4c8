import Testing
@testable import TillvalRuleTests

/// `body-contains` and `then-contains` search with `containsBytes(of:)`:
/// the same answers as a plain search, in linear time.
@Suite struct TextSearchTests {
    @Test func itFindsWhatAPlainSearchFinds() {
        let texts = ["", "a", "aaab", "abababc", "Byrå Syd AB har aktiverat Visma Min Lön", "ababa\nbab", "xyz"]
        let needles = ["", "a", "b", "ab", "aab", "abc", "ababc", "Min Lön", "Lön ", "å S", "\nb", "zz", "aaaa"]
        for text in texts {
            for needle in needles {
                #expect(text.containsBytes(of: needle) == (needle.isEmpty || text.utf8.elementsEqualSomewhere(needle.utf8)), "\(text) / \(needle)")
            }
        }
    }

    /// The case that made `String.contains` take seconds: a long run of one
    /// letter and a needle that almost matches everywhere.
    @Test func aRepetitiveNeedleInARepetitiveTextIsAnswered() {
        let text = String(repeating: "a", count: 200_000)
        #expect(!text.containsBytes(of: String(repeating: "a", count: 100_000) + "b"))
        #expect(text.containsBytes(of: String(repeating: "a", count: 100_000)))
        #expect((text + "b").containsBytes(of: String(repeating: "a", count: 100_000) + "b"))
    }
}

private extension String.UTF8View {
    /// The obvious quadratic search, as the reference.
    func elementsEqualSomewhere(_ needle: String.UTF8View) -> Bool {
        let haystack = Array(self), pattern = Array(needle)
        guard pattern.count <= haystack.count else { return false }
        return (0...(haystack.count - pattern.count)).contains { Array(haystack[$0..<($0 + pattern.count)]) == pattern }
    }
}

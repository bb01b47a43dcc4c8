extension String {
    /// Whether `needle`'s UTF-8 bytes occur in this text's, found in time
    /// linear in both lengths (Knuth–Morris–Pratt): `body-contains` and
    /// `then-contains` compare texts of up to a value's size limit each, and
    /// `String.contains` takes time in the product of the two lengths on
    /// repetitive text (a 40 000-character body and a 20 000-character
    /// needle took 10 s). Texts compare as written, byte for byte.
    func containsBytes(of needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return true }
        var failure = [Int](repeating: 0, count: pattern.count)
        var k = 0
        for i in 1..<max(1, pattern.count) {
            while k > 0, pattern[i] != pattern[k] { k = failure[k - 1] }
            if pattern[i] == pattern[k] { k += 1 }
            failure[i] = k
        }
        var matched = 0
        for byte in utf8 {
            while matched > 0, byte != pattern[matched] { matched = failure[matched - 1] }
            if byte == pattern[matched] { matched += 1 }
            if matched == pattern.count { return true }
        }
        return false
    }
}

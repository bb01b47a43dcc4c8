/// Did-you-mean suggestions: the closest known name within a small edit
/// distance, so a typo gets pointed at its fix and a wild guess gets nothing.
public enum Spelling {
    /// The best candidate for `word`, or nil when nothing is close enough:
    /// the smallest distance, then the first name in byte order. Linear in
    /// the candidates: those whose length is too far off are skipped before
    /// any distance is computed, and a distance stops once past the limit.
    public static func closest<S: Sequence>(to word: String, among candidates: S) -> String? where S.Element == String {
        let limit = max(1, min(3, word.count / 3))
        let target = Array(word.lowercased().unicodeScalars)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let length = candidate.unicodeScalars.count
            guard abs(length - target.count) <= limit else { continue }
            guard let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars), atMost: limit) else { continue }
            if let current = best, distance > current.distance || (distance == current.distance && !candidate.utf8.lexicographicallyPrecedes(current.name.utf8)) {
                continue
            }
            best = (candidate, distance)
        }
        return best?.name
    }

    /// Levenshtein distance with transpositions counted as one edit.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let s = Array(a.lowercased().unicodeScalars), t = Array(b.lowercased().unicodeScalars)
        return editDistance(s, t, atMost: max(s.count, t.count)) ?? max(s.count, t.count)
    }

    /// The distance when it is at most `limit`, else nil (found out as soon
    /// as a whole row of the table is past the limit).
    static func editDistance(_ s: [Unicode.Scalar], _ t: [Unicode.Scalar], atMost limit: Int) -> Int? {
        if s.isEmpty { return t.count <= limit ? t.count : nil }
        if t.isEmpty { return s.count <= limit ? s.count : nil }
        var previousPrevious = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return nil }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[t.count] <= limit ? previous[t.count] : nil
    }
}

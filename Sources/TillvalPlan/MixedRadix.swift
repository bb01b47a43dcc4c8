/// A mixed-radix counter: digit `i` runs through `0..<radices[i]`, the last
/// digit fastest. Stepping it from all zeros visits every combination of the
/// digits once, in lexicographic order. The coverage proof and the routing
/// diff never walk every combination (`CombinationSpace` splits the space
/// instead); the tests check them against such a walk.
public enum MixedRadix {
    /// Steps `counter` to the next combination. Returns false when it was the
    /// last one, and `counter` has wrapped round to all zeros.
    @discardableResult
    public static func advance(_ counter: inout [Int], radices: [Int]) -> Bool {
        var position = min(counter.count, radices.count) - 1
        while position >= 0 {
            counter[position] += 1
            if counter[position] < radices[position] { return true }
            counter[position] = 0
            position -= 1
        }
        return false
    }
}

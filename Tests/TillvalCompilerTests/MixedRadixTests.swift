import Testing
import TillvalPlan

/// The counter the brute-force references of the coverage and routing tests walk fact combinations with.
@Suite struct MixedRadixTests {
    @Test func visitsEveryCombinationOnceLastDigitFastestThenWraps() {
        let radices = [2, 1, 3]
        var counter = [0, 0, 0]
        var seen: [[Int]] = []
        for _ in 0..<6 {
            seen.append(counter)
            let more = MixedRadix.advance(&counter, radices: radices)
            #expect(more == (seen.count < 6))
        }
        #expect(seen == [[0, 0, 0], [0, 0, 1], [0, 0, 2], [1, 0, 0], [1, 0, 1], [1, 0, 2]])
        #expect(counter == [0, 0, 0])
    }

    @Test func noDigitsHaveOneCombination() {
        var counter: [Int] = []
        #expect(MixedRadix.advance(&counter, radices: []) == false)
        #expect(counter.isEmpty)
    }
}

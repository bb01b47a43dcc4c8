import Testing
import TillvalPlan
import TillvalTestSupport

/// The engine of the coverage proof and the routing diff (issue 11, point 4):
/// checked against enumerating every combination on many small random
/// spaces, and on the staircase of the issue, which enumeration cannot prove.
@Suite struct CombinationSpaceTests {
    /// A random space of 0–4 dimensions of 1–4 values (sometimes the first
    /// of 70, so that sets span two words), with 0–6 cubes, each dimension
    /// of a cube all values (often, as an untested fact) or a random subset.
    static func randomSpace(_ random: inout SeededRandom) -> (radices: [Int], cubes: [[Set<Int>]]) {
        let radices = (0..<random.below(5)).map { index in index == 0 && random.below(10) == 0 ? 70 : 1 + random.below(4) }
        let cubes = (0..<random.below(7)).map { _ in
            radices.map { radix -> Set<Int> in
                if random.below(3) == 0 { return Set(0..<radix) }
                return Set((0..<radix).filter { _ in random.below(2) == 0 })
            }
        }
        return (radices, cubes)
    }

    static func space(_ radices: [Int], _ cubes: [[Set<Int>]]) -> CombinationSpace {
        var space = CombinationSpace(radices: radices)
        for cube in cubes { space.add(cube.map { ValueSet($0) }) }
        return space
    }

    /// What the old CoverageChecker reported, enumerating in order: the first
    /// combination no cube accepts, and each pair at the first combination both accept.
    static func enumerated(_ radices: [Int], _ cubes: [[Set<Int>]]) -> [CoverageFindings.Finding] {
        var findings: [CoverageFindings.Finding] = []
        var foundGap = false
        var pairs: Set<[Int]> = []
        var counter = [Int](repeating: 0, count: radices.count)
        let total = radices.reduce(1, *)
        for _ in 0..<total {
            let matching = cubes.indices.filter { cube in counter.indices.allSatisfy { cubes[cube][$0].contains(counter[$0]) } }
            if matching.isEmpty, !foundGap {
                foundGap = true
                findings.append(.gap(counter))
            }
            for (offset, first) in matching.enumerated() {
                for second in matching.dropFirst(offset + 1) where pairs.insert([first, second]).inserted {
                    findings.append(.overlap(first, second, counter))
                }
            }
            MixedRadix.advance(&counter, radices: radices)
        }
        return findings
    }

    /// Every region, for checking the split itself.
    struct Collect: CombinationVisitor {
        var regions: [CombinationRegion] = []
        mutating func visit(_ region: CombinationRegion) { regions.append(region) }
    }

    @Test func theProofFindsWhatEnumerationFindsOnRandomSpaces() {
        var random = SeededRandom(state: 11)
        for round in 0..<3000 {
            let (radices, cubes) = Self.randomSpace(&random)
            let proof = Self.space(radices, cubes).coverage(limit: .max)
            #expect(proof?.findings == Self.enumerated(radices, cubes), "round \(round): radices \(radices), cubes \(cubes)")
        }
    }

    /// The regions partition the space, each is accepted by exactly its
    /// cubes, and they come in lexicographic order of their names.
    @Test func regionsPartitionTheSpaceAndAreAcceptedByTheirCubes() {
        var random = SeededRandom(state: 4)
        for round in 0..<1000 {
            let (radices, cubes) = Self.randomSpace(&random)
            var collect = Collect()
            #expect(Self.space(radices, cubes).split(limit: .max, visitor: &collect))
            var seen: Set<[Int]> = []
            for region in collect.regions {
                var counter = [Int](repeating: 0, count: radices.count)
                for _ in 0..<radices.reduce(1, *) {
                    if counter.indices.allSatisfy({ region.classes[$0].contains(counter[$0]) }) {
                        #expect(seen.insert(counter).inserted, "round \(round): \(counter) in two regions")
                        let accepting = cubes.indices.filter { cube in counter.indices.allSatisfy { cubes[cube][$0].contains(counter[$0]) } }
                        #expect(accepting == region.cubes, "round \(round): \(counter)")
                    }
                    MixedRadix.advance(&counter, radices: radices)
                }
            }
            #expect(seen.count == (radices.contains(0) ? 0 : radices.reduce(1, *)), "round \(round)")
            let names = collect.regions.map(\.representative)
            #expect(zip(names, names.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) }, "round \(round)")
        }
    }

    /// The staircase: scenario i tests facts 0…i−1 in [b, c, d] and
    /// fact i = a; the last, every fact in [b, c, d]. 4^24 combinations, each
    /// picked once, proven in one region per scenario.
    static func staircase(facts: Int = 24, last: Set<Int> = [1, 2, 3], first: Set<Int> = [0]) -> CombinationSpace {
        var space = CombinationSpace(radices: Array(repeating: 4, count: facts))
        for step in 0...facts {
            space.add((0..<facts).map { fact in
                if fact < step { return ValueSet(step == facts ? last : [1, 2, 3]) }
                if fact == step { return ValueSet(step == 0 ? first : [0]) }
                return ValueSet.all(4)
            })
        }
        return space
    }

    @Test func theStaircaseIsProvenInOneRegionPerScenario() {
        var collect = Collect()
        #expect(Self.staircase().split(limit: CombinationSpace.defaultRegionLimit, visitor: &collect))
        #expect(collect.regions.count == 25)
        #expect(collect.regions.allSatisfy { $0.cubes.count == 1 })
        #expect(collect.regions.reduce(0) { $0 + $1.combinations } == 1 << 48)
        #expect(Self.staircase().coverage(limit: CombinationSpace.defaultRegionLimit) == CoverageFindings())
        // The limit is on steps, not combinations: at level i (0…23) the two
        // classes each filter the 25 − i live cubes (2 · (26 − i) steps), and the
        // one cube of class `a` follows the 23 − i facts left and its region
        // (2 · (24 − i)); the last region, 2. 1298 steps pass, 1297 do not.
        #expect(Self.staircase().coverage(limit: 1298) != nil)
        #expect(Self.staircase().coverage(limit: 1297) == nil)
    }

    @Test func aBrokenStaircaseNamesOneCombination() throws {
        let gap = try #require(Self.staircase(last: [1, 2]).coverage(limit: 10_000))
        #expect(gap.findings == [.gap(Array(repeating: 1, count: 23) + [3])])
        let overlap = try #require(Self.staircase(first: [0, 1, 2, 3]).coverage(limit: 10_000))
        #expect(overlap.findings == (1...24).map { .overlap(0, $0, Array(repeating: 1, count: $0) + Array(repeating: 0, count: 24 - $0)) })
    }

    /// The worst case: n cubes, each accepting only `true` (0) of its own
    /// bool, overlap everywhere and leave all-false uncovered: 2^n regions.
    @Test func independentScenariosAreTheWorstCaseAndHitTheLimit() {
        var space = CombinationSpace(radices: Array(repeating: 2, count: 12))
        for flag in 0..<12 {
            space.add((0..<12).map { $0 == flag ? ValueSet([0]) : ValueSet.all(2) })
        }
        var collect = Collect()
        #expect(space.split(limit: .max, visitor: &collect))
        #expect(collect.regions.count == 1 << 12)
        // Counting regions alone, 2^12 were enough; each region also filters
        // and pairs up to 12 cubes, and the limit counts that work.
        #expect(space.coverage(limit: 1 << 12) == nil)
        #expect(space.coverage(limit: Self.flagSteps - 1) == nil)
        let proof = space.coverage(limit: Self.flagSteps)
        #expect(proof?.gap == Array(repeating: 1, count: 12))
        #expect(proof?.findings.count == 1 + 12 * 11 / 2)
    }

    /// The steps of the proof of 12 independent flags: pinned, so that a change
    /// to what a step is shows here.
    static let flagSteps = 161_764

    /// n flags for n in the thousands: every class followed filters about n
    /// cubes, so 100 000 steps stop the proof after some 50 classes instead
    /// of 100 000 regions of 2000 filtered cubes each.
    @Test func thousandsOfIndependentScenariosStopEarly() {
        let flags = 2000
        var space = CombinationSpace(radices: Array(repeating: 2, count: flags))
        for flag in 0..<flags {
            space.add((0..<flags).map { $0 == flag ? ValueSet([0]) : ValueSet.all(2) })
        }
        #expect(space.coverage(limit: 100_000) == nil)
        #expect(space.coverage(limit: 100_000, maximumOverlaps: 10) == nil)
    }

    /// The space keeps only what each cube restricts: 50 000 flags, each
    /// cube testing its own, are 50 000 stored sets. Stored per cube and
    /// dimension they were 2.5 billion (a 2.6 MB rule file of 5 000 such
    /// scenarios took 1.5 GB before the proof refused it).
    @Test func aSpaceStoresOnlyWhatItsCubesRestrict() {
        let flags = 50_000
        var space = CombinationSpace(radices: Array(repeating: 2, count: flags))
        for flag in 0..<flags { space.add(restricting: [(flag, ValueSet([0]))]) }
        #expect(space.storedRestrictions == flags)
        #expect(space.coverage(limit: 1_000_000) == nil)
    }

    /// A cube given sparsely is the cube given whole: unnamed dimensions
    /// accept everything, a set that accepts everything restricts nothing,
    /// and a dimension named twice keeps what both accept.
    @Test func aSparseCubeIsTheWholeCube() {
        var whole = CombinationSpace(radices: [3, 2, 4])
        whole.add([ValueSet([0, 1]), ValueSet.all(2), ValueSet([2])])
        whole.add([ValueSet.all(3), ValueSet([1]), ValueSet.all(4)])
        whole.add([ValueSet([2]), ValueSet.all(2), ValueSet([0, 1, 3])])
        var sparse = CombinationSpace(radices: [3, 2, 4])
        sparse.add(restricting: [(2, ValueSet([2, 3])), (0, ValueSet([0, 1])), (2, ValueSet([2]))])
        sparse.add(restricting: [(1, ValueSet([1])), (0, ValueSet.all(3))])
        sparse.add(restricting: [(2, ValueSet([0, 1, 3])), (0, ValueSet([2]))])
        #expect(whole.storedRestrictions == 5)
        #expect(sparse.storedRestrictions == 5)
        var a = Collect(), b = Collect()
        #expect(whole.split(limit: .max, visitor: &a))
        #expect(sparse.split(limit: .max, visitor: &b))
        #expect(a.regions.map(\.cubes) == b.regions.map(\.cubes))
        #expect(a.regions.map(\.classes) == b.regions.map(\.classes))
        #expect(whole.coverage(limit: .max) == sparse.coverage(limit: .max))
    }

    /// 2000 cubes that accept the same values overlap in 1 999 000 pairs: the
    /// first 500 are listed, in enumeration order, and the rest counted.
    @Test func overlapsPastTheCapAreCountedNotListed() throws {
        var space = CombinationSpace(radices: [2])
        for _ in 0..<2000 { space.add([ValueSet([0])]) }
        let proof = try #require(space.coverage(limit: CombinationSpace.defaultRegionLimit, maximumOverlaps: 500))
        #expect(proof.findings == (1...500).map { .overlap(0, $0, [0]) } + [.gap([1])])
        #expect(proof.omittedOverlaps == 2000 * 1999 / 2 - 500)
        let all = try #require(space.coverage(limit: .max))
        #expect(all.findings.count == 2000 * 1999 / 2 + 1)
        #expect(all.omittedOverlaps == 0)
    }

    @Test func countsSaturate() {
        let space = CombinationSpace(radices: Array(repeating: 4, count: 40))
        #expect(space.combinations == Int.max)
        #expect(CombinationSpace(radices: [4, 0]).combinations == 0)
    }
}

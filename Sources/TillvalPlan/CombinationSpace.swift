/// The space of a collaboration's fact combinations, reasoned about in
/// sets rather than one combination at a time: the compiler's coverage
/// proof and the routing diff both split it with this engine.
///
/// The space has dimensions (facts), each with a number of values (indices
/// `0..<radix`). Each scenario is a *cube*: per dimension, the set of values
/// it accepts; a combination is accepted when every one of its values is.
/// `split` cuts the space into regions, dimension by dimension: at each
/// dimension, the values accepted by exactly the same cubes still alive
/// form one class, and each class is followed on its own with the cubes
/// that accept it. A region is a product of classes, and every combination
/// in it is accepted by the same cubes (`CombinationRegion.cubes`). The
/// space is split only where cubes differ: a dimension no live cube
/// restricts is one class, and a region no cube accepts is not split at all.
///
/// Classes are visited in order of their smallest value, and a region is
/// named by the smallest value of each of its classes (`representative`),
/// so regions come in lexicographic order of their names and the first
/// region with a property holds the lexicographically first combination
/// with it.
///
/// **Cost.** Counted in *steps*: each class followed and each region
/// visited costs 1 plus the scenarios still alive there (the scenarios it
/// filters), and a visitor adds what it does with a region
/// (`CombinationVisitor.work`). A collaboration whose scenarios split the
/// facts one after the other (the usual `when` tables, a staircase of
/// `a`/`[b, c, d]`) needs about scenarios × facts regions, each filtering
/// the few scenarios left; the worst case is scenarios that cut across each
/// other independently, such as n scenarios each testing its own bool: 2ⁿ
/// regions, each filtering up to n scenarios. `split` stops past a limit on
/// steps, so its time is bounded whatever the scenarios are.
public struct CombinationSpace: Sendable {
    /// The steps one split may take by default (`--max-coverage-regions`,
    /// which counts these steps).
    public static let defaultRegionLimit = 10_000_000

    /// Per dimension, how many values it has.
    public let radices: [Int]
    /// Per dimension, the cubes that leave out some of its values, in the
    /// order they were added, with the values each accepts. Only restricting
    /// cubes are stored, so the space takes memory in proportion to the
    /// scenarios' tests, not to scenarios × dimensions.
    private var restrictors: [[Int]]
    private var restrictedSets: [[ValueSet]]
    public private(set) var cubeCount = 0

    /// How many (cube, dimension) restrictions the space holds: its memory.
    public var storedRestrictions: Int { restrictors.reduce(0) { $0 + $1.count } }

    public init(radices: [Int]) {
        self.radices = radices.map { max($0, 0) }
        restrictors = Array(repeating: [], count: radices.count)
        restrictedSets = Array(repeating: [], count: radices.count)
    }

    /// Adds a cube (one value set per dimension) and returns its index.
    @discardableResult
    public mutating func add(_ cube: [ValueSet]) -> Int {
        precondition(cube.count == radices.count, "a cube has one value set per dimension")
        return add(restricting: cube.enumerated().map { ($0.offset, $0.element) })
    }

    /// Adds a cube given by the dimensions it restricts (every other
    /// dimension accepts all its values) and returns its index. A dimension
    /// named twice keeps the values both sets accept.
    @discardableResult
    public mutating func add(restricting dimensions: [(dimension: Int, values: ValueSet)]) -> Int {
        let cube = cubeCount
        for (dimension, set) in dimensions {
            precondition(radices.indices.contains(dimension), "a restriction names a dimension of the space")
            let clipped = set.clipped(to: radices[dimension])
            if restrictors[dimension].last == cube {
                let last = restrictedSets[dimension].count - 1
                restrictedSets[dimension][last] = restrictedSets[dimension][last].intersection(clipped)
            } else if clipped.count < radices[dimension] {
                restrictors[dimension].append(cube)
                restrictedSets[dimension].append(clipped)
            }
        }
        cubeCount += 1
        return cube
    }

    /// The live cubes (ascending) that restrict `dimension`, as positions in
    /// `live` with the values each accepts, in the order of `live`. Costs
    /// the smaller of a merge of both lists and a binary search per live cube.
    fileprivate func restricting(_ dimension: Int, among live: [Int]) -> [(position: Int, values: ValueSet)] {
        let cubes = restrictors[dimension]
        guard !cubes.isEmpty, !live.isEmpty else { return [] }
        var result: [(position: Int, values: ValueSet)] = []
        if cubes.count <= live.count {
            // Each restricting cube, searched for in `live`.
            var low = 0
            for (offset, cube) in cubes.enumerated() {
                var high = live.count
                while low < high {
                    let middle = (low + high) / 2
                    if live[middle] < cube { low = middle + 1 } else { high = middle }
                }
                guard low < live.count else { break }
                if live[low] == cube { result.append((low, restrictedSets[dimension][offset])) }
            }
        } else {
            // Each live cube, searched for among the restricting ones.
            var low = 0
            for (position, cube) in live.enumerated() {
                var high = cubes.count
                while low < high {
                    let middle = (low + high) / 2
                    if cubes[middle] < cube { low = middle + 1 } else { high = middle }
                }
                guard low < cubes.count else { break }
                if cubes[low] == cube { result.append((position, restrictedSets[dimension][low])) }
            }
        }
        return result
    }

    /// The number of combinations of the whole space, saturating at `Int.max`.
    public var combinations: Int { radices.reduce(1) { $0.multipliedSaturating(by: $1) } }

    /// Splits the space into regions and hands each to `visitor`, in
    /// lexicographic order of their names. Returns false, having stopped,
    /// when the split needs more than `limit` steps (see **Cost**; the
    /// regions the visitor declines count too). A space with a dimension of no values
    /// has no combination and no region.
    public func split<Visitor: CombinationVisitor>(limit: Int, visitor: inout Visitor) -> Bool {
        guard radices.allSatisfy({ $0 > 0 }) else { return true }
        var walk = Walk(space: self, limit: limit)
        let live = Array(0..<cubeCount)
        guard visitor.wantsRegion(acceptedBy: live.count) else { return walk.count(1 + live.count) }
        return walk.descend(0, live, &visitor)
    }

    /// One split in progress: the classes chosen so far and the steps counted.
    private struct Walk {
        let space: CombinationSpace
        let limit: Int
        let all: [ValueSet]
        var classes: [ValueSet]
        var steps = 0

        init(space: CombinationSpace, limit: Int) {
            self.space = space
            self.limit = limit
            all = space.radices.map { ValueSet.all($0) }
            classes = all
        }

        mutating func count(_ steps: Int) -> Bool {
            self.steps = self.steps.addingSaturating(steps)
            return self.steps <= limit
        }

        mutating func descend<Visitor: CombinationVisitor>(_ dimension: Int, _ live: [Int], _ visitor: inout Visitor) -> Bool {
            let width = space.radices.count
            if live.isEmpty || dimension == width {
                for rest in dimension..<width { classes[rest] = all[rest] }
                guard count(1 + live.count) else { return false }
                let before = visitor.work
                visitor.visit(CombinationRegion(classes: classes, cubes: live))
                return count(visitor.work - before)
            }
            // The classes of this dimension: values accepted by the same live cubes.
            var parts = [all[dimension]]
            var previous: ValueSet?
            let restricting = space.restricting(dimension, among: live)
            for (_, set) in restricting {
                if set == previous { continue }
                previous = set
                var index = 0
                while index < parts.count {
                    let inside = parts[index].intersection(set)
                    if !inside.isEmpty, inside != parts[index] {
                        parts.append(parts[index].subtracting(set))
                        parts[index] = inside
                    }
                    index += 1
                }
                if parts.count == space.radices[dimension] { break }
            }
            if parts.count > 1 { parts.sort { ($0.first ?? 0) < ($1.first ?? 0) } }
            for part in parts {
                // Filtering the live cubes for this class.
                guard count(1 + live.count) else { return false }
                let value = part.first ?? 0
                var accepting = live
                if !restricting.isEmpty {
                    accepting = []
                    accepting.reserveCapacity(live.count)
                    var next = 0
                    for (position, cube) in live.enumerated() {
                        if next < restricting.count, restricting[next].position == position {
                            next += 1
                            guard restricting[next - 1].values.contains(value) else { continue }
                        }
                        accepting.append(cube)
                    }
                }
                guard visitor.wantsRegion(acceptedBy: accepting.count) else { continue }
                classes[dimension] = part
                guard descend(dimension + 1, accepting, &visitor) else { return false }
            }
            classes[dimension] = all[dimension]
            return true
        }
    }
}

/// Receives the regions of a `CombinationSpace.split`.
public protocol CombinationVisitor {
    /// Whether the regions of a part of the space that `cubes` cubes accept
    /// can still tell the visitor anything; false skips that part whole.
    func wantsRegion(acceptedBy cubes: Int) -> Bool
    mutating func visit(_ region: CombinationRegion)
    /// The steps the visitor has taken so far beyond 1 + the region's cubes
    /// per region, counted against the split's limit.
    var work: Int { get }
}

extension CombinationVisitor {
    public func wantsRegion(acceptedBy cubes: Int) -> Bool { true }
    public var work: Int { 0 }
}

/// A region of the space: a product of value classes, one per dimension,
/// every combination of which the same cubes accept.
public struct CombinationRegion: Sendable {
    /// Per dimension, the class of values the region takes.
    public var classes: [ValueSet]
    /// The cubes that accept every combination of the region, ascending.
    public var cubes: [Int]

    /// The region's name: the smallest value of each class, the region's
    /// lexicographically first combination.
    public var representative: [Int] { classes.map { $0.first ?? 0 } }

    /// How many combinations the region holds, saturating at `Int.max`.
    public var combinations: Int { classes.reduce(1) { $0.multipliedSaturating(by: $1.count) } }
}

/// What the coverage proof finds: the first combination no cube accepts,
/// and each pair of cubes that accept a combination together, with the
/// first such combination. Both are what enumerating every combination in
/// lexicographic order would report first.
public struct CoverageFindings: Sendable, Equatable {
    public enum Finding: Sendable, Equatable {
        /// The first combination no cube accepts.
        case gap([Int])
        /// Two cubes (first < second) that both accept a combination, and their first common one.
        case overlap(Int, Int, [Int])
    }

    /// In the order enumeration would meet them: by combination, then by pair.
    public var findings: [Finding] = []
    /// Overlapping pairs past the cap on those listed, counted: a lower
    /// bound (the most pairs one region holds, less those listed), since
    /// counting each pair once would mean remembering every one of them.
    /// Zero exactly when every overlapping pair is listed.
    public var omittedOverlaps = 0

    public init() {}

    public var gap: [Int]? {
        for case .gap(let combination) in findings { return combination }
        return nil
    }
}

extension CombinationSpace {
    /// The coverage proof: the first gap and the overlapping pairs, at most
    /// `maximumOverlaps` of them (the rest counted in `omittedOverlaps`), or
    /// nil when the proof needs more than `limit` steps. Each pair looked at
    /// in a region costs a step.
    public func coverage(limit: Int, maximumOverlaps: Int = .max) -> CoverageFindings? {
        var visitor = CoverageVisitor(cubes: cubeCount, maximumOverlaps: max(maximumOverlaps, 0))
        guard split(limit: limit, visitor: &visitor) else { return nil }
        return visitor.findings
    }
}

private struct CoverageVisitor: CombinationVisitor {
    let cubes: Int
    let maximumOverlaps: Int
    var findings = CoverageFindings()
    var foundGap = false
    /// The pairs reported, as `first * cubes + second`.
    var pairs: Set<Int> = []
    /// Whether a pair past `maximumOverlaps` was met: from then on pairs are counted, not listed.
    var full = false
    /// The most pairs one region holds, once full: the pairs are at least that many.
    var largestRegion = 0
    var work = 0

    init(cubes: Int, maximumOverlaps: Int) {
        self.cubes = cubes
        self.maximumOverlaps = maximumOverlaps
    }

    /// Once the gap is found, a part one cube at most accepts holds nothing new.
    func wantsRegion(acceptedBy cubes: Int) -> Bool { !(foundGap && cubes <= 1) }

    mutating func visit(_ region: CombinationRegion) {
        if region.cubes.isEmpty {
            guard !foundGap else { return }
            foundGap = true
            findings.findings.append(.gap(region.representative))
            return
        }
        let count = region.cubes.count
        guard count > 1 else { return }
        if full {
            // k(k-1)/2 pairs, k < 2⁶³: halve the even factor first.
            let inRegion = (count % 2 == 0 ? count / 2 : count).multipliedSaturating(by: count % 2 == 0 ? count - 1 : (count - 1) / 2)
            largestRegion = max(largestRegion, inRegion)
            findings.omittedOverlaps = max(findings.omittedOverlaps, largestRegion - maximumOverlaps, 1)
            return
        }
        var representative: [Int]?
        for (offset, first) in region.cubes.enumerated() {
            for second in region.cubes.dropFirst(offset + 1) {
                work += 1
                guard pairs.insert(first * cubes + second).inserted else { continue }
                guard pairs.count <= maximumOverlaps else {
                    full = true
                    visit(region)
                    return
                }
                if representative == nil { representative = region.representative }
                findings.findings.append(.overlap(first, second, representative ?? []))
            }
        }
    }
}

/// A set of value indices of one dimension, as a bitset.
public struct ValueSet: Hashable, Sendable {
    private var words: [UInt64]

    /// The empty set.
    public init() { words = [] }

    public init<S: Sequence>(_ indices: S) where S.Element == Int {
        words = []
        for index in indices { insert(index) }
    }

    /// Every value of a dimension of `count` values.
    public static func all(_ count: Int) -> ValueSet {
        var set = ValueSet()
        guard count > 0 else { return set }
        set.words = [UInt64](repeating: ~0, count: count / 64)
        if count % 64 != 0 { set.words.append(((1 as UInt64) << UInt64(count % 64)) - 1) }
        return set
    }

    public mutating func insert(_ index: Int) {
        guard index >= 0 else { return }
        let word = index / 64
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= (1 as UInt64) << UInt64(index % 64)
    }

    public func contains(_ index: Int) -> Bool {
        guard index >= 0, index / 64 < words.count else { return false }
        return words[index / 64] & ((1 as UInt64) << UInt64(index % 64)) != 0
    }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The smallest value in the set.
    public var first: Int? {
        for (index, word) in words.enumerated() where word != 0 { return index * 64 + word.trailingZeroBitCount }
        return nil
    }

    /// The values, ascending.
    public var indices: [Int] {
        var result: [Int] = []
        for (index, word) in words.enumerated() {
            var rest = word
            while rest != 0 {
                result.append(index * 64 + rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
        return result
    }

    public func intersection(_ other: ValueSet) -> ValueSet {
        var result = ValueSet()
        result.words = zip(words, other.words).map { $0 & $1 }
        result.trim()
        return result
    }

    public func union(_ other: ValueSet) -> ValueSet {
        var result = ValueSet()
        let (long, short) = words.count >= other.words.count ? (words, other.words) : (other.words, words)
        result.words = long
        for (index, word) in short.enumerated() { result.words[index] |= word }
        return result
    }

    public func subtracting(_ other: ValueSet) -> ValueSet {
        var result = self
        for (index, word) in other.words.enumerated() where index < result.words.count { result.words[index] &= ~word }
        result.trim()
        return result
    }

    /// The set without values from `count` on.
    func clipped(to count: Int) -> ValueSet { intersection(.all(count)) }

    /// Without trailing zero words, so that equal sets have equal words.
    private mutating func trim() {
        while words.last == 0 { words.removeLast() }
    }

    public static func == (lhs: ValueSet, rhs: ValueSet) -> Bool { lhs.words == rhs.words }
    public func hash(into hasher: inout Hasher) { hasher.combine(words) }
}

extension Int {
    /// `self * other`, or `Int.max` when that overflows (counts of combinations).
    public func multipliedSaturating(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? Int.max : product
    }

    /// `self + other`, or `Int.max` when that overflows.
    public func addingSaturating(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? Int.max : sum
    }
}

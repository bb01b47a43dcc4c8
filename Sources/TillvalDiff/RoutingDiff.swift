import TillvalPlan
import TillvalRuntime

/// Routing: the fact combinations whose scenario changes (section 1).
///
/// For each collaboration (by id, in the order of their ids), the space is
/// the one the coverage check proves: every fact a scenario's `when` tests
/// on either side, plus `product`, each with its finite domain
/// (`FactDomainValue.domain`: one-of values, `true`/`false`,
/// `empty`/`non-empty`, `present`, `absent` for an optional fact, the offered
/// products) taken over both sides, so a value only one side knows is still
/// a combination. The space is split (`CombinationSpace`) by what decides a
/// route on either side — the offered products, each value binding refuses,
/// each scenario's `when` — into regions routed alike, never one combination
/// at a time; each region is routed on each side, by its first combination,
/// as `plan` routes it (`RequestPlanner.scenarios(matching:in:)`), after the
/// checks binding makes first (the collaboration exists, the product is
/// offered, each value is one the side's facts allow). The regions that go
/// somewhere else are merged, per pair of routes, into as few `when`-like
/// conditions as merging one fact at a time finds: a fact is left out of a
/// condition when every value of it changes the same way.
///
/// Never sampled: a collaboration whose split takes more than `limit`
/// steps (`CombinationSpace`'s cost; default `defaultLimit`, the compiler's `--max-coverage-regions`)
/// is listed as not compared; one whose scenarios, offers and tested facts
/// are the same on both sides is not split at all (nothing can change).
/// Counts of combinations saturate at `Int.max`.
public struct RoutingDiff: DiffSection {
    /// The most steps splitting a collaboration's space may take: the limit of
    /// the compiler's coverage proof, over the cubes of both sides.
    public static let defaultLimit = CombinationSpace.defaultRegionLimit

    /// The collaborations whose routing changes (or could not be compared).
    public var collaborations: [CollaborationRouting]

    public init(base: Plan, head: Plan) {
        self.init(base: base, head: head, limit: Self.defaultLimit)
    }

    public init(base: Plan, head: Plan, limit: Int) {
        let ids = Set(base.collaborations.map(\.id) + head.collaborations.map(\.id)).sorted()
        collaborations = ids.compactMap { id in
            let routing = RoutingSpace(id: id, base: base, head: head).compare(limit: limit)
            return routing.changes.isEmpty && routing.skipped == nil ? nil : routing
        }
    }

    /// Combinations that change, over all collaborations (saturating at `Int.max`).
    public var changedCombinations: Int {
        collaborations.reduce(0) { $0.addingSaturating($1.changes.reduce(0) { $0.addingSaturating($1.combinations) }) }
    }

    /// Why a collaboration was not compared: `splitting its space takes more than 10000000 steps`.
    static func notCompared(_ limit: Int) -> String { "splitting its space takes more than \(limit) steps" }

    public var isEmpty: Bool { collaborations.isEmpty }

    public var textLines: [String] {
        collaborations.flatMap { routing -> [String] in
            ["collaboration \(routing.collaboration)"]
                + (routing.skipped.map { ["  not compared: \(Self.notCompared($0))"] } ?? [])
                + routing.changes.map { "  \($0.description)" }
        }
    }

    public var markdownLines: [String] {
        var lines: [String] = []
        for routing in collaborations {
            if !lines.isEmpty { lines.append("") }
            lines.append("Collaboration `\(routing.collaboration)`:")
            lines.append("")
            if let skipped = routing.skipped {
                lines.append("- not compared: \(Self.notCompared(skipped))")
                continue
            }
            lines.append("| when | base | head | combinations |")
            lines.append("|---|---|---|---:|")
            for change in routing.changes {
                let when = change.when.isEmpty ? "any request" : change.when.map { "`\($0.description)`" }.joined(separator: ", ")
                lines.append("| \(when) | \(change.base.markdown) | \(change.head.markdown) | \(change.combinations) |")
            }
        }
        return lines
    }

    public var summary: String? {
        guard !isEmpty else { return nil }
        let changed = changedCombinations
        var parts: [String] = []
        if changed > 0 || collaborations.allSatisfy({ $0.skipped == nil }) {
            parts.append(changed == 1 ? "1 combination changes scenario" : "\(changed) combinations change scenario")
        }
        let skipped = collaborations.filter { $0.skipped != nil }.count
        if skipped > 0 { parts.append(skipped == 1 ? "1 collaboration too large to compare" : "\(skipped) collaborations too large to compare") }
        return parts.joined(separator: "; ")
    }
}

/// The routing changes of one collaboration.
public struct CollaborationRouting: Sendable, Encodable, Equatable {
    public var collaboration: String
    /// How many combinations the space has (saturating at `Int.max`).
    public var combinations: Int
    /// Set, to the limit of regions, when the space needed more and was not compared.
    public var skipped: Int?
    /// In order of their first combination (`product` first, then the facts by path).
    public var changes: [RoutingChange]
}

/// Combinations that all go from one route to another: every request whose
/// facts meet `when` (a fact left out may take any value).
public struct RoutingChange: Sendable, Encodable, Equatable, CustomStringConvertible {
    public var when: [FactCondition]
    public var base: Route
    public var head: Route
    /// How many combinations of the space `when` stands for (saturating at `Int.max`).
    public var combinations: Int

    /// `product min-lon, customer.relation registered: registered → not-registered`.
    public var description: String {
        let when = self.when.isEmpty ? "any request" : self.when.map(\.description).joined(separator: ", ")
        return "\(when): \(base) → \(head)"
    }
}

/// One fact of a condition and the values it takes there, as a `when`
/// entry writes them: one value, or a list of values.
public struct FactCondition: Sendable, Encodable, Equatable, CustomStringConvertible {
    public var fact: FactPath
    public var values: [String]

    /// `customer.relation registered`, `customer.relation [registered, has-subscription]`.
    public var description: String {
        values.count == 1 ? "\(fact) \(values[0])" : "\(fact) [\(values.joined(separator: ", "))]"
    }
}

/// Where a combination goes on one side.
public struct Route: Sendable, Encodable, Hashable, CustomStringConvertible {
    public var kind: RouteKind
    /// The scenario picked (`scenario`), or those that all match (`ambiguous`).
    public var scenarios: [String]?
    /// For `invalid`: the value the side's facts do not allow.
    public var value: String?

    static func scenario(_ id: String) -> Route { Route(kind: .scenario, scenarios: [id], value: nil) }

    public var description: String {
        switch kind {
        case .scenario: return scenarios?.first ?? ""
        case .ambiguous: return "(\(kind.rawValue): \((scenarios ?? []).joined(separator: ", ")))"
        case .invalid: return "(\(kind.rawValue): \(value ?? ""))"
        case .unmatched, .notOffered, .noCollaboration: return "(\(kind.rawValue))"
        }
    }

    var markdown: String {
        kind == .scenario ? "`\(description)`" : description.replacingOccurrences(of: "|", with: "\\|")
    }
}

// MARK: - The space

private struct RoutingSpace {
    struct Dimension {
        var fact: FactPath
        var values: [FactDomainValue]
    }

    /// What one side knows of the collaboration.
    struct Side {
        var plan: Plan
        var collaboration: PlanCollaboration?
        /// Per dimension: the values the side allows; nil when it does not declare the fact.
        var allowed: [Set<FactDomainValue>?] = []
        /// Per dimension: the side declares the fact as text, which takes any value.
        var anyText: [Bool] = []
    }

    let id: String
    var base: Side
    var head: Side
    var dimensions: [Dimension] = []

    init(id: String, base: Plan, head: Plan) {
        self.id = id
        self.base = Side(plan: base, collaboration: base.collaboration(id))
        self.head = Side(plan: head, collaboration: head.collaboration(id))
        let scenarios = (self.base.collaboration?.scenarios ?? []) + (self.head.collaboration?.scenarios ?? [])
        let tested = Set(scenarios.flatMap(\.when).map(\.fact)).subtracting([.product]).sorted { $0.description < $1.description }
        for fact in [FactPath.product] + tested {
            var values: [FactDomainValue] = []
            var seen: Set<FactDomainValue> = []
            for side in [self.base, self.head] {
                for value in Self.domain(fact, side) where seen.insert(value).inserted { values.append(value) }
            }
            dimensions.append(Dimension(fact: fact, values: values))
        }
        for index in [0, 1] {
            var side = index == 0 ? self.base : self.head
            side.allowed = dimensions.map { dimension in
                dimension.fact == .product || side.plan.facts.fact(dimension.fact) != nil ? Set(Self.domain(dimension.fact, side)) : nil
            }
            side.anyText = dimensions.map { side.plan.facts.fact($0.fact)?.type == .text }
            if index == 0 { self.base = side } else { self.head = side }
        }
    }

    static func domain(_ fact: FactPath, _ side: Side) -> [FactDomainValue] {
        FactDomainValue.domain(of: fact, facts: side.plan.facts, offers: side.collaboration?.offers ?? [])
    }

    /// Nothing routing reads differs: the same scenarios with the same
    /// tests, the same offers, the same domains of the tested facts.
    var isUnchanged: Bool {
        guard let before = base.collaboration, let after = head.collaboration else { return false }
        struct Entry: Hashable { var fact: FactPath; var test: PlanTest.Kind }
        func scenarios(_ collaboration: PlanCollaboration) -> [String: Set<Entry>] {
            Dictionary(collaboration.scenarios.map { ($0.id, Set($0.when.map { Entry(fact: $0.fact, test: $0.test) })) }, uniquingKeysWith: { a, _ in a })
        }
        return scenarios(before) == scenarios(after)
            && before.scenarios.count == after.scenarios.count
            && Set(before.offers.map(\.product)) == Set(after.offers.map(\.product))
            && base.allowed == head.allowed && base.anyText == head.anyText
    }

    func compare(limit: Int) -> CollaborationRouting {
        var routing = CollaborationRouting(collaboration: id, combinations: dimensions.reduce(1) { $0.multipliedSaturating(by: $1.values.count) },
                                           skipped: nil, changes: [])
        guard routing.combinations > 0, !isUnchanged else { return routing }
        let basePlanner = RequestPlanner(plan: base.plan), headPlanner = RequestPlanner(plan: head.plan)
        var space = CombinationSpace(radices: dimensions.map(\.values.count))
        let baseScenarios = addCubes(of: base, basePlanner, to: &space)
        let headScenarios = addCubes(of: head, headPlanner, to: &space)
        var visitor = RouteVisitor(space: self, baseScenarios: baseScenarios, headScenarios: headScenarios)
        guard space.split(limit: max(limit, 0), visitor: &visitor) else {
            routing.skipped = max(limit, 0)
            return routing
        }
        let radices = dimensions.map(\.values.count)
        var changes: [(first: [Int], change: RoutingChange)] = []
        for pair in visitor.order {
            for cube in Self.merge(visitor.groups[pair] ?? [], radices: radices, limit: max(limit, 0)) {
                let when = zip(dimensions, cube).compactMap { dimension, indices -> FactCondition? in
                    indices.count == dimension.values.count ? nil
                        : FactCondition(fact: dimension.fact, values: indices.map { dimension.values[$0].description })
                }
                let count = cube.reduce(1) { $0.multipliedSaturating(by: $1.count) }
                changes.append((cube.map { $0.first ?? 0 }, RoutingChange(when: when, base: pair.base, head: pair.head, combinations: count)))
            }
        }
        routing.changes = changes.sorted { $0.first.lexicographicallyPrecedes($1.first) }.map(\.change)
        return routing
    }

    /// The cubes that decide a side's route, so that every region of the
    /// split is routed alike: the offered products, each value the side's
    /// facts refuse on its own (the route names it), and each scenario's
    /// `when` (whether each test holds is the planner's answer). Returns
    /// the cubes of the side's scenarios, in the collaboration's order.
    func addCubes(of side: Side, _ planner: RequestPlanner, to space: inout CombinationSpace) -> Range<Int> {
        guard let collaboration = side.collaboration else { return space.cubeCount..<space.cubeCount }
        let all = dimensions.map { ValueSet.all($0.values.count) }
        var offered = all
        for (position, dimension) in dimensions.enumerated() where dimension.fact == .product {
            offered[position] = ValueSet(dimension.values.indices.filter { collaboration.offer(dimension.values[$0].description) != nil })
        }
        space.add(offered)
        for (position, dimension) in dimensions.enumerated() where dimension.fact != .product {
            guard let allowed = side.allowed[position] else { continue }
            for (index, value) in dimension.values.enumerated() where !allowed.contains(value) {
                if side.anyText[position], case .value = value { continue }
                var alone = all
                alone[position] = ValueSet([index])
                space.add(alone)
            }
        }
        let first = space.cubeCount
        let positions = Dictionary(dimensions.enumerated().map { ($1.fact, $0) }, uniquingKeysWith: { first, _ in first })
        for scenario in collaboration.scenarios {
            // Only the dimensions a scenario tests: the space's memory follows the tests, not scenarios × facts.
            var tests: [Int: [PlanTest]] = [:]
            var order: [Int] = []
            for test in scenario.when {
                guard let position = positions[test.fact] else { continue }
                if tests[position] == nil { order.append(position) }
                tests[position, default: []].append(test)
            }
            space.add(restricting: order.map { position in
                let dimension = dimensions[position], tests = tests[position] ?? []
                return (position, ValueSet(dimension.values.indices.filter { index in tests.allSatisfy { planner.holds($0, at: dimension.values[index]) } }))
            })
        }
        return first..<space.cubeCount
    }

    /// Routes each region of the split by its first combination on both
    /// sides, and groups the regions that change by their pair of routes.
    struct RouteVisitor: CombinationVisitor {
        let space: RoutingSpace
        /// The cubes of each side's scenarios: a region's cubes among them are the scenarios whose `when` holds there.
        let baseScenarios: Range<Int>
        let headScenarios: Range<Int>
        /// The changed regions (a box: per dimension, its values), by pair of routes.
        var groups: [RoutePair: [[[Int]]]] = [:]
        /// The pairs in order of their first region.
        var order: [RoutePair] = []

        mutating func visit(_ region: CombinationRegion) {
            let combination = region.representative
            let request = space.request(combination)
            let before = space.route(combination, request, space.base, matching: matching(region, baseScenarios, space.base))
            let after = space.route(combination, request, space.head, matching: matching(region, headScenarios, space.head))
            guard before != after else { return }
            let pair = RoutePair(base: before, head: after)
            if groups[pair] == nil { order.append(pair) }
            groups[pair, default: []].append(region.classes.map(\.indices))
        }

        /// The ids of the side's scenarios whose cubes accept the region: the
        /// scenarios `RequestPlanner.scenarios(matching:in:)` picks for each
        /// of its combinations, in their order.
        func matching(_ region: CombinationRegion, _ scenarios: Range<Int>, _ side: RoutingSpace.Side) -> () -> [String] {
            {
                let all = side.collaboration?.scenarios ?? []
                return region.cubes.filter { scenarios.contains($0) }.map { all[$0 - scenarios.lowerBound].id }
            }
        }
    }

    /// A request with the combination's values (an absent value left out).
    func request(_ combination: [Int]) -> Request {
        var facts: [FactPath: FactValue] = [:]
        var product = ""
        for (dimension, index) in zip(dimensions, combination) {
            let value = dimension.values[index]
            if dimension.fact == .product {
                product = value.description
            } else if let given = value.representative {
                facts[dimension.fact] = given
            }
        }
        return Request(customerID: "routing", facts: facts, collaboration: id, product: product, task: nil,
                       origin: SourceLocation(file: "routing", line: 1, column: 1))
    }

    /// Where the combination goes on `side`: refused as binding refuses it,
    /// else to the scenarios whose `when` holds (`matching`), as `plan` routes it.
    func route(_ combination: [Int], _ request: Request, _ side: Side, matching: () -> [String]) -> Route {
        guard let collaboration = side.collaboration else { return Route(kind: .noCollaboration) }
        guard collaboration.offer(request.product) != nil else { return Route(kind: .notOffered) }
        for (position, dimension) in dimensions.enumerated() where dimension.fact != .product {
            guard let allowed = side.allowed[position] else { continue }
            let value = dimension.values[combination[position]]
            if allowed.contains(value) { continue }
            if side.anyText[position], case .value = value { continue }
            return Route(kind: .invalid, value: "\(dimension.fact) \(value)")
        }
        let matching = matching()
        switch matching.count {
        case 0: return Route(kind: .unmatched)
        case 1: return .scenario(matching[0])
        default: return Route(kind: .ambiguous, scenarios: matching.sorted())
        }
    }

    /// Merges regions into conditions, as merging their combinations one by
    /// one would: combinations (each a set of one value per dimension) that
    /// differ in one dimension only become one, with both values there, fact
    /// by fact until nothing merges. The conditions stay disjoint and stand
    /// for exactly the combinations given.
    ///
    /// The first round over the facts is done on the regions as if their
    /// facts not merged yet were single values: at fact k, the regions that
    /// agree on the facts before k are laid over each other on the facts
    /// after it (a split of `CombinationSpace`), and each piece takes the
    /// values of fact k of every region it lies in, which is what merging
    /// single combinations at fact k gives. Later rounds merge whole
    /// conditions. (Past `limit` regions in a piece, the regions are merged
    /// as they are: still exact, perhaps in more conditions.)
    static func merge(_ regions: [[[Int]]], radices: [Int], limit: Int) -> [[[Int]]] {
        guard let width = regions.first?.count else { return [] }
        var cubes = regions
        for dimension in 0..<width {
            var groups: [[[Int]]: [[[Int]]]] = [:]
            var keys: [[[Int]]] = []
            for cube in cubes {
                let key = Array(cube[..<dimension])
                if groups[key] == nil { keys.append(key) }
                groups[key, default: []].append(cube)
            }
            var next: [[[Int]]] = []
            for key in keys {
                let members = groups[key] ?? []
                if members.count == 1 {
                    next += members
                } else if dimension == width - 1 {
                    next.append(key + [Set(members.flatMap { $0[dimension] }).sorted()])
                } else {
                    var overlay = CombinationSpace(radices: Array(radices[(dimension + 1)...]))
                    for member in members { overlay.add(member[(dimension + 1)...].map { ValueSet($0) }) }
                    var pieces = Pieces()
                    guard overlay.split(limit: limit, visitor: &pieces) else {
                        next += members
                        continue
                    }
                    for piece in pieces.regions {
                        let values = Set(piece.cubes.flatMap { members[$0][dimension] }).sorted()
                        next.append(key + [values] + piece.classes.map(\.indices))
                    }
                }
            }
            cubes = next
        }
        var merged = true
        while merged {
            merged = false
            for dimension in 0..<width {
                var groups: [[[Int]]: [Int]] = [:]
                var keys: [[[Int]]] = []
                for cube in cubes {
                    var key = cube
                    key[dimension] = []
                    if groups[key] == nil { keys.append(key) }
                    groups[key, default: []] += cube[dimension]
                }
                if keys.count < cubes.count { merged = true }
                cubes = keys.map { key in
                    var cube = key
                    cube[dimension] = (groups[key] ?? []).sorted()
                    return cube
                }
            }
        }
        return cubes
    }

    /// The pieces of an overlay that some region lies in.
    struct Pieces: CombinationVisitor {
        var regions: [CombinationRegion] = []
        func wantsRegion(acceptedBy cubes: Int) -> Bool { cubes > 0 }
        mutating func visit(_ region: CombinationRegion) {
            if !region.cubes.isEmpty { regions.append(region) }
        }
    }
}

struct RoutePair: Hashable {
    var base: Route
    var head: Route
}

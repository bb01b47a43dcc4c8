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
/// a combination. Every combination is routed on each side as `plan` routes
/// it (`RequestPlanner.scenarios(matching:in:)`), after the checks binding
/// makes first (the collaboration exists, the product is offered, each
/// value is one the side's facts allow). The combinations that go somewhere
/// else are merged, per pair of routes, into as few `when`-like conditions
/// as merging one fact at a time finds: a fact is left out of a condition
/// when every value of it changes the same way.
///
/// Never sampled: a collaboration whose space has more than `limit`
/// combinations (default `defaultLimit`) is not enumerated and is listed
/// as such; one whose scenarios, offers and tested facts are the same on
/// both sides is not enumerated at all (nothing can change).
public struct RoutingDiff: DiffSection {
    /// The most combinations enumerated per collaboration: the compiler
    /// accepts 100 000 per side (CoverageChecker), and the union of two
    /// sides' domains can be larger.
    public static let defaultLimit = 250_000

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

    /// Combinations that change, over all collaborations.
    public var changedCombinations: Int { collaborations.reduce(0) { $0 + $1.changes.reduce(0) { $0 + $1.combinations } } }

    public var isEmpty: Bool { collaborations.isEmpty }

    public var textLines: [String] {
        collaborations.flatMap { routing -> [String] in
            ["collaboration \(routing.collaboration)"]
                + (routing.skipped.map { ["  not compared: \($0) combinations, more than the limit"] } ?? [])
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
                lines.append("- not compared: \(skipped) combinations, more than the limit")
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
    /// How many combinations the space has (enumerated, unless `skipped`).
    public var combinations: Int
    /// Set, to the space's size, when it was larger than the limit and not enumerated.
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
    /// How many combinations of the space `when` stands for.
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
        var total = 1
        for dimension in dimensions {
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension.values.count)
            total = overflow ? Int.max : product
        }
        var routing = CollaborationRouting(collaboration: id, combinations: total, skipped: nil, changes: [])
        guard total > 0, !isUnchanged else { return routing }
        guard total <= max(limit, 0) else {
            routing.skipped = total
            return routing
        }
        let basePlanner = RequestPlanner(plan: base.plan), headPlanner = RequestPlanner(plan: head.plan)
        // The changed combinations, grouped by their pair of routes, in order of first appearance.
        var groups: [RoutePair: [[Int]]] = [:]
        var order: [RoutePair] = []
        var counter = [Int](repeating: 0, count: dimensions.count)
        let radices = dimensions.map(\.values.count)
        for _ in 0..<total {
            let request = self.request(counter)
            let before = route(counter, request, base, basePlanner), after = route(counter, request, head, headPlanner)
            if before != after {
                let pair = RoutePair(base: before, head: after)
                if groups[pair] == nil { order.append(pair) }
                groups[pair, default: []].append(counter)
            }
            // The next combination, last dimension fastest.
            MixedRadix.advance(&counter, radices: radices)
        }
        var changes: [(first: [Int], change: RoutingChange)] = []
        for pair in order {
            for cube in Self.merge(groups[pair] ?? []) {
                let when = zip(dimensions, cube).compactMap { dimension, indices -> FactCondition? in
                    indices.count == dimension.values.count ? nil
                        : FactCondition(fact: dimension.fact, values: indices.map { dimension.values[$0].description })
                }
                let count = cube.reduce(1) { $0 * $1.count }
                changes.append((cube.map { $0.first ?? 0 }, RoutingChange(when: when, base: pair.base, head: pair.head, combinations: count)))
            }
        }
        routing.changes = changes.sorted { $0.first.lexicographicallyPrecedes($1.first) }.map(\.change)
        return routing
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

    /// Where the combination goes on `side`: refused as binding refuses it, else as `plan` routes it.
    func route(_ combination: [Int], _ request: Request, _ side: Side, _ planner: RequestPlanner) -> Route {
        guard let collaboration = side.collaboration else { return Route(kind: .noCollaboration) }
        guard collaboration.offer(request.product) != nil else { return Route(kind: .notOffered) }
        for (position, dimension) in dimensions.enumerated() where dimension.fact != .product {
            guard let allowed = side.allowed[position] else { continue }
            let value = dimension.values[combination[position]]
            if allowed.contains(value) { continue }
            if side.anyText[position], case .value = value { continue }
            return Route(kind: .invalid, value: "\(dimension.fact) \(value)")
        }
        let matching = planner.scenarios(matching: request, in: collaboration).map(\.id)
        switch matching.count {
        case 0: return Route(kind: .unmatched)
        case 1: return .scenario(matching[0])
        default: return Route(kind: .ambiguous, scenarios: matching.sorted())
        }
    }

    /// Merges combinations into conditions: combinations (each a set of one
    /// value per dimension) that differ in one dimension only become one,
    /// with both values there, fact by fact until nothing merges. The
    /// conditions stay disjoint and stand for exactly the combinations given.
    static func merge(_ combinations: [[Int]]) -> [[[Int]]] {
        var cubes = combinations.map { $0.map { [$0] } }
        guard let width = cubes.first?.count else { return [] }
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
}

private struct RoutePair: Hashable {
    var base: Route
    var head: Route
}

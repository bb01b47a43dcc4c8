import Testing
import TillvalDiff
import TillvalPlan
import TillvalTestSupport
import TillvalRuntime

/// Routing splits the space into regions (issue 11, point 4); these tests
/// compare it with what enumerating every combination gave before (the old
/// RoutingDiff, kept here as the reference) on random base and head plans:
/// the same lines, the same counts.
@Suite struct RoutingEnumerationTests {
    static let values = ["x", "y", "z"]
    static let extraFacts = ["f1", "f2", "f3"]

    /// A random side built on the shipped plan: extra facts of random types,
    /// a random subset of the offers, 0–4 scenarios (ids shared by both
    /// sides) testing random facts in random ways, or no collaboration at all.
    /// Not every such plan is one the compiler would make: unmatched and
    /// ambiguous routes come up too.
    static func randomSide(_ shipped: Plan, _ random: inout SeededRandom) -> Plan {
        var plan = shipped
        for name in extraFacts where !random.chance(4) {
            let types: [PlanFactType] = [.oneOf(random.subset(values).isEmpty ? ["x"] : random.subset(values)), .bool, .list, .text, .oneOf(values)]
            plan.facts.customer.append(PlanFact(name: name, type: types[random.below(types.count)], optional: random.chance(2), doc: nil))
        }
        if random.chance(4), let relation = plan.facts.customer.firstIndex(where: { $0.name == "relation" }) {
            plan.facts.customer[relation].type = .oneOf(["registered", "not-registered", "prospect"])
        }
        guard var collaboration = plan.collaborations.first, !random.chance(10) else {
            plan.collaborations = []
            return plan
        }
        let template = collaboration.scenarios[0]
        collaboration.offers = random.subset(collaboration.offers)
        let testable: [FactPath] = [.product, .customer("relation"), .customer("tasks")] + extraFacts.map { .customer($0) }
        let anyValues = values + ["registered", "not-registered", "has-subscription", "prospect", "lon-anstalld", "min-lon"]
        collaboration.scenarios = (0..<random.below(5)).map { index in
            var scenario = template
            scenario.id = "s\(random.below(4))-\(index)"
            scenario.when = testable.filter { _ in random.chance(3) }.map { fact in
                let kinds: [PlanTest.Kind] = [.anyOf(random.subset(anyValues)), .anyOf([anyValues[random.below(anyValues.count)]]),
                                              .equals(random.chance(2)), .empty, .nonEmpty, .present, .absent]
                return PlanTest(fact: fact, test: kinds[random.below(kinds.count)], origin: template.origin)
            }
            return scenario
        }
        plan.collaborations = [collaboration]
        return plan
    }

    @Test func splittingRoutesAsEnumeratingDidOnRandomPlans() throws {
        let shipped = try EditedShippedRules.plan()
        var random = SeededRandom(state: 2026)
        var changed = 0
        for round in 0..<400 {
            let base = Self.randomSide(shipped, &random), head = Self.randomSide(shipped, &random)
            let diff = RoutingDiff(base: base, head: head)
            let expected = EnumeratedRouting.lines(base: base, head: head)
            #expect(diff.textLines == expected.lines, "round \(round)")
            #expect(diff.collaborations.flatMap { $0.changes.map(\.combinations) } == expected.counts, "round \(round)")
            #expect(diff.collaborations.map(\.combinations) == expected.spaces, "round \(round)")
            if !diff.isEmpty { changed += 1 }
        }
        // The random plans do differ in routing, most of the time.
        #expect(changed > 200)
    }
}

/// The routing diff as it was: every combination enumerated and routed on
/// each side, the changed ones merged one combination at a time.
enum EnumeratedRouting {
    struct Dimension {
        var fact: FactPath
        var values: [FactDomainValue]
    }

    static func lines(base: Plan, head: Plan) -> (lines: [String], counts: [Int], spaces: [Int]) {
        var lines: [String] = [], counts: [Int] = [], spaces: [Int] = []
        for id in Set(base.collaborations.map(\.id) + head.collaborations.map(\.id)).sorted() {
            let sides = [base, head]
            let collaborations = sides.map { $0.collaboration(id) }
            let scenarios = collaborations.flatMap { $0?.scenarios ?? [] }
            let tested = Set(scenarios.flatMap(\.when).map(\.fact)).subtracting([.product]).sorted { $0.description < $1.description }
            let dimensions = ([FactPath.product] + tested).map { fact -> Dimension in
                var values: [FactDomainValue] = []
                for (side, collaboration) in zip(sides, collaborations) {
                    for value in FactDomainValue.domain(of: fact, facts: side.facts, offers: collaboration?.offers ?? []) where !values.contains(value) {
                        values.append(value)
                    }
                }
                return Dimension(fact: fact, values: values)
            }
            let radices = dimensions.map(\.values.count)
            let total = radices.reduce(1, *)
            var groups: [[String]: [[Int]]] = [:]
            var order: [[String]] = []
            var counter = [Int](repeating: 0, count: dimensions.count)
            for _ in 0..<total {
                let routes = zip(sides, collaborations).map { route(counter, dimensions, id, $0, $1) }
                if routes[0] != routes[1] {
                    if groups[routes] == nil { order.append(routes) }
                    groups[routes, default: []].append(counter)
                }
                MixedRadix.advance(&counter, radices: radices)
            }
            var changes: [(first: [Int], line: String, count: Int)] = []
            for pair in order {
                for cube in merge(groups[pair] ?? []) {
                    let when = zip(dimensions, cube).compactMap { dimension, indices -> String? in
                        guard indices.count < dimension.values.count else { return nil }
                        let values = indices.map { dimension.values[$0].description }
                        return values.count == 1 ? "\(dimension.fact) \(values[0])" : "\(dimension.fact) [\(values.joined(separator: ", "))]"
                    }
                    changes.append((cube.map { $0.first ?? 0 }, "  \(when.isEmpty ? "any request" : when.joined(separator: ", ")): \(pair[0]) → \(pair[1])",
                                    cube.reduce(1) { $0 * $1.count }))
                }
            }
            changes.sort { $0.first.lexicographicallyPrecedes($1.first) }
            guard !changes.isEmpty else { continue }
            lines += ["collaboration \(id)"] + changes.map(\.line)
            counts += changes.map(\.count)
            spaces.append(total)
        }
        return (lines, counts, spaces)
    }

    static func route(_ combination: [Int], _ dimensions: [Dimension], _ id: String, _ plan: Plan, _ collaboration: PlanCollaboration?) -> String {
        guard let collaboration else { return "(\(RouteKind.noCollaboration.rawValue))" }
        var facts: [FactPath: FactValue] = [:]
        var product = ""
        for (dimension, index) in zip(dimensions, combination) {
            let value = dimension.values[index]
            if dimension.fact == .product { product = value.description } else if let given = value.representative { facts[dimension.fact] = given }
        }
        guard collaboration.offer(product) != nil else { return "(\(RouteKind.notOffered.rawValue))" }
        for (dimension, index) in zip(dimensions, combination) where dimension.fact != .product {
            guard let declared = plan.facts.fact(dimension.fact) else { continue }
            let value = dimension.values[index]
            if FactDomainValue.domain(of: dimension.fact, facts: plan.facts, offers: collaboration.offers).contains(value) { continue }
            if declared.type == .text, case .value = value { continue }
            return "(\(RouteKind.invalid.rawValue): \(dimension.fact) \(value))"
        }
        let request = Request(customerID: "routing", facts: facts, collaboration: id, product: product, task: nil,
                              origin: SourceLocation(file: "routing", line: 1, column: 1))
        let matching = RequestPlanner(plan: plan).scenarios(matching: request, in: collaboration).map(\.id)
        switch matching.count {
        case 0: return "(\(RouteKind.unmatched.rawValue))"
        case 1: return matching[0]
        default: return "(\(RouteKind.ambiguous.rawValue): \(matching.sorted().joined(separator: ", ")))"
        }
    }

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

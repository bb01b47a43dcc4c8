import TillvalPlan
import TillvalSyntax

/// Proves that, for each collaboration, every combination of the facts its
/// scenarios test is picked by exactly one scenario. The space is finite by
/// construction (only enumerations, bools, list emptiness, presence and
/// `product` can be tested); the proof splits it into regions where the
/// scenarios differ (`CombinationSpace`), never one combination at a time,
/// and names the first gap and each overlap by the combination enumeration
/// would meet first. It gives up past `CompileLimits.maximumCoverageRegions`
/// steps (E0604), and lists at most `CompileLimits.maximumDiagnostics`
/// overlapping pairs per collaboration, counting the rest as omitted.
struct CoverageChecker {
    /// A scenario with its `when`, already type-checked.
    struct Candidate {
        var scenario: ScenarioDeclaration
        var tests: [TypedTest]
    }

    /// One dimension of the space: a fact and the values it can take.
    private struct Dimension {
        var fact: FactPath
        var values: [String]
    }

    // Sentinels cannot collide with values: identifiers never start with '~'.
    private static let absent = "~absent"
    private static let present = "~present"

    static func check(_ collaboration: CollaborationDeclaration, candidates: [Candidate], maximumRegions: Int, maximumOverlaps: Int = .max,
                      sink: inout DiagnosticSink) {
        guard !candidates.isEmpty else {
            sink.emit(CheckMessage.noScenario(collaboration: collaboration.id.value), at: collaboration.id.range,
                      suggestion: Suggestion(CheckMessage.Help.addScenario(collaboration: collaboration.id.value)))
            return
        }
        // Sets beside the ordered lists, so that neither grows with the square of its length.
        var offeredSet: Set<String> = []
        let offered = collaboration.products.map(\.value).filter { offeredSet.insert($0).inserted }
        // Each fact tested is a dimension, in the order first met; each test's dimension is
        // looked up once, here (the tests are read in place, not copied).
        var dimensions: [Dimension] = []
        var found: [FactPath: Int] = [:]
        var testDimensions: [Int] = []
        for candidate in candidates {
            for test in candidate.tests.indices {
                let fact = candidate.tests[test].fact
                if let dimension = found[fact] {
                    testDimensions.append(dimension)
                } else {
                    found[fact] = dimensions.count
                    testDimensions.append(dimensions.count)
                    dimensions.append(Dimension(fact: fact, values: domain(of: candidate.tests[test], offered: offered)))
                }
            }
        }
        // `product` first (a stable sort), each test's dimension renumbered to match.
        let order = dimensions.indices.sorted { (dimensions[$0].fact == .product ? 0 : 1) < (dimensions[$1].fact == .product ? 0 : 1) }
        var renumbered = [Int](repeating: 0, count: dimensions.count)
        for (new, old) in order.enumerated() { renumbered[old] = new }
        dimensions = order.map { dimensions[$0] }

        // A dimension without values comes only from a declaration already reported as broken.
        guard dimensions.allSatisfy({ !$0.values.isEmpty }) else { return }
        // For each scenario and dimension, the values it accepts.
        let positions = dimensions.map { dimension in
            Dictionary(dimension.values.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
        var space = CombinationSpace(radices: dimensions.map(\.values.count))
        var next = testDimensions.makeIterator()
        for candidate in candidates {
            // The first test of each fact decides, as the plan's `when` does for a checked rule set.
            // Only the tested dimensions are given: the space's memory follows the tests, not scenarios × facts.
            var cube: [(dimension: Int, values: ValueSet)] = []
            cube.reserveCapacity(candidate.tests.count)
            for test in candidate.tests.indices {
                guard let met = next.next() else { break }
                let dimension = renumbered[met]
                // A scenario tests a handful of facts: its cube is searched, not hashed.
                guard !cube.contains(where: { $0.dimension == dimension }) else { continue }
                cube.append((dimension, accepted(candidate.tests[test].kind, positions: positions[dimension])))
            }
            space.add(restricting: cube)
        }
        guard let proof = space.coverage(limit: maximumRegions, maximumOverlaps: maximumOverlaps) else {
            sink.emit(CheckMessage.coverageTooLarge(collaboration: collaboration.id.value, maximum: maximumRegions), at: collaboration.id.range,
                      suggestion: Suggestion(CheckMessage.Help.testFewerFacts))
            return
        }
        sink.countUnlisted(errors: proof.omittedOverlaps)
        for finding in proof.findings {
            switch finding {
            case .gap(let combination):
                sink.emit(CheckMessage.uncovered(collaboration: collaboration.id.value, case: describe(combination, dimensions)), at: collaboration.id.range,
                          suggestion: Suggestion(CheckMessage.Help.addScenarioForCase))
            case .overlap(let first, let second, let combination):
                let a = candidates[first].scenario, b = candidates[second].scenario
                sink.emit(CheckMessage.overlap(a.id.value, b.id.value, case: describe(combination, dimensions)),
                          at: b.when?.range ?? b.id.range,
                          notes: [DiagnosticNote(CheckMessage.Note.pickedHere(scenario: a.id.value), at: a.when?.range ?? a.id.range)],
                          suggestion: Suggestion(CheckMessage.Help.narrowWhen))
            }
        }
    }

    private static func domain(of test: TypedTest, offered: [String]) -> [String] {
        guard let declaration = test.declaration else { return offered }
        var values: [String]
        switch declaration.type {
        case .oneOf(let allowed): values = allowed.map(\.value)
        case .bool: values = ["true", "false"]
        case .list: values = TestKind.emptiness.map(\.rawValue)
        case .text, .email: values = [present]
        }
        if declaration.optional { values.append(absent) }
        return values
    }

    /// The positions in a dimension (`positions`: each value's) of the values a test of `kind` accepts.
    private static func accepted(_ kind: PlanTest.Kind, positions: [String: Int]) -> ValueSet {
        var set = ValueSet()
        func insert(_ value: String) {
            if let position = positions[value] { set.insert(position) }
        }
        switch kind {
        case .anyOf(let values): values.forEach(insert)
        case .equals(let value): insert(value ? "true" : "false")
        case .empty, .nonEmpty: insert(kind.kind.rawValue)
        case .present: for (value, position) in positions where value != absent { set.insert(position) }
        case .absent: insert(absent)
        }
        return set
    }

    private static func describe(_ combination: [Int], _ dimensions: [Dimension]) -> String {
        guard !dimensions.isEmpty else { return "any request" }
        return zip(dimensions, combination).map { dimension, index -> String in
            let value = dimension.values[index]
            switch value {
            case absent: return "\(dimension.fact) \(TestKind.absent.rawValue)"
            case present: return "\(dimension.fact) \(TestKind.present.rawValue)"
            default: return "\(dimension.fact) = \(value)"
            }
        }.joined(separator: ", ")
    }
}

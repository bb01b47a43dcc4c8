import TillvalPlan
import TillvalSyntax

/// Proves that, for each collaboration, every combination of the facts its
/// scenarios test is picked by exactly one scenario. The space is finite by
/// construction (only enumerations, bools, list emptiness, presence and
/// `product` can be tested), so the proof is an exhaustive enumeration,
/// bounded by `maximumCombinations`.
struct CoverageChecker {
    static let maximumCombinations = 100_000

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

    static func check(_ collaboration: CollaborationDeclaration, candidates: [Candidate], sink: inout DiagnosticSink) {
        guard !candidates.isEmpty else {
            sink.emit(CheckMessage.noScenario(collaboration: collaboration.id.value), at: collaboration.id.range,
                      suggestion: Suggestion(CheckMessage.Help.addScenario(collaboration: collaboration.id.value)))
            return
        }
        // Sets beside the ordered lists, so that neither grows with the square of its length.
        var offeredSet: Set<String> = []
        let offered = collaboration.products.map(\.value).filter { offeredSet.insert($0).inserted }
        var dimensions: [Dimension] = []
        var dimensionFacts: Set<FactPath> = []
        for test in candidates.flatMap(\.tests) where dimensionFacts.insert(test.fact).inserted {
            dimensions.append(Dimension(fact: test.fact, values: domain(of: test, offered: offered)))
        }
        dimensions.sort { ($0.fact == .product ? 0 : 1) < ($1.fact == .product ? 0 : 1) }

        // A dimension without values comes only from a declaration already reported as broken.
        guard dimensions.allSatisfy({ !$0.values.isEmpty }) else { return }
        var total = 1
        for dimension in dimensions where total <= maximumCombinations {
            total *= dimension.values.count
        }
        guard total <= maximumCombinations, total > 0 else {
            sink.emit(CheckMessage.coverageTooLarge(collaboration: collaboration.id.value, maximum: maximumCombinations), at: collaboration.id.range, suggestion: Suggestion(CheckMessage.Help.testFewerFacts))
            return
        }
        // For each scenario and dimension, the set of values it accepts.
        let accepts: [[Set<String>]] = candidates.map { candidate in
            dimensions.map { dimension in
                guard let test = candidate.tests.first(where: { $0.fact == dimension.fact }) else { return Set(dimension.values) }
                return accepted(test.kind, domain: dimension.values)
            }
        }

        var reportedGap = false
        var reportedPairs: Set<[Int]> = []
        var counter = [Int](repeating: 0, count: dimensions.count)
        let radices = dimensions.map(\.values.count)
        for _ in 0..<total {
            let combination = zip(dimensions, counter).map { $0.values[$1] }
            let matching = accepts.indices.filter { index in
                accepts[index].indices.allSatisfy { accepts[index][$0].contains(combination[$0]) }
            }
            if matching.isEmpty, !reportedGap {
                reportedGap = true
                sink.emit(CheckMessage.uncovered(collaboration: collaboration.id.value, case: describe(combination, dimensions)), at: collaboration.id.range,
                          suggestion: Suggestion(CheckMessage.Help.addScenarioForCase))
            }
            if matching.count > 1 {
                for (offset, first) in matching.enumerated() {
                    for second in matching.dropFirst(offset + 1) where reportedPairs.insert([first, second]).inserted {
                        let a = candidates[first].scenario, b = candidates[second].scenario
                        sink.emit(CheckMessage.overlap(a.id.value, b.id.value, case: describe(combination, dimensions)),
                                  at: b.when?.range ?? b.id.range,
                                  notes: [DiagnosticNote(CheckMessage.Note.pickedHere(scenario: a.id.value), at: a.when?.range ?? a.id.range)],
                                  suggestion: Suggestion(CheckMessage.Help.narrowWhen))
                    }
                }
            }
            // The next combination, last dimension fastest.
            MixedRadix.advance(&counter, radices: radices)
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

    private static func accepted(_ kind: PlanTest.Kind, domain: [String]) -> Set<String> {
        switch kind {
        case .anyOf(let values): return Set(values)
        case .equals(let value): return [value ? "true" : "false"]
        case .empty, .nonEmpty: return [kind.kind.rawValue]
        case .present: return Set(domain.filter { $0 != absent })
        case .absent: return [absent]
        }
    }

    private static func describe(_ combination: [String], _ dimensions: [Dimension]) -> String {
        guard !dimensions.isEmpty else { return "any request" }
        return zip(dimensions, combination).map { dimension, value in
            switch value {
            case absent: return "\(dimension.fact) \(TestKind.absent.rawValue)"
            case present: return "\(dimension.fact) \(TestKind.present.rawValue)"
            default: return "\(dimension.fact) = \(value)"
            }
        }.joined(separator: ", ")
    }
}

import TillvalSyntax

/// Checks `use:` references of every step list and that procedures do not
/// use each other in a cycle, so splicing them into scenarios terminates.
enum ProcedureChecker {
    static func check(symbols: SymbolTable, sink: inout DiagnosticSink) {
        let procedures = symbols.declarations.procedures.filter { symbols.procedures[$0.id.value]?.id == $0.id }
        for procedure in procedures {
            checkUses(procedure.steps, symbols: symbols, sink: &sink)
        }
        let cycles = CycleFinder().cycles(nodes: procedures.map(\.id.value)) { id in
            symbols.procedures[id].map { uses($0.steps) }
        }
        for cycle in cycles {
            sink.emit(.procedureCycle, "procedures use each other in a cycle: \(CycleFinder.describe(cycle))", at: cycle.edges.first,
                      notes: cycle.edges.dropFirst().map { DiagnosticNote("the cycle continues here", at: $0) },
                      suggestion: Suggestion("remove one of these 'use' steps"))
        }
    }

    static func checkUses(_ steps: [Step], symbols: SymbolTable, sink: inout DiagnosticSink) {
        for name in uses(steps) {
            _ = symbols.resolve(name, in: symbols.procedures, code: .unknownProcedure, kind: "procedure", sink: &sink)
        }
    }

    static func uses(_ steps: [Step]) -> [Located<String>] {
        steps.compactMap { if case .use(let name) = $0 { return name } else { return nil } }
    }

    /// The most steps a scenario may expand to; procedures that use each
    /// other many times over could otherwise grow without bound.
    static let maximumExpandedSteps = 1_000
    /// The most `use:` steps followed while expanding one scenario, so that
    /// nested uses of procedures without text cannot run for ever either.
    static let maximumVisits = 100_000

    /// Every step text a step list expands to, procedures spliced in, with
    /// the procedure each came through. Stops at cycles, which are reported
    /// elsewhere, one step past `maximumExpandedSteps`, and after `maximumVisits`.
    static func expand(_ steps: [Step], symbols: SymbolTable) -> [(text: SourceText, procedure: String?)] {
        expansion(steps, symbols: symbols).steps
    }

    /// Reports a scenario whose steps expand past the limits.
    static func checkExpansion(_ scenario: ScenarioDeclaration, symbols: SymbolTable, sink: inout DiagnosticSink) {
        let expansion = expansion(scenario.steps, symbols: symbols)
        guard expansion.steps.count > maximumExpandedSteps || expansion.budget <= 0 else { return }
        let why = expansion.budget <= 0 ? "use procedures more than \(maximumVisits) times over" : "expand to more than \(maximumExpandedSteps) steps"
        sink.emit(.tooManySteps, "the steps of scenario '\(scenario.id.value)' \(why)",
                  at: scenario.id.range, suggestion: Suggestion("use each procedure once where it is needed instead of nesting repeated uses"))
    }

    private static func expansion(_ steps: [Step], symbols: SymbolTable) -> (steps: [(text: SourceText, procedure: String?)], budget: Int) {
        var result: [(text: SourceText, procedure: String?)] = []
        var budget = maximumVisits
        expand(steps, symbols: symbols, via: nil, visiting: [], into: &result, budget: &budget)
        return (result, budget)
    }

    private static func expand(_ steps: [Step], symbols: SymbolTable, via: String?, visiting: Set<String>,
                               into result: inout [(text: SourceText, procedure: String?)], budget: inout Int) {
        for step in steps {
            guard result.count <= maximumExpandedSteps, budget > 0 else { return }
            budget -= 1
            switch step {
            case .text(let text):
                result.append((text, via))
            case .use(let name):
                guard !visiting.contains(name.value), let procedure = symbols.procedures[name.value] else { continue }
                expand(procedure.steps, symbols: symbols, via: name.value, visiting: visiting.union([name.value]), into: &result, budget: &budget)
            }
        }
    }
}

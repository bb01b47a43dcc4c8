import TillvalSyntax

/// Checks `use:` references of every step list and that procedures do not
/// use each other in a cycle, so splicing them into scenarios terminates.
enum ProcedureChecker {
    static func check(symbols: SymbolTable, sink: inout DiagnosticSink) {
        let procedures = symbols.unique.procedures
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
            _ = symbols.resolve(name, in: symbols.procedures, as: .procedure, sink: &sink)
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
    /// How deep procedures may `use` one another; deeper chains are refused
    /// rather than followed on the stack.
    static let maximumNesting = 64

    /// Every step text a step list expands to, procedures spliced in, with
    /// the procedure each came through. Stops at cycles, which are reported
    /// elsewhere, one step past `maximumExpandedSteps`, and after `maximumVisits`.
    static func expand(_ steps: [Step], symbols: SymbolTable) -> [(text: SourceText, procedure: String?)] {
        expansion(steps, symbols: symbols).steps
    }

    /// Reports a scenario whose steps expand past the limits.
    static func checkExpansion(_ scenario: ScenarioDeclaration, symbols: SymbolTable, sink: inout DiagnosticSink) {
        let expansion = expansion(scenario.steps, symbols: symbols)
        guard expansion.steps.count > maximumExpandedSteps || expansion.budget <= 0 || expansion.tooDeep else { return }
        let why: String
        if expansion.tooDeep {
            why = "use procedures nested more than \(maximumNesting) deep"
        } else if expansion.budget <= 0 {
            why = "use procedures more than \(maximumVisits) times over"
        } else {
            why = "expand to more than \(maximumExpandedSteps) steps"
        }
        sink.emit(.tooManySteps, "the steps of scenario '\(scenario.id.value.excerpt)' \(why)",
                  at: scenario.id.range, suggestion: Suggestion("use each procedure once where it is needed instead of nesting repeated uses"))
    }

    private struct Expansion {
        var steps: [(text: SourceText, procedure: String?)] = []
        var budget = maximumVisits
        var tooDeep = false
    }

    private static func expansion(_ steps: [Step], symbols: SymbolTable) -> Expansion {
        var expansion = Expansion()
        expand(steps, symbols: symbols, via: nil, visiting: [], into: &expansion)
        return expansion
    }

    private static func expand(_ steps: [Step], symbols: SymbolTable, via: String?, visiting: [String], into expansion: inout Expansion) {
        for step in steps {
            guard expansion.steps.count <= maximumExpandedSteps, expansion.budget > 0, !expansion.tooDeep else { return }
            expansion.budget -= 1
            switch step {
            case .text(let text):
                expansion.steps.append((text, via))
            case .use(let name):
                guard !visiting.contains(name.value), let procedure = symbols.procedures[name.value] else { continue }
                guard visiting.count < maximumNesting else {
                    expansion.tooDeep = true
                    return
                }
                expand(procedure.steps, symbols: symbols, via: name.value, visiting: visiting + [name.value], into: &expansion)
            }
        }
    }
}

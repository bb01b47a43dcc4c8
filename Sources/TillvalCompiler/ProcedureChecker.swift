import TillvalSyntax

/// Checks `use:` references of every step list and that procedures do not
/// use each other in a cycle, so splicing them into scenarios terminates.
enum ProcedureChecker {
    /// The resolved `use:` steps of each procedure whose uses all resolve.
    static func check(symbols: SymbolTable, sink: inout DiagnosticSink) -> [String: [Int: Reference]] {
        let procedures = symbols.unique.procedures
        var resolved: [String: [Int: Reference]] = [:]
        for procedure in procedures {
            resolved[procedure.id.value] = checkUses(procedure.steps, symbols: symbols, sink: &sink)
        }
        let cycles = CycleFinder().cycles(nodes: procedures.map(\.id.value)) { id in
            symbols.procedures[id].map { uses($0.steps) }
        }
        for cycle in cycles {
            sink.emit(CheckMessage.procedureCycle(cycle.members), at: cycle.edges.first,
                      notes: cycle.edges.dropFirst().map { DiagnosticNote(CheckMessage.Note.cycleContinuesHere, at: $0) },
                      suggestion: Suggestion(CheckMessage.Help.removeOneUse))
        }
        return resolved
    }

    /// The `use:` steps of a step list, resolved, by their index; nil when one does not resolve.
    static func checkUses(_ steps: [Step], symbols: SymbolTable, sink: inout DiagnosticSink) -> [Int: Reference]? {
        var resolved: [Int: Reference]? = [:]
        for (index, step) in steps.enumerated() {
            guard case .use(let name) = step else { continue }
            if let procedure = symbols.resolve(name, in: symbols.procedures, as: .procedure, sink: &sink) {
                resolved?[index] = Reference(name.value, at: name.range, target: procedure.id.range)
            } else {
                resolved = nil
            }
        }
        return resolved
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

    /// One step text of an expansion: where it is (its index in the step
    /// list of the scenario, or of the procedure it came through) and the
    /// `use:` that brought it (the innermost one), if any.
    struct Expanded {
        var index: Int
        var via: Located<String>?
    }

    /// Every step text a step list expands to, procedures spliced in. Stops
    /// at cycles, which are reported elsewhere, one step past
    /// `maximumExpandedSteps`, and after `maximumVisits`; a scenario whose
    /// steps go that far is reported (E0902) and the expansion is nil.
    static func expand(_ scenario: ScenarioDeclaration, symbols: SymbolTable, sink: inout DiagnosticSink) -> [Expanded]? {
        var expansion = Expansion()
        expand(scenario.steps, symbols: symbols, via: nil, visiting: [], into: &expansion)
        guard expansion.steps.count > maximumExpandedSteps || expansion.budget <= 0 || expansion.tooDeep else { return expansion.steps }
        let limit: CheckMessage.StepLimit = expansion.tooDeep ? .nesting(maximumNesting)
            : expansion.budget <= 0 ? .visits(maximumVisits) : .steps(maximumExpandedSteps)
        sink.emit(CheckMessage.tooManySteps(scenario: scenario.id.value, limit), at: scenario.id.range, suggestion: Suggestion(CheckMessage.Help.useProceduresOnce))
        return nil
    }

    private struct Expansion {
        var steps: [Expanded] = []
        var budget = maximumVisits
        var tooDeep = false
    }

    private static func expand(_ steps: [Step], symbols: SymbolTable, via: Located<String>?, visiting: [String], into expansion: inout Expansion) {
        for (index, step) in steps.enumerated() {
            guard expansion.steps.count <= maximumExpandedSteps, expansion.budget > 0, !expansion.tooDeep else { return }
            expansion.budget -= 1
            switch step {
            case .text:
                expansion.steps.append(Expanded(index: index, via: via))
            case .use(let name):
                guard !visiting.contains(name.value), let procedure = symbols.procedures[name.value] else { continue }
                guard visiting.count < maximumNesting else {
                    expansion.tooDeep = true
                    return
                }
                expand(procedure.steps, symbols: symbols, via: name, visiting: visiting + [name.value], into: &expansion)
            }
        }
    }
}

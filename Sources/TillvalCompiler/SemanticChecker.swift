import TillvalPlan
import TillvalSyntax

/// Runs every semantic check over a decoded rule set. Each declaration is
/// checked on its own, so an error in one never hides the errors of another.
enum SemanticChecker {
    /// `complete` is false when some file could not be read whole: then the
    /// checks that reason about the whole rule set (coverage, unused
    /// declarations) stay silent, since what is missing would only show up
    /// as false gaps and warnings.
    static func check(symbols: SymbolTable, complete: Bool, sink: inout DiagnosticSink) {
        ProductGraphChecker.check(symbols: symbols, sink: &sink)
        ProcedureChecker.check(symbols: symbols, sink: &sink)
        checkCollaborations(symbols: symbols, sink: &sink)
        checkPreconditions(symbols: symbols, sink: &sink)
        checkEmails(symbols: symbols, sink: &sink)
        for procedure in symbols.unique.procedures {
            checkStepTexts(procedure.steps, symbols: symbols, sink: &sink)
        }
        var candidates: [String: [CoverageChecker.Candidate]] = [:]
        var uncheckable: Set<String> = []
        for scenario in symbols.unique.scenarios {
            let (collaboration, tests) = checkScenario(scenario, symbols: symbols, sink: &sink)
            guard let collaboration else { continue }
            if let tests {
                candidates[collaboration, default: []].append(CoverageChecker.Candidate(scenario: scenario, tests: tests))
            } else {
                uncheckable.insert(collaboration)
            }
        }
        // A scenario id declared twice (E0201) leaves one of the two unchecked:
        // a coverage gap or overlap of its collaboration would only follow from that.
        var ids: [String: Int] = [:]
        for scenario in symbols.declarations.scenarios { ids[scenario.id.value, default: 0] += 1 }
        for scenario in symbols.declarations.scenarios where ids[scenario.id.value, default: 0] > 1 {
            if let collaboration = scenario.collaboration { uncheckable.insert(collaboration.value) }
        }
        guard complete else { return }
        for collaboration in symbols.unique.collaborations where !uncheckable.contains(collaboration.id.value) {
            CoverageChecker.check(collaboration, candidates: candidates[collaboration.id.value] ?? [], sink: &sink)
        }
        UsageChecker.check(symbols: symbols, sink: &sink)
    }

    private static func checkCollaborations(symbols: SymbolTable, sink: inout DiagnosticSink) {
        for collaboration in symbols.unique.collaborations {
            checkList(collaboration.products, what: "offered", symbols: symbols, sink: &sink) {
                symbols.resolve($0, in: symbols.products, as: .product, sink: &$1)
            }
            var seen: [String: SourceRange] = [:]
            checkRequirements(collaboration.requires, seen: &seen, symbols: symbols, sink: &sink)
        }
    }

    /// Resolves each required precondition once; one already in `seen` is the warning W0103.
    private static func checkRequirements(_ requirements: [Located<String>], seen: inout [String: SourceRange],
                                          symbols: SymbolTable, sink: inout DiagnosticSink) {
        for requirement in requirements {
            if let first = seen[requirement.value] {
                sink.emit(.repeatedPrecondition, "precondition '\(requirement.value.excerpt)' is required twice", at: requirement.range,
                          notes: [DiagnosticNote("first required here", at: first)], suggestion: Suggestion("remove the repetition"))
                continue
            }
            seen[requirement.value] = requirement.range
            _ = symbols.resolve(requirement, in: symbols.preconditions, as: .precondition, sink: &sink)
        }
    }

    private static func checkList(_ items: [Located<String>], what: String, symbols: SymbolTable, sink: inout DiagnosticSink,
                                  resolve: (Located<String>, inout DiagnosticSink) -> Bool) {
        var seen: [String: SourceRange] = [:]
        for item in items {
            if let first = seen[item.value] {
                sink.emit(.duplicateListItem, "'\(item.value.excerpt)' is \(what) twice", at: item.range,
                          notes: [DiagnosticNote("first here", at: first)], suggestion: Suggestion("remove one of them"))
                continue
            }
            seen[item.value] = item.range
            _ = resolve(item, &sink)
        }
    }

    private static func checkPreconditions(symbols: SymbolTable, sink: inout DiagnosticSink) {
        for precondition in symbols.unique.preconditions {
            if let check = precondition.check {
                _ = ConditionChecker.check(check, offered: nil, symbols: symbols, sink: &sink)
            }
            if let unmet = precondition.unmet {
                _ = TemplateChecker.check(unmet, scope: .request("an 'unmet' text"), symbols: symbols, sink: &sink)
            }
        }
    }

    private static func checkEmails(symbols: SymbolTable, sink: inout DiagnosticSink) {
        for email in symbols.unique.emails {
            if let to = email.to, to.value != "administrator" {
                EffectChecker.checkEmailFact(to, role: "a recipient", symbols: symbols, sink: &sink)
            }
            for text in [email.subject, email.body].compactMap({ $0 }) {
                _ = TemplateChecker.check(text, scope: .emailTemplate, symbols: symbols, sink: &sink)
            }
        }
    }

    private static func checkStepTexts(_ steps: [Step], symbols: SymbolTable, sink: inout DiagnosticSink) {
        for case .text(let text) in steps {
            _ = TemplateChecker.check(text, scope: .request("a step"), symbols: symbols, sink: &sink)
        }
    }

    /// The scenario's collaboration (when known) and its typed `when` (nil when wrong).
    private static func checkScenario(_ scenario: ScenarioDeclaration, symbols: SymbolTable, sink: inout DiagnosticSink) -> (String?, [TypedTest]?) {
        var collaboration: CollaborationDeclaration?
        if let name = scenario.collaboration,
           symbols.resolve(name, in: symbols.collaborations, as: .collaboration, sink: &sink) {
            collaboration = symbols.collaborations[name.value]
        }
        var tests: [TypedTest]?
        if let when = scenario.when {
            tests = ConditionChecker.check(when, offered: collaboration.map { $0.products.map(\.value) }, symbols: symbols, sink: &sink)
        }
        var seen: [String: SourceRange] = [:]
        for requirement in collaboration?.requires ?? [] where seen[requirement.value] == nil {
            seen[requirement.value] = requirement.range
        }
        checkRequirements(scenario.requires, seen: &seen, symbols: symbols, sink: &sink)
        ProcedureChecker.checkUses(scenario.steps, symbols: symbols, sink: &sink)
        ProcedureChecker.checkExpansion(scenario, symbols: symbols, sink: &sink)
        checkStepTexts(scenario.steps, symbols: symbols, sink: &sink)
        let gives = EffectChecker.check(scenario, symbols: symbols, sink: &sink)
        let after = TemplateScope.afterEffects(createsAdministrator: gives.administrator)
        for text in [scenario.outcome, scenario.awaits?.place].compactMap({ $0 }) + scenario.then {
            _ = TemplateChecker.check(text, scope: after, symbols: symbols, sink: &sink)
        }
        return (collaboration?.id.value, scenario.when == nil ? nil : tests)
    }
}

import TillvalPlan
import TillvalSyntax

/// Runs every semantic check over a decoded rule set and builds the checked
/// model while it does. Each declaration is checked on its own, so an error
/// in one never hides the errors of another.
enum SemanticChecker {
    /// The checked rule set, or nil when any check reported an error.
    ///
    /// `complete` is false when some file could not be read whole: then the
    /// checks that reason about the whole rule set (coverage, unused
    /// declarations) stay silent, since what is missing would only show up
    /// as false gaps and warnings. `maximumCoverageRegions` bounds each
    /// collaboration's coverage proof (E0604).
    static func check(symbols: SymbolTable, complete: Bool, maximumCoverageRegions: Int = CombinationSpace.defaultRegionLimit,
                      sink: inout DiagnosticSink) -> CheckedRuleSet? {
        check(symbols: symbols, complete: complete, maximumCoverageRegions: maximumCoverageRegions, keepsScenarios: true, sink: &sink).model
    }

    /// `check` that, unless `keepsScenarios`, keeps no checked scenario: each
    /// is checked (and its diagnostics reported) as always, then counted and
    /// dropped, so the model's collaborations have none. For a compilation
    /// that makes no plan (`tillval check`): the scenarios are most of the
    /// model, and its memory. `scenarios` counts the checked scenarios.
    static func check(symbols: SymbolTable, complete: Bool, maximumCoverageRegions: Int = CombinationSpace.defaultRegionLimit,
                      maximumOverlaps: Int = .max, keepsScenarios: Bool, threads: Int = 1,
                      sink: inout DiagnosticSink) -> (model: CheckedRuleSet?, scenarios: Int) {
        var scanned = ScannedTexts()
        let products = ProductGraphChecker.check(symbols: symbols, sink: &sink)
        let procedureUses = ProcedureChecker.check(symbols: symbols, sink: &sink)
        let offers = checkCollaborations(symbols: symbols, products: products, sink: &sink)
        let preconditions = checkPreconditions(symbols: symbols, scanned: &scanned, sink: &sink)
        let emails = checkEmails(symbols: symbols, scanned: &scanned, sink: &sink)
        var procedures: [String: CheckedProcedure] = [:]
        for procedure in symbols.unique.procedures {
            let texts = checkStepTexts(procedure.steps, symbols: symbols, scanned: &scanned, sink: &sink)
            if let uses = procedureUses[procedure.id.value], let steps = steps(procedure.steps, uses: uses, texts: texts) {
                procedures[procedure.id.value] = CheckedProcedure(id: procedure.id, steps: steps, doc: procedure.doc)
            }
        }
        let context = Context(products: products, preconditions: preconditions, emails: emails, procedures: procedures)
        let (gathered, marked) = checkScenarios(symbols: symbols, context: context, keeps: keepsScenarios, marksUsage: complete,
                                                threads: threads, scanned: &scanned, sink: &sink)
        let (allScenariosChecked, checkedScenarios) = (gathered.allChecked, gathered.count)
        var uncheckable = gathered.uncheckable
        // A scenario id declared twice (E0201) leaves one of the two unchecked:
        // a coverage gap or overlap of its collaboration would only follow from that.
        uncheckable.formUnion(symbols.collaborationsOfRepeatedScenarios)
        if complete {
            // Each collaboration's proof on its own, spread over the cores; the diagnostics in collaboration order.
            let proven = symbols.unique.collaborations.filter { !uncheckable.contains($0.id.value) }
            let proofs = Parallel.slices(proven.count, width: threads) { range -> DiagnosticSink in
                var own = DiagnosticSink()
                for collaboration in proven[range] {
                    CoverageChecker.check(collaboration, candidates: gathered.candidates[collaboration.id.value] ?? [], maximumRegions: maximumCoverageRegions,
                                          maximumOverlaps: maximumOverlaps, sink: &own)
                }
                return own
            }
            proofs.forEach { sink.append($0) }
            // The scenarios checked on one thread are marked now, after every check, as one scenario after another does.
            var usage = marked.usage
            usage.mark(symbols.unique.scenarios[marked.unmarked...], symbols: symbols, scanned: scanned)
            usage.warn(symbols: symbols, sink: &sink)
        }
        let tests = TestChecker.check(symbols: symbols, sink: &sink)
        // Every text's placeholders and the scenarios' tests are not read again: freed on another thread.
        let scenarios = gathered.scenarios
        if threads > 1 { Parallel.release((consume scanned, consume gathered)) }
        guard !sink.hasErrors, allScenariosChecked, let tests else { return (nil, checkedScenarios) }
        var checked = assemble(symbols: symbols, context: context, offers: offers, scenarios: scenarios)
        checked?.tests = tests
        return (checked, checkedScenarios)
    }

    /// `checkScenario` for every scenario, in order. The scenarios are
    /// checked in slices on the machine's cores (`Parallel`; a scenario's
    /// checks read only the symbols and the context, and write only the
    /// scanned texts and the sink), each slice reading what was scanned
    /// before it (`ScannedTexts.forSlice`, not copied) and with a sink and a
    /// speller of its own, gathering what its scenarios give (`Gathered`);
    /// the slices' diagnostics and what they gathered are then taken in
    /// scenario order, which is what one scenario after another gives. Except for did-you-mean: the speller's
    /// budget is spent in the order questions come, so from the first slice
    /// that asked its speller anything (a misspelt name), the slices' work
    /// is dropped and those scenarios are checked again one after another
    /// with the rule set's speller. The scenarios of a rule set without such
    /// a mistake are checked once.
    ///
    /// When `marksUsage`, each slice also marks what each of its scenarios
    /// reaches (`UsageChecker.mark`) right after checking it, with its own
    /// speller (a slice keeps a scenario's own texts only until then:
    /// `ScannedTexts.startScenario`); the marks of the slices taken are
    /// returned joined, with the index of the first scenario not marked:
    /// those checked on this thread are marked by the caller after every
    /// other check, in the order one scenario after another asks the
    /// speller.
    private static func checkScenarios(symbols: SymbolTable, context: Context, keeps: Bool, marksUsage: Bool, threads: Int,
                                       scanned: inout ScannedTexts, sink: inout DiagnosticSink)
                                       -> (gathered: Gathered, marked: (usage: UsageChecker, unmarked: Int)) {
        let scenarios = symbols.unique.scenarios
        func oneByOne(_ scenarios: ArraySlice<ScenarioDeclaration>, _ gathered: inout Gathered, _ scanned: inout ScannedTexts,
                      _ sink: inout DiagnosticSink) {
            for scenario in scenarios {
                let (collaboration, tests, checked, valid) = checkScenario(scenario, context: context, symbols: symbols, keeps: keeps,
                                                                           scanned: &scanned, sink: &sink)
                gathered.take(scenario, collaboration: collaboration, tests: tests, checked: checked, valid: valid)
            }
        }
        var gathered = Gathered()
        var usage = UsageChecker()
        guard threads > 1 else {
            oneByOne(scenarios[...], &gathered, &scanned, &sink)
            return (gathered, (usage, 0))
        }
        var before = scanned.forSlice()
        var slices = Parallel.slices(scenarios.count, width: threads, minimum: 64) { range -> ScenarioSlice in
            var slice = ScenarioSlice(range: range, scanned: before)
            let own = symbols.withOwnSpeller()
            for index in range {
                // A scenario's own texts are read only by its checks and its marks, right after.
                slice.scanned.startScenario()
                let (collaboration, tests, checked, valid) = checkScenario(scenarios[index], context: context, symbols: own, keeps: keeps,
                                                                           scanned: &slice.scanned, sink: &slice.sink)
                slice.gathered.take(scenarios[index], collaboration: collaboration, tests: tests, checked: checked, valid: valid)
                if marksUsage { slice.usage.mark(scenarios[index ..< index + 1], symbols: own, scanned: slice.scanned) }
            }
            slice.asked = own.speller.asked
            return slice
        }
        // The slices before the first that asked its speller are what one scenario after another gives;
        // from that one on, the scenarios are checked again on this thread, with the rule set's speller
        // (which nothing has asked yet).
        let kept = slices.firstIndex(where: \.asked) ?? slices.endIndex
        // Nothing may share the table merged into below, or its first change would copy it whole.
        before = ScannedTexts()
        for number in slices.indices { slices[number].scanned.forgetEarlier() }
        for number in 0 ..< kept {
            gathered.append(slices[number].gathered)
            sink.append(slices[number].sink)
            usage.formUnion(slices[number].usage)
            scanned.adopt(slices[number].scanned)
            // Each slice let go of once taken: two copies of every text's placeholders would cost memory.
            slices[number] = ScenarioSlice(range: 0 ..< 0, scanned: ScannedTexts())
        }
        guard kept < slices.endIndex else { return (gathered, (usage, scenarios.endIndex)) }
        let from = slices[kept].range.lowerBound
        slices = []
        oneByOne(scenarios[from...], &gathered, &scanned, &sink)
        return (gathered, (usage, from))
    }

    /// What the scenarios checked give the rest of the checks, taken one
    /// scenario after another (`take`), in each slice and then slice after
    /// slice (`append`): the same, in the same order, as one scenario after
    /// another.
    private struct Gathered {
        /// Each collaboration's scenarios with their typed `when`, in order.
        var candidates: [String: [CoverageChecker.Candidate]] = [:]
        /// Collaborations with a scenario whose `when` is wrong: their coverage is not proven.
        var uncheckable: Set<String> = []
        /// The checked scenarios kept, by collaboration, in order.
        var scenarios: [String: [CheckedScenario]] = [:]
        var allChecked = true
        /// The scenarios that checked.
        var count = 0

        mutating func take(_ scenario: ScenarioDeclaration, collaboration: String?, tests: [TypedTest]?, checked: CheckedScenario?, valid: Bool) {
            if valid {
                count += 1
                if let checked { scenarios[checked.collaboration.name, default: []].append(checked) }
            } else {
                allChecked = false
            }
            guard let collaboration else { return }
            if let tests {
                candidates[collaboration, default: []].append(CoverageChecker.Candidate(scenario: scenario, tests: tests))
            } else {
                uncheckable.insert(collaboration)
            }
        }

        /// Adds what the scenarios after these gave.
        mutating func append(_ later: Gathered) {
            // A collaboration met for the first time takes the later list as it is, not a copy.
            candidates.merge(later.candidates) { earlier, more in earlier + more }
            uncheckable.formUnion(later.uncheckable)
            scenarios.merge(later.scenarios) { earlier, more in earlier + more }
            allChecked = allChecked && later.allChecked
            count += later.count
        }
    }

    /// What one slice of scenarios gave (`checkScenarios`).
    private struct ScenarioSlice {
        /// The scenarios' indices.
        var range: Range<Int>
        var gathered = Gathered()
        var scanned: ScannedTexts
        var sink = DiagnosticSink()
        var usage = UsageChecker()
        var asked = false
    }

    /// What the checks of single declarations proved, by id, for the
    /// declarations that refer to them.
    private struct Context {
        var products: [String: CheckedProduct]
        var preconditions: [String: CheckedPrecondition]
        var emails: [String: CheckedEmail]
        var procedures: [String: CheckedProcedure]
    }

    /// The model of a rule set without errors. Every declaration it names
    /// was checked; a piece missing here is one whose error was reported.
    private static func assemble(symbols: SymbolTable, context: Context, offers: [String: [Resolved<CheckedProduct>]],
                                 scenarios: [String: [CheckedScenario]]) -> CheckedRuleSet? {
        guard let facts = symbols.facts else { return nil }
        var ruleset: CheckedRuleset?
        if let declared = symbols.unique.rulesets.first {
            guard let name = declared.name else { return nil }
            ruleset = CheckedRuleset(name: name, doc: declared.doc, range: declared.range)
        }
        var collaborations: [CheckedCollaboration] = []
        for collaboration in symbols.unique.collaborations {
            guard let title = collaboration.title, let offers = offers[collaboration.id.value],
                  let requires = resolved(collaboration.requires, in: context.preconditions) else { return nil }
            collaborations.append(CheckedCollaboration(
                id: collaboration.id, title: title, doc: collaboration.doc, offers: offers, requires: requires,
                scenarios: scenarios[collaboration.id.value] ?? []))
        }
        func all<D, C>(_ declarations: [D], _ table: [String: C], id: (D) -> String) -> [C]? {
            var checked: [C] = []
            for declaration in declarations {
                guard let one = table[id(declaration)] else { return nil }
                checked.append(one)
            }
            return checked
        }
        guard let products = all(symbols.unique.products, context.products, id: \.id.value),
              let preconditions = all(symbols.unique.preconditions, context.preconditions, id: \.id.value),
              let emails = all(symbols.unique.emails, context.emails, id: \.id.value),
              let procedures = all(symbols.unique.procedures, context.procedures, id: \.id.value) else { return nil }
        return CheckedRuleSet(
            ruleset: ruleset, facts: CheckedFacts(office: facts.office, customer: facts.customer, range: facts.range),
            products: products, collaborations: collaborations, preconditions: preconditions, emails: emails, procedures: procedures, tests: [])
    }

    /// Each distinct reference once, with its checked target; nil when one has none.
    private static func resolved<C: Sendable & Equatable>(_ names: [Located<String>], in table: [String: C],
                                                         target: (C) -> SourceRange) -> [Resolved<C>]? {
        var result: [Resolved<C>] = []
        var seen: Set<String> = []
        for name in names where seen.insert(name.value).inserted {
            guard let checked = table[name.value] else { return nil }
            result.append(Resolved(reference: Reference(name.value, at: name.range, target: target(checked)), target: checked))
        }
        return result
    }

    private static func resolved(_ names: [Located<String>], in table: [String: CheckedPrecondition]) -> [Resolved<CheckedPrecondition>]? {
        resolved(names, in: table) { $0.id.range }
    }

    /// The offered products of each collaboration, each once, when all resolve.
    private static func checkCollaborations(symbols: SymbolTable, products: [String: CheckedProduct],
                                            sink: inout DiagnosticSink) -> [String: [Resolved<CheckedProduct>]] {
        var offers: [String: [Resolved<CheckedProduct>]] = [:]
        for collaboration in symbols.unique.collaborations {
            checkList(collaboration.products, what: .offered, symbols: symbols, sink: &sink) {
                symbols.resolve($0, in: symbols.products, as: .product, sink: &$1)
            }
            var seen: [String: SourceRange] = [:]
            checkRequirements(collaboration.requires, seen: &seen, symbols: symbols, sink: &sink)
            if let offered = resolved(collaboration.products, in: products, target: { $0.id.range }) {
                offers[collaboration.id.value] = offered
            }
        }
        return offers
    }

    /// Resolves each required precondition once; one already in `seen` is the warning W0103.
    private static func checkRequirements(_ requirements: [Located<String>], seen: inout [String: SourceRange],
                                          symbols: SymbolTable, sink: inout DiagnosticSink) {
        for requirement in requirements {
            if let first = seen[requirement.value] {
                sink.emit(CheckMessage.requiredTwice(precondition: requirement.value), at: requirement.range,
                          notes: [DiagnosticNote(CheckMessage.Note.firstRequiredHere, at: first)], suggestion: Suggestion(CheckMessage.Help.removeRepetition))
                continue
            }
            seen[requirement.value] = requirement.range
            symbols.resolve(requirement, in: symbols.preconditions, as: .precondition, sink: &sink)
        }
    }

    private static func checkList(_ items: [Located<String>], what: CheckMessage.ListRole, symbols: SymbolTable, sink: inout DiagnosticSink,
                                  resolve: (Located<String>, inout DiagnosticSink) -> Void) {
        var seen: [String: SourceRange] = [:]
        for item in items {
            if let first = seen[item.value] {
                sink.emit(CheckMessage.listedTwice(item.value, what), at: item.range,
                          notes: [DiagnosticNote(CheckMessage.Note.firstHere, at: first)], suggestion: Suggestion(CheckMessage.Help.removeOneOfThem))
                continue
            }
            seen[item.value] = item.range
            resolve(item, &sink)
        }
    }

    private static func checkPreconditions(symbols: SymbolTable, scanned: inout ScannedTexts,
                                           sink: inout DiagnosticSink) -> [String: CheckedPrecondition] {
        var checked: [String: CheckedPrecondition] = [:]
        for precondition in symbols.unique.preconditions {
            let tests = precondition.check.flatMap { ConditionChecker.check($0, offered: nil, symbols: symbols, sink: &sink) }
            let unmet = precondition.unmet.flatMap {
                TemplateChecker.check($0, scope: .request("an 'unmet' text"), symbols: symbols, scanned: &scanned, sink: &sink)
            }
            if let summary = precondition.summary, let tests, let unmet {
                checked[precondition.id.value] = CheckedPrecondition(id: precondition.id, summary: summary, doc: precondition.doc,
                                                                     check: tests, unmet: unmet)
            }
        }
        return checked
    }

    private static func checkEmails(symbols: SymbolTable, scanned: inout ScannedTexts, sink: inout DiagnosticSink) -> [String: CheckedEmail] {
        var checked: [String: CheckedEmail] = [:]
        for email in symbols.unique.emails {
            var recipient: CheckedEmail.Recipient?
            switch email.to {
            case .administrator(let range): recipient = .administrator(range)
            case .fact(let path): recipient = EffectChecker.checkEmailFact(path, role: .recipient, symbols: symbols, sink: &sink).map { .fact($0) }
            case nil: recipient = nil
            }
            let subject = email.subject.flatMap { TemplateChecker.check($0, scope: .emailTemplate, symbols: symbols, scanned: &scanned, sink: &sink) }
            let body = email.body.flatMap { TemplateChecker.check($0, scope: .emailTemplate, symbols: symbols, scanned: &scanned, sink: &sink) }
            if let recipient, let subject, let body {
                checked[email.id.value] = CheckedEmail(id: email.id, to: recipient, subject: subject, body: body, doc: email.doc)
            }
        }
        return checked
    }

    /// The checked template of each text step, by its index; nil when one is wrong.
    private static func checkStepTexts(_ steps: [Step], symbols: SymbolTable, scanned: inout ScannedTexts,
                                       sink: inout DiagnosticSink) -> [Int: CheckedTemplate]? {
        var texts: [Int: CheckedTemplate]? = [:]
        for (index, step) in steps.enumerated() {
            guard case .text(let text) = step else { continue }
            if let template = TemplateChecker.check(text, scope: .request("a step"), symbols: symbols, scanned: &scanned, sink: &sink) {
                texts?[index] = template
            } else {
                texts = nil
            }
        }
        return texts
    }

    /// A step list with its uses and texts checked, in order.
    private static func steps(_ steps: [Step], uses: [Int: Reference], texts: [Int: CheckedTemplate]?) -> [CheckedProcedure.Step]? {
        guard let texts else { return nil }
        var checked: [CheckedProcedure.Step] = []
        for index in steps.indices {
            if let text = texts[index] {
                checked.append(.text(text))
            } else if let use = uses[index] {
                checked.append(.use(use))
            } else {
                return nil
            }
        }
        return checked
    }

    /// The scenario's collaboration (when known), its typed `when` (nil when
    /// wrong), the checked scenario (nil when anything in it is wrong, or
    /// when it is not to be kept) and whether it checked: unless `keeps`,
    /// the checked scenario is not built, only whether it could be.
    private static func checkScenario(_ scenario: ScenarioDeclaration, context: Context, symbols: SymbolTable, keeps: Bool,
                                      scanned: inout ScannedTexts, sink: inout DiagnosticSink) -> (String?, [TypedTest]?, CheckedScenario?, Bool) {
        var collaboration: CollaborationDeclaration?
        if let name = scenario.collaboration {
            collaboration = symbols.resolve(name, in: symbols.collaborations, as: .collaboration, sink: &sink)
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
        let uses = ProcedureChecker.checkUses(scenario.steps, symbols: symbols, sink: &sink)
        let expansion = ProcedureChecker.expand(scenario, symbols: symbols, sink: &sink)
        let ownTexts = checkStepTexts(scenario.steps, symbols: symbols, scanned: &scanned, sink: &sink)
        let (gives, effects) = EffectChecker.check(scenario, products: context.products, emails: context.emails, symbols: symbols,
                                                   scanned: &scanned, sink: &sink)
        let after = TemplateScope.afterEffects(createsAdministrator: gives.administrator)
        func checkAfter(_ text: SourceText) -> CheckedTemplate? {
            TemplateChecker.check(text, scope: after, symbols: symbols, scanned: &scanned, sink: &sink)
        }
        // Each optional text is checked when written; `valid` turns false when one is wrong.
        var valid = true
        func optional(_ text: SourceText?) -> CheckedTemplate? {
            guard let text else { return nil }
            let template = checkAfter(text)
            if template == nil { valid = false }
            return template
        }
        let outcome = optional(scenario.outcome)
        let place = optional(scenario.awaits?.place)
        let then = scenario.then.compactMap(optional)
        let typed = scenario.when == nil ? nil : tests

        guard valid, let collaboration, let name = scenario.collaboration, let title = scenario.title, let tests = typed, uses != nil,
              let expansion, let ownTexts, let effects else {
            return (collaboration?.id.value, typed, nil, false)
        }
        guard keeps else {
            let checks = (collaboration.requires + scenario.requires).allSatisfy { context.preconditions[$0.value] != nil }
                && expands(expansion, ownTexts: ownTexts, procedures: context.procedures)
            return (collaboration.id.value, typed, nil, checks)
        }
        guard let requires = resolved(collaboration.requires + scenario.requires, in: context.preconditions),
              let steps = expanded(expansion, ownTexts: ownTexts, procedures: context.procedures) else {
            return (collaboration.id.value, typed, nil, false)
        }
        var awaits: CheckedAwaits?
        if let declared = scenario.awaits, let place {
            awaits = CheckedAwaits(who: declared.who, approves: declared.approves, place: place)
        }
        let checked = CheckedScenario(
            id: scenario.id, title: title, doc: scenario.doc,
            collaboration: Reference(name.value, at: name.range, target: collaboration.id.range), when: tests,
            preconditions: requires, steps: steps, effects: effects, awaits: awaits, outcome: outcome, then: then)
        return (collaboration.id.value, typed, checked, true)
    }

    /// Whether `expanded` makes the checked steps of `expansion` (is not nil), without making them.
    private static func expands(_ expansion: [ProcedureChecker.Expanded], ownTexts: [Int: CheckedTemplate],
                                procedures: [String: CheckedProcedure]) -> Bool {
        expansion.allSatisfy { step in
            guard let via = step.via else { return ownTexts[step.index] != nil }
            guard let procedure = procedures[via.value], procedure.steps.indices.contains(step.index),
                  case .text = procedure.steps[step.index] else { return false }
            return true
        }
    }

    /// The checked steps of an expansion: each text's template from the
    /// step list it is written in (the scenario's, or a procedure's).
    private static func expanded(_ expansion: [ProcedureChecker.Expanded], ownTexts: [Int: CheckedTemplate],
                                 procedures: [String: CheckedProcedure]) -> [CheckedStep]? {
        var steps: [CheckedStep] = []
        for step in expansion {
            let template: CheckedTemplate?
            var through: Reference?
            if let via = step.via {
                guard let procedure = procedures[via.value], procedure.steps.indices.contains(step.index),
                      case .text(let text) = procedure.steps[step.index] else { return nil }
                template = text
                through = Reference(via.value, at: via.range, target: procedure.id.range)
            } else {
                template = ownTexts[step.index]
            }
            guard let template else { return nil }
            steps.append(CheckedStep(text: template, procedure: through))
        }
        return steps
    }
}

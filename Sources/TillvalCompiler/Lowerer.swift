import TillvalPlan
import TillvalSyntax

/// Builds the plan from a rule set that passed every check. It re-reads
/// conditions and texts through the same checkers, so lowering cannot
/// disagree with checking; anything unexpected is left out, never guessed.
struct Lowerer {
    let symbols: SymbolTable

    func lower(digest: String, sources: [PlanSource]) -> Plan {
        let declarations = symbols.unique
        let ruleset = declarations.rulesets.first
        let facts = PlanFacts(office: (symbols.facts?.office ?? []).map(lower), customer: (symbols.facts?.customer ?? []).map(lower))
        let products = declarations.products.map { product in
            PlanProduct(id: product.id.value, name: product.name?.text ?? product.id.value, doc: product.doc,
                        includes: product.includes.map(\.value), activatedThrough: product.activatedThrough?.value)
        }
        let scenariosByCollaboration = Dictionary(grouping: declarations.scenarios) { $0.collaboration?.value ?? "" }
        let collaborations = declarations.collaborations.map { collaboration in
            var offers: [PlanService] = []
            var offered: Set<String> = []
            for product in collaboration.products where offered.insert(product.value).inserted {
                offers.append(service(for: product.value))
            }
            let scenarios = (scenariosByCollaboration[collaboration.id.value] ?? []).map { lower($0, collaboration) }
            return PlanCollaboration(id: collaboration.id.value, title: collaboration.title?.text ?? "", doc: collaboration.doc,
                                     origin: origin(collaboration.id.range), offers: offers, scenarios: scenarios)
        }
        return Plan(digest: digest, name: ruleset?.name?.text, doc: ruleset?.doc, sources: sources, facts: facts,
                    products: products, collaborations: collaborations)
    }

    private func origin(_ range: SourceRange) -> PlanOrigin {
        PlanOrigin(file: range.start.file, line: range.start.line, column: range.start.column)
    }

    private func lower(_ fact: FactDeclaration) -> PlanFact {
        let type: PlanFactType
        switch fact.type {
        case .text: type = .text
        case .email: type = .email
        case .bool: type = .bool
        case .list: type = .list
        case .oneOf(let values): type = .oneOf(values.map(\.value))
        }
        return PlanFact(name: fact.name.value, type: type, optional: fact.optional, doc: fact.doc)
    }

    private func service(for product: String) -> PlanService {
        guard let through = symbols.products[product]?.activatedThrough?.value else {
            return PlanService(product: product, service: product, restrictedTo: nil)
        }
        return PlanService(product: product, service: through, restrictedTo: product)
    }

    private func template(_ text: SourceText?, _ scope: TemplateScope) -> PlanTemplate {
        guard let text else { return PlanTemplate(literal: "") }
        var sink = DiagnosticSink()
        return TemplateChecker.check(text, scope: scope, symbols: symbols, sink: &sink) ?? PlanTemplate(literal: text.text)
    }

    private func tests(_ condition: Condition?, offered: [String]?) -> [PlanTest] {
        guard let condition else { return [] }
        var sink = DiagnosticSink()
        let typed = ConditionChecker.check(condition, offered: offered, symbols: symbols, sink: &sink) ?? []
        return typed.map { PlanTest(fact: $0.fact, test: $0.kind, origin: origin($0.range)) }
    }

    private func lower(_ scenario: ScenarioDeclaration, _ collaboration: CollaborationDeclaration) -> PlanScenario {
        var requirementIDs: [String] = []
        var seen: Set<String> = []
        for requirement in collaboration.requires + scenario.requires where seen.insert(requirement.value).inserted {
            requirementIDs.append(requirement.value)
        }
        let preconditions = requirementIDs.compactMap { symbols.preconditions[$0] }.map { precondition in
            PlanPrecondition(id: precondition.id.value, summary: precondition.summary?.text ?? "", doc: precondition.doc,
                             check: tests(precondition.check, offered: nil),
                             unmet: template(precondition.unmet, .request("an 'unmet' text")), origin: origin(precondition.id.range))
        }
        let steps = ProcedureChecker.expand(scenario.steps, symbols: symbols).map { step in
            PlanStep(text: template(step.text, .request("a step")), origin: origin(step.text.range), procedure: step.procedure)
        }
        var createsAdministrator = false
        let effects = scenario.effects.compactMap { effect -> PlanEffect? in
            let at = origin(effect.range)
            switch effect.name {
            case .activateCollaboration:
                return PlanEffect(.activateCollaboration, origin: at)
            case .activateService:
                return PlanEffect(.activateService(effect.product.map { service(for: $0.value) }), origin: at)
            case .createAdministrator:
                createsAdministrator = true
                guard let path = effect.email.flatMap({ FactPath(path: $0.value) }) else { return nil }
                return PlanEffect(.createAdministrator(portal: template(effect.portal, .request("'portal'")), email: path), origin: at)
            case .sendEmail:
                guard let email = effect.template.flatMap({ symbols.emails[$0.value] }) else { return nil }
                let recipient: PlanEmail.Recipient
                if email.goesToAdministrator {
                    recipient = .administrator
                } else if let path = email.to.flatMap({ FactPath(path: $0.value) }) {
                    recipient = .fact(path)
                } else {
                    return nil
                }
                return PlanEffect(.sendEmail(PlanEmail(
                    id: email.id.value, to: recipient, subject: template(email.subject, .emailTemplate),
                    body: template(email.body, .emailTemplate), origin: origin(email.id.range))), origin: at)
            }
        }
        let after = TemplateScope.afterEffects(createsAdministrator: createsAdministrator)
        let awaits = scenario.awaits.flatMap { awaits -> PlanAwait? in
            guard let who = Approver(rawValue: awaits.who.value), let approves = ApprovalSubject(rawValue: awaits.approves.value) else { return nil }
            return PlanAwait(who: who, approves: approves, where: template(awaits.place, after))
        }
        return PlanScenario(
            id: scenario.id.value, title: scenario.title?.text ?? "", doc: scenario.doc, origin: origin(scenario.id.range),
            when: tests(scenario.when, offered: collaboration.products.map(\.value)), preconditions: preconditions,
            steps: steps, effects: effects, awaits: awaits, outcome: scenario.outcome.map { template($0, after) },
            then: scenario.then.map { template($0, after) })
    }
}

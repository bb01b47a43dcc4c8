import TillvalPlan
import TillvalSyntax

/// Builds the plan from the checked model: a total function of it. It
/// checks nothing, parses nothing and reports nothing; everything it reads
/// was proven by `SemanticChecker`, so there is nothing to fall back on.
enum Lowerer {
    static func lower(_ rules: CheckedRuleSet, digest: String, sources: [PlanSource]) -> Plan {
        Plan(digest: digest, name: rules.ruleset?.name.text, doc: rules.ruleset?.doc, sources: sources,
             facts: PlanFacts(office: rules.facts.office.map(lower), customer: rules.facts.customer.map(lower)),
             products: rules.products.map { product in
                 PlanProduct(id: product.id.value, name: product.name.text, doc: product.doc,
                             includes: product.includes.map(\.name), activatedThrough: product.activatedThrough?.name)
             },
             collaborations: rules.collaborations.map(lower))
    }

    private static func origin(_ range: SourceRange) -> SourceLocation {
        range.start
    }

    private static func lower(_ fact: FactDeclaration) -> PlanFact {
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

    /// A product's service: itself, or the product it is activated through,
    /// restricted to it.
    private static func service(_ product: CheckedProduct) -> PlanService {
        guard let through = product.activatedThrough else {
            return PlanService(product: product.id.value, service: product.id.value, restrictedTo: nil)
        }
        return PlanService(product: product.id.value, service: through.name, restrictedTo: product.id.value)
    }

    private static func lower(_ collaboration: CheckedCollaboration) -> PlanCollaboration {
        PlanCollaboration(id: collaboration.id.value, title: collaboration.title.text, doc: collaboration.doc,
                          origin: origin(collaboration.id.range), offers: collaboration.offers.map { service($0.target) },
                          scenarios: collaboration.scenarios.map(lower))
    }

    private static func lower(_ tests: [TypedTest]) -> [PlanTest] {
        tests.map { PlanTest(fact: $0.fact, test: $0.kind, origin: origin($0.range)) }
    }

    private static func lower(_ precondition: CheckedPrecondition) -> PlanPrecondition {
        PlanPrecondition(id: precondition.id.value, summary: precondition.summary.text, doc: precondition.doc,
                         check: lower(precondition.check), unmet: precondition.unmet.template, origin: origin(precondition.id.range))
    }

    private static func lower(_ email: CheckedEmail) -> PlanEmail {
        let recipient: PlanEmail.Recipient
        switch email.to {
        case .administrator: recipient = .administrator
        case .fact(let fact): recipient = .fact(fact.path)
        }
        return PlanEmail(id: email.id.value, to: recipient, subject: email.subject.template, body: email.body.template,
                         origin: origin(email.id.range))
    }

    private static func lower(_ effect: CheckedEffect) -> PlanEffect {
        switch effect {
        case .activateCollaboration(let at):
            return PlanEffect(.activateCollaboration, origin: origin(at))
        case .activateService(let product, let at):
            return PlanEffect(.activateService(product.map { service($0.target) }), origin: origin(at))
        case .createAdministrator(let portal, let email, let at):
            return PlanEffect(.createAdministrator(portal: portal.template, email: email.path), origin: origin(at))
        case .sendEmail(let email, let at):
            return PlanEffect(.sendEmail(lower(email.target)), origin: origin(at))
        }
    }

    private static func lower(_ scenario: CheckedScenario) -> PlanScenario {
        PlanScenario(
            id: scenario.id.value, title: scenario.title.text, doc: scenario.doc, origin: origin(scenario.id.range),
            when: lower(scenario.when), preconditions: scenario.preconditions.map { lower($0.target) },
            steps: scenario.steps.map { PlanStep(text: $0.text.template, origin: origin($0.text.text.range), procedure: $0.procedure?.name) },
            effects: scenario.effects.map(lower),
            awaits: scenario.awaits.map { PlanAwait(who: $0.who.value, approves: $0.approves.value, where: $0.place.template) },
            outcome: scenario.outcome?.template, then: scenario.then.map(\.template))
    }
}

import TillvalPlan
import TillvalSyntax

/// Picks the scenario for a bound request and renders everything it would
/// do. Pure: it reads the plan and the request, and changes nothing.
public struct RequestPlanner: Sendable {
    public let plan: Plan

    public init(plan: Plan) {
        self.plan = plan
    }

    /// The whole plan for `request`, or diagnostics when the request cannot
    /// be planned (no scenario matches, or a text would break an email subject).
    public func plan(_ request: Request) -> Result<RequestPlan, RequestFailure> {
        guard let collaboration = plan.collaboration(request.collaboration),
              let offer = collaboration.offer(request.product) else {
            return .failure(RequestFailure(diagnostics: [RequestPlanningMessage.productNotOffered(
                collaboration: request.collaboration, product: request.product).diagnostic(at: request.positions[FactPath.product.description])]))
        }
        // The one scenario that matches, found by index: filtering copied every matching scenario whole.
        let all = collaboration.scenarios
        var found: Int?
        var count = 0
        for index in all.indices where all[index].when.allSatisfy({ holds($0, request) }) {
            count += 1
            if found == nil { found = index }
        }
        guard count == 1, let found else {
            let matching = scenarios(matching: request, in: collaboration)
            return .failure(RequestFailure(diagnostics: [RequestPlanningMessage.noSingleScenario(
                collaboration: collaboration.id, matching: matching.map(\.id)).diagnostic(at: SourceRange(at: request.origin))]))
        }
        let scenario = all[found]
        let context = TemplateContext(plan: plan, request: request, collaboration: collaboration, offer: offer)
        if let failure = subjectLineBreaks(scenario, context: context) { return .failure(failure) }

        let preconditions = scenario.preconditions.map { precondition -> PreconditionResult in
            let holds = precondition.check.allSatisfy { self.holds($0, request) }
            return PreconditionResult(id: precondition.id, summary: precondition.summary, holds: holds,
                                      unmet: holds ? nil : context.render(precondition.unmet), origin: precondition.origin)
        }
        let steps = scenario.steps.enumerated().map { index, step in
            RenderedStep(number: index + 1, text: context.render(step.text), procedure: step.procedure, origin: step.origin)
        }
        var effects: [PlannedEffect] = []
        for effect in scenario.effects {
            switch effect.action {
            case .activateCollaboration:
                effects.append(PlannedEffect(action: .activateCollaboration(
                    collaboration: Named(id: collaboration.id, name: collaboration.title), product: context.named(offer.product)), origin: effect.origin))
            case .activateService(let explicit):
                let service = explicit ?? offer
                effects.append(PlannedEffect(action: .activateService(
                    service: context.named(service.service), restrictedTo: service.restrictedTo.map(context.named)), origin: effect.origin))
            case .createAdministrator(let portal, let email):
                let address = request.facts[email]?.rendered ?? ""
                let portalText = context.render(portal)
                context.administrator = (email: address, portal: portalText)
                effects.append(PlannedEffect(action: .createAdministrator(portal: portalText, email: address), origin: effect.origin))
            case .sendEmail(let email):
                let recipient: String
                switch email.to {
                case .administrator: recipient = context.administrator?.email ?? ""
                case .fact(let path): recipient = request.facts[path]?.rendered ?? ""
                }
                effects.append(PlannedEffect(action: .sendEmail(RenderedEmail(
                    template: email.id, to: recipient, subject: context.render(email.subject), body: context.render(email.body))), origin: effect.origin))
            }
        }
        let matched = scenario.when.map { test in
            MatchedTest(test: test.summary, value: value(test.fact, request), origin: test.origin)
        }
        return .success(RequestPlan(
            planDigest: plan.digest, customerID: request.customerID,
            collaboration: Named(id: collaboration.id, name: collaboration.title),
            product: context.named(offer.product), service: context.named(offer.service),
            restrictedTo: offer.restrictedTo.map(context.named), task: request.task,
            scenario: ScenarioChoice(id: scenario.id, title: scenario.title, origin: scenario.origin, matched: matched),
            preconditions: preconditions, steps: steps, effects: effects,
            awaits: scenario.awaits.map { RenderedAwait(who: $0.who, approves: $0.approves, place: context.render($0.where)) },
            outcome: scenario.outcome.map(context.render), then: scenario.then.map(context.render),
            sender: sender(request)))
    }

    /// The office as the sender of the request's emails: `office.name` when
    /// it is a declared `text` fact, `office.email` when it is a declared `email` fact.
    private func sender(_ request: Request) -> EmailSender {
        func value(_ sender: SenderFact) -> String? {
            guard plan.facts.fact(sender.path)?.type.kind == sender.kind, case .text(let text)? = request.facts[sender.path] else { return nil }
            return text
        }
        return EmailSender(name: value(.name), address: value(.address))
    }

    /// The scenarios of `collaboration` whose `when` holds for `request`:
    /// exactly one for a request `plan` can plan. (Routing in `tillval diff`
    /// asks this, so that it means what `plan` does.)
    public func scenarios(matching request: Request, in collaboration: PlanCollaboration) -> [PlanScenario] {
        collaboration.scenarios.filter { scenario in scenario.when.allSatisfy { holds($0, request) } }
    }

    /// Whether one lowered test holds for the request.
    func holds(_ test: PlanTest, _ request: Request) -> Bool {
        let value: FactValue? = test.fact == .product ? .text(request.product) : request.facts[test.fact]
        switch test.test {
        case .anyOf(let values):
            guard case .text(let text)? = value else { return false }
            return values.contains(text)
        case .equals(let expected):
            return value == .bool(expected)
        case .empty, .nonEmpty:
            guard case .list(let items)? = value else { return false }
            return items.isEmpty == (test.test == .empty)
        case .present:
            return value != nil
        case .absent:
            return value == nil
        }
    }

    private func value(_ fact: FactPath, _ request: Request) -> String {
        if fact == .product { return request.product }
        guard let value = request.facts[fact] else { return TestKind.absent.rawValue }
        if case .list(let items) = value { return items.isEmpty ? TestKind.empty.rawValue : "[\(value.rendered)]" }
        return value.rendered
    }

    /// A line break in a value placed into a subject would forge email headers.
    private func subjectLineBreaks(_ scenario: PlanScenario, context: TemplateContext) -> RequestFailure? {
        var diagnostics: [Diagnostic] = []
        for effect in scenario.effects {
            guard case .sendEmail(let email) = effect.action else { continue }
            for value in email.subject.values {
                let text = context.value(value)
                guard text.utf8.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else { continue }
                let key: String
                switch value {
                case .fact(let path): key = path.description
                case .task: key = "task"
                default: key = ""
                }
                diagnostics.append(RequestPlanningMessage.lineBreakInSubject(value, template: email.id)
                    .diagnostic(at: context.request.positions[key] ?? SourceRange(at: context.request.origin)))
            }
        }
        return diagnostics.isEmpty ? nil : RequestFailure(diagnostics: diagnostics)
    }
}

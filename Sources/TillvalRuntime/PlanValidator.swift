import TillvalPlan
import TillvalSyntax

/// Checks a loaded plan for what the compiler guarantees, so a plan file
/// edited by hand cannot make the runtime do what no rule could: every
/// `send-email` goes to the administrator or to a required email fact,
/// every placeholder names a declared fact or a built-in available there,
/// `administrator` is written to only after `create-administrator`, effects
/// come in an order that can run (as the compiler's EffectChecker demands),
/// and every product, service and template reference resolves.
///
/// It runs on every plan read from a file, whatever its integrity hash
/// says; it does not import the compiler. Each problem is one E1104
/// diagnostic naming where in the plan it is.
public struct PlanValidator: Sendable {
    public let plan: Plan

    public init(plan: Plan) {
        self.plan = plan
    }

    static let requestBuiltins: Set<PlanValue> = [.collaborationTitle, .productName, .serviceName, .task]
    static let administratorBuiltins: Set<PlanValue> = [.administratorEmail, .portal]

    /// How many problems `validate` reports; the rest are counted in one last diagnostic.
    public static let problemLimit = 50

    public func validate() -> [Diagnostic] {
        let problems = self.problems()
        var diagnostics = problems.prefix(Self.problemLimit).map { PlanFileMessage.invalid($0).diagnostic(at: nil) }
        if problems.count > Self.problemLimit {
            diagnostics.append(PlanFileMessage.moreProblems(problems.count - Self.problemLimit).diagnostic(at: nil))
        }
        return diagnostics
    }

    /// Every problem of the plan, in the plan's order.
    public func problems() -> [PlanProblem] {
        var problems: [PlanProblem] = []
        let productIDs = Set(plan.products.map(\.id))
        for product in plan.products {
            for included in product.includes where !productIDs.contains(included) {
                problems.append(.undeclaredInclude(product: product.id, includes: included))
            }
            if let through = product.activatedThrough, !productIDs.contains(through) {
                problems.append(.undeclaredActivatedThrough(product: product.id, through: through))
            }
        }
        var collaborationIDs: Set<String> = []
        for collaboration in plan.collaborations {
            if !collaborationIDs.insert(collaboration.id).inserted {
                problems.append(.duplicateCollaboration(collaboration.id))
            }
            for offer in collaboration.offers {
                problems += undeclared(offer, productIDs).map { .undeclaredOffer(collaboration: collaboration.id, product: $0) }
            }
            var scenarioIDs: Set<String> = []
            for scenario in collaboration.scenarios {
                if !scenarioIDs.insert(scenario.id).inserted {
                    problems.append(.duplicateScenario(scenario.id, collaboration: collaboration.id))
                }
                problems += check(scenario, productIDs: productIDs).map {
                    .inScenario(scenario.id, collaboration: collaboration.id, origin: scenario.origin, $0)
                }
            }
        }
        return problems
    }

    /// The products, services and restrictions of `service` the plan does not declare.
    private func undeclared(_ service: PlanService, _ productIDs: Set<String>) -> [String] {
        [service.product, service.service, service.restrictedTo].compactMap { $0 }.filter { !productIDs.contains($0) }
    }

    private func check(_ scenario: PlanScenario, productIDs: Set<String>) -> [PlanProblem.ScenarioProblem] {
        var problems: [PlanProblem.ScenarioProblem] = []
        for test in scenario.when + scenario.preconditions.flatMap(\.check) where test.fact != .product && plan.facts.fact(test.fact) == nil {
            problems.append(.undeclaredTest(test.fact))
        }
        for precondition in scenario.preconditions {
            problems += placeholders(precondition.unmet, Self.requestBuiltins, .unmet(precondition: precondition.id))
        }
        for (index, step) in scenario.steps.enumerated() {
            problems += placeholders(step.text, Self.requestBuiltins, .step(index + 1))
        }
        var collaboration = false
        var administrator = false
        var seen: Set<String> = []
        for (index, effect) in scenario.effects.enumerated() {
            let place = PlanProblem.Effect(number: index + 1, kind: effect.action.kind, origin: effect.origin)
            switch effect.action {
            case .activateCollaboration:
                collaboration = true
            case .activateService(let offer):
                if !collaboration { problems.append(.beforeCollaboration(place)) }
                if let offer { problems += undeclared(offer, productIDs).map { .undeclaredService(place, product: $0) } }
            case .createAdministrator(let portal, let email):
                problems += recipient(email, place, template: nil)
                problems += placeholders(portal, Self.requestBuiltins, .portal(place))
                administrator = true
            case .sendEmail(let email):
                switch email.to {
                case .administrator:
                    if !administrator { problems.append(.toAdministratorBeforeCreation(place, template: email.id)) }
                case .fact(let path):
                    problems += recipient(path, place, template: email.id)
                }
                let available = administrator ? Self.requestBuiltins.union(Self.administratorBuiltins) : Self.requestBuiltins
                problems += placeholders(email.subject, available, .subject(place, template: email.id))
                problems += placeholders(email.body, available, .body(place, template: email.id))
            }
            let key = effect.action.name + (effect.action.template.map { ":" + $0 } ?? "")
            if !seen.insert(key).inserted { problems.append(.duplicateEffect(place)) }
        }
        let after = administrator ? Self.requestBuiltins.union(Self.administratorBuiltins) : Self.requestBuiltins
        if let awaits = scenario.awaits {
            if !collaboration { problems.append(.awaitsWithoutCollaboration) }
            if awaits.who == .administrator, !administrator { problems.append(.awaitsAdministratorWithoutCreation) }
            problems += placeholders(awaits.where, after, .awaitsWhere)
        }
        if let outcome = scenario.outcome { problems += placeholders(outcome, after, .outcome) }
        for (index, text) in scenario.then.enumerated() {
            problems += placeholders(text, after, .followUp(index + 1))
        }
        return problems
    }

    /// An address must come from a required email fact (format decision 11);
    /// `template` nil: the administrator's email of `create-administrator`.
    private func recipient(_ path: FactPath, _ effect: PlanProblem.Effect, template: String?) -> [PlanProblem.ScenarioProblem] {
        guard let fact = plan.facts.fact(path) else {
            return [.recipient(effect, template: template, path, .undeclared)]
        }
        if fact.optional { return [.recipient(effect, template: template, path, .optional)] }
        guard fact.type.kind == .email else {
            return [.recipient(effect, template: template, path, .notEmail(fact.type.kind))]
        }
        return []
    }

    private func placeholders(_ template: PlanTemplate, _ available: Set<PlanValue>, _ place: PlanProblem.Text) -> [PlanProblem.ScenarioProblem] {
        var seen: Set<PlanValue> = []
        // Each placeholder once, however often the text uses it.
        return template.values.filter { seen.insert($0).inserted }.compactMap { value in
            switch value {
            case .fact(let path):
                return plan.facts.fact(path) == nil ? .placeholder(place, value, .undeclared) : nil
            default:
                guard !available.contains(value) else { return nil }
                return .placeholder(place, value, Self.administratorBuiltins.contains(value) ? .noAdministrator : .notAvailable)
            }
        }
    }
}

extension PlanEffect.Action {
    /// The email template a `send-email` sends.
    var template: String? {
        if case .sendEmail(let email) = self { return email.id }
        return nil
    }
}

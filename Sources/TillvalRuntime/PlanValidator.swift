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
        var problems: [String] = []
        let productIDs = Set(plan.products.map(\.id))
        for product in plan.products {
            for included in product.includes where !productIDs.contains(included) {
                problems.append("product '\(product.id.excerpt)' includes '\(included.excerpt)', which the plan does not declare")
            }
            if let through = product.activatedThrough, !productIDs.contains(through) {
                problems.append("product '\(product.id.excerpt)' is activated through '\(through.excerpt)', which the plan does not declare")
            }
        }
        var collaborationIDs: Set<String> = []
        for collaboration in plan.collaborations {
            if !collaborationIDs.insert(collaboration.id).inserted {
                problems.append("collaboration '\(collaboration.id.excerpt)' appears twice")
            }
            for offer in collaboration.offers {
                problems += service(offer, productIDs, in: "collaboration '\(collaboration.id.excerpt)' offers")
            }
            var scenarioIDs: Set<String> = []
            for scenario in collaboration.scenarios {
                if !scenarioIDs.insert(scenario.id).inserted {
                    problems.append("scenario '\(scenario.id.excerpt)' appears twice in collaboration '\(collaboration.id.excerpt)'")
                }
                problems += check(scenario, productIDs: productIDs).map {
                    "scenario '\(scenario.id.excerpt)' of collaboration '\(collaboration.id.excerpt)' (\(scenario.origin.description.excerpt)): \($0)"
                }
            }
        }
        var diagnostics = problems.prefix(Self.problemLimit).map { PlanFileMessage.invalid(problem: $0).diagnostic(at: nil) }
        if problems.count > Self.problemLimit {
            diagnostics.append(PlanFileMessage.moreProblems(problems.count - Self.problemLimit).diagnostic(at: nil))
        }
        return diagnostics
    }

    private func service(_ service: PlanService, _ productIDs: Set<String>, in place: String) -> [String] {
        [service.product, service.service, service.restrictedTo].compactMap { $0 }
            .filter { !productIDs.contains($0) }
            .map { "\(place) product '\($0)', which the plan does not declare" }
    }

    private func check(_ scenario: PlanScenario, productIDs: Set<String>) -> [String] {
        var problems: [String] = []
        for test in scenario.when + scenario.preconditions.flatMap(\.check) where test.fact != .product && plan.facts.fact(test.fact) == nil {
            problems.append("'when' or a precondition tests '\(test.fact)', which the plan does not declare")
        }
        for precondition in scenario.preconditions {
            problems += placeholders(precondition.unmet, Self.requestBuiltins, "the 'unmet' text of precondition '\(precondition.id)'")
        }
        for (index, step) in scenario.steps.enumerated() {
            problems += placeholders(step.text, Self.requestBuiltins, "step \(index + 1)")
        }
        var collaboration = false
        var administrator = false
        var seen: Set<String> = []
        for (index, effect) in scenario.effects.enumerated() {
            let place = "effect \(index + 1) ('\(effect.action.name)', \(effect.origin.description))"
            switch effect.action {
            case .activateCollaboration:
                collaboration = true
            case .activateService(let offer):
                if !collaboration { problems.append("\(place) comes before '\(EffectKind.activateCollaboration.rawValue)'") }
                if let offer { problems += service(offer, productIDs, in: "\(place) activates") }
            case .createAdministrator(let portal, let email):
                problems += recipient(email, "\(place): the administrator's email")
                problems += placeholders(portal, Self.requestBuiltins, "\(place): 'portal'")
                administrator = true
            case .sendEmail(let email):
                switch email.to {
                case .administrator:
                    if !administrator { problems.append("\(place) sends template '\(email.id)' to the administrator before '\(EffectKind.createAdministrator.rawValue)'") }
                case .fact(let path):
                    problems += recipient(path, "\(place): the recipient of template '\(email.id)'")
                }
                let available = administrator ? Self.requestBuiltins.union(Self.administratorBuiltins) : Self.requestBuiltins
                problems += placeholders(email.subject, available, "\(place): the subject of template '\(email.id)'")
                problems += placeholders(email.body, available, "\(place): the body of template '\(email.id)'")
            }
            let key = effect.action.name + (effect.action.template.map { ":" + $0 } ?? "")
            if !seen.insert(key).inserted { problems.append("\(place) appears twice") }
        }
        let after = administrator ? Self.requestBuiltins.union(Self.administratorBuiltins) : Self.requestBuiltins
        if let awaits = scenario.awaits {
            if !collaboration { problems.append("it awaits an approval but activates no collaboration") }
            if awaits.who == .administrator, !administrator { problems.append("it awaits the administrator, but creates none") }
            problems += placeholders(awaits.where, after, "'awaits.where'")
        }
        if let outcome = scenario.outcome { problems += placeholders(outcome, after, "'outcome'") }
        for (index, text) in scenario.then.enumerated() {
            problems += placeholders(text, after, "follow-up \(index + 1)")
        }
        return problems
    }

    /// An address must come from a required email fact (format decision 11).
    private func recipient(_ path: FactPath, _ place: String) -> [String] {
        guard let fact = plan.facts.fact(path) else {
            return ["\(place) is '\(path)', which the plan does not declare"]
        }
        guard fact.type == .email, !fact.optional else {
            return ["\(place) is '\(path)', which is \(fact.optional ? "optional" : "of type \(fact.type.kind.rawValue)"), not a required email fact"]
        }
        return []
    }

    private func placeholders(_ template: PlanTemplate, _ available: Set<PlanValue>, _ place: String) -> [String] {
        var seen: Set<PlanValue> = []
        // Each placeholder once, however often the text uses it.
        return template.values.filter { seen.insert($0).inserted }.compactMap { value in
            switch value {
            case .fact(let path):
                return plan.facts.fact(path) == nil ? "\(place) uses '{{\(path)}}', which the plan does not declare" : nil
            default:
                guard !available.contains(value) else { return nil }
                return Self.administratorBuiltins.contains(value)
                    ? "\(place) uses '{{\(value)}}', but no administrator has been created there"
                    : "\(place) uses '{{\(value)}}', which is not available there"
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

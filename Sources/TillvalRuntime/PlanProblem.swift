import TillvalPlan
import TillvalSyntax

/// One thing a plan holds that no rule set could have compiled to, found by
/// `PlanValidator`, as data: where in the plan it is and what is wrong.
/// `PlanFileMessage.invalid` makes its text. Ids from the plan are shown as
/// bounded excerpts where the validator always showed them so.
public enum PlanProblem: Equatable, Sendable {
    case undeclaredInclude(product: String, includes: String)
    case undeclaredActivatedThrough(product: String, through: String)
    case duplicateCollaboration(String)
    /// A product, service or restriction a collaboration offers is not declared.
    case undeclaredOffer(collaboration: String, product: String)
    case duplicateScenario(String, collaboration: String)
    /// A problem inside one scenario.
    case inScenario(String, collaboration: String, origin: SourceLocation, ScenarioProblem)

    /// What is wrong inside a scenario.
    public enum ScenarioProblem: Equatable, Sendable {
        /// A `when` or precondition test names an undeclared fact.
        case undeclaredTest(FactPath)
        /// A placeholder in a text the scenario shows.
        case placeholder(Text, PlanValue, Placeholder)
        case beforeCollaboration(Effect)
        /// A product, service or restriction an `activate-service` names is not declared.
        case undeclaredService(Effect, product: String)
        case toAdministratorBeforeCreation(Effect, template: String)
        /// The administrator's email (`template` nil) or an email's recipient is no required email fact.
        case recipient(Effect, template: String?, FactPath, Recipient)
        case duplicateEffect(Effect)
        case awaitsWithoutCollaboration
        case awaitsAdministratorWithoutCreation
    }

    /// An effect, by its place in the scenario.
    public struct Effect: Equatable, Sendable {
        /// 1-based, in the scenario's order.
        public var number: Int
        public var kind: EffectKind
        public var origin: SourceLocation

        public init(number: Int, kind: EffectKind, origin: SourceLocation) {
            self.number = number
            self.kind = kind
            self.origin = origin
        }
    }

    /// A text of a scenario that may hold placeholders.
    public enum Text: Equatable, Sendable {
        case unmet(precondition: String)
        case step(Int)
        case portal(Effect)
        case subject(Effect, template: String)
        case body(Effect, template: String)
        case awaitsWhere
        case outcome
        case followUp(Int)
    }

    /// What is wrong with a placeholder.
    public enum Placeholder: Equatable, Sendable {
        /// It names a fact the plan does not declare.
        case undeclared
        /// It names the administrator where none has been created.
        case noAdministrator
        /// It names a built-in not available in that text.
        case notAvailable
    }

    /// What is wrong with a recipient fact.
    public enum Recipient: Equatable, Sendable {
        case undeclared
        case optional
        case notEmail(FactKind)
    }

    /// The problem in words, after "the plan is invalid: ".
    public var text: String {
        switch self {
        case .undeclaredInclude(let product, let included):
            return "product '\(product.excerpt)' includes '\(included.excerpt)', which the plan does not declare"
        case .undeclaredActivatedThrough(let product, let through):
            return "product '\(product.excerpt)' is activated through '\(through.excerpt)', which the plan does not declare"
        case .duplicateCollaboration(let id):
            return "collaboration '\(id.excerpt)' appears twice"
        case .undeclaredOffer(let collaboration, let product):
            return "collaboration '\(collaboration.excerpt)' offers product '\(product)', which the plan does not declare"
        case .duplicateScenario(let id, let collaboration):
            return "scenario '\(id.excerpt)' appears twice in collaboration '\(collaboration.excerpt)'"
        case .inScenario(let id, let collaboration, let origin, let problem):
            return "scenario '\(id.excerpt)' of collaboration '\(collaboration.excerpt)' (\(origin.description.excerpt)): \(problem.text)"
        }
    }
}

extension PlanProblem.ScenarioProblem {
    var text: String {
        switch self {
        case .undeclaredTest(let fact):
            return "'when' or a precondition tests '\(fact)', which the plan does not declare"
        case .placeholder(let place, let value, .undeclared):
            return "\(place.text) uses '{{\(value)}}', which the plan does not declare"
        case .placeholder(let place, let value, .noAdministrator):
            return "\(place.text) uses '{{\(value)}}', but no administrator has been created there"
        case .placeholder(let place, let value, .notAvailable):
            return "\(place.text) uses '{{\(value)}}', which is not available there"
        case .beforeCollaboration(let effect):
            return "\(effect.text) comes before '\(EffectKind.activateCollaboration.rawValue)'"
        case .undeclaredService(let effect, let product):
            return "\(effect.text) activates product '\(product)', which the plan does not declare"
        case .toAdministratorBeforeCreation(let effect, let template):
            return "\(effect.text) sends template '\(template)' to the \(Approver.administrator.rawValue) before '\(EffectKind.createAdministrator.rawValue)'"
        case .recipient(let effect, let template, let path, let problem):
            let place = template.map { "\(effect.text): the recipient of template '\($0)'" } ?? "\(effect.text): the administrator's email"
            switch problem {
            case .undeclared: return "\(place) is '\(path)', which the plan does not declare"
            case .optional: return "\(place) is '\(path)', which is optional, not a required email fact"
            case .notEmail(let kind): return "\(place) is '\(path)', which is of type \(kind.rawValue), not a required email fact"
            }
        case .duplicateEffect(let effect):
            return "\(effect.text) appears twice"
        case .awaitsWithoutCollaboration:
            return "it awaits an approval but activates no collaboration"
        case .awaitsAdministratorWithoutCreation:
            return "it awaits the \(Approver.administrator.rawValue), but creates none"
        }
    }
}

extension PlanProblem.Effect {
    /// "effect 2 ('activate-service', Rules/scenarios/registered.yaml:15:5)"
    var text: String { "effect \(number) ('\(kind.rawValue)', \(origin.description))" }
}

extension PlanProblem.Text {
    var text: String {
        switch self {
        case .unmet(let precondition): return "the 'unmet' text of precondition '\(precondition)'"
        case .step(let number): return "step \(number)"
        case .portal(let effect): return "\(effect.text): 'portal'"
        case .subject(let effect, let template): return "\(effect.text): the subject of template '\(template)'"
        case .body(let effect, let template): return "\(effect.text): the body of template '\(template)'"
        case .awaitsWhere: return "'awaits.where'"
        case .outcome: return "'outcome'"
        case .followUp(let number): return "follow-up \(number)"
        }
    }
}

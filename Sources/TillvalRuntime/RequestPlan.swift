import TillvalPlan

/// Everything that would happen for one request, fully rendered: what the
/// dry run prints and what `apply` executes. Built from the plan alone.
///
/// A value with its fields in one `Shared` box, copied on write: a plan is
/// handed on several times per request (to the batch, the store, the
/// result, the report), and copying the fields themselves retained and
/// released each of their some twenty strings and arrays every time
/// (issue 11: a few per cent of `apply`'s time).
public struct RequestPlan: Equatable, Sendable {
    private struct Fields: Equatable, Sendable {
        var planDigest: String
        var customerID: String
        var collaboration: Named
        var product: Named
        var service: Named
        var restrictedTo: Named?
        var task: String?
        var scenario: ScenarioChoice
        var preconditions: [PreconditionResult]
        var steps: [RenderedStep]
        var effects: [PlannedEffect]
        var awaits: RenderedAwait?
        var outcome: String?
        var then: [String]
        var sender: EmailSender
    }

    private var fields: Shared<Fields>

    init(planDigest: String, customerID: String, collaboration: Named, product: Named, service: Named, restrictedTo: Named?,
         task: String?, scenario: ScenarioChoice, preconditions: [PreconditionResult], steps: [RenderedStep],
         effects: [PlannedEffect], awaits: RenderedAwait?, outcome: String?, then: [String], sender: EmailSender) {
        fields = Shared(Fields(planDigest: planDigest, customerID: customerID, collaboration: collaboration, product: product,
                               service: service, restrictedTo: restrictedTo, task: task, scenario: scenario,
                               preconditions: preconditions, steps: steps, effects: effects, awaits: awaits, outcome: outcome,
                               then: then, sender: sender))
    }

    public var planDigest: String {
        get { fields.value.planDigest }
        _modify { yield &fields.value.planDigest }
    }

    public var customerID: String {
        get { fields.value.customerID }
        _modify { yield &fields.value.customerID }
    }

    public var collaboration: Named {
        get { fields.value.collaboration }
        _modify { yield &fields.value.collaboration }
    }

    public var product: Named {
        get { fields.value.product }
        _modify { yield &fields.value.product }
    }

    /// The service actually activated, and the restriction when the product is activated through another.
    public var service: Named {
        get { fields.value.service }
        _modify { yield &fields.value.service }
    }

    public var restrictedTo: Named? {
        get { fields.value.restrictedTo }
        _modify { yield &fields.value.restrictedTo }
    }

    public var task: String? {
        get { fields.value.task }
        _modify { yield &fields.value.task }
    }

    public var scenario: ScenarioChoice {
        get { fields.value.scenario }
        _modify { yield &fields.value.scenario }
    }

    public var preconditions: [PreconditionResult] {
        get { fields.value.preconditions }
        _modify { yield &fields.value.preconditions }
    }

    public var steps: [RenderedStep] {
        get { fields.value.steps }
        _modify { yield &fields.value.steps }
    }

    public var effects: [PlannedEffect] {
        get { fields.value.effects }
        _modify { yield &fields.value.effects }
    }

    public var awaits: RenderedAwait? {
        get { fields.value.awaits }
        _modify { yield &fields.value.awaits }
    }

    public var outcome: String? {
        get { fields.value.outcome }
        _modify { yield &fields.value.outcome }
    }

    public var then: [String] {
        get { fields.value.then }
        _modify { yield &fields.value.then }
    }

    /// Who the emails are from: the office, as the request names it.
    public var sender: EmailSender {
        get { fields.value.sender }
        _modify { yield &fields.value.sender }
    }

    /// True when every precondition holds, so the effects may run.
    public var isRunnable: Bool { fields.value.preconditions.allSatisfy(\.holds) }

    /// "Visma Lön Anställd, restricted to Visma Min Lön"
    public var serviceDescription: String {
        Named.serviceDescription(service.name, restrictedTo: restrictedTo?.name)
    }
}

/// An id with the name people know it by.
public struct Named: Equatable, Sendable, Codable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    /// How a service reads for people, with its restriction when it has one:
    /// "Visma Lön Anställd, restricted to Visma Min Lön".
    public static func serviceDescription(_ service: String, restrictedTo: String?) -> String {
        restrictedTo.map { "\(service), restricted to \($0)" } ?? service
    }
}

/// The scenario picked, and why: the `when` entries that matched.
public struct ScenarioChoice: Equatable, Sendable {
    public var id: String
    public var title: String
    public var origin: SourceLocation
    public var matched: [MatchedTest]
}

/// One `when` entry and the request's value that satisfied it.
public struct MatchedTest: Equatable, Sendable {
    public var test: String
    public var value: String
    public var origin: SourceLocation
}

public struct PreconditionResult: Equatable, Sendable {
    public var id: String
    public var summary: String
    public var holds: Bool
    /// The rendered `unmet` text, only when the precondition fails.
    public var unmet: String?
    public var origin: SourceLocation
}

public struct RenderedStep: Equatable, Sendable {
    public var number: Int
    public var text: String
    public var procedure: String?
    public var origin: SourceLocation
}

/// One effect with every value it needs, ready for an `EffectHandler`.
public struct PlannedEffect: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        case activateCollaboration(collaboration: Named, product: Named)
        case activateService(service: Named, restrictedTo: Named?)
        case createAdministrator(portal: String, email: String)
        case sendEmail(RenderedEmail)
    }

    public var action: Action
    public var origin: SourceLocation

    /// Which effect this is.
    public var kind: EffectKind {
        switch action {
        case .activateCollaboration: return .activateCollaboration
        case .activateService: return .activateService
        case .createAdministrator: return .createAdministrator
        case .sendEmail: return .sendEmail
        }
    }

    /// The effect's name in the rule format.
    public var name: String { kind.rawValue }

    /// The effect in plain words, for people.
    public var summary: String {
        switch action {
        case .activateCollaboration(let collaboration, let product):
            return "Activate the collaboration \(collaboration.name) for \(product.name), pending approval"
        case .activateService(let service, let restrictedTo):
            return "Activate the service " + Named.serviceDescription(service.name, restrictedTo: restrictedTo?.name)
        case .createAdministrator(let portal, let email):
            return "Create the customer's administrator on \(portal) for \(email)"
        case .sendEmail(let email):
            return "Send the email '\(email.template)' to \(email.to)"
        }
    }
}

public struct RenderedEmail: Equatable, Sendable, Codable {
    public var template: String
    public var to: String
    public var subject: String
    public var body: String
}

/// The sender of a request's emails, from the request's facts:
/// `office.name` (a `text` fact) as the display name and `office.email` (an
/// `email` fact) as the address, each nil when the rules declare no such
/// fact or the request leaves an optional one out.
public struct EmailSender: Equatable, Sendable {
    public var name: String?
    public var address: String?

    public init(name: String?, address: String?) {
        self.name = name
        self.address = address
    }
}

public struct RenderedAwait: Equatable, Sendable {
    public var who: Approver
    public var approves: ApprovalSubject
    public var place: String

    public init(who: Approver, approves: ApprovalSubject, place: String) {
        self.who = who
        self.approves = approves
        self.place = place
    }
}

import TillvalPlan

/// Everything that would happen for one request, fully rendered: what the
/// dry run prints and what `apply` executes. Built from the plan alone.
public struct RequestPlan: Equatable, Sendable {
    public var planDigest: String
    public var customerID: String
    public var collaboration: Named
    public var product: Named
    /// The service actually activated, and the restriction when the product is activated through another.
    public var service: Named
    public var restrictedTo: Named?
    public var task: String?
    public var scenario: ScenarioChoice
    public var preconditions: [PreconditionResult]
    public var steps: [RenderedStep]
    public var effects: [PlannedEffect]
    public var awaits: RenderedAwait?
    public var outcome: String?
    public var then: [String]
    /// Who the emails are from: the office, as the request names it.
    public var sender: EmailSender

    /// True when every precondition holds, so the effects may run.
    public var isRunnable: Bool { preconditions.allSatisfy(\.holds) }

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

/// One side effect of a scenario, in the order the rules wrote it, with its
/// arguments resolved (services through `activated-through`, email templates
/// inlined).
public struct PlanEffect: Codable, Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        case activateCollaboration
        /// `nil`: the service of the requested product, looked up in the collaboration's offers.
        case activateService(PlanService?)
        case createAdministrator(portal: PlanTemplate, email: FactPath)
        case sendEmail(PlanEmail)

        public var kind: EffectKind {
            switch self {
            case .activateCollaboration: return .activateCollaboration
            case .activateService: return .activateService
            case .createAdministrator: return .createAdministrator
            case .sendEmail: return .sendEmail
            }
        }

        /// The effect's name in the rule format.
        public var name: String { kind.rawValue }
    }

    public var action: Action
    public var origin: SourceLocation

    public init(_ action: Action, origin: SourceLocation) {
        self.action = action
        self.origin = origin
    }

    enum CodingKeys: String, CodingKey { case effect, service, portal, email, template, origin }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        origin = try container.decode(SourceLocation.self, forKey: .origin)
        switch try container.decode(EffectKind.self, forKey: .effect) {
        case .activateCollaboration: action = .activateCollaboration
        case .activateService: action = .activateService(try container.decodeIfPresent(PlanService.self, forKey: .service))
        case .createAdministrator:
            action = .createAdministrator(
                portal: try container.decode(PlanTemplate.self, forKey: .portal),
                email: try container.decode(FactPath.self, forKey: .email))
        case .sendEmail: action = .sendEmail(try container.decode(PlanEmail.self, forKey: .template))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action.kind, forKey: .effect)
        switch action {
        case .activateCollaboration: break
        case .activateService(let service): try container.encodeIfPresent(service, forKey: .service)
        case .createAdministrator(let portal, let email):
            try container.encode(portal, forKey: .portal)
            try container.encode(email, forKey: .email)
        case .sendEmail(let email): try container.encode(email, forKey: .template)
        }
        try container.encode(origin, forKey: .origin)
    }
}

/// An email template, inlined into each `send-email` that uses it.
public struct PlanEmail: Codable, Equatable, Sendable {
    public enum Recipient: Equatable, Sendable, Codable {
        /// The administrator created earlier in the same scenario.
        case administrator
        /// An `email` fact of the request.
        case fact(FactPath)

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if text == Approver.administrator.rawValue {
                self = .administrator
            } else if let path = FactPath(path: text), path != .product {
                self = .fact(path)
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid recipient '\(text)'")
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .administrator: try container.encode(Approver.administrator)
            case .fact(let path): try container.encode(path.description)
            }
        }
    }

    public var id: String
    public var to: Recipient
    public var subject: PlanTemplate
    public var body: PlanTemplate
    public var origin: SourceLocation

    public init(id: String, to: Recipient, subject: PlanTemplate, body: PlanTemplate, origin: SourceLocation) {
        self.id = id
        self.to = to
        self.subject = subject
        self.body = body
        self.origin = origin
    }
}

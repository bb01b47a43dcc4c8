import TillvalPlan

/// What the store holds for one customer, for `tillval status`: read in one
/// transaction, so the parts agree with each other.
public struct CustomerStatus: Equatable, Sendable {
    /// One activated collaboration and where its approval stands.
    public struct Collaboration: Equatable, Sendable {
        /// Pending or approved, in `TillvalPlan`'s vocabulary.
        public typealias Status = ApprovalState

        public var collaboration: Named
        public var product: Named
        public var service: Named
        public var restrictedTo: Named?
        /// The scenario that activated it.
        public var scenario: String
        public var status: Status
        /// Who approves what, and where, as the plan said when it was activated.
        public var awaits: RenderedAwait?
        /// The digest of the plan it was activated from.
        public var planDigest: String
        /// ISO 8601 UTC, as stored.
        public var activatedAt: String
        public var approvedAt: String?

        public init(collaboration: Named, product: Named, service: Named, restrictedTo: Named?, scenario: String,
                    status: Status, awaits: RenderedAwait?, planDigest: String, activatedAt: String, approvedAt: String?) {
            self.collaboration = collaboration
            self.product = product
            self.service = service
            self.restrictedTo = restrictedTo
            self.scenario = scenario
            self.status = status
            self.awaits = awaits
            self.planDigest = planDigest
            self.activatedAt = activatedAt
            self.approvedAt = approvedAt
        }

        /// "Visma Lön Anställd, restricted to Visma Min Lön"
        public var serviceDescription: String {
            Named.serviceDescription(service.name, restrictedTo: restrictedTo?.name)
        }

        /// "pending approval" or "approved on 2026-12-01 08:30 UTC".
        public var approvalText: String {
            switch status {
            case .pending: return "pending approval"
            case .approved: return "approved on \(StoreTimestamp.human(approvedAt ?? activatedAt))"
            }
        }

        /// What `apply` says of a request applied before: "unchanged, applied
        /// under plan sha256:… on 2026-11-29 10:00 UTC; pending approval".
        public var appliedUnder: String {
            "unchanged, applied under plan \(planDigest) on \(StoreTimestamp.human(activatedAt)); \(approvalText)"
        }
    }

    /// One activated service, with its restriction.
    public struct Service: Equatable, Sendable {
        public var service: Named
        public var restrictedTo: Named?
        /// The collaboration whose request activated it.
        public var collaborationID: String
        public var activatedAt: String

        public init(service: Named, restrictedTo: Named?, collaborationID: String, activatedAt: String) {
            self.service = service
            self.restrictedTo = restrictedTo
            self.collaborationID = collaborationID
            self.activatedAt = activatedAt
        }

        public var description: String {
            Named.serviceDescription(service.name, restrictedTo: restrictedTo?.name)
        }
    }

    /// The customer's administrator on one portal.
    public struct Administrator: Equatable, Sendable {
        public var portal: String
        public var email: String
        public var createdAt: String

        public init(portal: String, email: String, createdAt: String) {
            self.portal = portal
            self.email = email
            self.createdAt = createdAt
        }
    }

    public var customerID: String
    /// ISO 8601 UTC: when a request for this customer was first applied.
    public var firstSeen: String
    public var collaborations: [Collaboration]
    public var services: [Service]
    public var administrators: [Administrator]
    /// Every email queued for the customer, delivered or not, oldest first.
    public var emails: [OutboxEntry]

    public init(customerID: String, firstSeen: String, collaborations: [Collaboration], services: [Service],
                administrators: [Administrator], emails: [OutboxEntry]) {
        self.customerID = customerID
        self.firstSeen = firstSeen
        self.collaborations = collaborations
        self.services = services
        self.administrators = administrators
        self.emails = emails
    }
}

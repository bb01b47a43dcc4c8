
/// The compiled form of a rule set: every name resolved, every text parsed,
/// every check lowered. It is the only thing the runtime reads, so a plan
/// file can be executed where the rules are not.
public struct Plan: Codable, Equatable, Sendable {
    /// The version of this JSON shape; readers refuse versions they do not know.
    public static let currentFormat = 1

    public var format: Int
    /// `sha256:` and the hex digest of the sources, so a stored result can
    /// tell which rules it came from.
    public var digest: String
    public var name: String?
    public var doc: String?
    public var sources: [PlanSource]
    public var facts: PlanFacts
    public var products: [PlanProduct]
    public var collaborations: [PlanCollaboration]

    public init(
        digest: String,
        name: String?,
        doc: String?,
        sources: [PlanSource],
        facts: PlanFacts,
        products: [PlanProduct],
        collaborations: [PlanCollaboration]
    ) {
        self.format = Plan.currentFormat
        self.digest = digest
        self.name = name
        self.doc = doc
        self.sources = sources
        self.facts = facts
        self.products = products
        self.collaborations = collaborations
    }

    public func product(_ id: String) -> PlanProduct? {
        products.first { $0.id == id }
    }

    public func collaboration(_ id: String) -> PlanCollaboration? {
        collaborations.first { $0.id == id }
    }
}

/// One file the plan was compiled from, with its own digest for provenance.
public struct PlanSource: Codable, Equatable, Sendable {
    public var path: String
    public var sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}


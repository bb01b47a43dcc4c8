/// One way a collaboration can go, with its `when` lowered to tests and its
/// steps, preconditions and effects fully resolved.
public struct PlanScenario: Codable, Equatable, Sendable {
    public var id: String
    public var title: String
    public var doc: String?
    public var origin: SourceLocation
    /// All must hold for this scenario to be picked.
    public var when: [PlanTest]
    /// The collaboration's preconditions first, then the scenario's own, each once.
    public var preconditions: [PlanPrecondition]
    /// UI steps with procedures spliced in.
    public var steps: [PlanStep]
    public var effects: [PlanEffect]
    public var awaits: PlanAwait?
    public var outcome: PlanTemplate?
    public var then: [PlanTemplate]

    public init(
        id: String, title: String, doc: String?, origin: SourceLocation, when: [PlanTest],
        preconditions: [PlanPrecondition], steps: [PlanStep], effects: [PlanEffect],
        awaits: PlanAwait?, outcome: PlanTemplate?, then: [PlanTemplate]
    ) {
        self.id = id
        self.title = title
        self.doc = doc
        self.origin = origin
        self.when = when
        self.preconditions = preconditions
        self.steps = steps
        self.effects = effects
        self.awaits = awaits
        self.outcome = outcome
        self.then = then
    }
}

/// A named check that must hold before any effect runs.
public struct PlanPrecondition: Codable, Equatable, Sendable {
    public var id: String
    public var summary: String
    public var doc: String?
    public var check: [PlanTest]
    public var unmet: PlanTemplate
    public var origin: SourceLocation

    public init(id: String, summary: String, doc: String?, check: [PlanTest], unmet: PlanTemplate, origin: SourceLocation) {
        self.id = id
        self.summary = summary
        self.doc = doc
        self.check = check
        self.unmet = unmet
        self.origin = origin
    }
}

/// One UI step, with the procedure it came through (if any) for provenance.
public struct PlanStep: Codable, Equatable, Sendable {
    public var text: PlanTemplate
    public var origin: SourceLocation
    public var procedure: String?

    public init(text: PlanTemplate, origin: SourceLocation, procedure: String?) {
        self.text = text
        self.origin = origin
        self.procedure = procedure
    }
}

/// Who must approve what, and where, once the effects have run.
public struct PlanAwait: Codable, Equatable, Sendable {
    public var who: Approver
    public var approves: ApprovalSubject
    public var `where`: PlanTemplate

    public init(who: Approver, approves: ApprovalSubject, where place: PlanTemplate) {
        self.who = who
        self.approves = approves
        self.where = place
    }
}

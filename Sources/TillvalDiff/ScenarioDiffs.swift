import TillvalPlan

/// Per scenario: steps, effects, preconditions, approval, outcome, follow-ups, emails (section 3). A stub until it is written: it finds nothing.
public struct ScenarioDiffs: DiffSection {
    public init(base: Plan, head: Plan) {}

    public var isEmpty: Bool { true }
    public var textLines: [String] { [] }
    public var markdownLines: [String] { [] }
    public var summary: String? { nil }
}

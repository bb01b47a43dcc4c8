import TillvalPlan

/// Routing: the fact combinations whose scenario changes (section 1). A stub until it is written: it finds nothing.
public struct RoutingDiff: DiffSection {
    public init(base: Plan, head: Plan) {}

    public var isEmpty: Bool { true }
    public var textLines: [String] { [] }
    public var markdownLines: [String] { [] }
    public var summary: String? { nil }
}

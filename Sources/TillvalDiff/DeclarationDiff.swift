import TillvalPlan

/// Declarations added, removed or renamed; products and collaborations (section 4). A stub until it is written: it finds nothing.
public struct DeclarationDiff: DiffSection {
    public init(base: Plan, head: Plan) {}

    public var isEmpty: Bool { true }
    public var textLines: [String] { [] }
    public var markdownLines: [String] { [] }
    public var summary: String? { nil }
}

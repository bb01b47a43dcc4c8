import TillvalPlan

/// Requests: fact-schema changes that make a valid request invalid (section 2). A stub until it is written: it finds nothing.
public struct RequestSchemaDiff: DiffSection {
    public init(base: Plan, head: Plan) {}

    public var isEmpty: Bool { true }
    public var textLines: [String] { [] }
    public var markdownLines: [String] { [] }
    public var summary: String? { nil }
}

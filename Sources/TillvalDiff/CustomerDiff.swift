import TillvalPlan
import TillvalRuntime

/// With `--requests`: for each request, whether and how its plan changes,
/// and the summary over all of them (section 5). A stub until it is
/// written: it finds nothing.
public struct CustomerDiff: DiffSection {
    public init(base: Plan, head: Plan, requests: [Request]) {}

    public var isEmpty: Bool { true }
    public var textLines: [String] { [] }
    public var markdownLines: [String] { [] }
    public var summary: String? { nil }
}

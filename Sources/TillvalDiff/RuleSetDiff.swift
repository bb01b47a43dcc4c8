import TillvalPlan
import TillvalRuntime

/// One section of a diff: data, with its own rendering for a terminal and
/// for a pull-request comment (`lines` without a heading; the report adds
/// headings, the summary table and `<details>`).
public protocol DiffSection: Sendable, Encodable {
    /// Nothing changed in this section.
    var isEmpty: Bool { get }
    /// A change that makes a previously valid request invalid.
    var isBreaking: Bool { get }
    /// One line per change, for a terminal.
    var textLines: [String] { get }
    /// The same, as Markdown.
    var markdownLines: [String] { get }
    /// One line for the summary ("3 scenarios change"), nil when empty.
    var summary: String? { get }
    /// Whether the text report prints `summary` above `textLines` (and in
    /// place of "no change"): the customers' counts.
    var summaryLeadsText: Bool { get }
}

extension DiffSection {
    public var isBreaking: Bool { false }
    public var summaryLeadsText: Bool { false }
}

/// What changes between two rule sets, in the order the report prints it.
public struct RuleSetDiff: Sendable, Encodable {
    public var routing: RoutingDiff
    public var requests: RequestSchemaDiff
    public var scenarios: ScenarioDiffs
    public var declarations: DeclarationDiff
    /// Only with `--requests`.
    public var customers: CustomerDiff?

    /// `requests`: the batch of `--requests` as read (`RequestReader`), each
    /// bound and planned against both plans. `routingLimit`: the most
    /// steps routing may take to split a collaboration's space (`--max-coverage-regions`).
    public init(base: Plan, head: Plan, requests: [RequestEntry]? = nil, routingLimit: Int = RoutingDiff.defaultLimit) {
        self.init(base: base, head: head, customers: requests.map { CustomerDiff(base: base, head: head, requests: $0) },
                  routingLimit: routingLimit)
    }

    /// As above, with the customers section already made: a batch streamed
    /// through `CustomerDiff.add` one request at a time (`tillval diff --requests`).
    public init(base: Plan, head: Plan, customers: CustomerDiff?, routingLimit: Int = RoutingDiff.defaultLimit) {
        routing = RoutingDiff(base: base, head: head, limit: routingLimit)
        requests = RequestSchemaDiff(base: base, head: head)
        scenarios = ScenarioDiffs(base: base, head: head)
        declarations = DeclarationDiff(base: base, head: head)
        self.customers = customers
    }

    /// The sections, in print order.
    public var sections: [any DiffSection] {
        [routing, requests, scenarios, declarations] + (customers.map { [$0] } ?? [])
    }

    public var isEmpty: Bool { sections.allSatisfy(\.isEmpty) }
    public var isBreaking: Bool { sections.contains(where: \.isBreaking) }
}

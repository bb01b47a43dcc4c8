import TillvalPlan
import TillvalSyntax

/// One customer's request, bound to a plan: every fact has its declared
/// type, the collaboration and task are settled, and each value remembers
/// where it was written.
public struct Request: Equatable, Sendable {
    /// The customer's identity in the store (`customer.id`).
    public var customerID: String
    public var facts: [FactPath: FactValue]
    public var collaboration: String
    public var product: String
    /// Nil when the customer has no task to pick.
    public var task: String?
    /// Where the request starts (file, line), for reports over many requests.
    public var origin: SourceLocation
    /// Where each value was written, for diagnostics found after binding.
    public var positions: [String: SourceRange]

    public init(customerID: String, facts: [FactPath: FactValue], collaboration: String, product: String, task: String?,
                origin: SourceLocation, positions: [String: SourceRange] = [:]) {
        self.customerID = customerID
        self.facts = facts
        self.collaboration = collaboration
        self.product = product
        self.task = task
        self.origin = origin
        self.positions = positions
    }
}

import TillvalPlan
import TillvalSyntax

/// What became of one request in a `plan` or `apply` run: its plan, what
/// each effect did, or the diagnostics that stopped it.
public struct RequestResult: Sendable {
    /// The words of a request's status (planned, applied, …), in `TillvalPlan`'s vocabulary.
    public typealias Status = RequestStatus

    public var source: SourceLocation
    public var status: Status
    public var customerID: String?
    public var plan: RequestPlan?
    public var outcomes: [EffectOutcome]
    public var diagnostics: [Diagnostic]
    /// Why a request was refused, for people.
    public var message: String?
    /// Apply: the collaboration as the store held it when the request had
    /// been applied before (status `unchanged`).
    public var appliedBefore: CustomerStatus.Collaboration?

    public init(source: SourceLocation, status: Status, customerID: String? = nil, plan: RequestPlan? = nil,
                outcomes: [EffectOutcome] = [], diagnostics: [Diagnostic] = [], message: String? = nil,
                appliedBefore: CustomerStatus.Collaboration? = nil) {
        self.source = source
        self.status = status
        self.customerID = customerID ?? plan?.customerID
        self.plan = plan
        self.outcomes = outcomes
        self.diagnostics = diagnostics
        self.message = message
        self.appliedBefore = appliedBefore
    }
}

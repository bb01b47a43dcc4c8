import Foundation
import TillvalPlan
import TillvalRuntime
/// What `Store.apply` did, effect by effect, so `tillval apply` can say
/// "already active since …" for a request applied before.
public struct ApplyResult: Equatable, Sendable {
    public var customerID: String
    /// One outcome per effect, in the plan's order: `done`, or for a request
    /// applied before `alreadyDone` (or `skipped`).
    public var outcomes: [EffectOutcome]
    /// True when the customer was not in the store before this request.
    public var customerAdded: Bool
    /// The collaboration as the store held it, when this request (the same
    /// customer, collaboration, product and scenario) was applied before:
    /// nothing was then changed, whatever the rules now say.
    public var appliedBefore: CustomerStatus.Collaboration?

    public init(customerID: String, outcomes: [EffectOutcome], customerAdded: Bool,
                appliedBefore: CustomerStatus.Collaboration? = nil) {
        self.customerID = customerID
        self.outcomes = outcomes
        self.customerAdded = customerAdded
        self.appliedBefore = appliedBefore
    }

    /// False when the store already held everything: applying again is harmless.
    public var changedAnything: Bool {
        // Matched, not compared with nil (`==` would copy the collaboration to compare it).
        if case .some = appliedBefore { return false }
        return customerAdded || outcomes.contains { $0.status == .done }
    }
}

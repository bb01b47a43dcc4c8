/// What `Store.apply` did, effect by effect, so `tillval apply` can say
/// "already active since …" for a request applied before.
public struct ApplyResult: Equatable, Sendable {
    public var customerID: String
    /// One outcome per effect, in the plan's order: `done` or `alreadyDone`.
    public var outcomes: [EffectOutcome]
    /// True when the customer was not in the store before this request.
    public var customerAdded: Bool

    public init(customerID: String, outcomes: [EffectOutcome], customerAdded: Bool) {
        self.customerID = customerID
        self.outcomes = outcomes
        self.customerAdded = customerAdded
    }

    /// False when the store already held everything: applying again is harmless.
    public var changedAnything: Bool {
        customerAdded || outcomes.contains { $0.status == .done }
    }
}

import TillvalPlan

/// Carries out the effects of a request plan. The dry run describes them;
/// the store performs them in a transaction. Handlers see only the rendered
/// plan, never rule files.
public protocol EffectHandler {
    /// Performs one effect (in order) and says what happened. Throwing
    /// aborts the request: a transactional handler then undoes the earlier effects.
    mutating func perform(_ effect: PlannedEffect, of plan: RequestPlan) throws -> EffectOutcome
}

/// What one effect did, or would do.
public struct EffectOutcome: Equatable, Sendable {
    /// The words of an effect's status (planned, done, …), in `TillvalPlan`'s vocabulary.
    public typealias Status = EffectStatus

    public var effect: PlannedEffect
    public var status: Status
    /// A sentence for people: "already active since 2026-11-29 10:00".
    public var message: String

    public init(effect: PlannedEffect, status: Status, message: String) {
        self.effect = effect
        self.status = status
        self.message = message
    }
}

/// The dry run: every effect is described, nothing changes anywhere.
public struct DryRunHandler: EffectHandler {
    public init() {}

    public mutating func perform(_ effect: PlannedEffect, of plan: RequestPlan) throws -> EffectOutcome {
        EffectOutcome(effect: effect, status: .planned, message: effect.summary)
    }
}

import Foundation
import TillvalPlan
import TillvalRuntime
/// What the store already holds contradicts a request: another product or
/// scenario for a collaboration the customer already has, or, for a new
/// collaboration, a service with another restriction or an administrator
/// with another email. (A request applied before, with other email wording
/// or under another plan digest, is no conflict: it is unchanged.) Thrown
/// inside the request's transaction, so nothing of the request is kept.
public struct StoreConflict: Error, Equatable, Sendable, CustomStringConvertible {
    /// The effect that conflicts.
    public var effect: EffectKind
    /// A sentence for people saying what the store holds and what was asked.
    public var message: String

    public init(effect: EffectKind, message: String) {
        self.effect = effect
        self.message = message
    }

    public var description: String { message }
}

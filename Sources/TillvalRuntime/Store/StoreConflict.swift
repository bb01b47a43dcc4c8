/// What the store already holds contradicts an effect: another product or
/// scenario for the same collaboration, a collaboration already approved, a
/// service with another restriction, an administrator with another email, an
/// email queued with another recipient, subject or body. Thrown inside
/// the request's transaction, so nothing of the request is kept.
public struct StoreConflict: Error, Equatable, Sendable, CustomStringConvertible {
    /// The effect that conflicts, by its rule-format name.
    public var effect: String
    /// A sentence for people saying what the store holds and what was asked.
    public var message: String

    public init(effect: String, message: String) {
        self.effect = effect
        self.message = message
    }

    public var description: String { message }
}

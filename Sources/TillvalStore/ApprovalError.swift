import Foundation
import TillvalPlan
import TillvalRuntime
/// Why `Store.approve` recorded nothing: approving what is not pending is an
/// error, so an approval is never recorded twice or for the wrong thing.
public enum ApprovalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No request for this customer was ever applied.
    case unknownCustomer(String)
    /// The customer has no collaboration with that id; `known` lists those it has.
    case unknownCollaboration(customerID: String, collaboration: String, known: [String])
    /// The collaboration was approved before, on `approvedAt` (ISO 8601 UTC).
    case alreadyApproved(customerID: String, collaboration: String, approvedAt: String)
    /// The customer has collaborations, none of them pending.
    case nothingPending(customerID: String)
    /// Several are pending and none was named: the caller must pick one.
    case severalPending(customerID: String, pending: [String])

    /// A sentence for people.
    public var message: String {
        switch self {
        case .unknownCustomer(let id):
            return "the store holds no customer '\(Excerpt.of(id))': apply a request for it first"
        case .unknownCollaboration(let id, let collaboration, let known):
            let has = known.isEmpty ? "it has none" : "it has \(known.map { "'\(Excerpt.of($0))'" }.joined(separator: ", "))"
            return "customer '\(Excerpt.of(id))' has no collaboration '\(Excerpt.of(collaboration))'; \(has)"
        case .alreadyApproved(let id, let collaboration, let approvedAt):
            return "the collaboration '\(Excerpt.of(collaboration))' of customer '\(Excerpt.of(id))' was already approved on "
                + "\(StoreTimestamp.human(approvedAt)); nothing is pending"
        case .nothingPending(let id):
            return "customer '\(Excerpt.of(id))' has no collaboration pending approval"
        case .severalPending(let id, let pending):
            return "customer '\(Excerpt.of(id))' has \(pending.count) collaborations pending approval: "
                + "\(pending.map { "'\(Excerpt.of($0))'" }.joined(separator: ", ")); name the one that was approved"
        }
    }

    public var description: String { message }
}

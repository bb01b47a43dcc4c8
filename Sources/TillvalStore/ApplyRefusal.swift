import Foundation
import TillvalPlan
import TillvalRuntime
/// Why `Store.apply` changed nothing. Thrown instead of a result, so a
/// refused request can never be mistaken for an applied one.
public enum ApplyRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// Preconditions (by id) do not hold: no effect ran (format decision 12).
    case preconditionUnmet(ids: [String])
    /// The store already holds something the request contradicts; every
    /// effect of the request was rolled back.
    case conflict(message: String)

    /// A sentence for people.
    public var message: String {
        switch self {
        case .preconditionUnmet(let ids):
            let list = ids.map { "'\($0)'" }.joined(separator: ", ")
            return (ids.count == 1 ? "precondition \(list) does not hold" : "preconditions \(list) do not hold")
                + "; nothing was applied"
        case .conflict(let message):
            return "\(message); nothing was applied"
        }
    }

    public var description: String { message }
}

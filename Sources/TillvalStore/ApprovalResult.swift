import Foundation
import TillvalPlan
import TillvalRuntime
/// The approval `Store.approve` recorded, with what the plan was waiting
/// for, so `tillval approve` can say who approved what.
public struct ApprovalResult: Equatable, Sendable {
    public var customerID: String
    /// The collaboration as it now stands: status approved, `approvedAt` set.
    public var collaboration: CustomerStatus.Collaboration

    /// "Approved Digitala tillval … (Visma Min Lön) for customer 556677-8899 on 2026-11-29 10:00 UTC:
    /// the administrator approved the terms in Mina tjänster on vismaspcs.se"
    public var summary: String {
        let when = StoreTimestamp.human(collaboration.approvedAt ?? "")
        var text = "Approved \(collaboration.collaboration.name) (\(collaboration.product.name)) for customer \(customerID) on \(when)"
        if let awaits = collaboration.awaits {
            text += ": the \(awaits.who.rawValue) approved the \(awaits.approves.rawValue) in \(awaits.place)"
        }
        return text
    }
}

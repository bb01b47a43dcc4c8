import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

extension Store {
    /// Records the approval a collaboration awaits (the customer or the new
    /// administrator in Mina tjänster): pending becomes approved, with the
    /// time. `collaboration` may be left out when exactly one is pending.
    ///
    /// Throws `ApprovalError` when there is nothing pending to approve.
    public func approve(customerID: String, collaboration: String? = nil) throws -> ApprovalResult {
        let time = StoreTimestamp.iso(now())
        return try queue.write { db in
            guard try CustomerRecord.fetchOne(db, CustomerRecord.byID, [customerID]) != nil else {
                throw ApprovalError.unknownCustomer(customerID)
            }
            let all = try CollaborationRecord.fetchAll(db, CollaborationRecord.ofCustomer, [customerID]).map(\.value)
            let target: CustomerStatus.Collaboration
            if let collaboration {
                guard let found = all.first(where: { $0.collaboration.id == collaboration }) else {
                    throw ApprovalError.unknownCollaboration(customerID: customerID, collaboration: collaboration,
                                                             known: all.map(\.collaboration.id))
                }
                target = found
            } else {
                let pending = all.filter { $0.status == .pending }
                if pending.count > 1 {
                    throw ApprovalError.severalPending(customerID: customerID, pending: pending.map(\.collaboration.id))
                }
                if let only = pending.first {
                    target = only
                } else if all.count == 1, let only = all.first {
                    target = only
                } else {
                    throw ApprovalError.nothingPending(customerID: customerID)
                }
            }
            guard target.status == .pending else {
                throw ApprovalError.alreadyApproved(customerID: customerID, collaboration: target.collaboration.id,
                                                    approvedAt: target.approvedAt ?? target.activatedAt)
            }
            try db.run(cached: """
                UPDATE collaborations SET status = ?, approved_at = ?
                WHERE customer_id = ? AND collaboration_id = ? AND status = ?
                """, [ApprovalState.approved.rawValue, time, customerID, target.collaboration.id, ApprovalState.pending.rawValue])
            var approved = target
            approved.status = .approved
            approved.approvedAt = time
            return ApprovalResult(customerID: customerID, collaboration: approved)
        }
    }
}

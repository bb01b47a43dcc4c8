import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

extension Store {
    /// Runs every effect of `plan` against the store in one transaction:
    /// either all of them are recorded, or none is.
    ///
    /// - A request applied before — the store holds its collaboration for the
    ///   customer with the same product and scenario, pending or approved —
    ///   changes nothing, whatever the rules now say (another plan digest,
    ///   other email wording): the result carries `appliedBefore`, and each
    ///   outcome says what the store holds (`alreadyDone`, or `skipped` for
    ///   an effect the rules did not have then). Emails already queued stay
    ///   as they were; `requeue` replaces undelivered ones on purpose.
    /// - Another product or scenario for a collaboration the customer already
    ///   has is a conflict (`ApplyRefusal.conflict`); nothing is touched.
    /// - A plan whose preconditions do not hold is refused before anything is
    ///   touched (`ApplyRefusal.preconditionUnmet`).
    /// - A new collaboration whose effects contradict the store (a service
    ///   with another restriction, an administrator with another email) is
    ///   rolled back and refused (`ApplyRefusal.conflict`).
    /// - Any other error, including one thrown by `beforeEffect`, rolls back
    ///   and is rethrown as is.
    ///
    /// - Parameter beforeEffect: called before each effect that is performed,
    ///   inside the transaction; tests throw from it to fail a request
    ///   half-way. It must not use this store (the connection is busy with
    ///   the transaction).
    public func apply(_ plan: RequestPlan, beforeEffect: (PlannedEffect) throws -> Void = { _ in }) throws -> ApplyResult {
        guard plan.isRunnable else {
            throw ApplyRefusal.preconditionUnmet(ids: plan.preconditions.filter { !$0.holds }.map(\.id))
        }
        let time = now()
        do {
            return try queue.write { db in
                if let before = try Self.collaboration(db, customerID: plan.customerID, collaborationID: plan.collaboration.id) {
                    if let conflict = StoreEffectHandler.conflict(plan.customerID, holds: before,
                                                                 product: plan.product, scenario: plan.scenario.id) {
                        throw conflict
                    }
                    let report = AppliedBeforeReport(database: db, appliedBefore: before)
                    let outcomes = try plan.effects.map { try report.outcome($0, of: plan) }
                    return ApplyResult(customerID: plan.customerID, outcomes: outcomes, customerAdded: false,
                                       appliedBefore: before)
                }
                var customer = CustomerRecord(id: plan.customerID, firstSeen: StoreTimestamp.iso(time))
                try customer.insert(db, onConflict: .ignore)
                let customerAdded = db.changesCount > 0
                var handler = StoreEffectHandler(database: db, now: time)
                var outcomes: [EffectOutcome] = []
                for effect in plan.effects {
                    try beforeEffect(effect)
                    outcomes.append(try handler.perform(effect, of: plan))
                }
                return ApplyResult(customerID: plan.customerID, outcomes: outcomes, customerAdded: customerAdded)
            }
        } catch let conflict as StoreConflict {
            throw ApplyRefusal.conflict(message: conflict.message)
        }
    }
}

import GRDB

extension Store {
    /// Runs every effect of `plan` against the store in one transaction:
    /// either all of them are recorded, or none is.
    ///
    /// - Applying the same plan again changes nothing; each outcome is then
    ///   `alreadyDone` with when it was done, and no email is queued twice.
    ///   When the rules changed since (another plan digest) but the request
    ///   does the same, that is noted on the collaboration's outcome.
    /// - Applying it again with other content (another scenario, an email
    ///   to someone else or with other text) is a conflict, not a repeat.
    /// - A plan whose preconditions do not hold is refused before anything is
    ///   touched (`ApplyRefusal.preconditionUnmet`).
    /// - A plan that contradicts the store is rolled back and refused
    ///   (`ApplyRefusal.conflict`).
    /// - Any other error, including one thrown by `beforeEffect`, rolls back
    ///   and is rethrown as is.
    ///
    /// - Parameter beforeEffect: called before each effect inside the
    ///   transaction; tests throw from it to fail a request half-way. It must
    ///   not use this store (the connection is busy with the transaction).
    public func apply(_ plan: RequestPlan, beforeEffect: (PlannedEffect) throws -> Void = { _ in }) throws -> ApplyResult {
        guard plan.isRunnable else {
            throw ApplyRefusal.preconditionUnmet(ids: plan.preconditions.filter { !$0.holds }.map(\.id))
        }
        let time = now()
        do {
            return try queue.write { db in
                try db.execute(sql: "INSERT OR IGNORE INTO customers (id, first_seen) VALUES (?, ?)",
                               arguments: [plan.customerID, StoreTimestamp.iso(time)])
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

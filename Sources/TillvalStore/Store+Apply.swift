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
    /// Many requests are applied faster by `ApplyBatch`, which commits them
    /// in groups, each request in a savepoint of its own.
    ///
    /// - Parameter beforeEffect: called before each effect that is performed,
    ///   inside the transaction; tests throw from it to fail a request
    ///   half-way. It must not use this store (the connection is busy with
    ///   the transaction).
    public func apply(_ plan: RequestPlan, beforeEffect: (PlannedEffect) throws -> Void = { _ in }) throws -> ApplyResult {
        guard plan.isRunnable else { throw Self.unmet(plan) }
        let timestamp = StoreTimestamp.iso(now())
        do {
            return try queue.write { db in
                try Self.apply(db, ApplyStatements(db), plan, at: timestamp, beforeEffect: beforeEffect)
            }
        } catch let conflict as StoreConflict {
            throw ApplyRefusal.conflict(message: conflict.message)
        }
    }

    /// Applies `plans` in one transaction, each in a savepoint of its own
    /// (`ApplyBatch` describes what is reported when); nil keeps a place and
    /// gets nil back. The results are returned after the transaction
    /// committed, or, when it could not commit, every request is failed with
    /// the error (an unmet precondition, decided without the store, stays
    /// refused).
    @usableFromInline
    func apply(group plans: [RequestPlan?], beforeEffect: (PlannedEffect) throws -> Void) -> [Result<ApplyResult, any Error>?] {
        var results: [Result<ApplyResult, any Error>?] = Array(repeating: nil, count: plans.count)
        var clock = StoreClock(now)
        do {
            try queue.write { db in
                let statements = try ApplyStatements(db)
                for index in plans.indices {
                    guard let plan = plans[index] else { continue }
                    guard plan.isRunnable else {
                        results[index] = .failure(Self.unmet(plan))
                        continue
                    }
                    do {
                        results[index] = .success(try Self.inSavepoint(db, statements) {
                            try Self.apply(db, statements, plan, at: clock.timestamp(), beforeEffect: beforeEffect)
                        })
                    } catch let conflict as StoreConflict {
                        results[index] = .failure(ApplyRefusal.conflict(message: conflict.message))
                    } catch let broken as RollbackFailed {
                        // Half a request may be in the transaction: none of the group is committed.
                        throw broken.error
                    } catch {
                        // SQLite ends the whole transaction on some errors (a
                        // full disk, an I/O error, a trigger's RAISE(ROLLBACK)):
                        // what the group applied before is gone too.
                        guard db.isInsideTransaction else { throw error }
                        results[index] = .failure(error)
                    }
                }
            }
        } catch {
            // A request whose preconditions do not hold is refused as such, also when the group's
            // transaction could not even begin (the store locked past the busy timeout).
            for (index, plan) in plans.enumerated() {
                guard let plan else { continue }
                results[index] = plan.isRunnable ? .failure(error) : .failure(Self.unmet(plan))
            }
        }
        return results
    }

    /// Runs `body` inside a savepoint: released when it returns, rolled back
    /// to (and released) when it throws, which leaves the rest of the
    /// transaction as it was. The statements are `ApplyStatements`' (run
    /// with `sqlite3_step`; whether SQLite ended the transaction is read from
    /// SQLite, `isInsideTransaction`).
    private static func inSavepoint<T>(_ db: Database, _ statements: ApplyStatements, _ body: () throws -> T) throws -> T {
        // Outside the group's transaction (SQLite ended it), a SAVEPOINT would start a
        // transaction of its own and its RELEASE would commit this request alone.
        guard db.isInsideTransaction else {
            throw DatabaseError(resultCode: .SQLITE_ABORT, message: "the group's transaction was ended by SQLite", sql: nil)
        }
        try ApplyStatements.run(statements.savepoint)
        let value: T
        do {
            value = try body()
        } catch {
            if db.isInsideTransaction {
                // A rollback that fails must not let RELEASE keep half a request: the whole group fails instead.
                do {
                    try ApplyStatements.run(statements.rollbackToSavepoint)
                    try ApplyStatements.run(statements.release)
                } catch let failure {
                    throw RollbackFailed(error: failure)
                }
            }
            throw error
        }
        try ApplyStatements.run(statements.release)
        return value
    }

    /// A request's savepoint could not be rolled back: its half-done writes
    /// may still be in the group's transaction, which must not commit.
    private struct RollbackFailed: Error {
        var error: any Error
    }

    private static func unmet(_ plan: RequestPlan) -> ApplyRefusal {
        .preconditionUnmet(ids: plan.preconditions.filter { !$0.holds }.map(\.id))
    }

    /// One request's reads and writes, inside a transaction (or savepoint)
    /// the caller owns; a conflict is thrown as `StoreConflict`.
    private static func apply(_ db: Database, _ statements: ApplyStatements, _ plan: RequestPlan, at timestamp: String,
                              beforeEffect: (PlannedEffect) throws -> Void) throws -> ApplyResult {
        // A customer the store did not hold has no rows anywhere (every row
        // refers to `customers`): nothing to look up for them.
        try CustomerRecord(id: plan.customerID, firstSeen: timestamp).insertRow(statements)
        let customerAdded = db.changesCount > 0
        if !customerAdded, let before = try Self.collaboration(db, customerID: plan.customerID, collaborationID: plan.collaboration.id) {
            if let conflict = StoreEffectHandler.conflict(plan.customerID, holds: before,
                                                         product: plan.product, scenario: plan.scenario.id) {
                throw conflict
            }
            let report = AppliedBeforeReport(database: db, appliedBefore: before)
            let outcomes = try plan.effects.map { try report.outcome($0, of: plan) }
            return ApplyResult(customerID: plan.customerID, outcomes: outcomes, customerAdded: false,
                               appliedBefore: before)
        }
        var handler = StoreEffectHandler(database: db, statements: statements, timestamp: timestamp, newCustomer: customerAdded)
        var outcomes: [EffectOutcome] = []
        for effect in plan.effects {
            try beforeEffect(effect)
            outcomes.append(try handler.perform(effect, of: plan))
        }
        return ApplyResult(customerID: plan.customerID, outcomes: outcomes, customerAdded: customerAdded)
    }
}

/// The time each request of a group is applied at, as the store writes it
/// (`StoreTimestamp.iso`, whole seconds): read from the store's clock for
/// every request, and written out again only when its second is not the
/// previous request's (issue 11: a calendar computation per request).
struct StoreClock {
    private let now: () -> Date
    private var last: (second: Double, text: String)?

    init(_ now: @escaping () -> Date) {
        self.now = now
    }

    /// The time now, as the store writes it.
    mutating func timestamp() -> String {
        let time = now()
        // `iso` writes whole seconds, rounded down (as Calendar's components
        // are), counted from the reference date as `iso` counts them: from
        // 1970, the last ~0.1 µs of a second would round up into the next.
        let second = time.timeIntervalSinceReferenceDate.rounded(.down)
        if let last, last.second == second { return last.text }
        let text = StoreTimestamp.iso(time)
        last = (second, text)
        return text
    }
}

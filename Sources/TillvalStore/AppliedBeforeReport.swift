import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

/// What the store holds for each effect of a request that was applied
/// before (same customer, collaboration, product and scenario). It reads
/// and never writes: a re-applied request changes nothing, and where the
/// rules now render an effect otherwise, the outcome says so instead.
struct AppliedBeforeReport {
    let db: Database
    /// When the collaboration applied before was activated, as stored and
    /// as `StoreTimestamp.human` reads it (made once: the request's other
    /// rows were written at the same time, as a rule).
    private let storedActivatedAt: String
    private let activatedAt: String
    /// Its approval, as a sentence says it (`approvalText`).
    private let approval: String

    /// What to report of `appliedBefore`'s effects (the whole collaboration
    /// is not kept: the report is made for every request a re-run meets).
    init(database: Database, appliedBefore: CustomerStatus.Collaboration) {
        self.db = database
        storedActivatedAt = appliedBefore.activatedAt
        activatedAt = StoreTimestamp.human(appliedBefore.activatedAt)
        approval = appliedBefore.approvalText
    }

    /// How the stored time `stored` reads in a sentence (`StoreTimestamp.human`).
    private func human(_ stored: String) -> String {
        Self.sameBytes(stored, storedActivatedAt) ? activatedAt : StoreTimestamp.human(stored)
    }

    /// Whether two texts are equal (`==`), telling texts with the same bytes
    /// equal by comparing their bytes: `==` compares non-ASCII texts
    /// character by character, in Unicode's canonical equivalence, and a
    /// queued email's body is compared with the one the rules now give for
    /// every email a re-run meets.
    static func same(_ one: String, _ other: String) -> Bool {
        sameBytes(one, other) || one == other
    }

    private static func sameBytes(_ one: String, _ other: String) -> Bool {
        var (one, other) = (one, other)
        return one.withUTF8 { first in
            other.withUTF8 { second in
                guard first.count == second.count else { return false }
                guard let a = first.baseAddress, let b = second.baseAddress else { return true }
                return memcmp(a, b, first.count) == 0
            }
        }
    }

    func outcome(_ effect: PlannedEffect, of plan: RequestPlan) throws -> EffectOutcome {
        switch effect.action {
        case .activateCollaboration:
            return EffectOutcome(effect: effect, status: .alreadyDone,
                                 message: "already active since \(activatedAt), \(approval)")
        case .activateService(let service, let restrictedTo):
            guard let stored = try ServiceRecord.fetchOne(db, ServiceRecord.byKey, [plan.customerID, service.id]) else { return skipped(effect) }
            var message = "already active since \(human(stored.activatedAt))"
            if stored.restrictedTo != restrictedTo?.id {
                message += ", " + (stored.restrictedToName.map { "restricted to \($0)" } ?? "unrestricted")
                    + "; the rules now activate it " + (restrictedTo.map { "restricted to \($0.name)" } ?? "unrestricted")
                    + ", and the store keeps it as it is"
            }
            return EffectOutcome(effect: effect, status: .alreadyDone, message: message)
        case .createAdministrator(let portal, let email):
            guard let stored = try AdministratorRecord.fetchOne(db, AdministratorRecord.byKey, [plan.customerID, portal]) else { return skipped(effect) }
            let storedEmail = stored.email
            var message = "already created on \(human(stored.createdAt))"
            if storedEmail != email {
                message += " for \(storedEmail); this request says \(email), and the store keeps \(storedEmail)"
            }
            return EffectOutcome(effect: effect, status: .alreadyDone, message: message)
        case .sendEmail(let email):
            guard let stored = try OutboxRecord.fetchOne(db, OutboxRecord.byKey, [plan.customerID, plan.collaboration.id, email.template]) else { return skipped(effect) }
            // A row read from the store has its id.
            let (id, recipient, subject, body) = (stored.id ?? 0, stored.recipient, stored.subject, stored.body)
            let (deliveredAt, queuedAt) = (stored.deliveredAt, stored.queuedAt)
            var message = deliveredAt.map { "already delivered on \(human($0))" } ?? "already queued on \(human(queuedAt))"
            message += " (outbox #\(id))"
            if recipient != email.to {
                message += " to \(recipient); this request says \(Excerpt.of(email.to)), and the email stays as it is"
            } else if !Self.same(subject, email.subject) || !Self.same(body, email.body) {
                message += " with other wording than the rules now give (the email shown is the current wording); the queued email stays as it is"
                if deliveredAt == nil { message += " ('tillval outbox requeue' replaces it while it is undelivered)" }
            }
            return EffectOutcome(effect: effect, status: .alreadyDone, message: message)
        }
    }

    /// An effect the store has no record of: the rules did not have it when
    /// the request was applied, and re-applying does not add it.
    private func skipped(_ effect: PlannedEffect) -> EffectOutcome {
        EffectOutcome(effect: effect, status: .skipped, message:
            "not done: the rules had no such effect when this request was applied on "
            + "\(activatedAt), and re-applying changes nothing")
    }
}

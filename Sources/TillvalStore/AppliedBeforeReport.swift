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
    let appliedBefore: CustomerStatus.Collaboration

    init(database: Database, appliedBefore: CustomerStatus.Collaboration) {
        self.db = database
        self.appliedBefore = appliedBefore
    }

    func outcome(_ effect: PlannedEffect, of plan: RequestPlan) throws -> EffectOutcome {
        let human = StoreTimestamp.human
        switch effect.action {
        case .activateCollaboration:
            return EffectOutcome(effect: effect, status: .alreadyDone,
                                 message: "already active since \(human(appliedBefore.activatedAt)), \(appliedBefore.approvalText)")
        case .activateService(let service, let restrictedTo):
            guard let row = try Row.fetchOne(db, sql: """
                SELECT restricted_to_name, restricted_to, activated_at FROM services WHERE customer_id = ? AND service = ?
                """, arguments: try StoreArguments.whole([plan.customerID, service.id])) else { return skipped(effect) }
            let storedRestriction: String? = try row.decode(forColumn: "restricted_to")
            let storedName: String? = try row.decode(forColumn: "restricted_to_name")
            var message = "already active since \(human(try row.decode(forColumn: "activated_at")))"
            if storedRestriction != restrictedTo?.id {
                message += ", " + (storedName.map { "restricted to \($0)" } ?? "unrestricted")
                    + "; the rules now activate it " + (restrictedTo.map { "restricted to \($0.name)" } ?? "unrestricted")
                    + ", and the store keeps it as it is"
            }
            return EffectOutcome(effect: effect, status: .alreadyDone, message: message)
        case .createAdministrator(let portal, let email):
            guard let row = try Row.fetchOne(db, sql: """
                SELECT email, created_at FROM administrators WHERE customer_id = ? AND portal = ?
                """, arguments: try StoreArguments.whole([plan.customerID, portal])) else { return skipped(effect) }
            let storedEmail: String = try row.decode(forColumn: "email")
            var message = "already created on \(human(try row.decode(forColumn: "created_at")))"
            if storedEmail != email {
                message += " for \(storedEmail); this request says \(email), and the store keeps \(storedEmail)"
            }
            return EffectOutcome(effect: effect, status: .alreadyDone, message: message)
        case .sendEmail(let email):
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, recipient, subject, body, queued_at, delivered_at FROM outbox
                WHERE customer_id = ? AND collaboration_id = ? AND template = ?
                """, arguments: try StoreArguments.whole([plan.customerID, plan.collaboration.id, email.template])) else { return skipped(effect) }
            let id: Int64 = try row.decode(forColumn: "id")
            let recipient: String = try row.decode(forColumn: "recipient")
            let subject: String = try row.decode(forColumn: "subject")
            let body: String = try row.decode(forColumn: "body")
            let deliveredAt: String? = try row.decode(forColumn: "delivered_at")
            let queuedAt: String = try row.decode(forColumn: "queued_at")
            var message = deliveredAt.map { "already delivered on \(human($0))" } ?? "already queued on \(human(queuedAt))"
            message += " (outbox #\(id))"
            if recipient != email.to {
                message += " to \(recipient); this request says \(Excerpt.of(email.to)), and the email stays as it is"
            } else if subject != email.subject || body != email.body {
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
            + "\(StoreTimestamp.human(appliedBefore.activatedAt)), and re-applying changes nothing")
    }
}

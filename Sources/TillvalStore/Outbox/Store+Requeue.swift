import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

/// What `Store.requeue` did with one email of a request.
public struct RequeueOutcome: Equatable, Sendable {
    public enum Status: String, Equatable, Sendable, Codable, CaseIterable {
        /// The queued email now has the current wording (and a new Message-ID and date).
        case replaced
        /// The queued email already had the current wording.
        case unchanged
        /// Not replaced: the email was delivered, or the request now sends it to someone else.
        case refused
        /// The store holds no such email for the request: nothing to replace.
        case notQueued = "not-queued"
    }

    /// The email's id in the rules.
    public var template: String
    /// The outbox entry, when there is one.
    public var id: Int64?
    public var status: Status
    /// A sentence for people; for `replaced` and `unchanged` it starts with that word.
    public var message: String
}

/// Why `Store.requeue` replaced nothing for a request.
public enum RequeueError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request was never applied: the customer has no such collaboration.
    case notApplied(customerID: String, collaboration: String)
    /// `template` was given, and the request sends no such email.
    case noSuchEmail(template: String, sent: [String])
    /// The store holds the collaboration with another product or scenario.
    case conflict(message: String)

    public var message: String {
        switch self {
        case .notApplied(let customerID, let collaboration):
            return "customer \(Excerpt.of(customerID)) has no collaboration '\(Excerpt.of(collaboration))' in the store: apply the request first"
        case .noSuchEmail(let template, let sent):
            return "this request sends no email '\(Excerpt.of(template))'; it sends " + (sent.isEmpty ? "none" : sent.map { "'\($0)'" }.joined(separator: ", "))
        case .conflict(let message):
            return "\(message); nothing was requeued"
        }
    }

    public var description: String { message }
}

extension Store {
    /// Replaces the wording (subject, body, sender) of the request's queued,
    /// undelivered emails with what `plan` renders now, in one transaction.
    /// A replaced email gets a new Message-ID token and the current time as
    /// its queueing time (its `Date:`). A delivered email is never replaced
    /// (`refused`), nor one the request now sends to another recipient.
    ///
    /// The request must be the one applied: the store holds its
    /// collaboration for the customer with the same product and scenario
    /// (else `RequeueError`). Preconditions are not checked: the wording of
    /// an email does not depend on them.
    ///
    /// - Parameter template: only this email of the request, when given.
    public func requeue(_ plan: RequestPlan, template: String? = nil) throws -> [RequeueOutcome] {
        let emails = plan.effects.compactMap { effect -> RenderedEmail? in
            if case .sendEmail(let email) = effect.action { return email }
            return nil
        }
        let chosen = emails.filter { template == nil || $0.template == template }
        if let template, chosen.isEmpty { throw RequeueError.noSuchEmail(template: template, sent: emails.map(\.template)) }
        let time = StoreTimestamp.iso(now())
        return try queue.write { db in
            guard let stored = try Self.collaboration(db, customerID: plan.customerID, collaborationID: plan.collaboration.id) else {
                throw RequeueError.notApplied(customerID: plan.customerID, collaboration: plan.collaboration.id)
            }
            if let conflict = StoreEffectHandler.conflict(plan.customerID, holds: stored, product: plan.product,
                                                         scenario: plan.scenario.id) {
                throw RequeueError.conflict(message: conflict.message)
            }
            return try chosen.map { email in
                guard let entry = try OutboxRecord.fetchOne(db, OutboxRecord.byKey, [plan.customerID, plan.collaboration.id, email.template])?.value else {
                    return RequeueOutcome(template: email.template, id: nil, status: .notQueued,
                                          message: "not in the outbox: the rules had no such email when the request was applied")
                }
                if let deliveredAt = entry.deliveredAt {
                    return RequeueOutcome(template: email.template, id: entry.id, status: .refused, message:
                        "delivered on \(StoreTimestamp.human(deliveredAt)); a delivered email is never replaced")
                }
                if let claim = entry.claim {
                    return RequeueOutcome(template: email.template, id: entry.id, status: .refused, message:
                        "being delivered: claimed on \(StoreTimestamp.human(claim.claimedAt)) for \(Excerpt.of(claim.directory, limit: 256)); "
                        + "a claimed email is not replaced (if that delivery died, "
                        + "'outbox deliver --to-dir' that directory finishes it)")
                }
                if entry.recipient != email.to {
                    return RequeueOutcome(template: email.template, id: entry.id, status: .refused, message:
                        "queued to \(Excerpt.of(entry.recipient)), but the request now sends it to \(Excerpt.of(email.to)); "
                        + "requeue replaces the wording, never the recipient")
                }
                if entry.subject == email.subject, entry.body == email.body, entry.senderName == plan.sender.name,
                   entry.senderEmail == plan.sender.address {
                    return RequeueOutcome(template: email.template, id: entry.id, status: .unchanged,
                                          message: "unchanged: it already has the current wording (queued on \(StoreTimestamp.human(entry.queuedAt)))")
                }
                try db.run(cached: """
                    UPDATE outbox SET subject = ?, body = ?, sender_name = ?, sender_email = ?, message_token = ?, queued_at = ?
                    WHERE id = ? AND delivered_at IS NULL AND claim_token IS NULL
                    """, [email.subject, email.body, plan.sender.name, plan.sender.address, OutboxEntry.newMessageToken(), time, entry.id])
                return RequeueOutcome(template: email.template, id: entry.id, status: .replaced, message:
                    "replaced with the current wording: queued again on \(StoreTimestamp.human(time)) (it was queued on \(StoreTimestamp.human(entry.queuedAt)))")
            }
        }
    }
}

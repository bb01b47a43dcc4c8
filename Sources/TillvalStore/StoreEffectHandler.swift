import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

/// Performs a request's effects against the store, inside a transaction the
/// caller owns (`Store.apply` opens it). Each effect is idempotent: what the
/// store already holds is reported as `alreadyDone` and left alone, and what
/// contradicts it throws `StoreConflict` so the caller's transaction rolls back.
struct StoreEffectHandler: EffectHandler {
    let db: Database
    let timestamp: String

    /// - Parameters:
    ///   - database: a connection inside an open write transaction.
    ///   - now: the time recorded on every row this request writes.
    init(database: Database, now: Date) {
        self.db = database
        self.timestamp = StoreTimestamp.iso(now)
    }

    mutating func perform(_ effect: PlannedEffect, of plan: RequestPlan) throws -> EffectOutcome {
        switch effect.action {
        case .activateCollaboration(let collaboration, let product):
            return try activateCollaboration(effect, collaboration: collaboration, product: product, plan: plan)
        case .activateService(let service, let restrictedTo):
            return try activateService(effect, service: service, restrictedTo: restrictedTo, plan: plan)
        case .createAdministrator(let portal, let email):
            return try createAdministrator(effect, portal: portal, email: email, plan: plan)
        case .sendEmail(let email):
            return try queueEmail(effect, email: email, plan: plan)
        }
    }

    /// Why a request for `product` and `scenario` cannot be applied to a
    /// collaboration the customer already has, or nil when it is the same
    /// request again (pending or approved, whatever the rules now say).
    static func conflict(_ customerID: String, holds stored: CustomerStatus.Collaboration, product: Named,
                         scenario: String) -> StoreConflict? {
        let since = "active since \(StoreTimestamp.human(stored.activatedAt)), \(stored.approvalText)"
        if stored.product.id != product.id {
            return StoreConflict(effect: "activate-collaboration", message:
                "customer \(Excerpt.of(customerID)) already has the collaboration \(stored.collaboration.name) for \(stored.product.name) "
                + "(\(since)); this request asks for \(product.name)")
        }
        // Another scenario means other effects: applying this one on top
        // would leave the customer half in each.
        if stored.scenario != scenario {
            return StoreConflict(effect: "activate-collaboration", message:
                "the collaboration \(stored.collaboration.name) of customer \(Excerpt.of(customerID)) was activated as scenario "
                + "'\(stored.scenario)' on \(StoreTimestamp.human(stored.activatedAt)); this request is scenario '\(scenario)'")
        }
        return nil
    }

    private func activateCollaboration(_ effect: PlannedEffect, collaboration: Named, product: Named,
                                       plan: RequestPlan) throws -> EffectOutcome {
        // `Store.apply` answers for the request's own collaboration before
        // any effect runs; this finds one only for an effect naming another.
        if let stored = try Row.fetchOne(db, sql: """
            SELECT * FROM collaborations WHERE customer_id = ? AND collaboration_id = ?
            """, arguments: try StoreArguments.whole([plan.customerID, collaboration.id])).map(Store.collaboration) {
            if let conflict = Self.conflict(plan.customerID, holds: stored, product: product, scenario: plan.scenario.id) {
                throw conflict
            }
            return EffectOutcome(effect: effect, status: .alreadyDone,
                                 message: "already active since \(StoreTimestamp.human(stored.activatedAt)), \(stored.approvalText)")
        }
        try db.execute(sql: """
            INSERT INTO collaborations (customer_id, collaboration_id, collaboration_title, product, product_name,
                service, service_name, restricted_to, restricted_to_name, scenario, status,
                awaits_who, awaits_approves, awaits_where, plan_digest, activated_at, approved_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, NULL)
            """, arguments: try StoreArguments.whole([
                plan.customerID, collaboration.id, collaboration.name, product.id, product.name,
                plan.service.id, plan.service.name, plan.restrictedTo?.id, plan.restrictedTo?.name, plan.scenario.id,
                plan.awaits?.who, plan.awaits?.approves, plan.awaits?.place, plan.planDigest, timestamp,
            ]))
        return EffectOutcome(effect: effect, status: .done,
                             message: "activated the collaboration \(collaboration.name) for \(product.name), pending approval")
    }

    private func activateService(_ effect: PlannedEffect, service: Named, restrictedTo: Named?, plan: RequestPlan) throws -> EffectOutcome {
        let described = Named.serviceDescription(service.name, restrictedTo: restrictedTo?.name)
        if let row = try Row.fetchOne(db, sql: """
            SELECT restricted_to, restricted_to_name, activated_at FROM services WHERE customer_id = ? AND service = ?
            """, arguments: try StoreArguments.whole([plan.customerID, service.id])) {
            let storedRestriction: String? = try row.decode(forColumn: "restricted_to")
            let storedRestrictionName: String? = try row.decode(forColumn: "restricted_to_name")
            let activatedAt: String = try row.decode(forColumn: "activated_at")
            guard storedRestriction == restrictedTo?.id else {
                let held = storedRestrictionName.map { "restricted to \($0)" } ?? "unrestricted"
                let asked = restrictedTo.map { "restricted to \($0.name)" } ?? "unrestricted"
                throw StoreConflict(effect: effect.name, message:
                    "customer \(Excerpt.of(plan.customerID)) already has the service \(service.name) \(held) "
                    + "(active since \(StoreTimestamp.human(activatedAt))); this request asks for it \(asked)")
            }
            return EffectOutcome(effect: effect, status: .alreadyDone,
                                 message: "already active since \(StoreTimestamp.human(activatedAt))")
        }
        try db.execute(sql: """
            INSERT INTO services (customer_id, service, service_name, restricted_to, restricted_to_name, collaboration_id, activated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: try StoreArguments.whole([plan.customerID, service.id, service.name, restrictedTo?.id, restrictedTo?.name,
                             plan.collaboration.id, timestamp]))
        return EffectOutcome(effect: effect, status: .done, message: "activated the service \(described)")
    }

    private func createAdministrator(_ effect: PlannedEffect, portal: String, email: String, plan: RequestPlan) throws -> EffectOutcome {
        if let row = try Row.fetchOne(db, sql: """
            SELECT email, created_at FROM administrators WHERE customer_id = ? AND portal = ?
            """, arguments: try StoreArguments.whole([plan.customerID, portal])) {
            let storedEmail: String = try row.decode(forColumn: "email")
            let createdAt: String = try row.decode(forColumn: "created_at")
            guard storedEmail == email else {
                throw StoreConflict(effect: effect.name, message:
                    "customer \(Excerpt.of(plan.customerID)) already has an administrator on \(Excerpt.of(portal)), \(Excerpt.of(storedEmail)) "
                    + "(created on \(StoreTimestamp.human(createdAt))); this request asks for \(Excerpt.of(email))")
            }
            return EffectOutcome(effect: effect, status: .alreadyDone,
                                 message: "already created on \(StoreTimestamp.human(createdAt))")
        }
        try db.execute(sql: "INSERT INTO administrators (customer_id, portal, email, created_at) VALUES (?, ?, ?, ?)",
                       arguments: try StoreArguments.whole([plan.customerID, portal, email, timestamp]))
        return EffectOutcome(effect: effect, status: .done, message: "created the administrator on \(portal) for \(email)")
    }

    private func queueEmail(_ effect: PlannedEffect, email: RenderedEmail, plan: RequestPlan) throws -> EffectOutcome {
        // An email is queued once per customer, collaboration and template;
        // one already there stays as it was queued (`requeue` replaces it).
        if let row = try Row.fetchOne(db, sql: """
            SELECT id, queued_at, delivered_at FROM outbox WHERE customer_id = ? AND collaboration_id = ? AND template = ?
            """, arguments: try StoreArguments.whole([plan.customerID, plan.collaboration.id, email.template])) {
            let id: Int64 = try row.decode(forColumn: "id")
            let deliveredAt: String? = try row.decode(forColumn: "delivered_at")
            let queuedAt: String = try row.decode(forColumn: "queued_at")
            let when = deliveredAt.map { "delivered on \(StoreTimestamp.human($0))" } ?? "queued on \(StoreTimestamp.human(queuedAt))"
            return EffectOutcome(effect: effect, status: .alreadyDone, message: "already \(when) (outbox #\(id))")
        }
        try db.execute(sql: """
            INSERT INTO outbox (customer_id, collaboration_id, template, recipient, subject, body, queued_at, delivered_at,
                message_token, sender_name, sender_email)
            VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
            """, arguments: try StoreArguments.whole([plan.customerID, plan.collaboration.id, email.template, email.to, email.subject, email.body,
                             timestamp, OutboxEntry.newMessageToken(), plan.sender.name, plan.sender.address]))
        return EffectOutcome(effect: effect, status: .done,
                             message: "queued the email '\(email.template)' to \(email.to) (outbox #\(db.lastInsertedRowID))")
    }
}

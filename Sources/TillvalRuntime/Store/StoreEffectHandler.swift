import Foundation
import GRDB

/// Performs a request's effects against the store, inside a transaction the
/// caller owns (`Store.apply` opens it). Each effect is idempotent: what the
/// store already holds is reported as `alreadyDone` and left alone, and what
/// contradicts it throws `StoreConflict` so the caller's transaction rolls back.
public struct StoreEffectHandler: EffectHandler {
    let db: Database
    let timestamp: String

    /// - Parameters:
    ///   - database: a connection inside an open write transaction.
    ///   - now: the time recorded on every row this request writes.
    public init(database: Database, now: Date) {
        self.db = database
        self.timestamp = StoreTimestamp.iso(now)
    }

    public mutating func perform(_ effect: PlannedEffect, of plan: RequestPlan) throws -> EffectOutcome {
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

    private func activateCollaboration(_ effect: PlannedEffect, collaboration: Named, product: Named,
                                       plan: RequestPlan) throws -> EffectOutcome {
        if let row = try Row.fetchOne(db, sql: """
            SELECT product, product_name, scenario, status, plan_digest, activated_at, approved_at FROM collaborations
            WHERE customer_id = ? AND collaboration_id = ?
            """, arguments: [plan.customerID, collaboration.id]) {
            let storedProduct: String = try row.decode(forColumn: "product")
            let storedName: String = try row.decode(forColumn: "product_name")
            let storedScenario: String = try row.decode(forColumn: "scenario")
            let status: String = try row.decode(forColumn: "status")
            let storedDigest: String = try row.decode(forColumn: "plan_digest")
            let activatedAt: String = try row.decode(forColumn: "activated_at")
            if storedProduct != product.id {
                throw StoreConflict(effect: effect.name, message:
                    "customer \(plan.customerID) already has the collaboration \(collaboration.name) for \(storedName) "
                    + "(\(status) since \(StoreTimestamp.human(activatedAt))); this request asks for \(product.name)")
            }
            if status == "approved" {
                let approvedAt: String? = try row.decode(forColumn: "approved_at")
                throw StoreConflict(effect: effect.name, message:
                    "the collaboration \(collaboration.name) of customer \(plan.customerID) was already approved on "
                    + StoreTimestamp.human(approvedAt ?? activatedAt))
            }
            // Another scenario means other effects: applying this one on top
            // would leave the customer half in each.
            if storedScenario != plan.scenario.id {
                throw StoreConflict(effect: effect.name, message:
                    "the collaboration \(collaboration.name) of customer \(plan.customerID) was activated as scenario "
                    + "'\(storedScenario)' on \(StoreTimestamp.human(activatedAt)); this request is scenario '\(plan.scenario.id)'")
            }
            var message = "already active since \(StoreTimestamp.human(activatedAt)), pending approval"
            if storedDigest != plan.planDigest {
                message += " (activated under plan \(Self.shortDigest(storedDigest)), this plan is \(Self.shortDigest(plan.planDigest)))"
            }
            return EffectOutcome(effect: effect, status: .alreadyDone, message: message)
        }
        try db.execute(sql: """
            INSERT INTO collaborations (customer_id, collaboration_id, collaboration_title, product, product_name,
                service, service_name, restricted_to, restricted_to_name, scenario, status,
                awaits_who, awaits_approves, awaits_where, plan_digest, activated_at, approved_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, NULL)
            """, arguments: [
                plan.customerID, collaboration.id, collaboration.name, product.id, product.name,
                plan.service.id, plan.service.name, plan.restrictedTo?.id, plan.restrictedTo?.name, plan.scenario.id,
                plan.awaits?.who, plan.awaits?.approves, plan.awaits?.place, plan.planDigest, timestamp,
            ])
        return EffectOutcome(effect: effect, status: .done,
                             message: "activated the collaboration \(collaboration.name) for \(product.name), pending approval")
    }

    private func activateService(_ effect: PlannedEffect, service: Named, restrictedTo: Named?, plan: RequestPlan) throws -> EffectOutcome {
        let described = Named.serviceDescription(service.name, restrictedTo: restrictedTo?.name)
        if let row = try Row.fetchOne(db, sql: """
            SELECT restricted_to, restricted_to_name, activated_at FROM services WHERE customer_id = ? AND service = ?
            """, arguments: [plan.customerID, service.id]) {
            let storedRestriction: String? = try row.decode(forColumn: "restricted_to")
            let storedRestrictionName: String? = try row.decode(forColumn: "restricted_to_name")
            let activatedAt: String = try row.decode(forColumn: "activated_at")
            guard storedRestriction == restrictedTo?.id else {
                let held = storedRestrictionName.map { "restricted to \($0)" } ?? "unrestricted"
                let asked = restrictedTo.map { "restricted to \($0.name)" } ?? "unrestricted"
                throw StoreConflict(effect: effect.name, message:
                    "customer \(plan.customerID) already has the service \(service.name) \(held) "
                    + "(active since \(StoreTimestamp.human(activatedAt))); this request asks for it \(asked)")
            }
            return EffectOutcome(effect: effect, status: .alreadyDone,
                                 message: "already active since \(StoreTimestamp.human(activatedAt))")
        }
        try db.execute(sql: """
            INSERT INTO services (customer_id, service, service_name, restricted_to, restricted_to_name, collaboration_id, activated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [plan.customerID, service.id, service.name, restrictedTo?.id, restrictedTo?.name,
                             plan.collaboration.id, timestamp])
        return EffectOutcome(effect: effect, status: .done, message: "activated the service \(described)")
    }

    private func createAdministrator(_ effect: PlannedEffect, portal: String, email: String, plan: RequestPlan) throws -> EffectOutcome {
        if let row = try Row.fetchOne(db, sql: """
            SELECT email, created_at FROM administrators WHERE customer_id = ? AND portal = ?
            """, arguments: [plan.customerID, portal]) {
            let storedEmail: String = try row.decode(forColumn: "email")
            let createdAt: String = try row.decode(forColumn: "created_at")
            guard storedEmail == email else {
                throw StoreConflict(effect: effect.name, message:
                    "customer \(plan.customerID) already has an administrator on \(portal), \(storedEmail) "
                    + "(created on \(StoreTimestamp.human(createdAt))); this request asks for \(email)")
            }
            return EffectOutcome(effect: effect, status: .alreadyDone,
                                 message: "already created on \(StoreTimestamp.human(createdAt))")
        }
        try db.execute(sql: "INSERT INTO administrators (customer_id, portal, email, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [plan.customerID, portal, email, timestamp])
        return EffectOutcome(effect: effect, status: .done, message: "created the administrator on \(portal) for \(email)")
    }

    private func queueEmail(_ effect: PlannedEffect, email: RenderedEmail, plan: RequestPlan) throws -> EffectOutcome {
        if let row = try Row.fetchOne(db, sql: """
            SELECT id, recipient, subject, body, queued_at FROM outbox
            WHERE customer_id = ? AND collaboration_id = ? AND template = ?
            """, arguments: [plan.customerID, plan.collaboration.id, email.template]) {
            let id: Int64 = try row.decode(forColumn: "id")
            let recipient: String = try row.decode(forColumn: "recipient")
            let subject: String = try row.decode(forColumn: "subject")
            let body: String = try row.decode(forColumn: "body")
            let queuedAt: String = try row.decode(forColumn: "queued_at")
            // An email is queued once: one with other content is not the same
            // request applied again, and must not pass for it.
            var held = "the email '\(email.template)' for customer \(plan.customerID) was queued"
            var asked: [String] = []
            if recipient != email.to {
                held += " to \(recipient)"
                asked.append("sends it to \(email.to)")
            }
            held += " on \(StoreTimestamp.human(queuedAt)) (outbox #\(id))"
            if subject != email.subject {
                held += " with the subject '\(subject)'"
                asked.append("gives it the subject '\(email.subject)'")
            }
            if body != email.body {
                asked.append("gives it another body")
            }
            guard asked.isEmpty else {
                throw StoreConflict(effect: effect.name, message:
                    "\(held); this request \(Self.list(asked))")
            }
            return EffectOutcome(effect: effect, status: .alreadyDone,
                                 message: "already queued on \(StoreTimestamp.human(queuedAt)) (outbox #\(id))")
        }
        try db.execute(sql: """
            INSERT INTO outbox (customer_id, collaboration_id, template, recipient, subject, body, queued_at, delivered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
            """, arguments: [plan.customerID, plan.collaboration.id, email.template, email.to, email.subject, email.body, timestamp])
        return EffectOutcome(effect: effect, status: .done,
                             message: "queued the email '\(email.template)' to \(email.to) (outbox #\(db.lastInsertedRowID))")
    }

    /// "sha256:0123456789ab…": enough of a plan digest to tell two apart.
    static func shortDigest(_ digest: String) -> String {
        let prefix = "sha256:"
        guard digest.hasPrefix(prefix) else { return digest }
        let hex = digest.dropFirst(prefix.count)
        return hex.count > 12 ? prefix + hex.prefix(12) + "…" : digest
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        let rest = items.dropLast()
        return rest.isEmpty ? last : rest.joined(separator: ", ") + " and " + last
    }
}

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
    /// The INSERTs, found once per group (`ApplyStatements`).
    let statements: ApplyStatements
    let timestamp: String
    /// The customer was added by this request, so the store held no row of
    /// theirs before it: every table's rows refer to `customers` (foreign
    /// keys, which GRDB turns on), so an effect needs no look-up unless this
    /// request wrote the same key already (`written`). Issue 11: a new
    /// customer's request then only inserts.
    private let newCustomer: Bool
    /// The keys (table and key columns) this request inserted, while `newCustomer`.
    /// A few keys per request: searched in order, which costs less than hashing them;
    /// kept as their parts, not joined into one text (issue 11: a string built per effect).
    private var written: [WrittenKey] = []

    /// A row's key in its table, the customer's columns left out.
    private enum WrittenKey: Equatable {
        case collaboration(String)
        case service(String)
        case administrator(portal: String)
        case outbox(collaboration: String, template: String)
    }

    /// - Parameters:
    ///   - database: a connection inside an open write transaction.
    ///   - statements: `database`'s statements for `apply`.
    ///   - timestamp: the time recorded on every row this request writes (`StoreTimestamp.iso`).
    ///   - newCustomer: the request added its customer (see `newCustomer`).
    init(database: Database, statements: ApplyStatements, timestamp: String, newCustomer: Bool = false) {
        self.db = database
        self.statements = statements
        self.timestamp = timestamp
        self.newCustomer = newCustomer
    }

    /// Whether the store may hold a row for `key`: false when the customer is
    /// new and this request did not write it yet (it is marked written now).
    private mutating func mayHold(_ key: WrittenKey) -> Bool {
        guard newCustomer else { return true }
        if written.contains(key) { return true }
        written.append(key)
        return false
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
        if stored.product.id != product.id {
            let since = "active since \(StoreTimestamp.human(stored.activatedAt)), \(stored.approvalText)"
            return StoreConflict(effect: .activateCollaboration, message:
                "customer \(Excerpt.of(customerID)) already has the collaboration \(stored.collaboration.name) for \(stored.product.name) "
                + "(\(since)); this request asks for \(product.name)")
        }
        // Another scenario means other effects: applying this one on top
        // would leave the customer half in each.
        if stored.scenario != scenario {
            return StoreConflict(effect: .activateCollaboration, message:
                "the collaboration \(stored.collaboration.name) of customer \(Excerpt.of(customerID)) was activated as scenario "
                + "'\(stored.scenario)' on \(StoreTimestamp.human(stored.activatedAt)); this request is scenario '\(scenario)'")
        }
        return nil
    }

    private mutating func activateCollaboration(_ effect: PlannedEffect, collaboration: Named, product: Named,
                                                plan: RequestPlan) throws -> EffectOutcome {
        // `Store.apply` answers for the request's own collaboration before
        // any effect runs; this finds one only for an effect naming another.
        if mayHold(.collaboration(collaboration.id)),
           let stored = try Store.collaboration(db, customerID: plan.customerID, collaborationID: collaboration.id) {
            if let conflict = Self.conflict(plan.customerID, holds: stored, product: product, scenario: plan.scenario.id) {
                throw conflict
            }
            return EffectOutcome(effect: effect, status: .alreadyDone,
                                 message: "already active since \(StoreTimestamp.human(stored.activatedAt)), \(stored.approvalText)")
        }
        try CollaborationRecord(plan, collaboration: collaboration, product: product, activatedAt: timestamp).insertRow(statements)
        return EffectOutcome(effect: effect, status: .done,
                             message: "activated the collaboration \(collaboration.name) for \(product.name), pending approval")
    }

    private mutating func activateService(_ effect: PlannedEffect, service: Named, restrictedTo: Named?, plan: RequestPlan) throws -> EffectOutcome {
        let described = Named.serviceDescription(service.name, restrictedTo: restrictedTo?.name)
        if mayHold(.service(service.id)), let stored = try ServiceRecord.fetchOne(db, ServiceRecord.byKey, [plan.customerID, service.id]) {
            let activatedAt = stored.activatedAt
            guard stored.restrictedTo == restrictedTo?.id else {
                let held = stored.restrictedToName.map { "restricted to \($0)" } ?? "unrestricted"
                let asked = restrictedTo.map { "restricted to \($0.name)" } ?? "unrestricted"
                throw StoreConflict(effect: effect.kind, message:
                    "customer \(Excerpt.of(plan.customerID)) already has the service \(service.name) \(held) "
                    + "(active since \(StoreTimestamp.human(activatedAt))); this request asks for it \(asked)")
            }
            return EffectOutcome(effect: effect, status: .alreadyDone,
                                 message: "already active since \(StoreTimestamp.human(activatedAt))")
        }
        let record = ServiceRecord(customerID: plan.customerID, service: service.id, serviceName: service.name,
                                   restrictedTo: restrictedTo?.id, restrictedToName: restrictedTo?.name,
                                   collaborationID: plan.collaboration.id, activatedAt: timestamp)
        try record.insertRow(statements)
        return EffectOutcome(effect: effect, status: .done, message: "activated the service \(described)")
    }

    private mutating func createAdministrator(_ effect: PlannedEffect, portal: String, email: String, plan: RequestPlan) throws -> EffectOutcome {
        if mayHold(.administrator(portal: portal)), let stored = try AdministratorRecord.fetchOne(db, AdministratorRecord.byKey, [plan.customerID, portal]) {
            let storedEmail = stored.email
            let createdAt = stored.createdAt
            guard storedEmail == email else {
                throw StoreConflict(effect: effect.kind, message:
                    "customer \(Excerpt.of(plan.customerID)) already has an administrator on \(Excerpt.of(portal)), \(Excerpt.of(storedEmail)) "
                    + "(created on \(StoreTimestamp.human(createdAt))); this request asks for \(Excerpt.of(email))")
            }
            return EffectOutcome(effect: effect, status: .alreadyDone,
                                 message: "already created on \(StoreTimestamp.human(createdAt))")
        }
        let record = AdministratorRecord(customerID: plan.customerID, portal: portal, email: email, createdAt: timestamp)
        try record.insertRow(statements)
        return EffectOutcome(effect: effect, status: .done, message: "created the administrator on \(portal) for \(email)")
    }

    private mutating func queueEmail(_ effect: PlannedEffect, email: RenderedEmail, plan: RequestPlan) throws -> EffectOutcome {
        // An email is queued once per customer, collaboration and template;
        // one already there stays as it was queued (`requeue` replaces it).
        if mayHold(.outbox(collaboration: plan.collaboration.id, template: email.template)), let stored = try OutboxRecord.fetchOne(db, OutboxRecord.byKey, [plan.customerID, plan.collaboration.id, email.template]) {
            let when = stored.deliveredAt.map { "delivered on \(StoreTimestamp.human($0))" }
                ?? "queued on \(StoreTimestamp.human(stored.queuedAt))"
            // A row read from the store has its id.
            return EffectOutcome(effect: effect, status: .alreadyDone, message: "already \(when) (outbox #\(stored.id ?? 0))")
        }
        try OutboxRecord(email, of: plan, queuedAt: timestamp).insertRow(statements)
        return EffectOutcome(effect: effect, status: .done,
                             message: "queued the email '\(email.template)' to \(email.to) (outbox #\(db.lastInsertedRowID))")
    }
}

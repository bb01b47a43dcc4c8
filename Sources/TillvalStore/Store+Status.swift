import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

extension Store {
    /// Everything the store holds for `customerID`, or nil when no request
    /// for that customer has been applied.
    public func status(customerID: String) throws -> CustomerStatus? {
        try queue.read { db in try Self.status(db, customerID: customerID) }
    }

    /// Every customer the store holds, by id, read in one transaction.
    public func statuses() throws -> [CustomerStatus] {
        try queue.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM customers ORDER BY id").compactMap { try Self.status(db, customerID: $0) }
        }
    }

    private static func status(_ db: Database, customerID: String) throws -> CustomerStatus? {
        guard let firstSeen = try String.fetchOne(db, sql: "SELECT first_seen FROM customers WHERE id = ?",
                                                  arguments: try StoreArguments.whole([customerID])) else { return nil }
        let collaborations = try Row.fetchAll(db, sql: """
            SELECT * FROM collaborations WHERE customer_id = ? ORDER BY collaboration_id
            """, arguments: try StoreArguments.whole([customerID])).map { try Self.collaboration($0) }
        let services = try Row.fetchAll(db, sql: """
            SELECT * FROM services WHERE customer_id = ? ORDER BY service
            """, arguments: try StoreArguments.whole([customerID])).map { row in
            CustomerStatus.Service(
                service: Named(id: try row.decode(forColumn: "service"), name: try row.decode(forColumn: "service_name")),
                restrictedTo: try Self.named(row, "restricted_to"),
                collaborationID: try row.decode(forColumn: "collaboration_id"),
                activatedAt: try row.decode(forColumn: "activated_at"))
        }
        let administrators = try Row.fetchAll(db, sql: """
            SELECT * FROM administrators WHERE customer_id = ? ORDER BY portal
            """, arguments: try StoreArguments.whole([customerID])).map { row in
            CustomerStatus.Administrator(portal: try row.decode(forColumn: "portal"),
                                         email: try row.decode(forColumn: "email"),
                                         createdAt: try row.decode(forColumn: "created_at"))
        }
        let emails = try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE customer_id = ? ORDER BY id",
                                      arguments: try StoreArguments.whole([customerID])).map { try OutboxEntry(row: $0) }
        return CustomerStatus(customerID: customerID, firstSeen: firstSeen, collaborations: collaborations,
                              services: services, administrators: administrators, emails: emails)
    }

    static func collaboration(_ row: Row) throws -> CustomerStatus.Collaboration {
        let who: String? = try row.decode(forColumn: "awaits_who")
        let approves: String? = try row.decode(forColumn: "awaits_approves")
        let place: String? = try row.decode(forColumn: "awaits_where")
        let awaits = who.flatMap { who in approves.map { RenderedAwait(who: who, approves: $0, place: place ?? "") } }
        let status: String = try row.decode(forColumn: "status")
        return CustomerStatus.Collaboration(
            collaboration: Named(id: try row.decode(forColumn: "collaboration_id"), name: try row.decode(forColumn: "collaboration_title")),
            product: Named(id: try row.decode(forColumn: "product"), name: try row.decode(forColumn: "product_name")),
            service: Named(id: try row.decode(forColumn: "service"), name: try row.decode(forColumn: "service_name")),
            restrictedTo: try named(row, "restricted_to"),
            scenario: try row.decode(forColumn: "scenario"),
            status: CustomerStatus.Collaboration.Status(rawValue: status) ?? .pending,
            awaits: awaits, planDigest: try row.decode(forColumn: "plan_digest"),
            activatedAt: try row.decode(forColumn: "activated_at"), approvedAt: try row.decode(forColumn: "approved_at"))
    }

    private static func named(_ row: Row, _ column: String) throws -> Named? {
        let id: String? = try row.decode(forColumn: column)
        let name: String? = try row.decode(forColumn: column + "_name")
        return id.map { Named(id: $0, name: name ?? $0) }
    }
}

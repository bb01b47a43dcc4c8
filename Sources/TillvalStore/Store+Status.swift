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
            try CustomerRecord.fetchAll(db, cached: "SELECT * FROM customers ORDER BY id").map { try Self.status(db, of: $0) }
        }
    }

    private static func status(_ db: Database, customerID: String) throws -> CustomerStatus? {
        try CustomerRecord.fetchOne(db, cached: "SELECT * FROM customers WHERE id = ?", [customerID]).map { try status(db, of: $0) }
    }

    private static func status(_ db: Database, of customer: CustomerRecord) throws -> CustomerStatus {
        let collaborations = try CollaborationRecord.fetchAll(db, cached: """
            SELECT * FROM collaborations WHERE customer_id = ? ORDER BY collaboration_id
            """, [customer.id])
        let services = try ServiceRecord.fetchAll(db, cached: "SELECT * FROM services WHERE customer_id = ? ORDER BY service", [customer.id])
        let administrators = try AdministratorRecord.fetchAll(db, cached: """
            SELECT * FROM administrators WHERE customer_id = ? ORDER BY portal
            """, [customer.id])
        let emails = try OutboxRecord.fetchAll(db, cached: "SELECT * FROM outbox WHERE customer_id = ? ORDER BY id", [customer.id])
        return CustomerStatus(customerID: customer.id, firstSeen: customer.firstSeen,
                              collaborations: collaborations.map(\.value), services: services.map(\.value),
                              administrators: administrators.map(\.value), emails: emails.map(\.value))
    }

    /// The customer's collaboration `collaborationID`, or nil.
    static func collaboration(_ db: Database, customerID: String, collaborationID: String) throws -> CustomerStatus.Collaboration? {
        try CollaborationRecord.fetchOne(db, cached: """
            SELECT * FROM collaborations WHERE customer_id = ? AND collaboration_id = ?
            """, [customerID, collaborationID])?.value
    }
}

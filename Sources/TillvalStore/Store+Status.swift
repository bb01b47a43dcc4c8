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
            try CustomerRecord.fetchAll(db, CustomerRecord.all).map { try Self.status(db, of: $0) }
        }
    }

    private static func status(_ db: Database, customerID: String) throws -> CustomerStatus? {
        try CustomerRecord.fetchOne(db, CustomerRecord.byID, [customerID]).map { try status(db, of: $0) }
    }

    private static func status(_ db: Database, of customer: CustomerRecord) throws -> CustomerStatus {
        let collaborations = try CollaborationRecord.fetchAll(db, CollaborationRecord.ofCustomer, [customer.id])
        let services = try ServiceRecord.fetchAll(db, ServiceRecord.ofCustomer, [customer.id])
        let administrators = try AdministratorRecord.fetchAll(db, AdministratorRecord.ofCustomer, [customer.id])
        let emails = try OutboxRecord.fetchAll(db, OutboxRecord.ofCustomer, [customer.id])
        return CustomerStatus(customerID: customer.id, firstSeen: customer.firstSeen,
                              collaborations: collaborations.map(\.value), services: services.map(\.value),
                              administrators: administrators.map(\.value), emails: emails.map(\.value))
    }

    /// The customer's collaboration `collaborationID`, or nil.
    static func collaboration(_ db: Database, customerID: String, collaborationID: String) throws -> CustomerStatus.Collaboration? {
        try CollaborationRecord.fetchOne(db, CollaborationRecord.byKey, [customerID, collaborationID])?.value
    }
}

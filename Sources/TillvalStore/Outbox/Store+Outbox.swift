import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

extension Store {
    /// The emails in the outbox, oldest first: those still to deliver
    /// (claimed ones included), or every one when `includeDelivered` is true.
    public func outbox(includeDelivered: Bool = false) throws -> [OutboxEntry] {
        try queue.read { db in
            let filter = includeDelivered ? "" : "WHERE delivered_at IS NULL"
            return try Row.fetchAll(db, sql: "SELECT * FROM outbox \(filter) ORDER BY id").map { try OutboxEntry(row: $0) }
        }
    }

    /// Claims the first undelivered email after `afterID` for a delivery
    /// into `directory`, in one short write transaction, and returns it with
    /// its claim; nil when there is none left. An email is claimable when
    /// nobody has claimed it, or when its claim is for the same `directory`
    /// (a delivery there died before confirming it, or is writing the same
    /// file right now: either way the file name is the same, so it is
    /// written there once). A claim for another directory is left alone
    /// unless `reclaim` is true.
    func claimNextEmail(after afterID: Int64, directory: String, token: String, reclaim: Bool) throws -> OutboxEntry? {
        let time = StoreTimestamp.iso(now())
        return try queue.write { db in
            guard var entry = try Row.fetchOne(db, sql: """
                SELECT * FROM outbox
                WHERE id > ? AND delivered_at IS NULL AND (claim_token IS NULL OR claim_directory = ? OR ?)
                ORDER BY id LIMIT 1
                """, arguments: try StoreArguments.whole([afterID, directory, reclaim])).map(OutboxEntry.init(row:)) else {
                return nil
            }
            // The name an email is first claimed with stays its name, so a
            // delivery that finishes another's writes the same file.
            let fileName = entry.claim?.fileName ?? OutboxMessage.fileName(of: entry)
            try db.execute(sql: """
                UPDATE outbox SET claim_token = ?, claimed_at = ?, claim_directory = ?, file_name = ?
                WHERE id = ? AND delivered_at IS NULL
                """, arguments: try StoreArguments.whole([token, time, directory, fileName, entry.id]))
            entry.claim = OutboxEntry.Claim(token: token, claimedAt: time, directory: directory, fileName: fileName)
            return entry
        }
    }

    /// Gives up a claim whose file could not be written: the email is
    /// queued again, for any directory.
    func releaseClaim(_ entry: OutboxEntry, token: String) throws {
        try queue.write { db in
            try db.execute(sql: """
                UPDATE outbox SET claim_token = NULL, claimed_at = NULL, claim_directory = NULL, file_name = NULL
                WHERE id = ? AND delivered_at IS NULL AND claim_token = ?
                """, arguments: try StoreArguments.whole([entry.id, token]))
        }
    }

    /// Marks a claimed email delivered now, its file written into
    /// `directory`, and returns that time; nil when it was delivered already
    /// (another delivery into the same directory confirmed it first) or its
    /// claim was moved to another directory (`--reclaim`) meanwhile.
    func markDelivered(_ entry: OutboxEntry, directory: String) throws -> String? {
        let time = StoreTimestamp.iso(now())
        return try queue.write { db in
            try db.execute(sql: """
                UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL AND claim_directory = ?
                """, arguments: try StoreArguments.whole([time, entry.id, directory]))
            return db.changesCount > 0 ? time : nil
        }
    }
}

extension OutboxEntry {
    init(row: Row) throws {
        // "v2-outbox-message" gave every row a token; a missing one is made up.
        let token: String? = try row.decode(forColumn: "message_token")
        self.init(id: try row.decode(forColumn: "id"),
                  customerID: try row.decode(forColumn: "customer_id"),
                  collaborationID: try row.decode(forColumn: "collaboration_id"),
                  template: try row.decode(forColumn: "template"),
                  recipient: try row.decode(forColumn: "recipient"),
                  subject: try row.decode(forColumn: "subject"),
                  body: try row.decode(forColumn: "body"),
                  queuedAt: try row.decode(forColumn: "queued_at"),
                  deliveredAt: try row.decode(forColumn: "delivered_at"),
                  messageToken: token ?? Self.newMessageToken(),
                  senderName: try row.decode(forColumn: "sender_name"),
                  senderEmail: try row.decode(forColumn: "sender_email"))
        // "v3-outbox-claim" added these; a delivered email keeps no claim.
        let claimToken: String? = try row.decode(forColumn: "claim_token")
        let claimedAt: String? = try row.decode(forColumn: "claimed_at")
        let directory: String? = try row.decode(forColumn: "claim_directory")
        let fileName: String? = try row.decode(forColumn: "file_name")
        if deliveredAt == nil, let claimToken, let claimedAt, let directory, let fileName {
            claim = Claim(token: claimToken, claimedAt: claimedAt, directory: directory, fileName: fileName)
        }
    }
}

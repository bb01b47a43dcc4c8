import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

extension Store {
    /// The emails in the outbox, oldest first: those still to deliver
    /// (claimed ones included), or every one when `includeDelivered` is true.
    public func outbox(includeDelivered: Bool = false) throws -> [OutboxEntry] {
        try queue.read { db in
            try OutboxRecord.fetchAll(db, includeDelivered ? OutboxRecord.all : OutboxRecord.undelivered).map(\.value)
        }
    }

    /// Claims the first undelivered email after `afterID` (nil: the first of all) for a delivery
    /// into `directory`, in one short write transaction, and returns it with
    /// its claim; nil when there is none left. An email is claimable when
    /// nobody has claimed it, or when its claim is for the same `directory`
    /// (a delivery there died before confirming it, or is writing the same
    /// file right now: either way the file name is the same, so it is
    /// written there once). A claim for another directory is left alone
    /// unless `reclaim` is true.
    func claimNextEmail(after afterID: Int64?, directory: String, token: String, reclaim: Bool) throws -> OutboxEntry? {
        let time = StoreTimestamp.iso(now())
        return try queue.write { db in
            guard var entry = try OutboxRecord.fetchOne(db, OutboxRecord.nextClaimable, [afterID, directory, reclaim])?.value else {
                return nil
            }
            // The name an email is first claimed with stays its name, so a
            // delivery that finishes another's writes the same file.
            let fileName = entry.claim?.fileName ?? OutboxMessage.fileName(of: entry)
            try db.run(cached: """
                UPDATE outbox SET claim_token = ?, claimed_at = ?, claim_directory = ?, file_name = ?
                WHERE id = ? AND delivered_at IS NULL
                """, [token, time, directory, fileName, entry.id])
            entry.claim = OutboxEntry.Claim(token: token, claimedAt: time, directory: directory, fileName: fileName)
            return entry
        }
    }

    /// Gives up a claim whose file could not be written: the email is
    /// queued again, for any directory.
    func releaseClaim(_ entry: OutboxEntry, token: String) throws {
        try queue.write { db in
            try db.run(cached: """
                UPDATE outbox SET claim_token = NULL, claimed_at = NULL, claim_directory = NULL, file_name = NULL
                WHERE id = ? AND delivered_at IS NULL AND claim_token = ?
                """, [entry.id, token])
        }
    }

    /// Marks a claimed email delivered now, its file written into
    /// `directory`, and returns that time; nil when it was delivered already
    /// (another delivery into the same directory confirmed it first) or its
    /// claim was moved to another directory (`--reclaim`) meanwhile.
    func markDelivered(_ entry: OutboxEntry, directory: String) throws -> String? {
        let time = StoreTimestamp.iso(now())
        return try queue.write { db in
            try db.run(cached: """
                UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL AND claim_directory = ?
                """, [time, entry.id, directory])
            return db.changesCount > 0 ? time : nil
        }
    }
}

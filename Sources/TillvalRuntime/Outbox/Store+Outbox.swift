import GRDB

extension Store {
    /// The emails in the outbox, oldest first: those still to deliver, or
    /// every one when `includeDelivered` is true.
    public func outbox(includeDelivered: Bool = false) throws -> [OutboxEntry] {
        try queue.read { db in
            let filter = includeDelivered ? "" : "WHERE delivered_at IS NULL"
            return try Row.fetchAll(db, sql: "SELECT * FROM outbox \(filter) ORDER BY id").map { try OutboxEntry(row: $0) }
        }
    }

    /// Marks one email delivered now and returns that time; nil when it was
    /// already delivered (or is unknown), so two deliveries cannot both claim
    /// it, or when it was requeued since it was read (its token changed).
    func markDelivered(_ entry: OutboxEntry) throws -> String? {
        let time = StoreTimestamp.iso(now())
        return try queue.write { db in
            try db.execute(sql: """
                UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL AND message_token IS ?
                """, arguments: [time, entry.id, entry.messageToken])
            return db.changesCount > 0 ? time : nil
        }
    }
}

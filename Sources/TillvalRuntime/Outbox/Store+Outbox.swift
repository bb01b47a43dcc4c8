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
    /// already delivered (or is unknown), so two deliveries cannot both claim it.
    func markDelivered(_ id: Int64) throws -> String? {
        let time = StoreTimestamp.iso(now())
        return try queue.write { db in
            try db.execute(sql: "UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL",
                           arguments: [time, id])
            return db.changesCount > 0 ? time : nil
        }
    }
}

import Foundation

/// Delivers the outbox by writing each email as an `.eml` file: the file is
/// the hand-off to whatever sends mail. Each email is delivered once: the
/// file is written first, then the email is marked delivered, so a failed
/// write leaves it queued for the next delivery.
public enum OutboxDelivery {
    /// One email written out.
    public struct Delivered: Equatable, Sendable {
        /// The entry as now stored, `deliveredAt` set.
        public var entry: OutboxEntry
        /// The path of the `.eml` file written.
        public var path: String
    }

    /// Writes every undelivered email into `directory` (created when
    /// missing) and marks each delivered. A second call writes nothing.
    /// Stops at the first email that cannot be written, keeping those
    /// delivered before it.
    @discardableResult
    public static func deliver(store: Store, toDirectory directory: String) throws -> [Delivered] {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var delivered: [Delivered] = []
        for entry in try store.outbox(includeDelivered: false) {
            let message = OutboxMessage(entry: entry)
            let file = folder.appendingPathComponent(message.fileName)
            try message.data.write(to: file, options: .atomic)
            if let time = try store.markDelivered(entry.id) {
                var entry = entry
                entry.deliveredAt = time
                delivered.append(Delivered(entry: entry, path: file.path))
            }
        }
        return delivered
    }
}

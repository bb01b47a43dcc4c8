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

    /// Why nothing was delivered: checked before any file is written.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// `from` is not an address `From:` can carry.
        case unusableFrom(String)
        /// These emails (outbox ids) have no sender address of their own
        /// (the rules declare no `office.email`, or the request left it out)
        /// and no `from` was given.
        case noSender([Int64])

        public var message: String {
            switch self {
            case .unusableFrom(let address):
                return "'\(address)' cannot be the sender: give a plain address such as lon@byran.se"
            case .noSender(let ids):
                let list = ids.map { "#\($0)" }.joined(separator: ", ")
                return "the sender of outbox \(list) is not known: the request gave no office.email; "
                    + "give the office's address with --from ADDRESS"
            }
        }

        public var description: String { message }
    }

    /// The sender address of `entry`: the office's own (`office.email` of its
    /// request), else `from`; nil when neither is usable.
    public static func senderAddress(of entry: OutboxEntry, from: String?) -> String? {
        if let own = entry.senderEmail, OutboxMessage.isUsableAddress(own) { return own }
        return from
    }

    /// Writes every undelivered email into `directory` (created when
    /// missing) and marks each delivered. A second call writes nothing.
    /// Stops at the first email that cannot be written, keeping those
    /// delivered before it. Throws `Problem` before writing anything when
    /// an email's sender is not known.
    ///
    /// - Parameter from: the sender address for emails whose request gave
    ///   no `office.email`.
    @discardableResult
    public static func deliver(store: Store, toDirectory directory: String, from: String? = nil) throws -> [Delivered] {
        if let from, !OutboxMessage.isUsableAddress(from) { throw Problem.unusableFrom(from) }
        let entries = try store.outbox(includeDelivered: false)
        let unknown = entries.filter { senderAddress(of: $0, from: from) == nil }.map(\.id)
        guard unknown.isEmpty else { throw Problem.noSender(unknown) }
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var delivered: [Delivered] = []
        for entry in entries {
            guard let address = senderAddress(of: entry, from: from) else { continue }
            let message = OutboxMessage(entry: entry, address: address)
            let file = folder.appendingPathComponent(message.fileName)
            try message.data.write(to: file, options: .atomic)
            if let time = try store.markDelivered(entry) {
                var entry = entry
                entry.deliveredAt = time
                delivered.append(Delivered(entry: entry, path: file.path))
            }
        }
        return delivered
    }
}

import Foundation
import TillvalPlan
import TillvalRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivers the outbox by writing each email as an `.eml` file: the file is
/// the hand-off to whatever sends mail. Each email is delivered exactly once
/// across every directory deliveries write into:
///
/// 1. it is claimed in the store for this run and directory (queued →
///    claimed), in its own short write transaction, so a concurrent
///    delivery into another directory skips it;
/// 2. its file is written atomically: a hidden temporary file in the
///    target directory (`.NAME.TOKEN.tmp`), flushed to disk, then renamed
///    to its name, so the directory never holds half an `.eml` file;
/// 3. it is marked delivered (claimed → delivered).
///
/// A delivery that dies between 1 and 3 leaves the email claimed for its
/// directory; the next delivery into the same directory writes it again
/// under the same name (the same bytes, replacing any copy) and confirms
/// it. A delivery into another directory leaves such a claim alone and
/// reports it, unless it is told to `reclaim` it (only when the delivery
/// that claimed it is known to be dead).
public enum OutboxDelivery {
    /// One email written out.
    public struct Delivered: Equatable, Sendable {
        /// The entry as now stored, `deliveredAt` set.
        public var entry: OutboxEntry
        /// The path of the `.eml` file written.
        public var path: String
    }

    /// One email that could not be written: it is queued again, or, when
    /// its claim names a file tillval would not give it (a changed store),
    /// its row is left as it is, still claimed.
    public struct Failure: Equatable, Sendable {
        public var entry: OutboxEntry
        /// The file name it was to be written as.
        public var fileName: String
        /// Why, in a few words (the system's reason), never a dump.
        public var reason: String
        /// Whether its claim was kept (not released): a later delivery leaves it alone.
        public var staysClaimed: Bool

        public init(entry: OutboxEntry, fileName: String, reason: String, staysClaimed: Bool = false) {
            self.entry = entry
            self.fileName = fileName
            self.reason = reason
            self.staysClaimed = staysClaimed
        }

        public var message: String {
            "outbox #\(entry.id): cannot write \(Excerpt.of(fileName, limit: 256)): \(reason); it stays \(staysClaimed ? "claimed" : "queued")"
        }
    }

    /// What one delivery did.
    public struct Report: Equatable, Sendable {
        /// The directory written into, absolute, symbolic links resolved.
        public var directory: String
        public var delivered: [Delivered] = []
        public var failed: [Failure] = []
        /// Undelivered emails claimed by a delivery into another directory:
        /// left to it (see `reclaim`).
        public var claimedElsewhere: [OutboxEntry] = []

        /// One line per email in `claimedElsewhere`, for people.
        public var claimedElsewhereLines: [String] {
            claimedElsewhere.compactMap { entry in
                entry.claim.map { claim in
                    "outbox #\(entry.id): left to another delivery: claimed on \(StoreTimestamp.human(claim.claimedAt)) "
                        + "for \(Excerpt.of(claim.directory, limit: 256)) (--reclaim delivers it here if that delivery died)"
                }
            }
        }
    }

    /// Why nothing was delivered: checked before any email is claimed.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// `from` is not an address `From:` can carry.
        case unusableFrom(String)
        /// These emails (outbox ids) have no sender address of their own
        /// (the rules declare no `office.email`, or the request left it out)
        /// and no `from` was given.
        case noSender([Int64])
        /// The target directory cannot be made or used, and why.
        case unusableDirectory(String, reason: String)

        public var message: String {
            switch self {
            case .unusableFrom(let address):
                return "'\(Excerpt.of(address))' cannot be the sender: give a plain address such as lon@byran.se"
            case .noSender(let ids):
                let list = ids.prefix(10).map { "#\($0)" }.joined(separator: ", ") + (ids.count > 10 ? ", …" : "")
                return "the sender of outbox \(list) is not known: the request gave no office.email; "
                    + "give the office's address with --from ADDRESS"
            case .unusableDirectory(let path, let reason):
                return "cannot write into \(Excerpt.of(path, limit: 256)): \(reason)"
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
    /// missing) and marks each delivered. A second call writes nothing. An
    /// email that cannot be written is reported in `failed` and queued
    /// again (one whose claim names another file stays claimed); the
    /// others are still delivered. Throws `Problem` before
    /// claiming anything when an email's sender is not known or the
    /// directory cannot be made.
    ///
    /// - Parameters:
    ///   - from: the sender address for emails whose request gave no `office.email`.
    ///   - reclaim: also take over emails claimed by a delivery into another
    ///     directory; only when that delivery is known to have died.
    @discardableResult
    public static func deliver(store: Store, toDirectory directory: String, from: String? = nil,
                               reclaim: Bool = false) throws -> Report {
        if let from, !OutboxMessage.isUsableAddress(from) { throw Problem.unusableFrom(from) }
        let entries = try store.outbox(includeDelivered: false)
        let unknown = entries.filter { senderAddress(of: $0, from: from) == nil }.map(\.id)
        guard unknown.isEmpty else { throw Problem.noSender(unknown) }
        let folder = try prepare(directory)
        let token = UUID().uuidString.lowercased()
        var report = Report(directory: folder)
        // None yet: the first claim takes the lowest id, whatever it is (a changed store may hold negative ones).
        var last: Int64?
        // Listed once per run, not once per email (that is quadratic in a full outbox).
        var temporaries = staleTemporaries(in: folder)
        while let entry = try store.claimNextEmail(after: last, directory: folder, token: token, reclaim: reclaim) {
            last = entry.id
            // The store is not trusted: the name a claim carries must be the
            // one tillval gives the email (its id, customer and template), so
            // a name changed by hand ('../x.eml', a control character) never
            // reaches the file system. Such an email is refused and its row
            // left as it is, still claimed; the others are delivered.
            let expected = OutboxMessage.fileName(of: entry)
            let fileName = entry.claim?.fileName ?? expected
            guard fileName == expected else {
                report.failed.append(Failure(entry: entry, fileName: fileName,
                                             reason: "the store names its file differently from tillval ('\(expected)'): "
                                                 + "the store was changed by hand; nothing was written",
                                             staysClaimed: true))
                continue
            }
            // The recipient goes into `To:` as is: only a plain ASCII
            // address (the rule `--from` has) can, so a recipient with a
            // line break, a space, a control or a non-ASCII character (from
            // a request or a changed store) is refused, never flattened.
            guard OutboxMessage.isUsableAddress(entry.recipient) else {
                try store.releaseClaim(entry, token: token)
                report.failed.append(Failure(entry: entry, fileName: fileName,
                                             reason: "its recipient '\(Excerpt.of(entry.recipient))' is not a plain address "
                                                 + "such as anna@example.se (ASCII, one @, no spaces or control characters)"))
                continue
            }
            guard let address = senderAddress(of: entry, from: from) else {
                // Queued after the check above, by an `apply` running meanwhile.
                try store.releaseClaim(entry, token: token)
                report.failed.append(Failure(entry: entry, fileName: fileName,
                                             reason: "its sender is not known (give --from ADDRESS)"))
                continue
            }
            let message = OutboxMessage(entry: entry, address: address)
            if let reason = write(message.data, named: fileName, into: folder, token: token) {
                try store.releaseClaim(entry, token: token)
                report.failed.append(Failure(entry: entry, fileName: fileName, reason: reason))
                continue
            }
            for temporary in temporaries.removeValue(forKey: fileName) ?? [] { unlink(folder + "/" + temporary) }
            if let time = try store.markDelivered(entry, directory: folder) {
                var delivered = entry
                delivered.deliveredAt = time
                delivered.claim = nil
                report.delivered.append(Delivered(entry: delivered, path: folder + "/" + fileName))
            }
        }
        report.claimedElsewhere = try store.outbox(includeDelivered: false).filter {
            $0.claim.map { $0.directory != folder } ?? false
        }
        return report
    }

    /// Creates `directory` when missing and returns its absolute path with
    /// symbolic links resolved: the same directory always has the same name
    /// in a claim.
    static func prepare(_ directory: String) throws -> String {
        if let reason = makeDirectories(directory) {
            throw Problem.unusableDirectory(directory, reason: reason)
        }
        guard let resolved = realpath(directory, nil) else {
            throw Problem.unusableDirectory(directory, reason: String(cString: strerror(errno)))
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Writes `data` as `name` in `directory` atomically (a temporary file,
    /// flushed, then renamed over the name); nil when written, else why not.
    static func write(_ data: Data, named name: String, into directory: String, token: String) -> String? {
        let final = directory + "/" + name
        let temporary = directory + "/." + name + "." + token + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var failure: String?
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, failure == nil {
                let written = systemWrite(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno != EINTR { failure = String(cString: strerror(errno)) }
                } else {
                    offset += written
                }
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if failure == nil, rename(temporary, final) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            return failure
        }
        // The rename itself is durable once the directory is flushed.
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
        return nil
    }

    /// The hidden temporary files (`.NAME.TOKEN.tmp`) in `directory` left by
    /// deliveries that died while writing, by the email's file name NAME:
    /// only names that are exactly `.` + NAME + `.` + a token (hex digits and
    /// `-`) + `.tmp`. A delivery lists them once and removes an email's
    /// after that email itself is written.
    static func staleTemporaries(in directory: String) -> [String: [String]] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [:] }
        var index: [String: [String]] = [:]
        for candidate in names where candidate.hasPrefix(".") && candidate.hasSuffix(".tmp") {
            let middle = candidate.dropFirst().dropLast(4)
            guard let dot = middle.lastIndex(of: ".") else { continue }
            let name = middle[..<dot], token = middle[middle.index(after: dot)...]
            guard !name.isEmpty, !token.isEmpty, token.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { continue }
            index[String(name), default: []].append(candidate)
        }
        return index
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
        #else
        Darwin.write(descriptor, bytes, count)
        #endif
    }

    /// `mkdir -p`: nil when `path` is a directory now, else why not, in a
    /// few words (the system's reason, or which part is not a directory).
    static func makeDirectories(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? nil : "\(Excerpt.of(path, limit: 256)) is not a directory"
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, let problem = makeDirectories(parent) { return problem }
        if mkdir(path, 0o755) != 0, errno != EEXIST { return String(cString: strerror(errno)) }
        return nil
    }
}

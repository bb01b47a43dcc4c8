import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

/// The embedded database `apply` writes to: customers, their collaborations
/// (pending approval, then approved), activated services, administrators per
/// portal, and an outbox of rendered emails. SQLite through GRDB, so a store
/// is one file that needs no server and survives the process.
///
/// Every change a request makes commits in one transaction (or one
/// savepoint of a group's transaction, `ApplyBatch`), or none does.
///
/// The store is in WAL mode (write-ahead log, `store.sqlite-wal` and
/// `-shm` beside it while it is open) with `synchronous = FULL`: each
/// commit is on disk when it returns, readers (`status`) never wait for a
/// writer, and the mode is kept in the file. A store made by an older
/// `tillval` (rollback journal) is converted by the first command that
/// writes to it, after its schema is brought up to date.
public final class Store: Sendable {
    /// Where `tillval` keeps its store unless `--store` says otherwise,
    /// relative to the working directory: one store per project directory.
    public static let defaultPath = ".tillval/store.sqlite"

    /// The environment variable that fixes the store's clock (ISO 8601), so
    /// runs and their output can be reproduced exactly.
    public static let clockVariable = "TILLVAL_NOW"

    /// The SQLite file.
    public let path: String
    let queue: DatabaseQueue
    let now: @Sendable () -> Date

    /// Opens the store at `path`, creating the file and its directory when
    /// they do not exist and bringing the schema up to date. For `apply`,
    /// which may be the first command run in a project.
    ///
    /// - Parameter now: the clock every recorded time comes from; inject a
    ///   fixed one for reproducible output (see `clockFromEnvironment`).
    public init(path: String, now: @escaping @Sendable () -> Date = Date.init) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try StoreFile.check(path, readOnly: false)
        let queue = try Self.openQueue(path)
        // A file that is there already must be a tillval store (or empty):
        // checked before anything is written, so any other file is left as it was.
        switch try StoreIdentity.check(queue, path: path) {
        case .empty, .store: break
        case .foreign(let reason): throw StoreError.notAStore(path, reason: reason)
        }
        try Self.migrate(queue)
        try Self.useWAL(queue)
        self.path = path
        self.queue = queue
        self.now = now
    }

    /// Opens the store at `path` only when it is already there: for the
    /// commands that read it or act on what `apply` recorded (`status`,
    /// `approve`, `outbox`), so a mistyped `--store` creates nothing.
    ///
    /// Throws `StoreError.missing` when there is no file at `path` (neither
    /// the file nor its directory is created), `StoreError.notAStore` when
    /// the file is not a store `tillval` made, and `StoreError.newer` when a
    /// newer `tillval` made it; in both cases it is left untouched. A store
    /// made by an older `tillval` has its schema brought up to date.
    public init(existingAt path: String, now: @escaping @Sendable () -> Date = Date.init) throws {
        let queue = try Self.openExisting(path, readOnly: false)
        try Self.migrate(queue)
        try Self.useWAL(queue)
        self.path = path
        self.queue = queue
        self.now = now
    }

    /// Opens the store at `path` for reading only (`status`, `outbox`
    /// listing), as `init(existingAt:)` does, but the file is opened
    /// read-only and never written: a store made by an older `tillval` is
    /// copied into memory and brought up to date there (a command that
    /// changes the store upgrades the file itself). Emails queued before
    /// "v2-outbox-message" then show a new random token each time.
    ///
    /// A store in WAL mode is read through its `-wal` and `-shm` files,
    /// which SQLite creates beside it when they are missing (and leaves
    /// there: only a connection that can write removes them). Where they
    /// can be neither found nor created (a read-only directory), the file
    /// alone holds every committed change (the last writer checkpointed it
    /// when it closed): it is copied into memory and read there
    /// (`StoreFile.copyUnlogged`), upgraded there when it is older.
    public init(readingAt path: String, now: @escaping @Sendable () -> Date = Date.init) throws {
        let file = try Self.openExisting(path, readOnly: true)
        let migrator = StoreSchema.migrator
        if try file.read(migrator.hasCompletedMigrations) {
            self.queue = file
        } else {
            let memory = try DatabaseQueue(configuration: Self.configuration)
            try file.backup(to: memory)
            try migrator.migrate(memory)
            self.queue = memory
        }
        self.path = path
        self.now = now
    }

    /// The existing store at `path`, checked to be one, not yet migrated.
    private static func openExisting(_ path: String, readOnly: Bool) throws -> DatabaseQueue {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StoreError.missing(path)
        }
        guard !isDirectory.boolValue else { throw StoreError.notAStore(path, reason: "it is a directory") }
        try StoreFile.check(path, readOnly: readOnly)
        var queue = try Self.openQueue(path, readOnly: readOnly)
        let verdict: StoreIdentity.Verdict
        do {
            verdict = try StoreIdentity.check(queue, path: path)
        } catch let error as DatabaseError where readOnly && StoreFile.walCannotBeOpened(path, error: error) {
            queue = try DatabaseQueue(configuration: Self.configuration)
            try StoreFile.copyUnlogged(path, into: queue)
            verdict = try StoreIdentity.check(queue, path: path)
        }
        switch verdict {
        case .store: return queue
        case .empty: throw StoreError.notAStore(path, reason: "it is an empty database")
        case .foreign(let reason): throw StoreError.notAStore(path, reason: reason)
        }
    }

    /// Brings the schema up to date. GRDB reads which migrations are applied
    /// and then runs each missing one in its own transaction, so two
    /// `tillval` processes opening the same old (or new) store at once may
    /// both run a migration: the second fails (the table or column it adds
    /// is there) and rolls back. Then it starts over from what is applied
    /// now; each such failure means another process applied a migration, so
    /// there are at most as many as there are migrations.
    private static func migrate(_ queue: DatabaseQueue) throws {
        let migrator = StoreSchema.migrator
        var failures = 0
        while true {
            do {
                try migrator.migrate(queue)
                return
            } catch {
                failures += 1
                if try queue.read(migrator.hasCompletedMigrations) { return }
                if failures > migrator.migrations.count { throw error }
            }
        }
    }

    /// Puts the store in WAL mode, kept in the file: nothing when it is in
    /// WAL mode already; a store with a rollback journal (made by an older
    /// `tillval`) is converted here, once its schema is up to date, so its
    /// header (`application_id`) is in the file itself and not only in the
    /// log. Another process reading the store in rollback mode delays the
    /// conversion (the busy timeout): when it still holds the file then, or
    /// where SQLite cannot use WAL (a file system without shared memory),
    /// the store goes on with its rollback journal and is converted by a
    /// later command.
    private static func useWAL(_ queue: DatabaseQueue) throws {
        do {
            _ = try queue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return
        }
    }

    /// A connection to `path`; opening reads and writes nothing.
    private static func openQueue(_ path: String, readOnly: Bool = false) throws -> DatabaseQueue {
        var configuration = Self.configuration
        configuration.readonly = readOnly
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notAStore(path, reason: "it is not an SQLite database")
        }
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        // Another `tillval` may hold the write lock for a moment.
        configuration.busyMode = .timeout(10)
        // Write transactions are IMMEDIATE (GRDB's default): a read followed
        // by a write in one transaction cannot be overtaken by another process.
        configuration.label = "tillval.store"
        // A commit returns once it is on disk (in WAL mode, the log is
        // synced at every commit; NORMAL would sync only at checkpoints, and
        // a power loss could take back requests already reported applied).
        //
        // The savepoint each request of a group runs in keeps the pages it
        // changes in a sub-journal, which SQLite writes to a temporary file
        // once it outgrows 64 KiB, and keeps writing there for the rest of
        // the transaction: 18 writes per request, 15 times the rows' own
        // (issue 11). In memory it holds one request's pages, emptied at
        // every RELEASE; temporary tables and sorts stay in memory too.
        configuration.prepareDatabase { db in
            // A read-only connection commits nothing, and setting it would
            // touch the WAL's shared memory before anything was read.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        return configuration
    }

    /// The clock `tillval` passes to `init`: the time in `TILLVAL_NOW` when it
    /// holds an ISO 8601 time ("2026-11-29T10:00:00Z", or a bare date), so
    /// runs can be reproduced; else the real time.
    ///
    /// A `TILLVAL_NOW` that cannot be read as a time is ignored: the clock
    /// then falls back to the real time without a word. Callers that must
    /// not run on the wrong clock check `clockValidationError` first.
    public static func clockFromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> @Sendable () -> Date {
        if let text = environment[clockVariable], let fixed = StoreTimestamp.parse(text) {
            return { fixed }
        }
        return { Date() }
    }

    /// Why `clockFromEnvironment` would ignore `TILLVAL_NOW`: a sentence when
    /// it is set to something that is not an ISO 8601 time, nil when it is
    /// a time or is not set. Set to nothing (or only blanks) counts as not set.
    public static func clockValidationError(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        guard let text = environment[clockVariable],
              !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
              StoreTimestamp.parse(text) == nil else { return nil }
        return "\(clockVariable) is '\(text)', which is not an ISO 8601 time "
            + "(such as 2026-11-29T10:00:00Z or 2026-11-29); set it to one, or unset it to use the real time"
    }

    /// Reads an ISO 8601 time the way `clockFromEnvironment` does.
    public static func parseTime(_ text: String) -> Date? {
        StoreTimestamp.parse(text)
    }

    /// Every row of every table as text, in key order: two stores hold the
    /// same data exactly when their dumps are equal. For tests and debugging.
    public func dump() throws -> String {
        try queue.read { db in
            var lines: [String] = []
            for table in StoreSchema.tables {
                lines.append("[\(table.name)]")
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table.name) ORDER BY \(table.orderBy)")
                for row in rows {
                    // `DatabaseValue` describes any stored value (NULL, 1, "text") without decoding it.
                    lines.append(zip(row.columnNames, row.databaseValues).map { "\($0)=\($1)" }.joined(separator: " "))
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

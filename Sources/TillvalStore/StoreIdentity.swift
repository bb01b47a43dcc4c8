import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

/// How a store is told apart from any other SQLite file, before anything is
/// written to it: `PRAGMA application_id` is tillval's (`applicationID`),
/// and the migration table lists only migrations this `tillval` knows.
///
/// A store made by a `tillval` from before "v3-outbox-claim" has
/// application id 0; it is accepted when it holds the first migration and
/// no tables but tillval's, and the migration stamps it.
enum StoreIdentity {
    /// 0x544C564C, "TLVL" in ASCII: the `application_id` of every store
    /// (see `file(1)` and https://www.sqlite.org/fileformat.html#application_id).
    static let applicationID: Int32 = 0x544C_564C

    enum Verdict: Equatable {
        /// A database with nothing in it (such as a new, empty file): `apply` makes it a store.
        case empty
        /// A store this `tillval` can open (and bring up to date).
        case store
        /// Not a tillval store, and why, in a few words.
        case foreign(String)
    }

    /// What the file behind `queue` is, read in one read-only transaction.
    /// Throws `StoreError.newer` for a store made by a newer `tillval`.
    static func check(_ queue: DatabaseQueue, path: String) throws -> Verdict {
        let verdict: Result<Verdict, StoreError>
        do {
            verdict = try queue.read { db in try inspect(db, path: path) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            return .foreign("it is not an SQLite database")
        }
        return try verdict.get()
    }

    private static func inspect(_ db: Database, path: String) throws -> Result<Verdict, StoreError> {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        if applicationID != Self.applicationID {
            if applicationID != 0 {
                return .success(.foreign("its application id is \(applicationID), not tillval's \(Self.applicationID)"))
            }
            if objects == 0, let foreign = try foreignEncoding(db) { return .success(.foreign(foreign)) }
            if objects == 0 { return .success(.empty) }
            let others = tables.subtracting(StoreSchema.knownTables).sorted()
            if !others.isEmpty {
                let names = others.prefix(3).map { "'\(Excerpt.of($0, limit: 32))'" }.joined(separator: ", ")
                return .success(.foreign("it holds tables tillval does not make (\(names)\(others.count > 3 ? ", …" : ""))"))
            }
        }
        guard tables.contains("grdb_migrations") else {
            return .success(.foreign("it has no tillval migrations"))
        }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        // Another `tillval` creating this store right now has made GRDB's
        // table (outside a transaction) and not yet committed "v1".
        if applied.isEmpty, applicationID == 0, tables.isSubset(of: ["grdb_migrations", "sqlite_sequence"]) {
            return .success(.empty)
        }
        guard applied.contains(StoreSchema.firstMigration) else {
            return .success(.foreign("it has no tillval migrations"))
        }
        let known = Set(StoreSchema.migrator.migrations)
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty {
            return .failure(StoreError.newer(path, migrations: unknown))
        }
        if let foreign = try foreignEncoding(db) { return .success(.foreign(foreign)) }
        if let foreign = try foreignObjects(db) { return .success(.foreign(foreign)) }
        return .success(.store)
    }

    /// Why a database's texts cannot be a store's: tillval keeps them in
    /// UTF-8, and SQLite converts UTF-16 texts leniently (a lone surrogate
    /// comes back as another, valid character), so reading them could not
    /// tell a changed text from a kept one. Nil for UTF-8.
    private static func foreignEncoding(_ db: Database) throws -> String? {
        let encoding = try String.fetchOne(db, sql: "PRAGMA encoding") ?? "UTF-8"
        return encoding == "UTF-8" ? nil : "its texts are kept in \(Excerpt.of(encoding, limit: 16)), where tillval keeps UTF-8"
    }

    /// Why what a database holds cannot be a store's: tillval makes tables
    /// and indexes only. A view in place of a table can make a read run
    /// forever (a recursive query), a trigger can change the rows `apply`
    /// writes, and a virtual table answers with another program's code; all
    /// three run whenever tillval reads or writes, so none is opened.
    private static func foreignObjects(_ db: Database) throws -> String? {
        let objects = try Row.fetchAll(db, sql: """
            SELECT type, name, sql LIKE 'CREATE VIRTUAL TABLE%' AS virtual FROM sqlite_master
            WHERE type IN ('view', 'trigger') OR (type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%')
            ORDER BY name LIMIT 4
            """)
        guard !objects.isEmpty else { return nil }
        let names = objects.prefix(3).map { row -> String in
            let kind: String = (row["virtual"] as Bool? ?? false) ? "virtual table" : (row["type"] as String? ?? "object")
            return "\(kind) '\(Excerpt.of(row["name"] as String? ?? "", limit: 32))'"
        }
        return "it holds \(names.joined(separator: ", "))\(objects.count > 3 ? ", …" : ""), which tillval does not make"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the file at a store path is, read from its bytes before SQLite
/// opens it: opening a database is not harmless (SQLite rolls back a hot
/// journal into it, and blocks on a FIFO), so a file that is not a regular
/// file, not an SQLite database, another application's database, or an
/// unmarked database with another program's unfinished transaction is
/// refused here without being opened.
///
/// Reading the header opens and closes the file, which (POSIX) drops every
/// lock this process holds on it: one process opens a store once, as each
/// `tillval` command does, never while another of its connections to the
/// same file is inside a transaction.
enum StoreFile {
    /// The SQLite header's first 16 bytes (https://www.sqlite.org/fileformat.html).
    static let magic = Array("SQLite format 3\u{0}".utf8)

    /// Nil when `path` is absent; else throws when the file must not be
    /// opened by SQLite (see the type). `readOnly`: a store of tillval's own
    /// with a hot journal is refused too, since rolling it back writes.
    static func check(_ path: String, readOnly: Bool) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw StoreError.notAStore(path, reason: "it cannot be read: \(String(cString: strerror(errno)))")
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw StoreError.notAStore(path, reason: "it is a directory") }
        guard type == S_IFREG else { throw StoreError.notAStore(path, reason: "it is not a regular file") }
        guard info.st_size > 0 else { return }
        let header = try readHeader(path)
        guard header.count == 100, Array(header.prefix(16)) == magic else {
            throw StoreError.notAStore(path, reason: "it is not an SQLite database")
        }
        let applicationID = Int32(bitPattern: header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        if applicationID != 0, applicationID != StoreIdentity.applicationID {
            throw StoreError.notAStore(path, reason: "its application id is \(applicationID), not tillval's \(StoreIdentity.applicationID)")
        }
        guard let journal = unfinishedTransaction(path, marked: applicationID != 0) else { return }
        if applicationID == 0 {
            throw StoreError.unfinishedTransaction(path, journal: journal, marked: false)
        }
        if readOnly { throw StoreError.unfinishedTransaction(path, journal: journal, marked: true) }
    }

    /// True when `error`, met reading the store at `path` on a read-only
    /// connection, is SQLite unable to create the `-wal` or `-shm` of a
    /// store in WAL mode (bytes 18 and 19 of its header are 2) in a
    /// directory it cannot write to, while there is no log to read: the
    /// file then holds every committed transaction.
    static func walCannotBeOpened(_ path: String, error: DatabaseError) -> Bool {
        guard error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN else { return false }
        guard let header = try? readHeader(path), header.count == 100, header[18] == 2 || header[19] == 2 else { return false }
        var info = stat()
        return !(stat(path + "-wal", &info) == 0 && info.st_size > 0)
    }

    /// Copies the store at `path`, a WAL store without a log (see
    /// `walCannotBeOpened`), into `memory`: read as an immutable file
    /// (SQLite takes no lock and wants no `-shm`), and copied again when the
    /// file changed meanwhile (a writer with the rights to the directory
    /// checkpointed into it), so the copy is one committed state.
    static func copyUnlogged(_ path: String, into memory: DatabaseQueue) throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let uri = "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
        var configuration = Configuration()
        configuration.readonly = true
        for _ in 0..<3 {
            let before = fingerprint(path)
            try DatabaseQueue(path: uri, configuration: configuration).backup(to: memory)
            if before != nil, fingerprint(path) == before { return }
        }
        throw DatabaseError(resultCode: .SQLITE_BUSY, message: "\(Excerpt.of(path, limit: 256)) changed while it was read; run the command again")
    }

    /// What tells a changed file from the same file, and whether a log is
    /// there: nil when the file cannot be read or its log is not empty.
    private static func fingerprint(_ path: String) -> [Int]? {
        var info = stat(), log = stat()
        guard stat(path, &info) == 0 else { return nil }
        if stat(path + "-wal", &log) == 0, log.st_size > 0 { return nil }
        return [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ino)]
    }

    /// The first 100 bytes of `path` (fewer when it is shorter).
    private static func readHeader(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError.notAStore(path, reason: "it cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 100)
        var count = 0
        while count < 100 {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, 100 - count) }
            if got < 0, errno == EINTR { continue }
            if got <= 0 { break }
            count += got
        }
        return Array(bytes.prefix(count))
    }

    /// The journal (`-journal`, or `-wal`) of a transaction nobody is
    /// running any more, which SQLite would replay into the file on open;
    /// nil when there is none. A rollback journal is hot when it is not
    /// empty, its first byte is not zero, and no process holds the database's RESERVED lock (the byte
    /// SQLite locks at 0x40000001 while it writes), as SQLite itself decides.
    /// A WAL file that is not empty counts only for a file not `marked` as
    /// tillval's (its last connection checkpoints it into the file on
    /// closing, which would change another program's database): a store
    /// (WAL since issue 11, and marked before it is converted) holds only
    /// committed transactions there, which reading never writes into the
    /// file, and has one whenever another `tillval` is at work on it.
    static func unfinishedTransaction(_ path: String, marked: Bool) -> String? {
        var info = stat()
        let wal = path + "-wal"
        if !marked, stat(wal, &info) == 0, info.st_size > 0 { return wal }
        let journal = path + "-journal"
        guard stat(journal, &info) == 0, info.st_size > 0 else { return nil }
        // A journal whose header starts with a zero byte is not hot: SQLite ignores it.
        let head = open(journal, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard head >= 0 else { return journal }
        var first: UInt8 = 0
        let got = read(head, &first, 1)
        close(head)
        if got == 1, first == 0 { return nil }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return journal }
        defer { close(descriptor) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0x4000_0001
        lock.l_len = 1
        guard fcntl(descriptor, F_GETLK, &lock) == 0 else { return journal }
        return lock.l_type == Int16(F_UNLCK) ? journal : nil
    }
}

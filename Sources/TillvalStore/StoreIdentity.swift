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
        return .success(.store)
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
        guard let journal = unfinishedTransaction(path) else { return }
        if applicationID == 0 {
            throw StoreError.unfinishedTransaction(path, journal: journal, marked: false)
        }
        if readOnly { throw StoreError.unfinishedTransaction(path, journal: journal, marked: true) }
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
    /// SQLite locks at 0x40000001 while it writes), as SQLite itself decides;
    /// a WAL file that is not empty counts always (tillval's stores do not
    /// use WAL, and closing the last connection checkpoints it into the file).
    static func unfinishedTransaction(_ path: String) -> String? {
        var info = stat()
        let wal = path + "-wal"
        if stat(wal, &info) == 0, info.st_size > 0 { return wal }
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

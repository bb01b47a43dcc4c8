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

import Foundation
internal import GRDB
internal import GRDBSQLite

/// The statements `apply` runs for every request: its savepoint and the
/// INSERT of each table. Each is prepared once per connection (GRDB's
/// statement cache) and found there once per group or single request, then
/// kept here: found by its SQL text for every use, each look-up hashed the
/// whole text (issue 11, callgrind).
///
/// They are run with `sqlite3_step` directly (`run`), not through GRDB's
/// `execute()`, which checked, tracked and reset around every step (issue 11:
/// a savepoint, its release and every INSERT of every request). GRDB's view of
/// the transaction stays right: GRDB opened it and ends it (`queue.write`),
/// and whether SQLite ended it early is read from SQLite itself
/// (`Database.isInsideTransaction`, `sqlite3_get_autocommit`), after any
/// statement, as `Store.apply(group:)` does after a failed request; the
/// store has no transaction observers for GRDB to notify. A statement that
/// failed is reset and stays usable (`sqlite3_prepare_v3` statements), as
/// `StoreQuery` relies on too.
struct ApplyStatements {
    let savepoint: Statement
    let release: Statement
    let rollbackToSavepoint: Statement
    let customer: Statement
    let collaboration: Statement
    let service: Statement
    let administrator: Statement
    let outbox: Statement

    init(_ db: Database) throws {
        savepoint = try db.cachedStatement(sql: "SAVEPOINT request")
        release = try db.cachedStatement(sql: "RELEASE SAVEPOINT request")
        rollbackToSavepoint = try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT request")
        customer = try db.cachedStatement(sql: CustomerRecord.insertSQL)
        collaboration = try db.cachedStatement(sql: CollaborationRecord.insertSQL)
        service = try db.cachedStatement(sql: ServiceRecord.insertSQL)
        administrator = try db.cachedStatement(sql: AdministratorRecord.insertSQL)
        outbox = try db.cachedStatement(sql: OutboxRecord.insertSQL)
    }

    /// Runs `statement`, its values bound, to its end with `sqlite3_step`,
    /// and resets it (its bindings stay until the next `StoreBinding`). A
    /// failure is thrown as GRDB would throw it: the extended result code,
    /// SQLite's message and the statement's SQL.
    static func run(_ statement: Statement) throws {
        let handle = statement.sqliteStatement
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }
}

import Foundation
internal import GRDB
internal import GRDBSQLite

/// A SELECT of the store's records, run on a statement the connection
/// prepared once (`Database.cachedStatement`): its arguments bound with
/// `sqlite3_bind_*` (`StoreBinding.bind`), its rows stepped with
/// `sqlite3_step` and read column by column with `sqlite3_column_*`
/// (`StoreRow`). Not through GRDB's `StatementArguments`, `Row` and
/// cursors: each row GRDB reads from a statement first builds a dictionary
/// of its lower-cased column names, and each value goes through
/// `DatabaseValue` and a conversion protocol (issue 11: the look-ups of a
/// batch applied again, one per effect, cost more than a fresh batch's
/// inserts).
///
/// GRDB prepares and caches the statement but does not run it: the
/// statement is reset after its rows are read, also when reading throws,
/// so it holds nothing between look-ups; an error SQLite returns is thrown
/// as a `DatabaseError` with SQLite's message, and SQLite's state tells
/// the callers what it means (`Database.isInsideTransaction` after a
/// failed request, as for any other statement).
struct StoreQuery {
    private let statement: Statement

    /// The statement `sql`, prepared once per connection, with `arguments`
    /// bound in order (texts whole, `StoreBinding.bind`).
    init(_ db: Database, cached sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws {
        statement = try db.cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        // The statement was reset after its last read (`rows`); its previous values go.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let parameters = Int(sqlite3_bind_parameter_count(handle))
        guard parameters == arguments.count else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(arguments.count) values for \(parameters) parameters", sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            try StoreBinding.bind(argument?.databaseValue ?? .null, at: CInt(offset + 1), of: statement)
        }
    }

    /// The rows, each read by `read` while the statement stands on it.
    func rows<T>(_ read: (SQLiteStatement) throws -> T) throws -> [T] {
        let handle = statement.sqliteStatement
        // The code of a failed step is thrown by `step`; reset returns it again.
        defer { sqlite3_reset(handle) }
        var rows: [T] = []
        while try step(handle) {
            rows.append(try read(handle))
        }
        return rows
    }

    /// The first row, read by `read`; nil when there is none.
    func first<T>(_ read: (SQLiteStatement) throws -> T) throws -> T? {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        return try step(handle) ? try read(handle) : nil
    }

    /// Steps to the next row: true on a row, false past the last one.
    private func step(_ handle: SQLiteStatement) throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: statement.sql)
        }
    }
}

/// The row a `StoreQuery` stands on, as a record of `table` reads it: the
/// SELECT lists the record's columns in the order of `Column.allCases`
/// (`StoredRecord.select`), and each value is read with `sqlite3_column_*`.
///
/// Reading trusts nothing in the file: a value of another kind than the
/// column is read as (NULL where there must be a value, a blob or a number
/// where there must be a text, a text whose bytes are not UTF-8 or hold a
/// NUL), or a word of the vocabulary this `tillval` does not know, is a
/// `StoreError` naming the column (`malformedValue`, `unknownValue`), never
/// another value. Texts are copied out of SQLite's buffer, which the next
/// step reuses.
struct StoreRow<Column: CodingKey & CaseIterable & Equatable> {
    private let handle: SQLiteStatement
    private let table: String
    /// `Column.allCases`: a column's position in the SELECT.
    private let columns: [Column]

    init(_ handle: SQLiteStatement, table: String) throws {
        self.handle = handle
        self.table = table
        columns = Array(Column.allCases)
        guard Int(sqlite3_column_count(handle)) == columns.count else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(table): the statement selects \(sqlite3_column_count(handle)) "
                                + "columns, the record reads \(columns.count)")
        }
    }

    /// The text in `column`.
    func text(_ column: Column) throws -> String {
        guard let text = try textIfPresent(column) else { throw malformed(column, found: .null, expected: .text) }
        return text
    }

    /// The text in `column`, nil for NULL.
    func textIfPresent(_ column: Column) throws -> String? {
        let index = try position(of: column)
        let type = sqlite3_column_type(handle, index)
        switch type {
        case SQLITE_NULL:
            return nil
        case SQLITE_TEXT:
            // SQLite's text is NUL-terminated; its length in bytes is asked after it (SQLite's advice).
            guard let bytes = sqlite3_column_text(handle, index) else {
                throw DatabaseError(resultCode: .SQLITE_NOMEM, message: "cannot read \(name(of: column))")
            }
            let count = Int(sqlite3_column_bytes(handle, index))
            if memchr(bytes, 0, count) != nil { throw malformed(column, found: .textWithNUL, expected: .text) }
            let text = UnsafeRawPointer(bytes).withMemoryRebound(to: CChar.self, capacity: count + 1) {
                String(validatingCString: $0)
            }
            guard let text else { throw malformed(column, found: .textNotUTF8, expected: .text) }
            return text
        default:
            throw malformed(column, found: Self.kind(type), expected: .text)
        }
    }

    /// The integer in `column`.
    func integer(_ column: Column) throws -> Int64 {
        guard let number = try integerIfPresent(column) else { throw malformed(column, found: .null, expected: .integer) }
        return number
    }

    /// The integer in `column`, nil for NULL.
    func integerIfPresent(_ column: Column) throws -> Int64? {
        let index = try position(of: column)
        let type = sqlite3_column_type(handle, index)
        switch type {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER: return sqlite3_column_int64(handle, index)
        default: throw malformed(column, found: Self.kind(type), expected: .integer)
        }
    }

    /// The word of `T` stored in `column`: a text this `tillval` does not
    /// know is an error (`StoreError.unknownValue`), never guessed at (not
    /// taken for "pending", say).
    func word<T: RawRepresentable>(_ column: Column) throws -> T where T.RawValue == String {
        try word(stored: text(column), column)
    }

    /// `word(_:)` of a column that may be NULL.
    func wordIfPresent<T: RawRepresentable>(_ column: Column) throws -> T? where T.RawValue == String {
        try textIfPresent(column).map { try word(stored: $0, column) }
    }

    private func word<T: RawRepresentable>(stored: String, _ column: Column) throws -> T where T.RawValue == String {
        guard let word = T(rawValue: stored) else { throw StoreError.unknownValue(column: name(of: column), value: stored) }
        return word
    }

    /// `column`'s index in the row (SQLite counts from 0).
    private func position(of column: Column) throws -> CInt {
        guard let offset = columns.firstIndex(of: column) else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(table) has no column \(column.stringValue)")
        }
        return CInt(offset)
    }

    /// `table.column`, as errors name it.
    private func name(of column: Column) -> String {
        "\(table).\(column.stringValue)"
    }

    private func malformed(_ column: Column, found: StoreError.StoredValue, expected: StoreError.StoredValue) -> StoreError {
        .malformedValue(column: name(of: column), found: found, expected: expected)
    }

    /// What an SQLite fundamental type is, as `StoreError.malformedValue` names it.
    private static func kind(_ type: CInt) -> StoreError.StoredValue {
        switch type {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_TEXT: .text
        case SQLITE_NULL: .null
        default: .blob
        }
    }
}

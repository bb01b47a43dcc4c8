import Foundation
internal import GRDB
internal import GRDBSQLite

/// Binds a row's values straight onto a statement the connection prepared
/// once (`Database.cachedStatement`, kept in `ApplyStatements`), with `sqlite3_bind_*`, instead of
/// through GRDB's `StatementArguments`: its conversion of every value
/// (existentials, validation against the statement, temporary C strings)
/// was a quarter of the store's instructions in a fresh `apply` (issue 11,
/// callgrind). Texts are bound with their UTF-8 length, and one holding a
/// NUL is refused before anything is bound (`StoreError.textWithNUL`), as
/// `StoreArguments.whole` does for the other statements.
///
/// The statement is run with `sqlite3_step` (`ApplyStatements.run`), not
/// GRDB's `execute()`.
struct StoreBinding {
    let statement: Statement
    private var index: CInt = 0

    /// `statement` (one of `ApplyStatements`), reset, ready for its values
    /// in order. The previous row's values are not cleared
    /// (`sqlite3_clear_bindings` was 2–4 % of a fresh `apply`, issue 11): an
    /// INSERT binds every one of its parameters (`InsertedRecord.insertRow`
    /// binds one value per column, as its SQL names them).
    init(_ statement: Statement) {
        self.statement = statement
        sqlite3_reset(statement.sqliteStatement)
    }

    /// Binds `value` to the next parameter.
    mutating func bind(_ value: DatabaseValue) throws {
        index += 1
        try Self.bind(value, at: index, of: statement)
    }

    /// Binds `value` to parameter `index` of `statement` with `sqlite3_bind_*`:
    /// a text with its UTF-8 length, refused when it holds a NUL.
    static func bind(_ value: DatabaseValue, at index: CInt, of statement: Statement) throws {
        let code: CInt
        let handle = statement.sqliteStatement
        switch value.storage {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case .int64(let number):
            code = sqlite3_bind_int64(handle, index, number)
        case .double(let number):
            code = sqlite3_bind_double(handle, index, number)
        case .string(var text):
            code = text.withUTF8 { bytes in
                guard let base = bytes.baseAddress else {
                    // An empty text: a zero-length text, not NULL.
                    return sqlite3_bind_text(handle, index, "", 0, Self.transient)
                }
                if memchr(base, 0, bytes.count) != nil { return SQLITE_MISMATCH }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(handle, index, $0, CInt(bytes.count), Self.transient)
                }
            }
            if code == SQLITE_MISMATCH { throw StoreError.textWithNUL(text) }
        case .blob(let data):
            code = data.withUnsafeBytes { bytes in
                sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), CInt(bytes.count), Self.transient)
            }
        }
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot bind parameter \(index)", sql: statement.sql)
        }
    }

    /// Runs the statement with the values bound.
    func execute() throws {
        try ApplyStatements.run(statement)
    }

    /// SQLite copies the bytes before the call returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

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
/// `InsertedRecord.insertRow` binds its row with `withBound`: each text or
/// blob is bound where it lies (`SQLITE_STATIC`), for as long as the
/// statement runs, instead of being copied by SQLite (`SQLITE_TRANSIENT`, a
/// `malloc` and a copy per value: 3.7 % of a fresh `apply`, issue 11).
/// `StoreQuery` binds its arguments with `bind`, copied.
enum StoreBinding {
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

    /// Binds `value` to parameter `index` of `statement` and calls `body`
    /// while it is bound: a text or a blob is bound without being copied
    /// (`SQLITE_STATIC`), its bytes valid only during `body`, so the
    /// statement must run inside `body` and be unbound (or bound anew)
    /// before it runs again. A text is bound with its UTF-8 length and
    /// refused when it holds a NUL, as `bind` does.
    static func withBound<T>(_ value: DatabaseValue, at index: CInt, of statement: Statement, _ body: () throws -> T) throws -> T {
        let handle = statement.sqliteStatement
        switch value.storage {
        case .string(let original):
            var text = original
            return try text.withUTF8 { bytes in
                let code: CInt
                if let base = bytes.baseAddress {
                    if memchr(base, 0, bytes.count) != nil { throw StoreError.textWithNUL(original) }
                    code = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        sqlite3_bind_text(handle, index, $0, CInt(bytes.count), Self.notCopied)
                    }
                } else {
                    // An empty text: a zero-length text, not NULL.
                    code = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                }
                try check(code, index, statement)
                return try body()
            }
        case .blob(let data):
            return try data.withUnsafeBytes { bytes in
                try check(sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), CInt(bytes.count),
                                            Self.notCopied), index, statement)
                return try body()
            }
        case .null, .int64, .double:
            try bind(value, at: index, of: statement)
            return try body()
        }
    }

    private static func check(_ code: CInt, _ index: CInt, _ statement: Statement) throws {
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot bind parameter \(index)", sql: statement.sql)
        }
    }

    /// SQLite reads the bytes where they are, until they are unbound (`SQLITE_STATIC`).
    private static let notCopied: sqlite3_destructor_type? = nil

    /// SQLite copies the bytes before the call returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

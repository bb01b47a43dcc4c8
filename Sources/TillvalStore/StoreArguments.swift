import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

/// Statement arguments the store binds whole or not at all. GRDB binds a
/// Swift `String` as a C string (`sqlite3_bind_text` with length -1), so
/// SQLite keeps a text only up to its first NUL character: two customer ids
/// that differ after a NUL would become one. Every statement of the store
/// that binds a text a user gave takes its arguments from here, which
/// refuses such a text (`StoreError.textWithNUL`) instead.
enum StoreArguments {
    static func whole(_ values: [(any DatabaseValueConvertible)?]) throws -> StatementArguments {
        for case let text as String in values where holdsNUL(text) {
            throw StoreError.textWithNUL(text)
        }
        return StatementArguments(values)
    }

    /// Whether `text` holds a NUL character; `memchr` over its UTF-8 bytes
    /// when they are contiguous (an email body is read for every row queued).
    static func holdsNUL(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false
        } ?? text.utf8.contains(0)
    }
}

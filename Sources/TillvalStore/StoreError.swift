import Foundation
import TillvalPlan
import TillvalRuntime
/// Why the store opened nothing or refused a value. No case creates or
/// changes a file: the commands report it instead.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There is no file at the path: no request has been applied there yet.
    case missing(String)
    /// The file exists but is not a store `tillval` made, and why.
    case notAStore(String, reason: String)
    /// The store was made by a newer `tillval`: it lists migrations this one does not know.
    case newer(String, migrations: [String])
    /// A text holds a NUL character, which SQLite would cut the text at:
    /// the store would keep another value than the one given, so it keeps none.
    case textWithNUL(String)
    /// The file holds a transaction another process left unfinished (its
    /// journal, the second value), which SQLite would roll back into the file
    /// on opening it. `marked`: the file is marked as tillval's, and only a
    /// read-only command met it.
    case unfinishedTransaction(String, journal: String, marked: Bool)
    /// A column holds a value this `tillval` does not know (such as a
    /// collaboration's status): it is not guessed at, and nothing is changed.
    case unknownValue(column: String, value: String)
    /// A column holds another kind of value than `tillval` keeps there
    /// (`found`): NULL where there must be a value, a blob or a number where
    /// there must be a text, a text that is not UTF-8 or holds a NUL. Only
    /// something else than `tillval` writes such a value: it is not read as
    /// another value, and nothing is changed.
    case malformedValue(column: String, found: StoredValue, expected: StoredValue)

    /// What a column holds, for `malformedValue`.
    public enum StoredValue: Equatable, Sendable {
        case null, integer, real, text, blob
        /// A text whose bytes are not UTF-8.
        case textNotUTF8
        /// A text holding a NUL character (`tillval` refuses to store one).
        case textWithNUL

        /// As a message names it.
        public var phrase: String {
            switch self {
            case .null: "NULL"
            case .integer: "an integer"
            case .real: "a real number"
            case .text: "a text"
            case .blob: "a blob"
            case .textNotUTF8: "a text that is not valid UTF-8"
            case .textWithNUL: "a text holding a NUL character"
            }
        }
    }

    /// A sentence for people.
    public var message: String {
        switch self {
        case .missing(let path):
            return "there is no store at \(Excerpt.of(path, limit: 256)): no request has been applied there yet"
        case .notAStore(let path, let reason):
            return "\(Excerpt.of(path, limit: 256)) is not a tillval store (\(reason)); it was left as it is"
        case .newer(let path, let migrations):
            let names = migrations.prefix(3).map { "'\(Excerpt.of($0, limit: 32))'" }.joined(separator: ", ")
            return "\(Excerpt.of(path, limit: 256)) was made by a newer tillval (schema \(names)\(migrations.count > 3 ? ", …" : "")); "
                + "it was left as it is: use that tillval or a newer one"
        case .unfinishedTransaction(let path, let journal, let marked):
            if marked {
                return "the store \(Excerpt.of(path, limit: 256)) holds a transaction a stopped tillval left unfinished "
                    + "(\(Excerpt.of(journal, limit: 256))); this command only reads and changes nothing: "
                    + "a command that writes (apply, approve, outbox deliver) rolls it back first"
            }
            return "\(Excerpt.of(path, limit: 256)) has an unfinished transaction of another program "
                + "(\(Excerpt.of(journal, limit: 256))) and is not marked as a tillval store; it was left as it is: "
                + "open it with sqlite3 first (which finishes it) if it is a store of an older tillval"
        case .textWithNUL(let text):
            return "'\(Excerpt.of(text))' holds a NUL character, which the store cannot keep whole; nothing was stored"
        case .unknownValue(let column, let value):
            return "the store holds '\(Excerpt.of(value))' in \(column), which this tillval does not know; nothing was changed"
        case .malformedValue(let column, let found, let expected):
            return "the store holds \(found.phrase) in \(column), where tillval keeps \(expected.phrase); nothing was changed"
        }
    }

    public var description: String { message }
}

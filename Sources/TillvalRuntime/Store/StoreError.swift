/// Why `Store(existingAt:)` opened nothing. Neither case creates or changes
/// a file: the commands that only read or update a store report it instead.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There is no file at the path: no request has been applied there yet.
    case missing(String)
    /// The file exists but is not a store `tillval` made.
    case notAStore(String)

    /// A sentence for people.
    public var message: String {
        switch self {
        case .missing(let path):
            return "there is no store at \(path): no request has been applied there yet"
        case .notAStore(let path):
            return "\(path) is not a tillval store; it was left as it is"
        }
    }

    public var description: String { message }
}

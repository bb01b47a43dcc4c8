/// A request's value for one fact, already checked against its type.
public enum FactValue: Equatable, Hashable, Sendable {
    case text(String)
    case bool(Bool)
    case list([String])

    /// How the value reads inside a sentence.
    public var rendered: String {
        switch self {
        case .text(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .list(let items): return items.joined(separator: ", ")
        }
    }
}

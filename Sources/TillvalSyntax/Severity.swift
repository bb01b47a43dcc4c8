/// How much a diagnostic matters: errors fail `check`, warnings are advice.
public enum Severity: String, Sendable, Codable, Hashable, CaseIterable {
    case error
    case warning
    case note
}

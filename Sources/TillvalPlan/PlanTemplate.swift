/// A text with its placeholders already parsed and checked, so rendering is
/// a lookup per part and can never meet an unknown name.
public struct PlanTemplate: Codable, Equatable, Sendable {
    /// The text as written, for people reading the plan.
    public var source: String
    public var parts: [Part]

    public enum Part: Equatable, Sendable {
        case text(String)
        case value(PlanValue)
    }

    public init(source: String, parts: [Part]) {
        self.source = source
        self.parts = parts
    }

    /// A template without placeholders.
    public init(literal: String) {
        self.init(source: literal, parts: literal.isEmpty ? [] : [.text(literal)])
    }

    /// The values this template needs, in order of appearance.
    public var values: [PlanValue] {
        parts.compactMap { if case .value(let value) = $0 { return value } else { return nil } }
    }
}

extension PlanTemplate.Part: Codable {
    enum CodingKeys: String, CodingKey { case text, value }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try container.decodeIfPresent(String.self, forKey: .text) {
            self = .text(text)
        } else {
            self = .value(try container.decode(PlanValue.self, forKey: .value))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text): try container.encode(text, forKey: .text)
        case .value(let value): try container.encode(value, forKey: .value)
        }
    }
}

/// Everything a placeholder may name. Encoded as the placeholder's path.
public enum PlanValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case fact(FactPath)
    case collaborationTitle
    case productName
    case serviceName
    case task
    case administratorEmail
    case portal

    /// The built-in placeholders, by the path a rule author writes.
    public static let builtins: [String: PlanValue] = [
        "collaboration.title": .collaborationTitle,
        "product.name": .productName,
        "service.name": .serviceName,
        "task": .task,
        "administrator.email": .administratorEmail,
        "portal": .portal,
    ]

    public init?(path: String) {
        if let builtin = PlanValue.builtins[path] {
            self = builtin
        } else if let fact = FactPath(path: path), fact != .product {
            self = .fact(fact)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .fact(let path): return path.description
        case .collaborationTitle: return "collaboration.title"
        case .productName: return "product.name"
        case .serviceName: return "service.name"
        case .task: return "task"
        case .administratorEmail: return "administrator.email"
        case .portal: return "portal"
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = PlanValue(path: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown placeholder '\(text)'")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

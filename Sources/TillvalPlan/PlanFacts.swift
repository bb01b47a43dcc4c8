/// The declared facts of a request, so requests can be type-checked against
/// the plan alone.
public struct PlanFacts: Codable, Equatable, Sendable {
    public var office: [PlanFact]
    public var customer: [PlanFact]

    public init(office: [PlanFact], customer: [PlanFact]) {
        self.office = office
        self.customer = customer
    }

    public func fact(_ path: FactPath) -> PlanFact? {
        switch path {
        case .product: return nil
        case .office(let name): return office.first { $0.name == name }
        case .customer(let name): return customer.first { $0.name == name }
        }
    }
}

/// One declared fact and its type.
public struct PlanFact: Codable, Equatable, Sendable {
    public var name: String
    public var type: PlanFactType
    public var optional: Bool
    public var doc: String?

    public init(name: String, type: PlanFactType, optional: Bool, doc: String?) {
        self.name = name
        self.type = type
        self.optional = optional
        self.doc = doc
    }

    enum CodingKeys: String, CodingKey { case name, type, values, optional, doc }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        optional = try container.decode(Bool.self, forKey: .optional)
        doc = try container.decodeIfPresent(String.self, forKey: .doc)
        switch try container.decode(FactKind.self, forKey: .type) {
        case .text: type = .text
        case .email: type = .email
        case .bool: type = .bool
        case .list: type = .list
        case .oneOf: type = .oneOf(try container.decode([String].self, forKey: .values))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type.kind, forKey: .type)
        if case .oneOf(let values) = type { try container.encode(values, forKey: .values) }
        try container.encode(optional, forKey: .optional)
        try container.encodeIfPresent(doc, forKey: .doc)
    }
}

/// The closed set of fact types of format version 1.
public enum PlanFactType: Equatable, Hashable, Sendable {
    case text
    case email
    case bool
    case list
    case oneOf([String])

    /// The type's word, without the values of `one-of`.
    public var kind: FactKind {
        switch self {
        case .text: return .text
        case .email: return .email
        case .bool: return .bool
        case .list: return .list
        case .oneOf: return .oneOf
        }
    }

    /// The word a rule author writes for this type.
    public var word: String { kind.rawValue }
}

/// A path naming one input of a request: `product`, `office.<name>` or
/// `customer.<name>`. Encoded as that text.
public enum FactPath: Hashable, Sendable, Codable, CustomStringConvertible {
    case product
    case office(String)
    case customer(String)

    public init?(path: String) {
        if path == "product" { self = .product; return }
        // Split at the first '.', found as a byte: it is ASCII, never part of another character.
        guard let dot = path.utf8.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let name = path[path.utf8.index(after: dot)...]
        guard !name.isEmpty, let group = FactGroup(rawValue: String(path[..<dot])) else { return nil }
        self.init(group, String(name))
    }

    public init(_ group: FactGroup, _ name: String) {
        switch group {
        case .office: self = .office(name)
        case .customer: self = .customer(name)
        }
    }

    /// The group of a fact path; nil for `product`.
    public var group: FactGroup? {
        switch self {
        case .product: return nil
        case .office: return .office
        case .customer: return .customer
        }
    }

    public var description: String {
        switch self {
        case .product: return "product"
        case .office(let name): return "\(FactGroup.office.rawValue).\(name)"
        case .customer(let name): return "\(FactGroup.customer.rawValue).\(name)"
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let path = FactPath(path: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid fact path '\(text)'")
        }
        self = path
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The facts the outbox reads as the sender of every email (`From:`), when
/// the rules declare them with these types: `office.name` (text) as the
/// display name and `office.email` (email) as the address.
public enum SenderFact: CaseIterable, Sendable {
    case name
    case address

    public var path: FactPath {
        switch self {
        case .name: return .office("name")
        case .address: return .office("email")
        }
    }

    /// The type the fact must be declared with to be read as the sender.
    public var kind: FactKind {
        switch self {
        case .name: return .text
        case .address: return .email
        }
    }
}

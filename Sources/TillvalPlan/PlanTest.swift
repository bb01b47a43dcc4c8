/// One entry of a lowered condition: a fact and the test it must pass.
public struct PlanTest: Codable, Equatable, Sendable {
    public var fact: FactPath
    public var test: Kind
    public var origin: SourceLocation

    public enum Kind: Equatable, Hashable, Sendable {
        /// The fact's value is one of these (enumerations and `product`).
        case anyOf([String])
        case equals(Bool)
        case empty
        case nonEmpty
        case present
        case absent

        /// The test's word in the plan.
        public var kind: TestKind {
            switch self {
            case .anyOf: return .anyOf
            case .equals: return .equals
            case .empty: return .empty
            case .nonEmpty: return .nonEmpty
            case .present: return .present
            case .absent: return .absent
            }
        }
    }

    public init(fact: FactPath, test: Kind, origin: SourceLocation) {
        self.fact = fact
        self.test = test
        self.origin = origin
    }

    enum CodingKeys: String, CodingKey { case fact, test, values, value, origin }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fact = try container.decode(FactPath.self, forKey: .fact)
        origin = try container.decode(SourceLocation.self, forKey: .origin)
        switch try container.decode(TestKind.self, forKey: .test) {
        case .anyOf: test = .anyOf(try container.decode([String].self, forKey: .values))
        case .equals: test = .equals(try container.decode(Bool.self, forKey: .value))
        case .empty: test = .empty
        case .nonEmpty: test = .nonEmpty
        case .present: test = .present
        case .absent: test = .absent
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fact, forKey: .fact)
        try container.encode(test.kind, forKey: .test)
        switch test {
        case .anyOf(let values): try container.encode(values, forKey: .values)
        case .equals(let value): try container.encode(value, forKey: .value)
        case .empty, .nonEmpty, .present, .absent: break
        }
        try container.encode(origin, forKey: .origin)
    }

    /// The test as a rule author would write it, for "picked because" lines.
    public var summary: String {
        switch test {
        case .anyOf(let values): return values.count == 1 ? "\(fact) is \(values[0])" : "\(fact) is one of \(values.joined(separator: ", "))"
        case .equals(let value): return "\(fact) is \(value)"
        case .empty, .nonEmpty, .present, .absent: return "\(fact) is \(test.kind.rawValue)"
        }
    }
}

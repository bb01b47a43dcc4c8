/// One entry of a lowered condition: a fact and the test it must pass.
public struct PlanTest: Codable, Equatable, Sendable {
    public var fact: FactPath
    public var test: Kind
    public var origin: PlanOrigin

    public enum Kind: Equatable, Hashable, Sendable {
        /// The fact's value is one of these (enumerations and `product`).
        case anyOf([String])
        case equals(Bool)
        case empty
        case nonEmpty
        case present
        case absent
    }

    public init(fact: FactPath, test: Kind, origin: PlanOrigin) {
        self.fact = fact
        self.test = test
        self.origin = origin
    }

    enum CodingKeys: String, CodingKey { case fact, test, values, value, origin }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fact = try container.decode(FactPath.self, forKey: .fact)
        origin = try container.decode(PlanOrigin.self, forKey: .origin)
        let word = try container.decode(String.self, forKey: .test)
        switch word {
        case "any-of": test = .anyOf(try container.decode([String].self, forKey: .values))
        case "equals": test = .equals(try container.decode(Bool.self, forKey: .value))
        case "empty": test = .empty
        case "non-empty": test = .nonEmpty
        case "present": test = .present
        case "absent": test = .absent
        default:
            throw DecodingError.dataCorruptedError(forKey: .test, in: container, debugDescription: "unknown test '\(word)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fact, forKey: .fact)
        switch test {
        case .anyOf(let values):
            try container.encode("any-of", forKey: .test)
            try container.encode(values, forKey: .values)
        case .equals(let value):
            try container.encode("equals", forKey: .test)
            try container.encode(value, forKey: .value)
        case .empty: try container.encode("empty", forKey: .test)
        case .nonEmpty: try container.encode("non-empty", forKey: .test)
        case .present: try container.encode("present", forKey: .test)
        case .absent: try container.encode("absent", forKey: .test)
        }
        try container.encode(origin, forKey: .origin)
    }

    /// The test as a rule author would write it, for "picked because" lines.
    public var summary: String {
        switch test {
        case .anyOf(let values): return values.count == 1 ? "\(fact) is \(values[0])" : "\(fact) is one of \(values.joined(separator: ", "))"
        case .equals(let value): return "\(fact) is \(value)"
        case .empty: return "\(fact) is empty"
        case .nonEmpty: return "\(fact) is non-empty"
        case .present: return "\(fact) is present"
        case .absent: return "\(fact) is absent"
        }
    }
}

import TillvalPlan

/// One value a fact can take, as a condition writes it: a one-of value or
/// a product id, `true`/`false`, `empty`/`non-empty`, `present`/`absent`.
/// The finite domains below are what the coverage check enumerates
/// (Sources/TillvalCompiler/CoverageChecker.swift proves them, coverage in
/// TillvalRuleTests measures them, routing in TillvalDiff compares them).
public enum FactDomainValue: Hashable, Sendable, CustomStringConvertible {
    case value(String)
    case bool(Bool)
    /// A list fact: `empty` or `non-empty`.
    case emptiness(TestKind)
    /// An optional fact: `absent`; a given `text`/`email` fact: `present`.
    case presence(TestKind)

    public var description: String {
        switch self {
        case .value(let value): return value
        case .bool(let value): return FactValue.bool(value).rendered
        case .emptiness(let kind), .presence(let kind): return kind.rawValue
        }
    }

    /// A request value this domain value stands for, as the runtime binds
    /// it: nil for `absent`; a one-item list for `non-empty`; a placeholder
    /// text for a `present` text or email (no condition reads more of it).
    public var representative: FactValue? {
        switch self {
        case .value(let value): return .text(value)
        case .bool(let value): return .bool(value)
        case .emptiness(let kind): return .list(kind == .empty ? [] : ["item"])
        case .presence(let kind): return kind == .absent ? nil : .text("someone@example.com")
        }
    }

    /// The domain values a given fact's value stands for: a text is its own
    /// value (a one-of value) and `present` (an optional text or email).
    public static func values(standingFor value: FactValue) -> [FactDomainValue] {
        switch value {
        case .text(let text): return [.value(text), .presence(.present)]
        case .bool(let bool): return [.bool(bool)]
        case .list(let items): return [.emptiness(items.isEmpty ? .empty : .nonEmpty), .presence(.present)]
        }
    }

    /// The finite domain of a fact a condition can test: the offered
    /// products for `product`; the values of a `one-of`, `true`/`false`,
    /// `empty`/`non-empty`, or `present` for a text or email; `absent` too
    /// when the fact is optional. Empty for a fact `facts` does not declare.
    public static func domain(of fact: FactPath, facts: PlanFacts, offers: [PlanService]) -> [FactDomainValue] {
        guard fact != .product else { return offers.map { .value($0.product) } }
        guard let declared = facts.fact(fact) else { return [] }
        var values: [FactDomainValue]
        switch declared.type {
        case .oneOf(let allowed): values = allowed.map { .value($0) }
        case .bool: values = [.bool(true), .bool(false)]
        case .list: values = TestKind.emptiness.map { .emptiness($0) }
        case .text, .email: values = [.presence(.present)]
        }
        if declared.optional { values.append(.presence(.absent)) }
        return values
    }
}

/// A fact and one value of it: `customer.relation: registered`, as a rule
/// editor writes it in a condition.
public struct FactSetting: Hashable, Sendable, CustomStringConvertible {
    public var fact: FactPath
    public var value: FactDomainValue

    public init(fact: FactPath, value: FactDomainValue) {
        self.fact = fact
        self.value = value
    }

    public var description: String { "\(fact): \(value)" }
}

extension RequestPlanner {
    /// Whether `test` holds for a request whose fact `test` reads takes
    /// `value` (its `representative`), as `scenarios(matching:in:)` decides:
    /// a test reads its own fact only, so a scenario's `when` accepts a
    /// product of value sets (the routing diff splits the space by them).
    public func holds(_ test: PlanTest, at value: FactDomainValue) -> Bool {
        let isProduct = test.fact == .product
        var facts: [FactPath: FactValue] = [:]
        if !isProduct, let given = value.representative { facts[test.fact] = given }
        let request = Request(customerID: "routing", facts: facts, collaboration: "", product: isProduct ? value.description : "", task: nil,
                              origin: SourceLocation(file: "routing", line: 1, column: 1))
        return holds(test, request)
    }
}

import TillvalPlan

/// Requests: changes of what a request may hold (section 2). A change that
/// makes a previously valid request invalid is breaking, and comes with an
/// example of such a request's value: a removed or renamed fact (the binder
/// refuses facts it does not know), a new required fact, a fact now
/// required, removed `one-of` values, a changed type (but for `one-of` or
/// `email` to `text`, which every old value still passes), a product a
/// collaboration no longer offers, a removed collaboration. A new optional
/// fact, added values, a fact now optional and a newly offered product are
/// listed as not breaking. A removed fact and an added one of the same
/// group, type and optionality, each the only such candidate of the other,
/// are read as a rename.
///
/// Facts are compared by path and collaborations and products by id, so
/// the order of declarations changes nothing; the changes are listed facts
/// first (by path), then collaborations (by id).
public struct RequestSchemaDiff: DiffSection {
    public var changes: [SchemaChange]

    public init(base: Plan, head: Plan) {
        var changes: [SchemaChange] = []
        for group in FactGroup.allCases {
            changes += Self.factChanges(group, base: Self.facts(group, base), head: Self.facts(group, head))
        }
        // By path; a fact's own changes keep their order (type, then optionality).
        changes = changes.enumerated().sorted {
            ($0.element.fact?.description ?? "", $0.offset) < ($1.element.fact?.description ?? "", $1.offset)
        }.map(\.element)
        let before = Dictionary(base.collaborations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(head.collaborations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in before.keys.sorted() {
            guard let old = before[id] else { continue }
            guard let new = after[id] else {
                changes.append(SchemaChange(kind: .collaborationRemoved, collaboration: id, isBreaking: true,
                                            example: "collaboration: \(id) is no longer a collaboration"))
                continue
            }
            let offered = Set(new.offers.map(\.product)), offeredBefore = Set(old.offers.map(\.product))
            for product in Set(old.offers.map(\.product)).subtracting(offered).sorted() {
                changes.append(SchemaChange(kind: .productWithdrawn, collaboration: id, product: product, isBreaking: true,
                                            example: "product: \(product) is no longer offered by \(id)"))
            }
            for product in offered.subtracting(offeredBefore).sorted() {
                changes.append(SchemaChange(kind: .productOffered, collaboration: id, product: product, isBreaking: false))
            }
        }
        self.changes = changes
    }

    private static func facts(_ group: FactGroup, _ plan: Plan) -> [String: PlanFact] {
        let facts = group == .office ? plan.facts.office : plan.facts.customer
        return Dictionary(facts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func factChanges(_ group: FactGroup, base: [String: PlanFact], head: [String: PlanFact]) -> [SchemaChange] {
        var changes: [SchemaChange] = []
        var removed = Set(base.keys).subtracting(head.keys)
        var added = Set(head.keys).subtracting(base.keys)
        // Renames: a removed and an added fact alike in type and optionality, each the other's only match.
        for name in removed.sorted() {
            guard let old = base[name] else { continue }
            let candidates = added.filter { head[$0].map { $0.type == old.type && $0.optional == old.optional } ?? false }
            guard candidates.count == 1, let newName = candidates.first, let new = head[newName] else { continue }
            let back = removed.filter { base[$0].map { $0.type == new.type && $0.optional == new.optional } ?? false }
            guard back.count == 1 else { continue }
            removed.remove(name)
            added.remove(newName)
            let path = FactPath(group, name)
            changes.append(SchemaChange(kind: .factRenamed, fact: path, renamedTo: FactPath(group, newName), isBreaking: true,
                                        example: "\(path): \(sample(old.type)) is refused, it is now \(FactPath(group, newName))"))
        }
        for name in removed.sorted() {
            guard let old = base[name] else { continue }
            let path = FactPath(group, name)
            changes.append(SchemaChange(kind: .factRemoved, fact: path, before: describe(old), isBreaking: true,
                                        example: "\(path): \(sample(old.type)) is refused, the fact is no longer declared"))
        }
        for name in added.sorted() {
            guard let new = head[name] else { continue }
            let path = FactPath(group, name)
            changes.append(SchemaChange(kind: .factAdded, fact: path, after: describe(new), isBreaking: !new.optional,
                                        example: new.optional ? nil : "a request without \(path) is refused"))
        }
        for name in Set(base.keys).intersection(head.keys).sorted() {
            guard let old = base[name], let new = head[name] else { continue }
            let path = FactPath(group, name)
            switch (old.type, new.type) {
            case (.oneOf(let before), .oneOf(let after)):
                let gone = before.filter { !after.contains($0) }, gained = after.filter { !before.contains($0) }
                if let first = gone.first {
                    changes.append(SchemaChange(kind: .valuesRemoved, fact: path, values: gone, isBreaking: true,
                                                example: "\(path): \(first) is no longer a value"))
                }
                if !gained.isEmpty {
                    changes.append(SchemaChange(kind: .valuesAdded, fact: path, values: gained, isBreaking: false))
                }
            case (let before, let after) where before.kind != after.kind:
                let widened = after == .text && (before.kind == .oneOf || before == .email)
                changes.append(SchemaChange(kind: .typeChanged, fact: path, before: before.word, after: after.word, isBreaking: !widened,
                                            example: widened ? nil : "\(path): \(sample(before)) is no longer a value of type \(after.word)"))
            default:
                break
            }
            if old.optional && !new.optional {
                changes.append(SchemaChange(kind: .nowRequired, fact: path, isBreaking: true, example: "a request without \(path) is refused"))
            } else if !old.optional && new.optional {
                changes.append(SchemaChange(kind: .nowOptional, fact: path, isBreaking: false))
            }
        }
        return changes
    }

    /// A value of the type, as a request writes it.
    static func sample(_ type: PlanFactType) -> String {
        switch type {
        case .oneOf(let values): return values.first ?? ""
        case .bool: return "true"
        case .list: return "[item]"
        case .text: return "text"
        case .email: return "someone@example.com"
        }
    }

    static func describe(_ fact: PlanFact) -> String {
        var text = fact.type.word
        if case .oneOf(let values) = fact.type { text += " [\(values.joined(separator: ", "))]" }
        return fact.optional ? "\(text), optional" : text
    }

    public var isEmpty: Bool { changes.isEmpty }
    public var isBreaking: Bool { changes.contains(where: \.isBreaking) }
    public var breakingCount: Int { changes.filter(\.isBreaking).count }

    public var textLines: [String] {
        changes.map { change in
            (change.isBreaking ? "breaking: " : "") + change.description + (change.example.map { " (e.g. \($0))" } ?? "")
        }
    }

    public var markdownLines: [String] {
        guard !isEmpty else { return [] }
        return ["| change | breaking | example |", "|---|---|---|"] + changes.map { change in
            "| \(change.description) | \(change.isBreaking ? "**breaking**" : "no") | \(change.example.map { "`\($0)`" } ?? "") |"
        }
    }

    public var summary: String? {
        guard !isEmpty else { return nil }
        let breaking = breakingCount, other = changes.count - breaking
        if breaking == 0 { return other == 1 ? "1 request change, not breaking" : "\(other) request changes, none breaking" }
        let head = breaking == 1 ? "1 breaking request change" : "\(breaking) breaking request changes"
        return other == 0 ? head : "\(head), \(other) not breaking"
    }
}

/// One change of what a request may hold.
public struct SchemaChange: Sendable, Encodable, Equatable, CustomStringConvertible {
    public var kind: SchemaChangeKind
    public var fact: FactPath?
    /// For `fact-renamed`: the fact's new path.
    public var renamedTo: FactPath?
    public var collaboration: String?
    public var product: String?
    /// For `values-removed` / `values-added`.
    public var values: [String]?
    /// The fact's type before (`type-changed`, `fact-removed`) and after (`type-changed`, `fact-added`).
    public var before: String?
    public var after: String?
    public var isBreaking: Bool
    /// A request value that was valid before and is refused now (breaking changes only).
    public var example: String?

    public init(kind: SchemaChangeKind, fact: FactPath? = nil, renamedTo: FactPath? = nil, collaboration: String? = nil,
                product: String? = nil, values: [String]? = nil, before: String? = nil, after: String? = nil,
                isBreaking: Bool, example: String? = nil) {
        self.kind = kind
        self.fact = fact
        self.renamedTo = renamedTo
        self.collaboration = collaboration
        self.product = product
        self.values = values
        self.before = before
        self.after = after
        self.isBreaking = isBreaking
        self.example = example
    }

    enum CodingKeys: String, CodingKey {
        case kind, fact, renamedTo = "renamed-to", collaboration, product, values, before, after, isBreaking = "breaking", example
    }

    /// The change in words: `customer.relation loses values registered`.
    public var description: String {
        let fact = self.fact?.description ?? ""
        let values = (self.values ?? []).joined(separator: ", ")
        switch kind {
        case .factRemoved: return "\(fact) removed (was \(before ?? ""))"
        case .factRenamed: return "\(fact) renamed \(renamedTo?.description ?? "")"
        case .factAdded: return "\(fact) added (\(after ?? ""))"
        case .valuesRemoved: return "\(fact) loses \(self.values?.count == 1 ? "value" : "values") \(values)"
        case .valuesAdded: return "\(fact) gains \(self.values?.count == 1 ? "value" : "values") \(values)"
        case .typeChanged: return "\(fact) changes type: \(before ?? "") → \(after ?? "")"
        case .nowRequired: return "\(fact) is now required"
        case .nowOptional: return "\(fact) is now optional"
        case .productWithdrawn: return "collaboration \(collaboration ?? "") no longer offers product \(product ?? "")"
        case .productOffered: return "collaboration \(collaboration ?? "") now offers product \(product ?? "")"
        case .collaborationRemoved: return "collaboration \(collaboration ?? "") removed"
        }
    }
}

import TillvalPlan

/// Declarations added, removed or renamed (section 4): products (with
/// `activated-through`), collaborations (and what they offer), preconditions,
/// email templates, procedures and scenarios. Facts are the requests
/// section's, what changes inside a scenario the scenarios section's.
///
/// A rename is a removal and an addition of the same kind whose content,
/// compared without ids and positions, is the same. Products and
/// collaborations kept under their id are also reported when what they are
/// changes (name, inclusions, `activated-through`; title, offers).
/// Everything is compared by id, never by order or position.
public struct DeclarationDiff: DiffSection {
    public typealias Kind = DeclarationKind

    /// One change to one declaration.
    public struct Change: Encodable, Sendable, Equatable {
        public typealias Action = DeclarationChangeKind

        public var kind: Kind
        public var action: Action
        /// The id (for a rename, the new one).
        public var id: String
        /// A rename: the old id.
        public var from: String?
        /// What changed in a declaration kept under its id, one phrase each.
        public var details: [String]

        enum CodingKeys: String, CodingKey { case kind, action, id, from, details }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(action, forKey: .action)
            try container.encode(id, forKey: .id)
            try container.encodeIfPresent(from, forKey: .from)
            if !details.isEmpty { try container.encode(details, forKey: .details) }
        }
    }

    /// Every change, by kind (in `Kind`'s order), then by id.
    public var changes: [Change]

    public init(base: Plan, head: Plan) {
        let new = Declarations(head)
        var changes: [Change] = []
        // Kinds referred to first: a scenario whose precondition was renamed is still the same scenario.
        var renamed: [Kind: [String: String]] = [:]
        for kind in [Kind.product, .precondition, .emailTemplate, .procedure, .scenario, .collaboration] {
            let old = Declarations(base, renamed: renamed)
            let found = Self.compare(kind, old.contents[kind] ?? [:], new.contents[kind] ?? [:])
            for change in found where change.action == .renamed {
                if let from = change.from { renamed[kind, default: [:]][from] = change.id }
            }
            changes += found
        }
        changes += Self.productChanges(base, head) + Self.collaborationChanges(base, head)
        let order = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($1, $0) })
        self.changes = changes.sorted { left, right in
            (order[left.kind] ?? 0, left.id, left.action.rawValue) < (order[right.kind] ?? 0, right.id, right.action.rawValue)
        }
    }

    enum CodingKeys: String, CodingKey { case changes }

    public var isEmpty: Bool { changes.isEmpty }

    public var textLines: [String] { changes.map(\.text) }

    public var markdownLines: [String] { changes.map { "- " + $0.markdown } }

    public var summary: String? {
        guard !changes.isEmpty else { return nil }
        var counts: [Change.Action: Int] = [:]
        for change in changes { counts[change.action, default: 0] += 1 }
        return DeclarationChangeKind.allCases.compactMap { action in
            counts[action].map { "\($0) \(action.rawValue)" }
        }.joined(separator: ", ")
    }

    /// Added, removed and renamed declarations of one kind: a removed and an
    /// added one with equal content pair up as a rename (in id order, so the
    /// pairing does not depend on the order of the files).
    static func compare(_ kind: Kind, _ old: [String: String], _ new: [String: String]) -> [Change] {
        var removed = old.keys.filter { new[$0] == nil }.sorted()
        var added = new.keys.filter { old[$0] == nil }.sorted()
        var changes: [Change] = []
        for id in added {
            guard let index = removed.firstIndex(where: { old[$0] == new[id] }) else { continue }
            changes.append(Change(kind: kind, action: .renamed, id: id, from: removed[index], details: []))
            removed.remove(at: index)
        }
        let renamed = Set(changes.map(\.id))
        added.removeAll { renamed.contains($0) }
        changes += removed.map { Change(kind: kind, action: .removed, id: $0, from: nil, details: []) }
        changes += added.map { Change(kind: kind, action: .added, id: $0, from: nil, details: []) }
        return changes
    }

    /// Products kept under their id whose name, inclusions or `activated-through` changed.
    static func productChanges(_ base: Plan, _ head: Plan) -> [Change] {
        head.products.compactMap { product in
            guard let before = base.product(product.id) else { return nil }
            var details: [String] = []
            if before.name != product.name { details.append("name \(quoted(before.name)) → \(quoted(product.name))") }
            if before.activatedThrough != product.activatedThrough {
                details.append("activated-through \(before.activatedThrough ?? "none") → \(product.activatedThrough ?? "none")")
            }
            let included = Set(product.includes), includedBefore = Set(before.includes)
            details += included.subtracting(includedBefore).sorted().map { "includes \($0) now" }
            details += includedBefore.subtracting(included).sorted().map { "no longer includes \($0)" }
            return details.isEmpty ? nil : Change(kind: .product, action: .changed, id: product.id, from: nil, details: details)
        }
    }

    /// Collaborations kept under their id whose title or offers changed.
    static func collaborationChanges(_ base: Plan, _ head: Plan) -> [Change] {
        head.collaborations.compactMap { collaboration in
            guard let before = base.collaboration(collaboration.id) else { return nil }
            var details: [String] = []
            if before.title != collaboration.title { details.append("title \(quoted(before.title)) → \(quoted(collaboration.title))") }
            let offers = Dictionary(collaboration.offers.map { ($0.product, $0) }, uniquingKeysWith: { first, _ in first })
            let offersBefore = Dictionary(before.offers.map { ($0.product, $0) }, uniquingKeysWith: { first, _ in first })
            for product in Set(offers.keys).union(offersBefore.keys).sorted() {
                switch (offersBefore[product], offers[product]) {
                case (nil, let now?): details.append("offers \(product) now\(service(now))")
                case (_?, nil): details.append("no longer offers \(product)")
                case (let then?, let now?) where then != now: details.append("offers \(product)\(service(then)) →\(service(now))")
                default: break
                }
            }
            return details.isEmpty ? nil : Change(kind: .collaboration, action: .changed, id: collaboration.id, from: nil, details: details)
        }
    }

    /// " (through SERVICE, restricted to PRODUCT)" when the offer goes through another product's service.
    static func service(_ offer: PlanService) -> String {
        guard offer.service != offer.product || offer.restrictedTo != nil else { return "" }
        return " (through \(offer.service)" + (offer.restrictedTo.map { ", restricted to \($0)" } ?? "") + ")"
    }

    static func quoted(_ text: String) -> String { "'\(text)'" }
}

extension DeclarationKind {
    /// The kind in a sentence: "email template", not the JSON word.
    var singular: String {
        switch self {
        case .emailTemplate: return "email template"
        default: return rawValue
        }
    }
}

extension DeclarationDiff.Change {
    var text: String {
        switch action {
        case .added, .removed: return "\(action.rawValue) \(kind.singular) \(id)"
        case .renamed: return "renamed \(kind.singular) \(from ?? "") → \(id)"
        case .changed: return "changed \(kind.singular) \(id): " + details.joined(separator: "; ")
        }
    }

    var markdown: String {
        switch action {
        case .added, .removed: return "\(action.rawValue) \(kind.singular) `\(id)`"
        case .renamed: return "renamed \(kind.singular) `\(from ?? "")` → `\(id)`"
        case .changed: return "changed \(kind.singular) `\(id)`: " + details.joined(separator: "; ")
        }
    }
}

/// The declarations of one plan, each kind as id → its content without ids
/// and positions (a canonical text), for finding renames. The ids a
/// content refers to are read through `renamed` (old id → new id, per kind),
/// so a declaration that only follows a renamed one is still equal.
private struct Declarations {
    var contents: [DeclarationDiff.Kind: [String: String]] = [:]
    var renamed: [DeclarationDiff.Kind: [String: String]] = [:]

    init(_ plan: Plan, renamed: [DeclarationDiff.Kind: [String: String]] = [:]) {
        self.renamed = renamed
        for product in plan.products {
            contents[.product, default: [:]][product.id] = Self.canonical(
                [product.name, product.doc ?? "", product.includes.map { id(.product, $0) }.sorted().joined(separator: ","),
                 product.activatedThrough.map { id(.product, $0) } ?? ""])
        }
        for collaboration in plan.collaborations {
            contents[.collaboration, default: [:]][collaboration.id] = Self.canonical(
                [collaboration.title, collaboration.doc ?? "", collaboration.offers.map(offer).sorted().joined(separator: ","),
                 collaboration.scenarios.map { id(.scenario, $0.id) }.sorted().joined(separator: ",")])
            for scenario in collaboration.scenarios {
                contents[.scenario, default: [:]][scenario.id] = self.scenario(scenario)
                for precondition in scenario.preconditions where contents[.precondition]?[precondition.id] == nil {
                    contents[.precondition, default: [:]][precondition.id] = Self.canonical(
                        [precondition.summary, precondition.doc ?? "", precondition.check.map(Self.test).sorted().joined(separator: ","),
                         precondition.unmet.source])
                }
                for effect in scenario.effects {
                    guard case .sendEmail(let email) = effect.action, contents[.emailTemplate]?[email.id] == nil else { continue }
                    contents[.emailTemplate, default: [:]][email.id] = Self.email(email)
                }
                // A procedure is spliced into the steps: its steps are the run of steps that name it.
                var index = 0
                while index < scenario.steps.count {
                    guard let name = scenario.steps[index].procedure else { index += 1; continue }
                    var texts: [String] = []
                    while index < scenario.steps.count, scenario.steps[index].procedure == name {
                        texts.append(scenario.steps[index].text.source)
                        index += 1
                    }
                    if contents[.procedure]?[name] == nil { contents[.procedure, default: [:]][name] = Self.canonical(texts) }
                }
            }
        }
    }

    /// A test without its position; the values of a `one-of` as a set.
    static func test(_ test: PlanTest) -> String {
        guard case .anyOf(let values) = test.test else { return test.summary }
        return test.fact.description + " in " + Set(values).sorted().joined(separator: ",")
    }

    /// The id `id` of `kind` has in the head, if it was renamed.
    func id(_ kind: DeclarationDiff.Kind, _ id: String) -> String {
        renamed[kind]?[id] ?? id
    }

    func offer(_ offer: PlanService) -> String {
        [id(.product, offer.product), id(.product, offer.service), offer.restrictedTo.map { id(.product, $0) } ?? ""].joined(separator: "/")
    }

    static func email(_ email: PlanEmail) -> String {
        let recipient: String
        switch email.to {
        case .administrator: recipient = "administrator"
        case .fact(let path): recipient = path.description
        }
        return canonical([recipient, email.subject.source, email.body.source])
    }

    /// A scenario's content: everything but its id and the positions.
    func scenario(_ scenario: PlanScenario) -> String {
        let effects = scenario.effects.map { effect -> String in
            switch effect.action {
            case .activateCollaboration: return effect.action.name
            case .activateService(let service): return effect.action.name + " " + (service.map(offer) ?? "")
            case .createAdministrator(let portal, let email): return effect.action.name + " " + portal.source + " " + email.description
            case .sendEmail(let template): return effect.action.name + " " + id(.emailTemplate, template.id)
            }
        }
        let awaits = scenario.awaits.map { [$0.who.rawValue, $0.approves.rawValue, $0.where.source].joined(separator: " ") } ?? ""
        return Self.canonical([scenario.title, scenario.doc ?? "", scenario.when.map(Self.test).sorted().joined(separator: ","),
                          scenario.preconditions.map { id(.precondition, $0.id) }.sorted().joined(separator: ","), Self.canonical(scenario.steps.map(\.text.source)),
                          Self.canonical(effects), awaits, scenario.outcome?.source ?? "", Self.canonical(scenario.then.map(\.source))])
    }

    /// Texts joined so that different lists never give the same text.
    static func canonical(_ parts: [String]) -> String {
        parts.map { "\($0.utf8.count):\($0)" }.joined()
    }
}

import TillvalPlan
import TillvalSyntax

/// The kinds of declaration a rule document can hold.
public enum DeclarationKind: String, CaseIterable, Sendable {
    case ruleset, facts, product, collaboration, precondition, email, procedure, scenario, test
}

/// `kind: ruleset`: the rule set's name and format version.
public struct RulesetDeclaration: Sendable, Hashable {
    public var name: SourceText?
    public var format: Located<Int>?
    public var doc: String?
    public var range: SourceRange
}

/// `kind: facts`: the typed inputs of a request.
public struct FactsDeclaration: Sendable, Hashable {
    public var office: [FactDeclaration]
    public var customer: [FactDeclaration]
    public var range: SourceRange
    /// Paths of facts whose declaration is broken (already reported), so
    /// their uses are not reported again as unknown.
    public var broken: Set<String> = []
}

/// One declared fact.
public struct FactDeclaration: Sendable, Hashable {
    /// The type as declared: a `FactKind`, with the values of `one-of`.
    public enum FactType: Sendable, Hashable {
        case text, email, bool, list
        case oneOf([Located<String>])

        /// The vocabulary word of this type.
        public var kind: FactKind {
            switch self {
            case .text: return .text
            case .email: return .email
            case .bool: return .bool
            case .list: return .list
            case .oneOf: return .oneOf
            }
        }
    }

    public var group: FactGroup
    public var name: Located<String>
    public var type: FactType
    public var optional: Bool
    public var doc: String?

    public var path: String { "\(group.rawValue).\(name.value)" }
}

/// `kind: product`.
public struct ProductDeclaration: Sendable, Hashable {
    public var id: Located<String>
    public var name: SourceText?
    public var includes: [Located<String>]
    public var activatedThrough: Located<String>?
    public var doc: String?
}

/// `kind: collaboration`.
public struct CollaborationDeclaration: Sendable, Hashable {
    public var id: Located<String>
    public var title: SourceText?
    public var products: [Located<String>]
    public var requires: [Located<String>]
    public var doc: String?
}

/// `kind: precondition`.
public struct PreconditionDeclaration: Sendable, Hashable {
    public var id: Located<String>
    public var summary: SourceText?
    public var check: Condition?
    public var unmet: SourceText?
    public var doc: String?
}

/// `kind: email`.
public struct EmailDeclaration: Sendable, Hashable {
    public var id: Located<String>
    public var to: Recipient?
    public var subject: SourceText?
    public var body: SourceText?
    public var doc: String?

    /// `to:` as written: the administrator, or a fact path (checked later).
    public enum Recipient: Sendable, Hashable {
        case administrator(SourceRange)
        case fact(Located<String>)
    }

    public var goesToAdministrator: Bool {
        if case .administrator = to { return true }
        return false
    }
}

/// `kind: procedure`.
public struct ProcedureDeclaration: Sendable, Hashable {
    public var id: Located<String>
    public var steps: [Step]
    public var doc: String?
}

/// One UI step: a text, or the steps of a procedure.
public enum Step: Sendable, Hashable {
    case text(SourceText)
    case use(Located<String>)
}

/// `kind: scenario`.
public struct ScenarioDeclaration: Sendable, Hashable {
    /// The fields, held once and shared by every copy: the symbol table, the
    /// coverage analysis and the checks each hold the scenarios, and a
    /// scenario has many fields; a copy costs a reference.
    private final class Storage: Sendable {
        let id: Located<String>
        let title: SourceText?
        let collaboration: Located<String>?
        let when: Condition?
        let requires: [Located<String>]
        let steps: [Step]
        let effects: [Effect]
        let awaits: Awaits?
        let outcome: SourceText?
        let then: [SourceText]
        let doc: String?

        init(id: Located<String>, title: SourceText?, collaboration: Located<String>?, when: Condition?, requires: [Located<String>], steps: [Step], effects: [Effect], awaits: Awaits?, outcome: SourceText?, then: [SourceText], doc: String?) {
            self.id = id
            self.title = title
            self.collaboration = collaboration
            self.when = when
            self.requires = requires
            self.steps = steps
            self.effects = effects
            self.awaits = awaits
            self.outcome = outcome
            self.then = then
            self.doc = doc
        }
    }

    private var storage: Storage

    public var id: Located<String> {
        get { storage.id }
        set { storage = Storage(id: newValue, title: storage.title, collaboration: storage.collaboration, when: storage.when, requires: storage.requires, steps: storage.steps, effects: storage.effects, awaits: storage.awaits, outcome: storage.outcome, then: storage.then, doc: storage.doc) }
    }
    public var title: SourceText? {
        get { storage.title }
        set { storage = Storage(id: storage.id, title: newValue, collaboration: storage.collaboration, when: storage.when, requires: storage.requires, steps: storage.steps, effects: storage.effects, awaits: storage.awaits, outcome: storage.outcome, then: storage.then, doc: storage.doc) }
    }
    public var collaboration: Located<String>? {
        get { storage.collaboration }
        set { storage = Storage(id: storage.id, title: storage.title, collaboration: newValue, when: storage.when, requires: storage.requires, steps: storage.steps, effects: storage.effects, awaits: storage.awaits, outcome: storage.outcome, then: storage.then, doc: storage.doc) }
    }
    public var when: Condition? {
        get { storage.when }
        set { storage = Storage(id: storage.id, title: storage.title, collaboration: storage.collaboration, when: newValue, requires: storage.requires, steps: storage.steps, effects: storage.effects, awaits: storage.awaits, outcome: storage.outcome, then: storage.then, doc: storage.doc) }
    }
    public var requires: [Located<String>] {
        get { storage.requires }
        set { storage = Storage(id: storage.id, title: storage.title, collaboration: storage.collaboration, when: storage.when, requires: newValue, steps: storage.steps, effects: storage.effects, awaits: storage.awaits, outcome: storage.outcome, then: storage.then, doc: storage.doc) }
    }
    public var steps: [Step] {
        get { storage.steps }
        set { storage = Storage(id: storage.id, title: storage.title, collaboration: storage.collaboration, when: storage.when, requires: storage.requires, steps: newValue, effects: storage.effects, awaits: storage.awaits, outcome: storage.outcome, then: storage.then, doc: storage.doc) }
    }
    public var effects: [Effect] {
        get { storage.effects }
        set { storage = Storage(id: storage.id, title: storage.title, collaboration: storage.collaboration, when: storage.when, requires: storage.requires, steps: storage.steps, effects: newValue, awaits: storage.awaits, outcome: storage.outcome, then: storage.then, doc: storage.doc) }
    }
    public var awaits: Awaits? {
        get { storage.awaits }
        set { storage = Storage(id: storage.id, title: storage.title, collaboration: storage.collaboration, when: storage.when, requires: storage.requires, steps: storage.steps, effects: storage.effects, awaits: newValue, outcome: storage.outcome, then: storage.then, doc: storage.doc) }
    }
    public var outcome: SourceText? {
        get { storage.outcome }
        set { storage = Storage(id: storage.id, title: storage.title, collaboration: storage.collaboration, when: storage.when, requires: storage.requires, steps: storage.steps, effects: storage.effects, awaits: storage.awaits, outcome: newValue, then: storage.then, doc: storage.doc) }
    }
    public var then: [SourceText] {
        get { storage.then }
        set { storage = Storage(id: storage.id, title: storage.title, collaboration: storage.collaboration, when: storage.when, requires: storage.requires, steps: storage.steps, effects: storage.effects, awaits: storage.awaits, outcome: storage.outcome, then: newValue, doc: storage.doc) }
    }
    public var doc: String? {
        get { storage.doc }
        set { storage = Storage(id: storage.id, title: storage.title, collaboration: storage.collaboration, when: storage.when, requires: storage.requires, steps: storage.steps, effects: storage.effects, awaits: storage.awaits, outcome: storage.outcome, then: storage.then, doc: newValue) }
    }

    init(id: Located<String>, title: SourceText?, collaboration: Located<String>?, when: Condition?, requires: [Located<String>], steps: [Step], effects: [Effect], awaits: Awaits?, outcome: SourceText?, then: [SourceText], doc: String?) {
        storage = Storage(id: id, title: title, collaboration: collaboration, when: when, requires: requires, steps: steps, effects: effects, awaits: awaits, outcome: outcome, then: then, doc: doc)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.storage === rhs.storage || (lhs.id == rhs.id && lhs.title == rhs.title && lhs.collaboration == rhs.collaboration && lhs.when == rhs.when && lhs.requires == rhs.requires && lhs.steps == rhs.steps && lhs.effects == rhs.effects && lhs.awaits == rhs.awaits && lhs.outcome == rhs.outcome && lhs.then == rhs.then && lhs.doc == rhs.doc)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(title)
        hasher.combine(collaboration)
        hasher.combine(when)
        hasher.combine(requires)
        hasher.combine(steps)
        hasher.combine(effects)
        hasher.combine(awaits)
        hasher.combine(outcome)
        hasher.combine(then)
        hasher.combine(doc)
    }
}

/// `awaits:` of a scenario.
public struct Awaits: Sendable, Hashable {
    public var who: Located<Approver>
    public var approves: Located<ApprovalSubject>
    public var place: SourceText
    public var range: SourceRange
}

/// A condition as written: fact paths and their raw tests; what a test
/// means depends on the fact's type, so it is interpreted by the checker.
public struct Condition: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var path: Located<String>
        public var test: Test
        public var range: SourceRange
    }

    /// The written test: one word or value, or a list of values.
    public enum Test: Sendable, Hashable {
        case single(Located<String>)
        case list([Located<String>], SourceRange)
    }

    public var entries: [Entry]
    public var range: SourceRange
    /// Set when an entry could not be decoded: the condition is then never
    /// treated as matching more than it says.
    public var hasErrors = false
}

/// One effect of a scenario: one case per `EffectKind`, with its arguments
/// decoded by name and located. An argument is nil only when it is optional
/// in the format (`activate-service` without `product`) or when it was
/// missing or broken, which the decoder has reported.
public enum Effect: Sendable, Hashable {
    case activateCollaboration(at: SourceRange)
    case activateService(product: Located<String>?, at: SourceRange)
    case createAdministrator(portal: SourceText?, email: Located<String>?, at: SourceRange)
    case sendEmail(template: Located<String>?, at: SourceRange)

    /// The effect's name where it is written.
    public var range: SourceRange {
        switch self {
        case .activateCollaboration(let at), .activateService(_, let at), .createAdministrator(_, _, let at), .sendEmail(_, let at):
            return at
        }
    }

    public var kind: EffectKind {
        switch self {
        case .activateCollaboration: return .activateCollaboration
        case .activateService: return .activateService
        case .createAdministrator: return .createAdministrator
        case .sendEmail: return .sendEmail
        }
    }

    /// An effect of `kind` whose arguments are missing (already reported).
    static func withoutArguments(_ kind: EffectKind, at range: SourceRange) -> Effect {
        switch kind {
        case .activateCollaboration: return .activateCollaboration(at: range)
        case .activateService: return .activateService(product: nil, at: range)
        case .createAdministrator: return .createAdministrator(portal: nil, email: nil, at: range)
        case .sendEmail: return .sendEmail(template: nil, at: range)
        }
    }
}

/// Everything decoded from one rule set, in source order.
public struct Declarations: Sendable {
    public var rulesets: [RulesetDeclaration] = []
    public var facts: [FactsDeclaration] = []
    public var products: [ProductDeclaration] = []
    public var collaborations: [CollaborationDeclaration] = []
    public var preconditions: [PreconditionDeclaration] = []
    public var emails: [EmailDeclaration] = []
    public var procedures: [ProcedureDeclaration] = []
    public var scenarios: [ScenarioDeclaration] = []
    public var tests: [TestDeclaration] = []

    public init() {}
}

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
    private struct Fields: Sendable, Hashable {
        var id: Located<String>
        var title: SourceText?
        var collaboration: Located<String>?
        var when: Condition?
        var requires: [Located<String>]
        var steps: [Step]
        var effects: [Effect]
        var awaits: Awaits?
        var outcome: SourceText?
        var then: [SourceText]
        var doc: String?
    }

    private var fields: Shared<Fields>

    public var id: Located<String> {
        get { fields.value.id }
        _modify { yield &fields.value.id }
    }
    public var title: SourceText? {
        get { fields.value.title }
        _modify { yield &fields.value.title }
    }
    public var collaboration: Located<String>? {
        get { fields.value.collaboration }
        _modify { yield &fields.value.collaboration }
    }
    public var when: Condition? {
        get { fields.value.when }
        _modify { yield &fields.value.when }
    }
    public var requires: [Located<String>] {
        get { fields.value.requires }
        _modify { yield &fields.value.requires }
    }
    public var steps: [Step] {
        get { fields.value.steps }
        _modify { yield &fields.value.steps }
    }
    public var effects: [Effect] {
        get { fields.value.effects }
        _modify { yield &fields.value.effects }
    }
    public var awaits: Awaits? {
        get { fields.value.awaits }
        _modify { yield &fields.value.awaits }
    }
    public var outcome: SourceText? {
        get { fields.value.outcome }
        _modify { yield &fields.value.outcome }
    }
    public var then: [SourceText] {
        get { fields.value.then }
        _modify { yield &fields.value.then }
    }
    public var doc: String? {
        get { fields.value.doc }
        _modify { yield &fields.value.doc }
    }

    init(id: Located<String>, title: SourceText?, collaboration: Located<String>?, when: Condition?, requires: [Located<String>], steps: [Step], effects: [Effect], awaits: Awaits?, outcome: SourceText?, then: [SourceText], doc: String?) {
        fields = Shared(Fields(id: id, title: title, collaboration: collaboration, when: when, requires: requires, steps: steps, effects: effects, awaits: awaits, outcome: outcome, then: then, doc: doc))
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

    /// Adds `other`'s declarations after these, kind by kind (the files of a rule set, in order).
    mutating func append(contentsOf other: Declarations) {
        rulesets += other.rulesets
        facts += other.facts
        products += other.products
        collaborations += other.collaborations
        preconditions += other.preconditions
        emails += other.emails
        procedures += other.procedures
        scenarios += other.scenarios
        tests += other.tests
    }
}

import TillvalPlan
import TillvalSyntax

/// The kinds of declaration a rule document can hold.
public enum DeclarationKind: String, CaseIterable, Sendable {
    case ruleset, facts, product, collaboration, precondition, email, procedure, scenario
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
    public enum FactType: Sendable, Hashable {
        case text, email, bool, list
        case oneOf([Located<String>])
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
    public var to: Located<String>?
    public var subject: SourceText?
    public var body: SourceText?
    public var doc: String?

    public var goesToAdministrator: Bool { to?.value == "administrator" }
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
    public var id: Located<String>
    public var title: SourceText?
    public var collaboration: Located<String>?
    public var when: Condition?
    public var requires: [Located<String>]
    public var steps: [Step]
    public var effects: [Effect]
    public var awaits: Awaits?
    public var outcome: SourceText?
    public var then: [SourceText]
    public var doc: String?
}

/// `awaits:` of a scenario.
public struct Awaits: Sendable, Hashable {
    public var who: Located<String>
    public var approves: Located<String>
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

/// One effect of a scenario, arguments decoded by name.
public struct Effect: Sendable, Hashable {
    public var name: EffectKind
    public var range: SourceRange
    public var product: Located<String>?
    public var portal: SourceText?
    public var email: Located<String>?
    public var template: Located<String>?
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

    public init() {}
}

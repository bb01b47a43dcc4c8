import TillvalPlan
import TillvalSyntax

/// The rule set as the checks proved it: every reference resolved, every
/// text parsed into a template, every condition typed, every step list
/// expanded, every effect typed with its arguments. `SemanticChecker`
/// builds it while it checks and returns it only when nothing was wrong;
/// `Lowerer` turns it into a plan without checking, parsing or guessing.
///
/// Every reference keeps where it is written and where what it names is
/// declared (`Reference`), for a semantic diff and an editor.
///
/// Where the format lets a key be absent, the model says so with an
/// optional (`ruleset`, `doc`, `activatedThrough`, `awaits`, `outcome`);
/// every key the format requires is there, not optional.
public struct CheckedRuleSet: Sendable {
    /// The `ruleset` document; nil when the rule set has none (it is optional).
    public var ruleset: CheckedRuleset?
    public var facts: CheckedFacts
    public var products: [CheckedProduct]
    /// In source order, each with its scenarios in source order.
    public var collaborations: [CheckedCollaboration]
    public var preconditions: [CheckedPrecondition]
    public var emails: [CheckedEmail]
    public var procedures: [CheckedProcedure]
    /// The rule set's own tests (`kind: test`), in source order. They are
    /// never lowered: the plan, its digest and `sources` do not see them.
    public var tests: [CheckedTest]
}

/// A name written in the rules that the checks resolved.
public struct Reference: Sendable, Equatable {
    /// The name as resolved (an id, a fact path).
    public var name: String
    /// Where the reference is written.
    public var range: SourceRange
    /// Where what it names is declared: the target's id, or the fact's name.
    public var target: SourceRange

    public init(_ name: String, at range: SourceRange, target: SourceRange) {
        self.name = name
        self.range = range
        self.target = target
    }
}

/// A reference and the checked declaration it resolved to.
public struct Resolved<Target: Sendable & Equatable>: Sendable, Equatable {
    public var reference: Reference
    public var target: Target
}

/// A fact named by a path outside a text (`email: customer.email`, `to:`).
public struct FactReference: Sendable, Equatable {
    public var path: FactPath
    public var reference: Reference
}

/// A text with its placeholders parsed and resolved.
public struct CheckedTemplate: Sendable, Equatable {
    /// One resolved `{{…}}`: what it names and where it is written; `target`
    /// is the declared fact's name, nil for a built-in value.
    public struct Placeholder: Sendable, Equatable {
        public var value: PlanValue
        public var range: SourceRange
        public var target: SourceRange?
    }

    /// The fields, held once and shared by every copy: a procedure's step is
    /// copied into each scenario that uses it, an email template into each
    /// effect that sends it, and a copy costs a reference, not the text again.
    private struct Fields: Sendable, Equatable {
        var text: SourceText
        var template: PlanTemplate
        var placeholders: [Placeholder]
    }

    private var fields: Shared<Fields>

    public var text: SourceText {
        get { fields.value.text }
        _modify { yield &fields.value.text }
    }
    public var template: PlanTemplate {
        get { fields.value.template }
        _modify { yield &fields.value.template }
    }
    public var placeholders: [Placeholder] {
        get { fields.value.placeholders }
        _modify { yield &fields.value.placeholders }
    }

    init(text: SourceText, template: PlanTemplate, placeholders: [Placeholder]) {
        fields = Shared(Fields(text: text, template: template, placeholders: placeholders))
    }
}

public struct CheckedRuleset: Sendable, Equatable {
    public var name: SourceText
    public var doc: String?
    public var range: SourceRange
}

public struct CheckedFacts: Sendable, Equatable {
    public var office: [FactDeclaration]
    public var customer: [FactDeclaration]
    public var range: SourceRange
}

public struct CheckedProduct: Sendable, Equatable {
    /// Nil: the product is activated as itself (the format's default).

    /// The fields, held once and shared by every copy (each offer and
    /// `activate-service` effect holds its product).
    private struct Fields: Sendable, Equatable {
        var id: Located<String>
        var name: SourceText
        var doc: String?
        var includes: [Reference]
        var activatedThrough: Reference?
    }

    private var fields: Shared<Fields>

    public var id: Located<String> {
        get { fields.value.id }
        _modify { yield &fields.value.id }
    }
    public var name: SourceText {
        get { fields.value.name }
        _modify { yield &fields.value.name }
    }
    public var doc: String? {
        get { fields.value.doc }
        _modify { yield &fields.value.doc }
    }
    public var includes: [Reference] {
        get { fields.value.includes }
        _modify { yield &fields.value.includes }
    }
    public var activatedThrough: Reference? {
        get { fields.value.activatedThrough }
        _modify { yield &fields.value.activatedThrough }
    }

    init(id: Located<String>, name: SourceText, doc: String?, includes: [Reference], activatedThrough: Reference?) {
        fields = Shared(Fields(id: id, name: name, doc: doc, includes: includes, activatedThrough: activatedThrough))
    }
}

public struct CheckedCollaboration: Sendable, Equatable {
    public var id: Located<String>
    public var title: SourceText
    public var doc: String?
    /// The offered products, each once, in order.
    public var offers: [Resolved<CheckedProduct>]
    public var requires: [Resolved<CheckedPrecondition>]
    public var scenarios: [CheckedScenario]
}

public struct CheckedPrecondition: Sendable, Equatable {
    public var id: Located<String>
    public var summary: SourceText
    public var doc: String?
    public var check: [TypedTest]
    public var unmet: CheckedTemplate
}

public struct CheckedEmail: Sendable, Equatable {
    public enum Recipient: Sendable, Equatable {
        /// `to: administrator`, written at the range.
        case administrator(SourceRange)
        case fact(FactReference)
    }

    /// The fields, held once and shared by every copy (each `send-email` effect holds its template).
    private struct Fields: Sendable, Equatable {
        var id: Located<String>
        var to: Recipient
        var subject: CheckedTemplate
        var body: CheckedTemplate
        var doc: String?
    }

    private var fields: Shared<Fields>

    public var id: Located<String> {
        get { fields.value.id }
        _modify { yield &fields.value.id }
    }
    public var to: Recipient {
        get { fields.value.to }
        _modify { yield &fields.value.to }
    }
    public var subject: CheckedTemplate {
        get { fields.value.subject }
        _modify { yield &fields.value.subject }
    }
    public var body: CheckedTemplate {
        get { fields.value.body }
        _modify { yield &fields.value.body }
    }
    public var doc: String? {
        get { fields.value.doc }
        _modify { yield &fields.value.doc }
    }

    init(id: Located<String>, to: Recipient, subject: CheckedTemplate, body: CheckedTemplate, doc: String?) {
        fields = Shared(Fields(id: id, to: to, subject: subject, body: body, doc: doc))
    }
}

public struct CheckedProcedure: Sendable, Equatable {
    public enum Step: Sendable, Equatable {
        case text(CheckedTemplate)
        case use(Reference)
    }

    public var id: Located<String>
    public var steps: [Step]
    public var doc: String?
}

/// One step of a scenario after expansion: its text, and the `use:` of the
/// procedure it came through (the innermost one), if any.
public struct CheckedStep: Sendable, Equatable {
    public var text: CheckedTemplate
    public var procedure: Reference?
}

public struct CheckedScenario: Sendable, Equatable {
    public var id: Located<String>
    public var title: SourceText
    public var doc: String?
    public var collaboration: Reference
    public var when: [TypedTest]
    /// The collaboration's preconditions, then the scenario's own, each once.
    public var preconditions: [Resolved<CheckedPrecondition>]
    /// Procedures spliced in.
    public var steps: [CheckedStep]
    public var effects: [CheckedEffect]
    public var awaits: CheckedAwaits?
    public var outcome: CheckedTemplate?
    public var then: [CheckedTemplate]
}

/// An effect with its arguments resolved; `at` is where its name is written.
public enum CheckedEffect: Sendable, Equatable {
    case activateCollaboration(at: SourceRange)
    /// Without `product`: the product the request names, at run time.
    case activateService(product: Resolved<CheckedProduct>?, at: SourceRange)
    case createAdministrator(portal: CheckedTemplate, email: FactReference, at: SourceRange)
    case sendEmail(Resolved<CheckedEmail>, at: SourceRange)

    public var kind: EffectKind {
        switch self {
        case .activateCollaboration: return .activateCollaboration
        case .activateService: return .activateService
        case .createAdministrator: return .createAdministrator
        case .sendEmail: return .sendEmail
        }
    }
}

public struct CheckedAwaits: Sendable, Equatable {
    public var who: Located<Approver>
    public var approves: Located<ApprovalSubject>
    public var place: CheckedTemplate
}

/// A `kind: test` document whose expectation names only what the rule set
/// declares. Its request is kept as written (a YAML mapping): the runtime
/// binds it when the test runs, and a request that does not bind is a test
/// failure, not a check error.
public struct CheckedTest: Sendable, Equatable {
    public var id: Located<String>
    public var doc: String?
    public var request: YAMLNode
    public var expect: CheckedExpectation
    /// Where the document starts.
    public var range: SourceRange
}

/// What a test expects: a refusal, or what comes of a planned request.
public enum CheckedExpectation: Sendable, Equatable {
    /// `rejected: E10xx`, the code resolved, at its place.
    case rejected(Located<DiagnosticCode>)
    case outcome(CheckedOutcome)
}

/// The expectations of a request that is planned; each nil when not given.
/// Effects, emails and awaits keep their decoded form: their ids were
/// resolved by the checks (a template, a product), their texts are compared
/// as written.
public struct CheckedOutcome: Sendable, Equatable {
    public var scenario: Reference?
    public var unmet: [Reference]?
    public var effects: [ExpectedEffect]?
    public var emails: [ExpectedEmail]?
    public var awaits: ExpectedAwaits?
    public var thenContains: [SourceText]?
    /// Where each key given is written.
    public var keys: [ExpectationKey: SourceRange]
}

import TillvalPlan
import TillvalSyntax

/// `kind: test`: a request and what must come of it (docs/rules-format.md,
/// "Tests"). Tests are checked with the rule set but never lowered into the
/// plan.
public struct TestDeclaration: Sendable, Hashable {
    public var id: Located<String>
    /// The request as written: a mapping, read by the runtime's binder when the test runs.
    public var request: YAMLNode?
    public var expect: TestExpectation?
    public var doc: String?
    /// Where the document starts.
    public var range: SourceRange
}

/// `expect:` of a test, each key optional. A key that could not be decoded
/// is nil (reported); `rejected` excludes the others (reported).
public struct TestExpectation: Sendable, Hashable {
    public var scenario: Located<String>?
    public var unmet: [Located<String>]?
    /// The code as written (`E1004`), checked against the request codes.
    public var rejected: Located<String>?
    public var effects: [ExpectedEffect]?
    public var emails: [ExpectedEmail]?
    public var awaits: ExpectedAwaits?
    public var thenContains: [SourceText]?
    /// Where each key given is written, for a failure's position.
    public var keys: [ExpectationKey: SourceRange]
    public var range: SourceRange
}

/// One item of `expect.effects`: the effect's name and the arguments given,
/// compared with the resolved effect when the test runs. An argument left
/// out is not compared.
public enum ExpectedEffect: Sendable, Hashable {
    /// `product`: the product asked for.
    case activateCollaboration(product: Located<String>?, at: SourceRange)
    /// `service`: the product activated; `restricted-to`: the product it is restricted to, `.none` for none.
    case activateService(service: Located<String>?, restrictedTo: ExpectedRestriction?, at: SourceRange)
    case createAdministrator(portal: SourceText?, email: SourceText?, at: SourceRange)
    case sendEmail(template: Located<String>?, at: SourceRange)

    public var kind: EffectKind {
        switch self {
        case .activateCollaboration: return .activateCollaboration
        case .activateService: return .activateService
        case .createAdministrator: return .createAdministrator
        case .sendEmail: return .sendEmail
        }
    }

    /// Where the effect's name is written.
    public var range: SourceRange {
        switch self {
        case .activateCollaboration(_, let at), .activateService(_, _, let at), .createAdministrator(_, _, let at), .sendEmail(_, let at):
            return at
        }
    }
}

/// `restricted-to:` of an expected `activate-service`.
public enum ExpectedRestriction: Sendable, Hashable {
    /// `restricted-to: none`: the service is activated as itself.
    case none(SourceRange)
    case product(Located<String>)

    /// The word that says "no restriction".
    public static let noneWord = "none"
}

/// One item of `expect.emails`; each field optional.
public struct ExpectedEmail: Sendable, Hashable {
    public var template: Located<String>?
    public var to: SourceText?
    public var subject: SourceText?
    public var bodyContains: [SourceText]
    public var range: SourceRange
}

/// `expect.awaits`; each field optional, compared after placeholders are filled in.
public struct ExpectedAwaits: Sendable, Hashable {
    public var who: Located<Approver>?
    public var approves: Located<ApprovalSubject>?
    public var place: SourceText?
    public var range: SourceRange
}

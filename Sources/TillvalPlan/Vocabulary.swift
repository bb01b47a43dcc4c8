/// The words of the rule language and of the plan, each spelled once, here.
/// The compiler decodes rule files into these types, the plan stores them,
/// the runtime, the store and the reports read them: no module compares or
/// builds these words as strings. The raw value is the word in rule files,
/// plan files, the store and JSON reports.

/// The effects a scenario can run (`effects:`).
public enum EffectKind: String, Codable, CaseIterable, Sendable, Hashable {
    case activateCollaboration = "activate-collaboration"
    case activateService = "activate-service"
    case createAdministrator = "create-administrator"
    case sendEmail = "send-email"
}

/// The type words of a declared fact (`type:`, or the `one-of:` key).
public enum FactKind: String, Codable, CaseIterable, Sendable, Hashable {
    case text
    case email
    case bool
    case list
    case oneOf = "one-of"
}

/// The groups of facts a request gives: `office.…` and `customer.…`.
public enum FactGroup: String, Codable, CaseIterable, Sendable, Hashable {
    case office
    case customer
}

/// Who approves once the effects have run (`awaits.who`); `administrator`
/// is also what an email template writes in `to:` to go to the
/// administrator that `create-administrator` creates.
public enum Approver: String, Codable, CaseIterable, Sendable, Hashable {
    case customer
    case administrator
}

/// What the approver approves (`awaits.approves`).
public enum ApprovalSubject: String, Codable, CaseIterable, Sendable, Hashable {
    case collaboration
    case terms
}

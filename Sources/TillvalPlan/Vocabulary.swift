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

/// What a `plan` or `apply` run does: the dry run, or the store. The raw
/// value is the JSON report's `mode`.
public enum RunMode: String, Codable, CaseIterable, Sendable, Hashable {
    case plan
    case apply
}

/// What became of one request in a run; the JSON report's `status` of a
/// result and the keys of its summary counts, in the order the text summary
/// lists them.
public enum RequestStatus: String, Codable, CodingKeyRepresentable, CaseIterable, Sendable, Hashable {
    /// Dry run: the plan is complete and runnable.
    case planned
    /// Apply: the store changed.
    case applied
    /// Apply: everything was already done; nothing changed.
    case unchanged
    /// A precondition failed: nothing runs.
    case unmet
    /// The store holds something that conflicts, or the plan is stale: nothing changed.
    case refused
    /// The request is malformed: nothing runs.
    case invalid
    /// Apply: the store itself failed (disk, lock); the request's transaction was rolled back.
    case failed
}

/// What one effect did, or would do; the JSON report's `status` of an effect.
public enum EffectStatus: String, Codable, CaseIterable, Sendable, Hashable {
    /// The dry run: nothing changed.
    case planned
    /// The effect changed the store.
    case done
    /// The store already held this; nothing changed.
    case alreadyDone = "already-done"
    /// The request was applied before, under rules that did not have
    /// this effect; re-applying does not add it, so nothing changed.
    case skipped
}

/// Where a collaboration's approval stands: the store's
/// `collaborations.status` and the reports' `approval`.
public enum ApprovalState: String, Codable, CaseIterable, Sendable, Hashable {
    case pending
    case approved
}

/// Whether an email of the outbox is still to be delivered (a claimed one
/// still is, until its file is written and confirmed): the outbox report's `state`.
public enum EmailState: String, Codable, CaseIterable, Sendable, Hashable {
    case queued
    case delivered
}

/// What a rule test can reach, for coverage (`tillval test`): the kinds of
/// items of a coverage report. A precondition counts twice, met and unmet;
/// `outcome` and `then` are a scenario's follow-ups.
public enum CoverageKind: String, Codable, CaseIterable, Sendable, Hashable {
    case scenario
    case when
    case product
    case preconditionMet = "precondition-met"
    case preconditionUnmet = "precondition-unmet"
    case email
    case outcome
    case then
}

/// What one entry of a condition tests: the plan's `test` words. A rule
/// author writes `empty`, `non-empty`, `present` and `absent` as they are;
/// `any-of` and `equals` are what a value, a list of values or `true`/`false`
/// lower to.
public enum TestKind: String, Codable, CaseIterable, Sendable, Hashable {
    case anyOf = "any-of"
    case equals
    case empty
    case nonEmpty = "non-empty"
    case present
    case absent

    /// The words that test a list fact.
    public static let emptiness: [TestKind] = [.empty, .nonEmpty]
    /// The words that test whether an optional fact is given.
    public static let presence: [TestKind] = [.present, .absent]
}

/// The keys of a rule test's `expect` (`kind: test`, docs/rules-format.md,
/// "Tests"): what a test may say must come of its request.
public enum ExpectationKey: String, Codable, CaseIterable, Sendable, Hashable {
    case scenario
    case unmet
    case rejected
    case effects
    case emails
    case awaits
    case thenContains = "then-contains"
}

/// The declarations `tillval diff` follows by id (its declarations section,
/// `Schemas/diff.schema.json`), in the order it reports them.
public enum DeclarationKind: String, Codable, CaseIterable, Sendable, Hashable {
    case product
    case collaboration
    case precondition
    case emailTemplate = "email-template"
    case procedure
    case scenario
}

/// What happened to a declaration between two rule sets (`tillval diff`).
public enum DeclarationChangeKind: String, Codable, CaseIterable, Sendable, Hashable {
    case added
    case removed
    /// Removed and added with the same content under another id.
    case renamed
    /// Kept under its id, with another content (products and collaborations).
    case changed
}

/// Where a combination of fact values goes on one side of `tillval diff`
/// (its routing section): the JSON's `kind` of each side of a change.
public enum RouteKind: String, Codable, CaseIterable, Sendable, Hashable {
    /// Exactly one scenario's `when` holds: `plan` picks it.
    case scenario
    /// No scenario's `when` holds.
    case unmatched
    /// Several scenarios' `when` hold (only a plan not made by the compiler can say so).
    case ambiguous
    /// A value this side's facts do not allow: the request is refused before routing.
    case invalid
    /// The product is not offered by the collaboration on this side.
    case notOffered = "not-offered"
    /// The collaboration does not exist on this side.
    case noCollaboration = "no-collaboration"
}

/// One change of what a request may hold, in `tillval diff` (its requests
/// section): the JSON's `kind` of each change.
public enum SchemaChangeKind: String, Codable, CaseIterable, Sendable, Hashable {
    case factRemoved = "fact-removed"
    case factRenamed = "fact-renamed"
    case factAdded = "fact-added"
    case valuesRemoved = "values-removed"
    case valuesAdded = "values-added"
    case typeChanged = "type-changed"
    case nowRequired = "now-required"
    case nowOptional = "now-optional"
    case productWithdrawn = "product-withdrawn"
    case productOffered = "product-offered"
    case collaborationRemoved = "collaboration-removed"
}

/// What happened to one item between the two rule sets of `tillval diff`
/// (the JSON report's `change`): an item only in the head is `added`, only
/// in the base `removed`, in both but different `changed`, and an item of
/// an ordered list (a step, an effect, a follow-up) found unchanged at
/// another place `moved`.
public enum DiffChange: String, Codable, CaseIterable, Sendable, Hashable {
    case added
    case removed
    case changed
    case moved
}

/// The parts of a scenario that `tillval diff` compares (section 3, per
/// scenario): the JSON report's `part` of a change.
public enum ScenarioPart: String, Codable, CaseIterable, Sendable, Hashable {
    case title
    case step
    case effect
    case precondition
    case awaits
    case outcome
    case then
}

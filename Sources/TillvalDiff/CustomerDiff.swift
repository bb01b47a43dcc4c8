import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// With `--requests`: each request of the batch read, bound and planned
/// against both rule sets with the runtime (as `tillval plan` would), what
/// changes for it, and the summary over all of them (section 5):
///
///     312 customers: 40 change scenario, 12 get another email, 3 now invalid
///
/// The counts, each over the batch's requests (a request is one customer;
/// a customer id given twice counts twice):
/// - `customers`: every request of the batch, readable or not.
/// - `changeScenario`: planned on both sides, and the scenario picked (its
///   collaboration and id) differs.
/// - `getAnotherEmail`: planned on both sides, and the emails it would get,
///   as rendered for it, differ — one more, one fewer, or one whose
///   recipient, subject or body reads differently (the template's id is not
///   compared: a renamed template with the same wording sends the same email).
/// - `nowInvalid`: planned in the base, not in the head (it no longer binds
///   or plans: a new required fact, a narrowed `one-of`, no scenario left);
///   this makes the section breaking.
/// - `changeEffects`: planned on both sides, and the effects other than
///   emails (kind and arguments, in order) differ.
/// - `changeOtherwise`: planned on both sides, none of the above, yet the
///   request's plan reads differently (steps, preconditions and whether
///   they hold, awaited approval, outcome, follow-ups).
/// - `nowValid`: not planned in the base, planned in the head.
/// The first three are always in the summary, the others when not zero. A
/// request may count in several categories (another scenario usually means
/// other emails too); the categories are not a partition.
///
/// Memory is bounded: the requests are added one at a time (`add`, as the
/// command reads them) and none is kept; the counts cover every request,
/// but only the first `limit` requests that change (200 by default) keep
/// their own line; the others are counted in `omitted` ("and N more").
public struct CustomerDiff: DiffSection {
    /// How many changed requests keep a line of their own, unless told otherwise.
    public static let defaultLimit = 200

    public var customers = 0
    public var changeScenario = 0
    public var getAnotherEmail = 0
    public var nowInvalid = 0
    public var changeEffects = 0
    public var changeOtherwise = 0
    public var nowValid = 0
    /// The requests that change, at most `limit`, sorted by customer id, then position.
    public var changes: [CustomerChange] = []
    /// Requests that change beyond those in `changes`.
    public var omitted = 0

    /// The JSON's keys, in the report's kebab case.
    enum CodingKeys: String, CodingKey {
        case customers, changes, omitted
        case changeScenario = "change-scenario"
        case getAnotherEmail = "get-another-email"
        case nowInvalid = "now-invalid"
        case changeEffects = "change-effects"
        case changeOtherwise = "change-otherwise"
        case nowValid = "now-valid"
    }

    /// How many changed requests keep a line of their own.
    public let limit: Int

    /// No request yet: give each to `add` as it is read and planned (the
    /// batch streams; only the counts and the first `limit` changes are kept).
    public init(limit: Int = CustomerDiff.defaultLimit) {
        self.limit = max(0, limit)
    }

    /// Every request of `requests` bound and planned against both plans and added.
    public init(base: Plan, head: Plan, requests: [RequestEntry], limit: Int = CustomerDiff.defaultLimit) {
        self.init(limit: limit)
        let baseRunner = RequestRunner(plan: base), headRunner = RequestRunner(plan: head)
        for entry in requests {
            add(entry, base: baseRunner.prepare(entry), head: headRunner.prepare(entry))
        }
    }

    /// One more request of the batch, in file order, with what each side
    /// made of it (`RequestRunner.prepare`). It is counted; it keeps a line
    /// only while fewer than `limit` changed requests have one, and its
    /// line goes in its sorted place (so the lines are those of the first
    /// `limit` changed requests in file order, sorted).
    public mutating func add(_ entry: RequestEntry, base: Result<RequestPlan, RequestFailure>, head: Result<RequestPlan, RequestFailure>) {
        customers += 1
        let change = CustomerChange(entry: entry, base: base, head: head)
        if change.scenario != nil { changeScenario += 1 }
        if !change.emails.isEmpty { getAnotherEmail += 1 }
        if !change.effects.isEmpty { changeEffects += 1 }
        if change.otherwise { changeOtherwise += 1 }
        switch (change.base, change.head) {
        case (.planned, .invalid): nowInvalid += 1
        case (.invalid, .planned): nowValid += 1
        default: break
        }
        guard change.changes else { return }
        guard changes.count < limit else {
            omitted += 1
            return
        }
        // After every line that sorts before it or equal: the order a stable sort of the first `limit` gives.
        let key = (change.customer ?? "", change.request)
        var low = 0, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if key < (changes[middle].customer ?? "", changes[middle].request) { high = middle } else { low = middle + 1 }
        }
        changes.insert(change, at: low)
    }

    public var isEmpty: Bool { changes.isEmpty && omitted == 0 }
    public var isBreaking: Bool { nowInvalid > 0 }

    /// Given even when nothing changes: the batch was asked for, and "0 change" is its answer.
    public var summary: String? {
        var parts = ["\(changeScenario) change scenario", "\(getAnotherEmail) get another email", "\(nowInvalid) now invalid"]
        if changeEffects > 0 { parts.append("\(changeEffects) change effects") }
        if changeOtherwise > 0 { parts.append("\(changeOtherwise) change otherwise") }
        if nowValid > 0 { parts.append("\(nowValid) now valid") }
        return "\(customers) \(customers == 1 ? "customer" : "customers"): " + parts.joined(separator: ", ")
    }

    public var textLines: [String] {
        var lines = changes.map { "\($0.name): " + $0.descriptions.joined(separator: "; ") }
        if omitted > 0 { lines.append("and \(omitted) more") }
        return lines
    }

    /// The counts are the point of this section: the text report prints them first.
    public var summaryLeadsText: Bool { true }

    public var markdownLines: [String] {
        var lines = changes.map { change in
            "- \(DiffMarkdown.code(change.name)): " + change.descriptions.map(DiffMarkdown.escaped).joined(separator: "; ")
        }
        if omitted > 0 { lines.append("- and \(omitted) more") }
        return lines
    }
}

/// What changes for one request of the batch.
public struct CustomerChange: Sendable, Encodable, Equatable {
    /// Whether a side could plan the request.
    public enum Side: Sendable, Encodable, Equatable {
        case planned(scenario: String)
        /// It could not be read, bound or planned there: the codes of its errors.
        case invalid(codes: [DiagnosticCode])

        enum CodingKeys: String, CodingKey { case status, scenario, codes }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .planned(let scenario):
                try container.encode(RequestStatus.planned, forKey: .status)
                try container.encode(scenario, forKey: .scenario)
            case .invalid(let codes):
                try container.encode(RequestStatus.invalid, forKey: .status)
                try container.encode(codes, forKey: .codes)
            }
        }
    }

    /// `customer.id`, when the request gives one.
    public var customer: String?
    /// Where the request starts in the batch.
    public var request: SourceLocation
    public var base: Side
    public var head: Side
    /// The scenario, as `collaboration/scenario` on each side, when both plan and it differs.
    public var scenario: ValueChange?
    /// The effects other than emails that differ, when both plan.
    public var effects: [ValueChange]
    /// The emails that differ, by template, when both plan.
    public var emails: [EmailChange]
    /// Both plan, and something else in the plan reads differently.
    public var otherwise: Bool

    init(entry: RequestEntry, base: Result<RequestPlan, RequestFailure>, head: Result<RequestPlan, RequestFailure>) {
        request = entry.start
        self.base = Self.side(base)
        self.head = Self.side(head)
        scenario = nil
        effects = []
        emails = []
        otherwise = false
        switch (base, head) {
        case (.success(let old), .success(let new)):
            customer = new.customerID
            let oldScenario = "\(old.collaboration.id)/\(old.scenario.id)", newScenario = "\(new.collaboration.id)/\(new.scenario.id)"
            if oldScenario != newScenario { scenario = ValueChange(old: oldScenario, new: newScenario) }
            effects = ListChange.changes(old.effects.compactMap(\.diffText), new.effects.compactMap(\.diffText))
                .map { ValueChange(old: $0.change == .added ? nil : $0.old, new: $0.change == .moved ? $0.old : $0.new) }
            emails = EmailChange.changes(old.emails, new.emails)
            otherwise = scenario == nil && effects.isEmpty && emails.isEmpty && old.comparable != new.comparable
        case (.success(let plan), .failure), (.failure, .success(let plan)):
            customer = plan.customerID
        case (.failure, .failure):
            customer = entry.document.flatMap(Self.customerID)
        }
    }

    /// Anything changes for this request.
    public var changes: Bool {
        base != head || scenario != nil || !effects.isEmpty || !emails.isEmpty || otherwise
    }

    /// The customer id, or where the request is when it names none.
    var name: String { customer ?? request.description }

    /// What changes, in words.
    var descriptions: [String] {
        var words: [String] = []
        switch (base, head) {
        case (.planned, .invalid(let codes)):
            words.append("now invalid (" + codes.map(\.rawValue).joined(separator: ", ") + ")")
        case (.invalid, .planned(let scenario)):
            words.append("now valid (\(scenario))")
        case (.invalid(let old), .invalid(let new)) where old != new:
            words.append("invalid (" + old.map(\.rawValue).joined(separator: ", ") + " → " + new.map(\.rawValue).joined(separator: ", ") + ")")
        default: break
        }
        if let scenario { words.append("scenario \(scenario.old ?? "") → \(scenario.new ?? "")") }
        for effect in effects {
            switch (effect.old, effect.new) {
            case (nil, let new?): words.append("effect added: \(new)")
            case (let old?, nil): words.append("effect removed: \(old)")
            case (let old?, let new?) where old == new: words.append("effect moved: \(old)")
            case (let old?, let new?): words.append("effect \(old) → \(new)")
            default: break
            }
        }
        for email in emails {
            switch email.change {
            case .added: words.append("new email \(email.template)")
            case .removed: words.append("no more email \(email.template)")
            case .changed: words.append("email \(email.template) changes " + email.fields.joined(separator: ", "))
            case .moved: words.append("email \(email.template) sent in another order")
            }
        }
        if otherwise { words.append("plan reads differently (steps, preconditions, approval, outcome or follow-ups)") }
        return words
    }

    private static func side(_ result: Result<RequestPlan, RequestFailure>) -> Side {
        switch result {
        case .success(let plan): return .planned(scenario: "\(plan.collaboration.id)/\(plan.scenario.id)")
        case .failure(let failure):
            var codes: [DiagnosticCode] = []
            for diagnostic in failure.diagnostics where diagnostic.isError && !codes.contains(diagnostic.code) { codes.append(diagnostic.code) }
            return .invalid(codes: codes)
        }
    }

    /// `customer.id` as written, for naming a request no side could bind.
    private static func customerID(_ document: RequestDocument) -> String? {
        guard let customer = document.root.pairs?.first(where: { $0.key == FactGroup.customer.rawValue })?.value,
              let id = customer.pairs?.first(where: { $0.key == FactPath.customerIDKey })?.value.scalar?.text,
              !id.isEmpty else { return nil }
        return String(id.prefix(128))
    }
}

/// A value in the base and in the head (nil where there is none).
public struct ValueChange: Sendable, Encodable, Equatable {
    public var old: String?
    public var new: String?
}

/// One email a request gets that differs: by template id, which of its
/// fields read differently (`to`, `subject`, `body`).
public struct EmailChange: Sendable, Encodable, Equatable {
    public var template: String
    public var change: DiffChange
    public var fields: [String]

    static func changes(_ old: [RenderedEmail], _ new: [RenderedEmail]) -> [EmailChange] {
        func content(_ email: RenderedEmail) -> [String] { [email.to, email.subject, email.body] }
        // The same emails, whatever their templates are called: nothing to say.
        guard old.map(content) != new.map(content) else { return [] }
        var changes: [EmailChange] = []
        for email in new {
            guard let before = old.first(where: { $0.template == email.template }) else {
                changes.append(EmailChange(template: email.template, change: .added, fields: []))
                continue
            }
            var fields: [String] = []
            if before.to != email.to { fields.append("to") }
            if before.subject != email.subject { fields.append("subject") }
            if before.body != email.body { fields.append("body") }
            if !fields.isEmpty { changes.append(EmailChange(template: email.template, change: .changed, fields: fields)) }
        }
        for email in old where !new.contains(where: { $0.template == email.template }) {
            changes.append(EmailChange(template: email.template, change: .removed, fields: []))
        }
        if changes.isEmpty {
            // Same templates, same wording, another order.
            changes = new.map { EmailChange(template: $0.template, change: .moved, fields: []) }
        }
        return changes
    }
}

extension RequestPlan {
    var emails: [RenderedEmail] {
        effects.compactMap { if case .sendEmail(let email) = $0.action { return email } else { return nil } }
    }

    /// What the request's plan says, without positions or the plan's digest.
    var comparable: [String] {
        preconditions.map { "precondition \($0.id) \($0.holds) \($0.unmet ?? "")" } + steps.map { "step \($0.text)" }
            + effects.map { "effect \($0.summary)" } + then.map { "then \($0)" }
            + ["awaits \(awaits.map { "\($0.who.rawValue) \($0.approves.rawValue) \($0.place)" } ?? "")", "outcome \(outcome ?? "")"]
    }
}

extension PlannedEffect {
    /// The effect and its arguments as rendered for the request; nil for an email (compared on its own).
    var diffText: String? {
        if case .sendEmail = action { return nil }
        return summary
    }
}

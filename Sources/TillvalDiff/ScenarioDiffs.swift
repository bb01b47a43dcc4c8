import TillvalPlan

/// Per scenario: steps, effects, preconditions, approval, outcome,
/// follow-ups and emails (section 3), for every scenario both rule sets
/// have — matched by collaboration and scenario id; a scenario on one side
/// only is a declaration change (section 4).
///
/// Texts are compared as written, placeholders left as placeholders
/// (`{{customer.name}}`), after procedure expansion: a step is its text,
/// whichever procedure it came through, so renaming a procedure changes no
/// scenario. Steps, effects and follow-ups are ordered lists, compared with
/// a line diff: a reordered step is one `moved`, a reworded one `changed`.
/// Preconditions are compared by id, not by order. An email (the template a
/// `send-email` inlines, matched by template id) is shown as a unified diff
/// of its recipient, subject and body. Positions (`origin`) are never
/// compared, so reformatting or moving rules between files changes nothing.
public struct ScenarioDiffs: DiffSection {
    /// The scenarios that change, by collaboration id, then scenario id.
    public var scenarios: [ScenarioDiff]

    public init(base: Plan, head: Plan) {
        var scenarios: [ScenarioDiff] = []
        for baseCollaboration in base.collaborations.sorted(by: { $0.id < $1.id }) {
            guard let headCollaboration = head.collaboration(baseCollaboration.id) else { continue }
            for old in baseCollaboration.scenarios.sorted(by: { $0.id < $1.id }) {
                guard let new = headCollaboration.scenarios.first(where: { $0.id == old.id }) else { continue }
                let diff = ScenarioDiff(collaboration: baseCollaboration.id, base: old, head: new)
                if !diff.isEmpty { scenarios.append(diff) }
            }
        }
        self.scenarios = scenarios
    }

    public var isEmpty: Bool { scenarios.isEmpty }

    public var summary: String? {
        switch scenarios.count {
        case 0: return nil
        case 1: return "1 scenario changes"
        default: return "\(scenarios.count) scenarios change"
        }
    }

    public var textLines: [String] { scenarios.flatMap(\.textLines) }
    public var markdownLines: [String] { scenarios.flatMap(\.markdownLines) }
}

/// What changes in one scenario that both rule sets have.
public struct ScenarioDiff: Sendable, Encodable, Equatable {
    public var collaboration: String
    public var scenario: String
    /// The scenario's title in the head.
    public var title: String
    /// Steps, effects, preconditions, `awaits`, `outcome` and `then`, in that order.
    public var changes: [ScenarioChange]
    /// The emails both sides send here whose recipient, subject or body reads differently.
    public var emails: [EmailDiff]

    public init(collaboration: String, base: PlanScenario, head: PlanScenario) {
        self.collaboration = collaboration
        scenario = head.id
        title = head.title
        var changes: [ScenarioChange] = []
        if base.title != head.title {
            changes.append(ScenarioChange(part: .title, change: .changed, old: base.title, new: head.title))
        }
        func list(_ part: ScenarioPart, _ old: [String], _ new: [String]) {
            changes += ListChange.changes(old, new).map {
                ScenarioChange(part: part, change: $0.change, base: $0.base, head: $0.head, old: $0.old, new: $0.new)
            }
        }
        func single(_ part: ScenarioPart, _ old: String?, _ new: String?) {
            switch (old, new) {
            case (nil, let new?): changes.append(ScenarioChange(part: part, change: .added, new: new))
            case (let old?, nil): changes.append(ScenarioChange(part: part, change: .removed, old: old))
            case (let old?, let new?) where old != new: changes.append(ScenarioChange(part: part, change: .changed, old: old, new: new))
            default: break
            }
        }
        list(.step, base.steps.map(\.text.diffText), head.steps.map(\.text.diffText))
        list(.effect, base.effects.map(\.diffText), head.effects.map(\.diffText))
        let oldPreconditions = Dictionary(base.preconditions.map { ($0.id, $0.diffText) }, uniquingKeysWith: { first, _ in first })
        let newPreconditions = Dictionary(head.preconditions.map { ($0.id, $0.diffText) }, uniquingKeysWith: { first, _ in first })
        for id in Set(oldPreconditions.keys).union(newPreconditions.keys).sorted() {
            let before = changes.count
            single(.precondition, oldPreconditions[id], newPreconditions[id])
            if changes.count > before { changes[before].id = id }
        }
        single(.awaits, base.awaits?.diffText, head.awaits?.diffText)
        single(.outcome, base.outcome?.diffText, head.outcome?.diffText)
        list(.then, base.then.map(\.diffText), head.then.map(\.diffText))
        self.changes = changes

        let oldEmails = base.emails, newEmails = head.emails
        emails = newEmails.compactMap { new in
            guard let old = oldEmails.first(where: { $0.id == new.id }) else { return nil }
            let diff = LineDiff.unified(old.diffLines, new.diffLines, oldName: "base/\(old.id)", newName: "head/\(new.id)")
            return diff.isEmpty ? nil : EmailDiff(template: new.id, diff: diff)
        }
    }

    public var isEmpty: Bool { changes.isEmpty && emails.isEmpty }

    public var textLines: [String] {
        var lines = ["\(collaboration)/\(scenario) (\(title)):"]
        for change in changes {
            switch change.change {
            case .changed:
                lines.append("  \(change.label) changed:")
                lines.append("    - " + (change.old ?? ""))
                lines.append("    + " + (change.new ?? ""))
            case .moved:
                lines.append("  \(change.label) moved to \(change.head ?? 0): \(change.old ?? "")")
            case .added:
                lines.append("  \(change.label) added: \(change.new ?? "")")
            case .removed:
                lines.append("  \(change.label) removed: \(change.old ?? "")")
            }
        }
        for email in emails {
            lines.append("  email \(email.template):")
            lines += email.diff.map { "    " + $0 }
        }
        return lines
    }

    public var markdownLines: [String] {
        var lines = ["**\(DiffMarkdown.code("\(collaboration)/\(scenario)"))** (\(DiffMarkdown.escaped(title)))", ""]
        for change in changes {
            switch change.change {
            case .changed:
                lines.append("- \(change.label) changed: \(DiffMarkdown.code(change.old ?? "")) → \(DiffMarkdown.code(change.new ?? ""))")
            case .moved:
                lines.append("- \(change.label) moved to \(change.head ?? 0): \(DiffMarkdown.code(change.old ?? ""))")
            case .added:
                lines.append("- \(change.label) added: \(DiffMarkdown.code(change.new ?? ""))")
            case .removed:
                lines.append("- \(change.label) removed: \(DiffMarkdown.code(change.old ?? ""))")
            }
        }
        for email in emails {
            if lines.last?.isEmpty == false { lines.append("") }
            lines.append("email \(DiffMarkdown.code(email.template)):")
            lines.append("")
            lines += DiffMarkdown.fenced(email.diff, language: "diff")
        }
        lines.append("")
        return lines
    }
}

/// One change in a scenario: which part, what happened, where.
public struct ScenarioChange: Sendable, Encodable, Equatable {
    public var part: ScenarioPart
    public var change: DiffChange
    /// The precondition's id (`part` `precondition` only).
    public var id: String?
    /// 1-based positions in the base and in the head, for steps, effects and follow-ups.
    public var base: Int?
    public var head: Int?
    /// The text in the base (removed, changed, moved) and in the head (added, changed).
    public var old: String?
    public var new: String?

    public init(part: ScenarioPart, change: DiffChange, id: String? = nil, base: Int? = nil, head: Int? = nil,
                old: String? = nil, new: String? = nil) {
        self.part = part
        self.change = change
        self.id = id
        self.base = base
        self.head = head
        self.old = old
        self.new = new
    }

    /// "step 3", "precondition connected-task", "outcome".
    var label: String {
        if let id { return "\(part.rawValue) \(id)" }
        if let position = change == .added ? head : base ?? head { return "\(part.rawValue) \(position)" }
        return part.rawValue
    }
}

/// An email that reads differently: a unified diff of `To:`, `Subject:`
/// and the body, placeholders left as placeholders.
public struct EmailDiff: Sendable, Encodable, Equatable {
    public var template: String
    /// The unified diff's lines, `---`/`+++` headers naming base and head.
    public var diff: [String]
}

extension PlanTemplate {
    /// The text as written, each placeholder as `{{path}}`.
    var diffText: String {
        parts.map { part in
            switch part {
            case .text(let text): return text
            case .value(let value): return "{{\(value)}}"
            }
        }.joined()
    }
}

extension PlanEmail.Recipient {
    var diffText: String {
        switch self {
        case .administrator: return Approver.administrator.rawValue
        case .fact(let path): return path.description
        }
    }
}

extension PlanEmail {
    /// The email as a diff compares it: recipient, subject, a blank line, the body.
    var diffLines: [String] {
        ["To: \(to.diffText)", "Subject: \(subject.diffText)", ""] + LineDiff.lines(body.diffText)
    }
}

extension PlanEffect {
    /// The effect and its arguments; an email by its template (its wording is the email diff's).
    var diffText: String {
        switch action {
        case .activateCollaboration:
            return action.name
        case .activateService(let service):
            guard let service else { return action.name }
            return "\(action.name) \(service.service)" + (service.restrictedTo.map { " restricted to \($0)" } ?? "")
        case .createAdministrator(let portal, let email):
            return "\(action.name) on \(portal.diffText) for \(email)"
        case .sendEmail(let email):
            return "\(action.name) \(email.id)"
        }
    }
}

extension PlanPrecondition {
    var diffText: String {
        "\(summary) (check: \(check.map(\.summary).joined(separator: ", ")); unmet: \(unmet.diffText))"
    }
}

extension PlanAwait {
    var diffText: String { "\(who.rawValue) approves \(approves.rawValue) in \(self.where.diffText)" }
}

extension PlanScenario {
    /// The emails this scenario sends, once per template.
    var emails: [PlanEmail] {
        var seen: Set<String> = []
        return effects.compactMap { effect in
            guard case .sendEmail(let email) = effect.action, seen.insert(email.id).inserted else { return nil }
            return email
        }
    }
}

/// Markdown pieces for the sections' lines.
enum DiffMarkdown {
    /// An inline code span that holds any text: the fence is longer than any run of backticks inside.
    static func code(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        let fence = String(repeating: "`", count: longestRun(of: "`", in: flat) + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") || flat.isEmpty ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// A fenced block that no line inside can close.
    static func fenced(_ lines: [String], language: String) -> [String] {
        let fence = String(repeating: "`", count: max(3, lines.map { longestRun(of: "`", in: $0) }.max().map { $0 + 1 } ?? 3))
        return [fence + language] + lines + [fence]
    }

    /// Text inside a line (never at its start), with the punctuation that
    /// would format it or open HTML escaped.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>|~".contains(character) { result.append("\\") }
            result.append(character == "\n" ? " " : character)
        }
        return result
    }

    private static func longestRun(of mark: Character, in text: String) -> Int {
        var longest = 0, current = 0
        for character in text {
            current = character == mark ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}

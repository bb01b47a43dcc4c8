import TillvalCompiler
import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// Compares what a planned request gave with a test's expectations, key by
/// key; each key not met is one failure with its rows.
struct OutcomeComparison {
    let outcome: CheckedOutcome
    let plan: RequestPlan

    /// Shown where a list has fewer items than the other side.
    static let nothing = "(none)"

    var failures: [RuleTestFailure] {
        var failures: [RuleTestFailure] = []
        func add(_ key: ExpectationKey, _ rows: [RuleTestFailure.Row]) {
            guard rows.contains(where: { !$0.matches }) else { return }
            let at = outcome.keys[key]?.start ?? plan.scenario.origin
            failures.append(RuleTestFailure(aspect: .expectation(key), at: at, rows: rows))
        }
        if let scenario = outcome.scenario {
            add(.scenario, [.init(expected: scenario.name, actual: plan.scenario.id, matches: scenario.name == plan.scenario.id)])
        }
        if let unmet = outcome.unmet { add(.unmet, unmetRows(unmet.map(\.name))) }
        if let effects = outcome.effects { add(.effects, effectRows(effects)) }
        if let emails = outcome.emails { add(.emails, emailRows(emails)) }
        if let awaits = outcome.awaits { add(.awaits, awaitsRows(awaits)) }
        if let texts = outcome.thenContains { add(.thenContains, thenRows(texts)) }
        return failures
    }

    /// Exactly these preconditions fail: compared as sets, shown in the plan's order.
    private func unmetRows(_ expected: [String]) -> [RuleTestFailure.Row] {
        let actual = plan.preconditions.filter { !$0.holds }.map(\.id)
        let expectedText = expected.isEmpty ? Self.nothing : expected.joined(separator: ", ")
        let actualText = actual.isEmpty ? Self.nothing : actual.joined(separator: ", ")
        return [.init(expected: expectedText, actual: actualText, matches: Set(expected) == Set(actual))]
    }

    private func effectRows(_ expected: [ExpectedEffect]) -> [RuleTestFailure.Row] {
        let actual = plan.effects
        return (0..<max(expected.count, actual.count)).map { index in
            let want = index < expected.count ? expected[index] : nil
            let got = index < actual.count ? actual[index] : nil
            return .init(expected: want.map(Self.describe) ?? Self.nothing, actual: got.map(Self.describe) ?? Self.nothing,
                         matches: want.flatMap { want in got.map { Self.matches(want, $0) } } ?? false)
        }
    }

    /// The arguments an expected effect gives, as `name {key: value, …}`.
    static func describe(_ effect: ExpectedEffect) -> String {
        var arguments: [(String, String)] = []
        switch effect {
        case .activateCollaboration(let product, _):
            if let product { arguments.append(("product", product.value)) }
        case .activateService(let service, let restriction, _):
            if let service { arguments.append(("service", service.value)) }
            switch restriction {
            case .none?: arguments.append(("restricted-to", ExpectedRestriction.noneWord))
            case .product(let product)?: arguments.append(("restricted-to", product.value))
            case nil: break
            }
        case .createAdministrator(let portal, let email, _):
            if let portal { arguments.append(("portal", portal.text)) }
            if let email { arguments.append(("email", email.text)) }
        case .sendEmail(let template, _):
            if let template { arguments.append(("template", template.value)) }
        }
        return named(effect.kind, arguments)
    }

    /// The resolved effect with every argument a test can compare.
    static func describe(_ effect: PlannedEffect) -> String {
        named(effect.kind, arguments(of: effect))
    }

    private static func arguments(of effect: PlannedEffect) -> [(String, String)] {
        switch effect.action {
        case .activateCollaboration(_, let product):
            return [("product", product.id)]
        case .activateService(let service, let restrictedTo):
            return [("service", service.id), ("restricted-to", restrictedTo?.id ?? ExpectedRestriction.noneWord)]
        case .createAdministrator(let portal, let email):
            return [("portal", portal), ("email", email)]
        case .sendEmail(let email):
            return [("template", email.template)]
        }
    }

    private static func named(_ kind: EffectKind, _ arguments: [(String, String)]) -> String {
        arguments.isEmpty ? kind.rawValue : "\(kind.rawValue) {" + arguments.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// The same effect, and every argument the test gives equal to the resolved one.
    static func matches(_ expected: ExpectedEffect, _ actual: PlannedEffect) -> Bool {
        guard expected.kind == actual.kind else { return false }
        let given = Dictionary(arguments(of: actual), uniquingKeysWith: { first, _ in first })
        var wanted: [(String, String)] = []
        switch expected {
        case .activateCollaboration(let product, _):
            if let product { wanted.append(("product", product.value)) }
        case .activateService(let service, let restriction, _):
            if let service { wanted.append(("service", service.value)) }
            switch restriction {
            case .none?: wanted.append(("restricted-to", ExpectedRestriction.noneWord))
            case .product(let product)?: wanted.append(("restricted-to", product.value))
            case nil: break
            }
        case .createAdministrator(let portal, let email, _):
            if let portal { wanted.append(("portal", portal.text)) }
            if let email { wanted.append(("email", email.text)) }
        case .sendEmail(let template, _):
            if let template { wanted.append(("template", template.value)) }
        }
        return wanted.allSatisfy { given[$0.0] == $0.1 }
    }

    /// The complete list of emails, in order of sending; per email the fields the test gives.
    private func emailRows(_ expected: [ExpectedEmail]) -> [RuleTestFailure.Row] {
        let actual = plan.effects.compactMap { effect -> RenderedEmail? in
            if case .sendEmail(let email) = effect.action { return email }
            return nil
        }
        var rows: [RuleTestFailure.Row] = []
        for index in 0..<max(expected.count, actual.count) {
            let number = "\(index + 1). "
            guard index < expected.count else {
                rows.append(.init(expected: number + Self.nothing, actual: number + "template: \(actual[index].template)", matches: false))
                continue
            }
            let want = expected[index]
            guard index < actual.count else {
                rows.append(.init(expected: number + "template: \(want.template?.value ?? "…")", actual: number + Self.nothing, matches: false))
                continue
            }
            let got = actual[index]
            var fields: [RuleTestFailure.Row] = []
            if let template = want.template {
                fields.append(.init(expected: "template: \(template.value)", actual: "template: \(got.template)", matches: template.value == got.template))
            }
            if let to = want.to {
                fields.append(.init(expected: "to: \(to.text)", actual: "to: \(got.to)", matches: to.text == got.to))
            }
            if let subject = want.subject {
                fields.append(.init(expected: "subject: \(subject.text)", actual: "subject: \(got.subject)", matches: subject.text == got.subject))
            }
            for text in want.bodyContains {
                let found = got.body.containsBytes(of: text.text)
                fields.append(.init(expected: "body contains: \(text.text)", actual: found ? "body contains: \(text.text)" : "body lacks: \(text.text)",
                                    matches: found))
            }
            if fields.isEmpty {
                fields.append(.init(expected: "an email", actual: "template: \(got.template)", matches: true))
            }
            // The email's number heads its first field; the others are indented under it.
            for (offset, field) in fields.enumerated() {
                let lead = offset == 0 ? number : String(repeating: " ", count: number.count)
                rows.append(.init(expected: lead + field.expected, actual: lead + field.actual, matches: field.matches))
            }
        }
        return rows
    }

    private func awaitsRows(_ expected: ExpectedAwaits) -> [RuleTestFailure.Row] {
        guard let got = plan.awaits else {
            return [.init(expected: Self.describe(expected), actual: "(nothing awaited)", matches: false)]
        }
        var rows: [RuleTestFailure.Row] = []
        if let who = expected.who {
            rows.append(.init(expected: "who: \(who.value.rawValue)", actual: "who: \(got.who.rawValue)", matches: who.value == got.who))
        }
        if let approves = expected.approves {
            rows.append(.init(expected: "approves: \(approves.value.rawValue)", actual: "approves: \(got.approves.rawValue)",
                              matches: approves.value == got.approves))
        }
        if let place = expected.place {
            rows.append(.init(expected: "where: \(place.text)", actual: "where: \(got.place)", matches: place.text == got.place))
        }
        return rows
    }

    private static func describe(_ awaits: ExpectedAwaits) -> String {
        var parts: [String] = []
        if let who = awaits.who { parts.append("who: \(who.value.rawValue)") }
        if let approves = awaits.approves { parts.append("approves: \(approves.value.rawValue)") }
        if let place = awaits.place { parts.append("where: \(place.text)") }
        return parts.isEmpty ? "an approval" : parts.joined(separator: ", ")
    }

    /// Each text must appear in some follow-up; the follow-ups are listed after.
    private func thenRows(_ expected: [SourceText]) -> [RuleTestFailure.Row] {
        var rows = expected.map { text -> RuleTestFailure.Row in
            let found = plan.then.first { $0.containsBytes(of: text.text) }
            return .init(expected: "contains: \(text.text)", actual: found.map { "in: \($0)" } ?? "in no follow-up", matches: found != nil)
        }
        if rows.contains(where: { !$0.matches }) {
            rows += (plan.then.isEmpty ? [Self.nothing] : plan.then).map { .init(expected: "", actual: "then: \($0)", matches: true) }
        }
        return rows
    }
}

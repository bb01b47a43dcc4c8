import Foundation
import Testing
@testable import TillvalDiff
import TillvalPlan

/// Section 3 of `tillval diff`: per scenario, over plans the real compiler
/// makes from the shipped rules and an edited copy of them.
@Suite struct ScenarioDiffTests {
    typealias Edit = EditedRules.Edit

    /// Reformatting, reordering keys and moving a scenario to another file
    /// changes every origin and nothing else: no scenario changes.
    @Test func reformattedAndMovedRulesChangeNoScenario() throws {
        let (base, head) = try EditedRules.plans([
            Edit(file: "scenarios/z-registered.yaml", old: "when:\n  customer.relation: registered\n",
                 new: "when: {customer.relation: registered}\n"),
            Edit(file: "scenarios/z-registered.yaml", old: "kind: scenario\nid: registered\n", new: "# moved\n\nid: registered\nkind: scenario\n"),
        ], moves: [("scenarios/registered.yaml", "scenarios/z-registered.yaml")])
        #expect(base.collaborations[0].scenarios.map(\.origin) != head.collaborations[0].scenarios.map(\.origin))
        let diff = ScenarioDiffs(base: base, head: head)
        #expect(diff.isEmpty && diff.summary == nil && diff.textLines.isEmpty)
    }

    /// A step moved within a procedure is one move in every scenario that
    /// expands the procedure, not a rewritten list.
    @Test func aReorderedStepIsOneMove() throws {
        let (base, head) = try EditedRules.plans([
            Edit(file: "procedures/open-offer.yaml", old: "  - Go to Customers.\n", new: ""),
            Edit(file: "procedures/open-offer.yaml", old: "  - Select the tab Collaborations.\n",
                 new: "  - Select the tab Collaborations.\n  - Go to Customers.\n"),
        ])
        let diff = ScenarioDiffs(base: base, head: head)
        #expect(diff.scenarios.map(\.scenario) == ["has-subscription", "not-registered", "registered"])
        for scenario in diff.scenarios {
            #expect(scenario.changes == [ScenarioChange(part: .step, change: .moved, base: 1, head: 3, old: "Go to Customers.")])
            #expect(scenario.emails.isEmpty)
        }
        #expect(diff.summary == "3 scenarios change")
        #expect(Array(diff.textLines.prefix(2)) == [
            "digitala-tillval/has-subscription (The customer already has an active subscription of the service):",
            "  step 1 moved to 3: Go to Customers.",
        ])
    }

    /// A reworded email is a unified diff with context 3 in each scenario
    /// sending it, placeholders left as written; the scenario's own parts are unchanged.
    @Test func aRewordedEmailIsAUnifiedDiff() throws {
        let (base, head) = try EditedRules.plans([
            Edit(file: "emails/approve-collaboration.yaml", old: "  To approve the collaboration, log in",
                 new: "  To approve it, log in"),
        ])
        let diff = ScenarioDiffs(base: base, head: head)
        #expect(diff.scenarios.map(\.scenario) == ["has-subscription", "registered"])
        let expected = [
            "--- base/approve-collaboration",
            "+++ head/approve-collaboration",
            "@@ -6,7 +6,7 @@",
            " {{office.name}} has invited you to a collaboration in {{product.name}},",
            " as part of {{collaboration.title}}.",
            " ",
            "-To approve the collaboration, log in to Mina tjänster on vismaspcs.se.",
            "+To approve it, log in to Mina tjänster on vismaspcs.se.",
            " As soon as the collaboration has been approved, you can begin to work",
            " together in the service.",
            " ",
        ]
        for scenario in diff.scenarios {
            #expect(scenario.changes.isEmpty)
            #expect(scenario.emails == [EmailDiff(template: "approve-collaboration", diff: expected)])
        }
        let markdown = diff.markdownLines
        let fence = try #require(markdown.firstIndex(of: "```diff"))
        #expect(Array(markdown[(fence + 1)...(fence + expected.count)]) == expected)
        #expect(markdown[fence + expected.count + 1] == "```")
    }

    /// A changed subject is the email's second line; the recipient its first.
    @Test func aChangedSubjectAndRecipientAreInTheEmailDiff() throws {
        let (base, head) = try EditedRules.plans([
            Edit(file: "emails/approve-terms.yaml", old: "has activated {{product.name}} for", new: "activated {{product.name}} for"),
        ])
        let email = try #require(ScenarioDiffs(base: base, head: head).scenarios.first?.emails.first)
        #expect(email.diff == [
            "--- base/approve-terms",
            "+++ head/approve-terms",
            "@@ -1,5 +1,5 @@",
            " To: administrator",
            "-Subject: {{office.name}} has activated {{product.name}} for {{customer.name}}",
            "+Subject: {{office.name}} activated {{product.name}} for {{customer.name}}",
            " ",
            " Hello,",
            " ",
        ])
    }

    /// Effects, awaited approval, follow-ups and preconditions, each as removed/added/changed.
    @Test func effectsApprovalFollowUpsAndPreconditions() throws {
        let (base, head) = try EditedRules.plans([
            Edit(file: "scenarios/registered.yaml", old: "  - activate-service\n", new: ""),
            Edit(file: "scenarios/registered.yaml", old: "  where: Mina tjänster on vismaspcs.se", new: "  where: Mina sidor on vismaspcs.se"),
            Edit(file: "scenarios/registered.yaml", old: "  - Activate the service in Visma Lön ({{service.name}}).",
                 new: "  - Activate the service in Visma Lön 600 ({{service.name}}).\n  - Tell the customer."),
            Edit(file: "preconditions/connected-task.yaml", old: "  need to have a task", new: "  need a task"),
        ])
        let diff = ScenarioDiffs(base: base, head: head)
        let registered = try #require(diff.scenarios.first { $0.scenario == "registered" })
        let check = "customer.tasks is \(TestKind.nonEmpty.rawValue)"
        let unmet = { (need: String) in
            "The customer has a task connected to it in Visma Advisor. (check: \(check); unmet: To be able to activate a collaboration"
                + " with {{customer.name}}, you first \(need) connected to the customer in Visma Advisor.)"
        }
        #expect(registered.changes == [
            ScenarioChange(part: .effect, change: .removed, base: 2, old: EffectKind.activateService.rawValue),
            ScenarioChange(part: .precondition, change: .changed, id: "connected-task", old: unmet("need to have a task"), new: unmet("need a task")),
            ScenarioChange(part: .awaits, change: .changed, old: "customer approves collaboration in Mina tjänster on vismaspcs.se",
                           new: "customer approves collaboration in Mina sidor on vismaspcs.se"),
            ScenarioChange(part: .then, change: .changed, base: 1, head: 1, old: "Activate the service in Visma Lön ({{service.name}}).",
                           new: "Activate the service in Visma Lön 600 ({{service.name}})."),
            ScenarioChange(part: .then, change: .added, head: 2, new: "Tell the customer."),
        ])
        // The precondition belongs to the collaboration: every scenario shows it, and nothing else.
        for other in diff.scenarios where other.scenario != "registered" {
            #expect(other.changes.map(\.part) == [.precondition])
        }
        #expect(registered.textLines.contains("  effect 2 removed: activate-service"))
        #expect(registered.textLines.contains("  then 2 added: Tell the customer."))
    }

    /// The JSON names each change by its part and kind; absent values are left out.
    @Test func theJSONIsTheData() throws {
        let (base, head) = try EditedRules.plans([
            Edit(file: "procedures/choose-task.yaml", old: "  - Select Next.", new: "  - Select Continue."),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let diff = ScenarioDiffs(base: base, head: head)
        let json = String(decoding: try encoder.encode(try #require(diff.scenarios.first)), as: UTF8.self)
        #expect(json == #"{"changes":[{"base":7,"change":"changed","head":7,"new":"Select Continue.","old":"Select Next.","part":"step"}],"#
            + #""collaboration":"digitala-tillval","emails":[],"scenario":"has-subscription","#
            + #""title":"The customer already has an active subscription of the service"}"#)
    }
}

/// The line diff under the sections: shortest, and bounded.
@Suite struct LineDiffTests {
    /// Myers' own example: ABCABBA → CBABAC takes 5 edits, and the script rebuilds both sides.
    @Test func theScriptIsShortestAndRebuildsBothSides() {
        let a = Array("ABCABBA"), b = Array("CBABAC")
        let script = LineDiff.edits(a, b)
        #expect(script.filter { if case .same = $0 { return false } else { return true } }.count == 5)
        var old: [Character] = [], new: [Character] = []
        for edit in script {
            switch edit {
            case .same(let o, let n): old.append(a[o]); new.append(b[n])
            case .removed(let o): old.append(a[o])
            case .added(let n): new.append(b[n])
            }
        }
        #expect(old == a && new == b)
    }

    /// Two long texts with nothing in common: replaced whole, not searched for quadratic time.
    @Test func whollyDifferentLongTextsAreReplacedWhole() {
        let a = (0..<20_000).map { "a\($0)" }, b = (0..<20_000).map { "b\($0)" }
        let script = LineDiff.edits(a, b)
        #expect(script.count == 40_000)
        #expect(script.first == .removed(old: 0) && script.last == .added(new: 19_999))
    }

    /// Markdown that no text can break: code spans and fences longer than any backtick run inside.
    @Test func markdownHoldsAnyText() {
        #expect(DiffMarkdown.code("a`b") == "``a`b``")
        #expect(DiffMarkdown.code("`x") == "`` `x ``")
        #expect(DiffMarkdown.fenced(["-x ``` y"], language: "diff") == ["````diff", "-x ``` y", "````"])
        #expect(DiffMarkdown.escaped("a <b> *c* d-e.") == #"a \<b\> \*c\* d-e."#)
    }

    /// Changes further apart than twice the context are separate hunks; an added line at the end.
    @Test func distantChangesAreSeparateHunks() {
        let old = (1...20).map { "line \($0)" }
        var new = old
        new[1] = "line two"
        new.append("line 21")
        #expect(LineDiff.unified(old, new, oldName: "a", newName: "b") == [
            "--- a", "+++ b",
            "@@ -1,5 +1,5 @@", " line 1", "-line 2", "+line two", " line 3", " line 4", " line 5",
            "@@ -18,3 +18,4 @@", " line 18", " line 19", " line 20", "+line 21",
        ])
        #expect(LineDiff.unified(old, old, oldName: "a", newName: "b").isEmpty)
    }
}

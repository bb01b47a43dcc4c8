import Foundation
import Testing
import TillvalCompiler
import TillvalDiff
import TillvalPlan
import TillvalRuntime
import TillvalTestSupport

/// A copy of the frozen shipped rule set (Tests/Fixtures/baselines/shipped)
/// in a temporary directory, edited, and compiled by the real compiler.
enum EditedShippedRules {
    /// One edit: the file's whole new text, or nil to delete the file.
    typealias Edit = (path: String, text: (String) -> String?)

    static func plan(_ edits: [Edit] = []) throws -> Plan {
        let directory = try CommandRunner.temporaryDirectory().appendingPathComponent("rules")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Repository.path("Tests/Fixtures/baselines/shipped")), to: directory)
        for edit in edits {
            let file = directory.appendingPathComponent(edit.path)
            let old = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            if let new = edit.text(old) {
                try new.write(to: file, atomically: true, encoding: .utf8)
            } else {
                try FileManager.default.removeItem(at: file)
            }
        }
        let compilation = Compiler().compile(directory: directory.path)
        return try #require(compilation.plan, "\(compilation.diagnostics)")
    }

    /// An edit replacing `old` (which must occur) by `new`.
    static func replace(_ path: String, _ old: String, _ new: String) -> Edit {
        (path, { text in
            #expect(text.contains(old), "\(path) has no \(old)")
            return text.replacingOccurrences(of: old, with: new)
        })
    }

    static func write(_ path: String, _ text: String) -> Edit { (path, { _ in text }) }
    static func remove(_ path: String) -> Edit { (path, { _ in nil }) }
}

@Suite struct RoutingDiffTests {
    typealias Rules = EditedShippedRules

    /// Two scenarios swap their `when` values: each value changes for both
    /// products alike, so `product` is left out of the condition.
    @Test func swappedWhenValuesAreOneLineEachWithoutTheProduct() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([
            Rules.replace("scenarios/registered.yaml", "customer.relation: registered", "customer.relation: not-registered"),
            Rules.replace("scenarios/not-registered.yaml", "customer.relation: not-registered", "customer.relation: registered"),
        ])
        let diff = RoutingDiff(base: base, head: head)
        #expect(diff.textLines == [
            "collaboration digitala-tillval",
            "  customer.relation registered: registered → not-registered",
            "  customer.relation not-registered: not-registered → registered",
        ])
        #expect(diff.summary == "4 combinations change scenario")
        #expect(!diff.isEmpty && !diff.isBreaking)
        #expect(diff.collaborations.first?.combinations == 6)
    }

    /// A new scenario for one product takes one combination from another:
    /// the condition names both facts, as a `when` would.
    @Test func aNewScenarioForOneProductTakesExactlyItsCombination() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([
            Rules.replace("scenarios/not-registered.yaml", "  customer.relation: not-registered\n",
                          "  customer.relation: not-registered\n  product: lon-anstalld\n"),
            Rules.write("scenarios/not-registered-min-lon.yaml", try Self.shipped("scenarios/not-registered.yaml")
                .replacingOccurrences(of: "id: not-registered", with: "id: not-registered-min-lon")
                .replacingOccurrences(of: "  customer.relation: not-registered\n", with: "  customer.relation: not-registered\n  product: min-lon\n")),
        ])
        let diff = RoutingDiff(base: base, head: head)
        #expect(diff.textLines == [
            "collaboration digitala-tillval",
            "  product min-lon, customer.relation not-registered: not-registered → not-registered-min-lon",
        ])
        #expect(diff.summary == "1 combination changes scenario")
        // Routing means what `plan` does: a request with those facts is planned so on each side.
        let request = Request(customerID: "c1", facts: [.customer("relation"): .text("not-registered")],
                              collaboration: "digitala-tillval", product: "min-lon", task: nil,
                              origin: SourceLocation(file: "r", line: 1, column: 1))
        let collaboration = try #require(head.collaboration("digitala-tillval"))
        #expect(RequestPlanner(plan: head).scenarios(matching: request, in: collaboration).map(\.id) == ["not-registered-min-lon"])
    }

    /// A value only the head knows is a combination too: refused before,
    /// routed now (and the other way round when the value is removed).
    @Test func aNewValueIsNewlyMatchedAndARemovedOneNoLongerRouted() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([
            Rules.replace("facts.yaml", "one-of: [has-subscription, registered, not-registered]",
                          "one-of: [has-subscription, registered, not-registered, prospect]"),
            Rules.replace("scenarios/registered.yaml", "customer.relation: registered", "customer.relation: [registered, prospect]"),
        ])
        #expect(RoutingDiff(base: base, head: head).textLines == [
            "collaboration digitala-tillval",
            "  customer.relation prospect: (invalid: customer.relation prospect) → registered",
        ])
        #expect(RoutingDiff(base: head, head: base).textLines == [
            "collaboration digitala-tillval",
            "  customer.relation prospect: registered → (invalid: customer.relation prospect)",
        ])
    }

    /// A product no longer offered: each of its combinations goes nowhere,
    /// merged per scenario it used to reach.
    @Test func aWithdrawnProductIsNotOfferedAnyMore() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([Rules.replace("collaboration.yaml", "products: [lon-anstalld, min-lon]", "products: [lon-anstalld]")])
        let diff = RoutingDiff(base: base, head: head)
        #expect(diff.textLines == [
            "collaboration digitala-tillval",
            "  product min-lon, customer.relation has-subscription: has-subscription → (not-offered)",
            "  product min-lon, customer.relation registered: registered → (not-offered)",
            "  product min-lon, customer.relation not-registered: not-registered → (not-offered)",
        ])
        #expect(diff.markdownLines == [
            "Collaboration `digitala-tillval`:",
            "",
            "| when | base | head | combinations |",
            "|---|---|---:|---:|".replacingOccurrences(of: "|---:|---:|", with: "|---|---:|"),
            "| `product min-lon`, `customer.relation has-subscription` | `has-subscription` | (not-offered) | 1 |",
            "| `product min-lon`, `customer.relation registered` | `registered` | (not-offered) | 1 |",
            "| `product min-lon`, `customer.relation not-registered` | `not-registered` | (not-offered) | 1 |",
        ])
    }

    /// Comments, reformatting and reordered keys change no routing.
    @Test func aReformattedRuleSetRoutesTheSame() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([
            Rules.replace("scenarios/registered.yaml", "kind: scenario\n", "# moved around\nkind: scenario\n"),
            Rules.replace("collaboration.yaml", "products: [lon-anstalld, min-lon]", "products:\n  - min-lon\n  - lon-anstalld"),
        ])
        let diff = RoutingDiff(base: base, head: head)
        #expect(diff.isEmpty && diff.textLines.isEmpty && diff.summary == nil)
    }

    /// A space that needs more steps than the limit is not compared, and
    /// says so: the limit is on steps (1 per class and region, plus the
    /// scenarios each filters: 96 here), not on combinations.
    @Test func aSpaceOverTheLimitIsListedNotCompared() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([Rules.replace("collaboration.yaml", "products: [lon-anstalld, min-lon]", "products: [lon-anstalld]")])
        let diff = RoutingDiff(base: base, head: head, limit: 95)
        #expect(diff.collaborations.map(\.skipped) == [95])
        #expect(diff.textLines == ["collaboration digitala-tillval", "  not compared: splitting its space takes more than 95 steps"])
        #expect(diff.summary == "1 collaboration too large to compare")
        #expect(RoutingDiff(base: base, head: head, limit: 96).collaborations.map(\.skipped) == [nil])
    }

    /// The JSON part names each side's route by its kind.
    @Test func theJSONNamesRoutesByKind() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([Rules.replace("collaboration.yaml", "products: [lon-anstalld, min-lon]", "products: [lon-anstalld]")])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(RoutingDiff(base: base, head: head)), as: UTF8.self)
        #expect(json.hasPrefix(#"{"collaborations":[{"changes":[{"base":{"kind":"scenario","scenarios":["has-subscription"]},"combinations":1,"head":{"kind":"not-offered"},"when":[{"fact":"product","values":["min-lon"]},{"fact":"customer.relation","values":["has-subscription"]}]}"#))
    }

    static func shipped(_ path: String) throws -> String {
        try String(contentsOfFile: Repository.path("Tests/Fixtures/baselines/shipped/\(path)"), encoding: .utf8)
    }
}

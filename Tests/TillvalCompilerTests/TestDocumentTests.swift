import Foundation
import Testing
import TillvalCompiler
import TillvalPlan
import TillvalSyntax
import TillvalTestSupport

/// `kind: test` documents: checked into the checked model (and the
/// compilation's `tests`), never into the plan. A file holding only tests is
/// left out of the plan's digest and `sources`, here and in the staleness
/// check (`Compiler.sourceDigest`); a file that mixes tests with declarations
/// counts whole.
@Suite struct TestDocumentTests {
    static let test = """
        kind: test
        id: registered-customer
        request:
          office: {name: Byrå Syd AB}
          customer: {id: "1", name: Bageri Nord AB, email: anna@bagerinord.se, relation: registered, tasks: [Lön 2026]}
          product: lon-anstalld
        expect:
          scenario: registered
          unmet: connected-task
          effects: [activate-collaboration, {activate-service: {restricted-to: none}}]
          emails: [{template: approve-collaboration, body-contains: Mina tjänster}]
          awaits: {who: customer}
          then-contains: Activate

        """

    /// A copy of the baseline `minimal` in a temporary directory, with `extra` files laid over it.
    private func ruleSet(_ extra: [String: String]) throws -> URL {
        let directory = try CommandRunner.temporaryDirectory()
        let rules = directory.appendingPathComponent("rules")
        try FileManager.default.copyItem(atPath: Repository.path("Tests/Fixtures/baselines/minimal"), toPath: rules.path)
        for (path, text) in extra {
            let url = rules.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return rules
    }

    @Test func aFileOfTestsChangesNeitherTheDigestNorTheSources() throws {
        let tested = try ruleSet([:])
        defer { try? FileManager.default.removeItem(at: tested.deletingLastPathComponent()) }
        let without = Compiler().compile(directory: tested.path)
        let file = tested.appendingPathComponent("tests/registered.yaml")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.test.write(to: file, atomically: true, encoding: .utf8)
        let with = Compiler().compile(directory: tested.path)
        #expect(!with.hasErrors, "\(with.diagnostics)")
        let planWithout = try #require(without.plan), planWith = try #require(with.plan)
        #expect(planWith.digest == planWithout.digest)
        #expect(planWith.sources == planWithout.sources)
        #expect(PlanCoding.encode(planWith) == PlanCoding.encode(planWithout), "the plan is byte for byte the same")
        #expect(Compiler.sourceDigest(directory: tested.path) == planWith.digest, "the staleness check agrees")
        // The test is in the compilation, with what it expects.
        #expect(with.tests.map(\.id.value) == ["registered-customer"])
        #expect(without.tests.isEmpty)
        guard case .outcome(let outcome)? = with.tests.first?.expect else {
            Issue.record("the test expects an outcome")
            return
        }
        #expect(outcome.scenario?.name == "registered")
        #expect(outcome.unmet?.map(\.name) == ["connected-task"])
        #expect(outcome.effects?.map(\.kind) == [.activateCollaboration, .activateService])
        #expect(outcome.emails?.first?.bodyContains.map(\.text) == ["Mina tjänster"])
        #expect(outcome.awaits?.who?.value == .customer)
        #expect(outcome.thenContains?.map(\.text) == ["Activate"])
        #expect(Set(outcome.keys.keys) == [.scenario, .unmet, .effects, .emails, .awaits, .thenContains])
    }

    @Test func aFileMixingTestsWithDeclarationsCountsWhole() throws {
        let plain = try ruleSet([:])
        let mixed = try ruleSet(["ruleset.yaml": "kind: ruleset\nname: Minimal rule set\nformat: 1\n---\n" + Self.test])
        defer {
            try? FileManager.default.removeItem(at: plain.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: mixed.deletingLastPathComponent())
        }
        let plan = try #require(Compiler().compile(directory: mixed.path).plan)
        let planWithout = try #require(Compiler().compile(directory: plain.path).plan)
        #expect(plan.digest != planWithout.digest)
        #expect(plan.sources.map(\.path) == planWithout.sources.map(\.path))
        #expect(Compiler.sourceDigest(directory: mixed.path) == plan.digest)
    }

    @Test func theShippedRulesKeepTheirDigest() throws {
        // The golden plans pin the digest of Rules/; tests added to it (in files of their own) must not move it.
        let plan = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        #expect(Compiler.sourceDigest(directory: Repository.path("Rules")) == plan.digest)
        #expect(!plan.sources.contains { $0.path.hasPrefix("tests/") }, "no file of tests is a source of the plan")
    }

    @Test func aTestsDirectoryHoldsOnlyTests() throws {
        let rules = try ruleSet([:])
        defer { try? FileManager.default.removeItem(at: rules.deletingLastPathComponent()) }
        let tests = rules.deletingLastPathComponent().appendingPathComponent("tests")
        try FileManager.default.createDirectory(at: tests, withIntermediateDirectories: true)
        try (Self.test + "---\nkind: product\nid: extra\nname: Extra\n").write(to: tests.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        let compilation = Compiler().compile(directory: rules.path, tests: tests.path)
        #expect(compilation.diagnostics.map(\.code) == [.unknownKind])
        #expect(compilation.plan == nil)
        try Self.test.write(to: tests.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        let clean = Compiler().compile(directory: rules.path, tests: tests.path)
        #expect(!clean.hasErrors)
        #expect(clean.tests.count == 1)
        #expect(clean.plan?.digest == Compiler().compile(directory: rules.path).plan?.digest)
    }

    @Test func aTestsDirectoryInsideTheRulesIsReadOnce() throws {
        let rules = try ruleSet(["tests/registered.yaml": Self.test])
        defer { try? FileManager.default.removeItem(at: rules.deletingLastPathComponent()) }
        let compilation = Compiler().compile(directory: rules.path, tests: rules.appendingPathComponent("tests").path)
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics)")
        #expect(compilation.tests.count == 1)
        let dotted = Compiler().compile(directory: rules.path, tests: rules.path + "/./tests")
        #expect(dotted.tests.count == 1, "\(dotted.diagnostics)")
    }
}

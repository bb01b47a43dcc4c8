import Foundation
import Testing
import TillvalCompiler
import TillvalPlan
import TillvalRuleTests
import TillvalSyntax
import TillvalTestSupport

/// The runner's results as data: per test passed or its failures, each with
/// expected and actual rows and the place of the expectation.
@Suite struct RuleTestRunnerTests {
    static let fixture = "Tests/Fixtures/ruletests"

    private func runFixture(filter: String? = nil) throws -> RuleTestRun {
        let compilation = Compiler().compile(directory: Repository.path("\(Self.fixture)/rules"), tests: Repository.path("\(Self.fixture)/broken"))
        let plan = try #require(compilation.plan, "\(compilation.diagnostics)")
        return RuleTestRunner(plan: plan).run(compilation.tests, filter: filter)
    }

    @Test func passingTestsHaveNoFailuresAndKeepTheirPlans() throws {
        let run = try runFixture()
        #expect(run.results.count == 11)
        #expect(run.passed == 4)
        #expect(run.failed == 7)
        #expect(run.results.prefix(4).allSatisfy { $0.passed })
        // Every test whose request was planned hands its plan on (coverage is measured over them).
        #expect(run.plans.count == 8, "three of the eleven requests are refused")
        #expect(run.results.first?.plan?.scenario.id == "registered")
    }

    @Test func aFailureSaysWhatWasExpectedWhatCameAndWhere() throws {
        let run = try runFixture(filter: "broken-scenario")
        let result = try #require(run.results.first)
        #expect(result.id == "broken-scenario-and-unmet")
        #expect(result.location.line == 3)
        #expect(result.failures.map(\.aspect) == [.expectation(.scenario), .expectation(.unmet)])
        let scenario = try #require(result.failures.first)
        #expect(scenario.expected == ["registered"])
        #expect(scenario.actual == ["not-registered"])
        #expect(scenario.at.file.hasSuffix("broken/expectations.yaml"))
        #expect((scenario.at.line, scenario.at.column) == (9, 3))
    }

    @Test func effectsAreComparedInOrderWithTheArgumentsGiven() throws {
        let failure = try #require(try runFixture(filter: "broken-effects").results.first?.failures.first)
        #expect(failure.aspect == .expectation(.effects))
        #expect(failure.rows.map(\.matches) == [false, false, false, false])
        #expect(failure.actual.last == "send-email {template: approve-terms}")
        #expect(failure.expected.last == "(none)")
    }

    @Test func aRequestThatDoesNotBindFailsUnlessRejectedExpectsIt() throws {
        let run = try runFixture(filter: "refused")
        #expect(run.results.map(\.passed) == [true, false])
        let failure = try #require(run.results.last?.failures.first)
        #expect(failure.aspect == .request)
        #expect(failure.actual.first?.hasPrefix("refused: E1004") == true)
        let wrongCode = try #require(try self.runFixture(filter: "another-code").results.first?.failures.first)
        #expect(wrongCode.aspect == .expectation(.rejected))
        #expect(wrongCode.expected == ["refused with E1004"])
        #expect(wrongCode.actual.first?.hasPrefix("refused: E1002") == true)
    }
}

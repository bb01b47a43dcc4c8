import TillvalCompiler
import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// The namespace of the rule-test runner and of coverage (issue 9).
public enum RuleTests {}

/// Runs a rule set's tests against its compiled plan: each test's request is
/// bound and planned by the runtime (`RequestBinder`, `RequestPlanner`: a
/// dry run, nothing stored), and what came of it is compared with what the
/// test expects. Pure: the results are data, rendered by the command line.
public struct RuleTestRunner: Sendable {
    public var plan: Plan { runner.plan }
    private let runner: RequestRunner
    /// How a file's path is shown in the results (a test's place, an
    /// expectation's, a refusal's diagnostic's): as given unless the caller
    /// rewrites it (the JUnit format makes it relative to the current directory).
    private let path: @Sendable (String) -> String

    public init(plan: Plan, path: @escaping @Sendable (String) -> String = { $0 }) {
        runner = RequestRunner(plan: plan)
        self.path = path
    }

    /// Runs `tests` in order; with `filter`, only those whose id contains it.
    public func run(_ tests: [CheckedTest], filter: String? = nil) -> RuleTestRun {
        let chosen = tests.filter { test in filter.map { test.id.value.contains($0) } ?? true }
        return RuleTestRun(results: chosen.map(run))
    }

    /// Runs one test.
    public func run(_ test: CheckedTest) -> RuleTestResult {
        let document = RequestDocument(root: test.request, start: test.request.range.start)
        let (bound, planned) = runner.prepare(document)
        var location = test.id.range.start
        location.file = path(location.file)
        var result = RuleTestResult(id: test.id.value, location: location, failures: [], request: nil, plan: nil)
        if case .success(let requestPlan) = planned, let request = bound {
            result.request = request
            result.plan = requestPlan
        }
        switch (test.expect, planned) {
        case (.rejected(let code), .failure(let failure)):
            let codes = failure.diagnostics.map(\.code)
            if !codes.contains(code.value) {
                result.failures.append(RuleTestFailure(
                    aspect: .expectation(.rejected), at: code.range.start,
                    rows: [.init(expected: "refused with \(code.value.rawValue)", actual: refusal(failure), matches: false)]))
            }
        case (.rejected(let code), .success(let requestPlan)):
            result.failures.append(RuleTestFailure(
                aspect: .expectation(.rejected), at: code.range.start,
                rows: [.init(expected: "refused with \(code.value.rawValue)", actual: "planned: scenario \(requestPlan.scenario.id)", matches: false)]))
        case (.outcome, .failure(let failure)):
            result.failures.append(RuleTestFailure(
                aspect: .request, at: test.request.range.start,
                rows: [.init(expected: "the request is planned", actual: refusal(failure), matches: false)]
                    + failure.diagnostics.dropFirst().map { .init(expected: "", actual: describe($0), matches: false) }))
        case (.outcome(let outcome), .success(let requestPlan)):
            result.failures = OutcomeComparison(outcome: outcome, plan: requestPlan).failures
        }
        result.failures = result.failures.map { failure in
            var failure = failure
            failure.at.file = path(failure.at.file)
            return failure
        }
        return result
    }

    private func refusal(_ failure: RequestFailure) -> String {
        failure.diagnostics.first.map { "refused: " + describe($0) } ?? "refused"
    }

    private func describe(_ diagnostic: Diagnostic) -> String {
        let place = diagnostic.range.map { " (\(path($0.start.file)):\($0.start.line):\($0.start.column))" } ?? ""
        return "\(diagnostic.code.rawValue) \(diagnostic.message)\(place)"
    }
}

/// What running a set of tests gave, in the order the tests were run.
public struct RuleTestRun: Sendable, Equatable {
    public var results: [RuleTestResult]

    public var passed: Int { results.filter(\.passed).count }
    public var failed: Int { results.count - passed }

    /// The requests that were planned, one per test whose request was
    /// planned: what coverage is measured over.
    public var plans: [RequestPlan] { results.compactMap(\.plan) }
}

/// One test's result: passed when it has no failure.
public struct RuleTestResult: Sendable, Equatable {
    public var id: String
    /// Where the test's `id` is written.
    public var location: SourceLocation
    public var failures: [RuleTestFailure]
    /// The bound request and its plan, when the request was planned (what coverage reads).
    public var request: Request?
    public var plan: RequestPlan?

    public var passed: Bool { failures.isEmpty }
}

/// One expectation that was not met: what was expected and what came, row
/// by row (a row per effect, per email field, …), and where the expectation
/// is written.
public struct RuleTestFailure: Sendable, Equatable {
    /// What the failure is about.
    public enum Aspect: Sendable, Equatable {
        /// The request was refused (it did not bind or could not be planned) where a plan was expected.
        case request
        case expectation(ExpectationKey)

        /// The word shown for it: `request`, or the key of `expect`.
        public var word: String {
            switch self {
            case .request: return "request"
            case .expectation(let key): return key.rawValue
            }
        }
    }

    /// One line of the comparison; `matches` is false where they differ.
    public struct Row: Sendable, Equatable {
        public var expected: String
        public var actual: String
        public var matches: Bool

        public init(expected: String, actual: String, matches: Bool) {
            self.expected = expected
            self.actual = actual
            self.matches = matches
        }
    }

    public var aspect: Aspect
    /// Where the expectation (or the request) is written.
    public var at: SourceLocation
    public var rows: [Row]

    /// Every expected row, in order.
    public var expected: [String] { rows.map(\.expected) }
    /// Every actual row, in order.
    public var actual: [String] { rows.map(\.actual) }
}

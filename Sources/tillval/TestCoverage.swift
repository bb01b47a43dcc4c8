import TillvalPlan
import TillvalRuleTests

/// Coverage of a rule-test run, as `tillval test` shows it and
/// `--min-coverage` judges it: the lines of the report (the percentage, then
/// what no test reached) and whether it meets a minimum.
///
/// Coverage is measured by `RuleCoverage` (TillvalRuleTests, Coverage.swift)
/// from the plan and each test's bound request and plan
/// (`RuleTestResult.request`, `.plan`); a test whose request was refused
/// reaches nothing. See docs/rule-coverage.md.
struct TestCoverage {
    var lines: [String]
    var meets: (Double) -> Bool

    static func measure(plan: Plan, run: RuleTestRun) -> TestCoverage {
        let runs = run.results.map { result -> RuleCoverage.Run in
            guard let request = result.request, let planned = result.plan else { return .rejected }
            return .planned(request, planned)
        }
        let report = RuleCoverage(plan: plan).report(runs)
        return TestCoverage(lines: report.lines, meets: report.meets(minimum:))
    }
}

import TillvalPlan
import TillvalRuleTests

/// Coverage of a rule-test run, as `tillval test` shows it and
/// `--min-coverage` judges it: the lines of the report (the percentage, then
/// what no test reached) and whether it meets a minimum.
///
/// Coverage itself is measured by `RuleCoverage` (TillvalRuleTests,
/// Coverage.swift), from the plan and each test's bound request and plan
/// (`RuleTestResult.request`, `.plan`). Until that lands here, `measure`
/// returns nil: the run prints no coverage, and `--min-coverage` is refused
/// as misuse rather than passed unchecked.
struct TestCoverage {
    var lines: [String]
    var meets: (Double) -> Bool

    static func measure(plan: Plan, run: RuleTestRun) -> TestCoverage? {
        nil
    }
}

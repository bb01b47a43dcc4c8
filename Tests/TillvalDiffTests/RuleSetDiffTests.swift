import Testing
import TillvalCompiler
import TillvalDiff
import TillvalTestSupport

@Suite struct RuleSetDiffTests {
    /// A rule set compared with itself changes nothing.
    @Test func theShippedRulesAgainstThemselvesChangeNothing() throws {
        let plan = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        let diff = RuleSetDiff(base: plan, head: plan)
        #expect(diff.isEmpty && !diff.isBreaking)
    }
}

@Suite struct DiffReportHeadingTests {
    /// A side is shown as typed; a backtick in a branch name cannot close its code span.
    @Test func aSideNameWithABacktickStaysOneCodeSpan() throws {
        let plan = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        let report = DiffReport(RuleSetDiff(base: plan, head: plan), base: "origin/we`ird:Rules", head: "Rules")
        #expect(report.markdown.hasPrefix("### Rule changes: ``origin/we`ird:Rules`` → `Rules`\n"))
    }
}

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

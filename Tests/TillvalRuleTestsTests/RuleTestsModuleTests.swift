import Testing
@testable import TillvalRuleTests

@Suite struct RuleTestsModuleTests {
    @Test func theModuleBuilds() {
        #expect(String(describing: RuleTests.self) == "RuleTests")
    }
}

// This target holds the tests of more than one module (the fuzz harness's,
// the vocabulary's) and is the place a test file may be dropped into when it
// has no module target yet: the shared support (Repository, CommandRunner,
// CompileFixtures, StoreSandbox, ExamplePlans, ExampleScenario) is visible in
// every file here without an import.
@_exported import TillvalTestSupport
import TillvalPlan
import TillvalRuntime

/// The store suite's helpers under the names files written before the test
/// targets were split use (`StoreTests.Scratch()`, `StoreTests.requestPlan`,
/// `StoreTests.error`); the suite itself is in TillvalStoreTests.
enum StoreTests {
    typealias Scratch = StoreSandbox
    static let applyTime = StoreSandbox.applyTime
    static var plan: Plan? { ExamplePlans.plan }
    static func requestPlan(_ example: String) throws -> RequestPlan { try ExamplePlans.requestPlan(example) }
    static func requestPlan(yaml text: String, in scratch: StoreSandbox) throws -> RequestPlan {
        try ExamplePlans.requestPlan(yaml: text, in: scratch)
    }
    static func error(_ body: () throws -> Void) -> Error? { ExamplePlans.error(body) }
}

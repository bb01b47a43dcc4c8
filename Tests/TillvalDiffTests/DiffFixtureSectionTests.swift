import Foundation
import Testing
import TillvalCompiler
import TillvalDiff
import TillvalTestSupport

/// The diff fixtures (Tests/Fixtures/diff) compared in process, without
/// goldens: each edit shows in the sections it is about, and not in those it
/// cannot touch ("each showing exactly the change and nothing else"). The
/// sections left out of both lists are free (a rule editor may reasonably
/// see the edit there or not); the goldens pin them.
@Suite struct DiffFixtureSectionTests {
    enum Section: String, CaseIterable, Sendable {
        case routing, requests, scenarios, declarations

        func of(_ diff: RuleSetDiff) -> any DiffSection {
            switch self {
            case .routing: diff.routing
            case .requests: diff.requests
            case .scenarios: diff.scenarios
            case .declarations: diff.declarations
            }
        }
    }

    struct Expectation: Sendable {
        var changes: Set<Section>
        var unchanged: Set<Section>
        var breaking = false
    }

    static let expectations: [String: Expectation] = [
        "email-wording": Expectation(changes: [.scenarios], unchanged: [.routing, .requests]),
        "new-required-fact": Expectation(changes: [.requests], unchanged: [.routing, .scenarios], breaking: true),
        "new-scenario": Expectation(changes: [.routing, .declarations], unchanged: [.requests]),
        "no-change": Expectation(changes: [], unchanged: Set(Section.allCases)),
        "removed-product": Expectation(changes: [.requests, .declarations], unchanged: [.scenarios], breaking: true),
        "renamed-procedure": Expectation(changes: [.declarations], unchanged: [.routing, .requests, .scenarios]),
        "step-reordered": Expectation(changes: [.scenarios], unchanged: [.routing, .requests, .declarations]),
        "when-value-moved": Expectation(changes: [.routing], unchanged: [.requests, .declarations]),
    ]

    @Test func everyFixtureHasItsExpectation() {
        #expect(DiffFixtures.names == Self.expectations.keys.sorted())
    }

    @Test(arguments: DiffFixtures.names)
    func theEditShowsWhereItBelongsAndNowhereElse(_ name: String) throws {
        let expectation = try #require(Self.expectations[name])
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try DiffFixtures.compose(name, into: directory.appendingPathComponent(name))
        let base = try #require(Compiler().compile(directory: directory.appendingPathComponent("\(name)/base").path).plan)
        let head = try #require(Compiler().compile(directory: directory.appendingPathComponent("\(name)/head").path).plan)
        let diff = RuleSetDiff(base: base, head: head)
        for section in expectation.changes {
            #expect(!section.of(diff).isEmpty, "\(name): \(section) shows nothing")
        }
        for section in expectation.unchanged {
            let lines = section.of(diff).textLines
            #expect(section.of(diff).isEmpty, "\(name): \(section) shows \(lines)")
        }
        #expect(diff.isEmpty == expectation.changes.isEmpty, "\(name)")
        #expect(diff.isBreaking == expectation.breaking, "\(name)")
        #expect(diff.requests.isBreaking == expectation.breaking, "\(name): only a request schema change breaks")
        #expect(diff.customers == nil)
    }
}

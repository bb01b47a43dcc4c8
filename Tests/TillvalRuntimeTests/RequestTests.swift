import Foundation
import Testing
import TillvalCompiler
import TillvalPlan
import TillvalReports
import TillvalRuntime
import TillvalSyntax
import TillvalTestSupport

/// Requests checked against the shipped plan: every kind of bad request has
/// a fixture with its golden diagnostics, and good ones plan as the help
/// page says.
@Suite struct RequestTests {
    static let plan: Plan? = Compiler().compile(directory: Repository.path("Rules")).plan
    static let fixtures = ((try? FileManager.default.contentsOfDirectory(atPath: Repository.path("Tests/Fixtures/requests"))) ?? [])
        .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".jsonl") }.sorted()

    /// Diagnostics of every request in a file, one line each, file paths relative to the fixture directory.
    static func diagnose(_ path: String, plan: Plan) -> [Diagnostic] {
        let input = RequestReader.read(path: path)
        var diagnostics = input.diagnostics
        for document in input.documents {
            switch RequestBinder(plan: plan).bind(document) {
            case .failure(let failure): diagnostics += failure.diagnostics
            case .success(let request):
                if case .failure(let failure) = RequestPlanner(plan: plan).plan(request) { diagnostics += failure.diagnostics }
            }
        }
        return diagnostics
    }

    @Test(arguments: fixtures)
    func badRequestProducesItsGoldenDiagnostics(_ name: String) throws {
        let plan = try #require(Self.plan)
        let directory = Repository.path("Tests/Fixtures/requests")
        let golden = DiagnosticGolden.lines(Self.diagnose(directory + "/" + name, plan: plan), relativeTo: directory)
        #expect(!golden.isEmpty, "a request fixture must produce a diagnostic")
        let stem = name.split(separator: ".").dropLast().joined(separator: ".")
        let mismatch = Repository.compareGolden(golden, "Tests/Fixtures/requests/\(stem).diagnostics")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test func everyRequestCodeHasAFixture() throws {
        let plan = try #require(Self.plan)
        let directory = Repository.path("Tests/Fixtures/requests")
        let covered = Set(Self.fixtures.flatMap { Self.diagnose(directory + "/" + $0, plan: plan).map(\.code) })
        // E1011 needs a hand-edited plan; E1010 is a second line of defence:
        // a line break in a request value is refused first, by E1013. The size
        // limits (E1014, E1015) are tested with small limits in HostileInputTests.
        let unreachable: Set<DiagnosticCode> = [.noScenarioMatches, .lineBreakInSubject, .requestTooLarge, .requestInputTooLarge]
        let missing = DiagnosticCode.allCases.filter { $0.rawValue.hasPrefix("E10") && !unreachable.contains($0) && !covered.contains($0) }
        #expect(missing.isEmpty, "request codes without a fixture: \(missing.map(\.rawValue))")
    }

    @Test func aHandEditedPlanWithoutAMatchingScenarioIsReported() throws {
        var plan = try #require(Self.plan)
        plan.collaborations[0].scenarios.removeAll { $0.id == "registered" }
        let input = RequestReader.read(path: Repository.path("Examples/registered-min-lon.yaml"))
        let request = try RequestBinder(plan: plan).bind(try #require(input.documents.first)).get()
        guard case .failure(let failure) = RequestPlanner(plan: plan).plan(request) else {
            Issue.record("planning must fail")
            return
        }
        #expect(failure.diagnostics.map(\.code) == [.noScenarioMatches])
    }

    @Test(arguments: ExampleScenario.all)
    func eachScenarioAndProductPlansAsTheHelpPageSays(_ expected: ExampleScenario) throws {
        let plan = try #require(Self.plan)
        let input = RequestReader.read(path: Repository.path("Examples/\(expected.example)"))
        let request = try RequestBinder(plan: plan).bind(try #require(input.documents.first)).get()
        let requestPlan = try RequestPlanner(plan: plan).plan(request).get()
        #expect(requestPlan.customerID == expected.customer)
        #expect(requestPlan.scenario.id == expected.scenario)
        #expect(requestPlan.product.id == expected.product)
        #expect(requestPlan.restrictedTo?.id == expected.restrictedTo)
        #expect(requestPlan.service.id == expected.service)
        #expect(requestPlan.effects.map(\.name) == expected.effects)
        #expect(requestPlan.isRunnable)
        #expect(requestPlan.serviceDescription
                == (expected.restrictedTo == nil ? "Visma Lön Anställd" : "Visma Lön Anställd, restricted to Visma Min Lön"))
        let emails = requestPlan.effects.compactMap { effect -> RenderedEmail? in
            if case .sendEmail(let email) = effect.action { return email } else { return nil }
        }
        #expect(emails.map(\.template) == [expected.template])
        #expect(emails.map(\.to) == [expected.recipient])
        #expect(emails.allSatisfy { !$0.subject.contains("{{") && !$0.body.contains("{{") })
        #expect(requestPlan.steps.allSatisfy { !$0.text.contains("{{") })
    }

    @Test func noTaskFailsThePreconditionButStillPlansEverything() throws {
        let plan = try #require(Self.plan)
        let input = RequestReader.read(path: Repository.path("Examples/no-task.yaml"))
        let request = try RequestBinder(plan: plan).bind(try #require(input.documents.first)).get()
        let requestPlan = try RequestPlanner(plan: plan).plan(request).get()
        #expect(!requestPlan.isRunnable)
        #expect(requestPlan.preconditions.first { !$0.holds }?.id == "connected-task")
        #expect(requestPlan.task == nil)
        #expect(requestPlan.steps.contains { $0.text.contains("(no task)") })
        // Planned all the same (the registered customer's scenario), only not run.
        #expect(requestPlan.scenario.id == "registered")
        #expect(requestPlan.effects.map(\.name) == ["activate-collaboration", "activate-service", "send-email"])
    }

    /// Two requests without the `---` between them: one diagnostic where the
    /// second starts, with the help to insert `---`, not a duplicate key each.
    @Test func twoRequestsWithoutASeparatorGiveOneDiagnostic() throws {
        let input = RequestReader.read(path: Repository.path("Tests/Fixtures/requests/missing-document-separator.yaml"))
        // The first request stands; the second, where the `---` is missing, is reported, not run.
        #expect(input.documents.count == 1)
        #expect(input.diagnostics.map(\.code) == [.duplicateKey])
        let diagnostic = try #require(input.diagnostics.first)
        #expect(diagnostic.message == "'office' repeats at the top level: a new document probably starts here, and needs a '---' line above it")
        #expect(diagnostic.range?.start.line == 16)
        #expect(diagnostic.suggestion?.message == "insert a line '---' above this one")
    }
}

import Foundation
import Testing
import TillvalCompiler
import TillvalPlan
import TillvalTestSupport

/// The real rule set in Rules/ is the product: it must compile with no
/// diagnostic at all, into the same bytes every time.
@Suite struct ShippedRulesTests {
    @Test func rulesCompileWithoutAnyDiagnostic() throws {
        let compilation = Compiler().compile(directory: Repository.path("Rules"))
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics.map { "\($0.code.rawValue) \($0.message)" })")
        let plan = try #require(compilation.plan)
        // A digest: "sha256:" and 64 lower-case hex digits.
        let hex = plan.digest.dropFirst("sha256:".count)
        #expect(plan.digest.hasPrefix("sha256:") && hex.count == 64 && hex.allSatisfy { "0123456789abcdef".contains($0) }, "\(plan.digest)")
    }

    @Test func planIsDeterministic() throws {
        let first = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        let second = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        #expect(PlanCoding.encode(first) == PlanCoding.encode(second))
    }

    @Test func planRoundTripsThroughJSON() throws {
        let plan = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        let data = PlanCoding.encode(plan)
        let decoded = try PlanCoding.decode(data).get()
        #expect(decoded == plan)
        #expect(PlanCoding.encode(decoded) == data)
    }

    @Test func planSaysWhatTheHelpPageSays() throws {
        let plan = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        let collaboration = try #require(plan.collaborations.first)
        #expect(collaboration.title == "Digitala tillval till Visma Lön 300/600")
        #expect(collaboration.offer("min-lon") == PlanService(product: "min-lon", service: "lon-anstalld", restrictedTo: "min-lon"))
        #expect(collaboration.offer("lon-anstalld") == PlanService(product: "lon-anstalld", service: "lon-anstalld", restrictedTo: nil))
        #expect(collaboration.scenarios.count == 3)
        let effects = collaboration.scenarios.map { $0.effects.map(\.action.name) }
        #expect(effects.contains(["activate-collaboration", "send-email"]))
        #expect(effects.contains(["activate-collaboration", "activate-service", "send-email"]))
        #expect(effects.contains(["activate-collaboration", "activate-service", "create-administrator", "send-email"]))
        for scenario in collaboration.scenarios {
            #expect(scenario.preconditions.map(\.id).contains("connected-task"), "every scenario requires a connected task")
            #expect(scenario.steps.contains { $0.text.source.contains("Task") }, "the accountant picks a task")
        }
    }
}

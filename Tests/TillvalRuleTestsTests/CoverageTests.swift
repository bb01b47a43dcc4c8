import Foundation
import Testing
import TillvalCompiler
import TillvalPlan
import TillvalRuleTests
import TillvalRuntime
import TillvalSyntax
import TillvalTestSupport

/// Issue 9, "Coverage": what a rule set's tests reached, measured over plans
/// the real compiler makes (the frozen baselines, a compile fixture, Rules/)
/// and requests the real binder and planner take.
@Suite struct CoverageTests {
    // MARK: Set-up through the real pipeline

    struct SetUpFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The rule files under `directory` (relative to the repository, or read
    /// from `root` when given), named by their path relative to the
    /// repository so that positions read the same on any machine.
    static func sources(_ directory: String, root: String? = nil, including: (String) -> Bool = { _ in true }) throws -> [SourceFile] {
        let base = root ?? Repository.path(directory)
        let files = CompileFixtures.files(under: base).filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && including($0) }
        guard !files.isEmpty else { throw SetUpFailure(description: "no rule files under \(base)") }
        return try files.map { file in
            SourceFile(path: "\(directory)/\(file)", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: "\(base)/\(file)"))))
        }
    }

    /// The plan the compiler makes of `files`; fails on any error.
    static func plan(_ files: [SourceFile]) throws -> Plan {
        let compilation = Compiler().compile(files: files)
        guard let plan = compilation.plan else {
            throw SetUpFailure(description: "the rules do not compile: \(compilation.diagnostics.map(\.message))")
        }
        return plan
    }

    static func minimal() throws -> Plan { try plan(sources("Tests/Fixtures/baselines/minimal")) }

    /// What comes of one request, read from YAML, bound and planned.
    static func run(_ yaml: String, _ plan: Plan) -> RuleCoverage.Run {
        let input = RequestReader.read(SourceFile(path: "request.yaml", text: yaml), layout: .yaml)
        guard input.diagnostics.isEmpty, let document = input.documents.first else { return .rejected }
        return run(document, plan)
    }

    static func run(_ document: RequestDocument, _ plan: Plan) -> RuleCoverage.Run {
        guard case .success(let request) = RequestBinder(plan: plan).bind(document),
              case .success(let planned) = RequestPlanner(plan: plan).plan(request) else { return .rejected }
        return .planned(request, planned)
    }

    /// A request to the minimal baseline.
    static func request(relation: String, product: String, tasks: String = "[Löner 2026]") -> String {
        """
        office: {name: Byrå Syd AB}
        customer: {id: "1", name: Bageri Nord AB, email: anna@bagerinord.se, relation: \(relation), tasks: \(tasks)}
        product: \(product)
        """
    }

    static func scenario(_ run: RuleCoverage.Run) -> String? {
        if case .planned(_, let plan) = run { return plan.scenario.id }
        return nil
    }

    // MARK: The report

    /// The whole text of a report over the minimal baseline after one
    /// request: every unreached item with its position, and for the scenario
    /// no test picked, a request that picks it (the product and relation no
    /// test gave).
    @Test func theTextNamesEveryUnreachedItemWhereItIsWritten() throws {
        let plan = try Self.minimal()
        let report = RuleCoverage(plan: plan).report([Self.run(Self.request(relation: "registered", product: "lon-anstalld"), plan)])
        let directory = "Tests/Fixtures/baselines/minimal"
        #expect(report.lines == [
            "coverage: 41.6 % (5 of 12)",
            "\(directory)/scenarios.yaml:21:5: not reached: scenario not-registered; a request with product: min-lon, customer.relation: not-registered picks it",
            "\(directory)/scenarios.yaml:25:3: not reached: when customer.relation: not-registered",
            "\(directory)/collaboration.yaml:2:5: not reached: product min-lon",
            "\(directory)/precondition.yaml:2:5: not reached: precondition connected-task unmet",
            "\(directory)/emails.yaml:8:5: not reached: email approve-terms",
            "\(directory)/scenarios.yaml:21:5: not reached: outcome of scenario not-registered",
            "\(directory)/scenarios.yaml:21:5: not reached: then 1 of scenario not-registered",
        ])
        #expect(report.items.map(\.subject.kind) == [
            .scenario, .scenario, .when, .when, .product, .product, .preconditionMet, .preconditionUnmet, .email, .email, .outcome, .then,
        ])
    }

    /// With no test, nothing is reached; a request that does not bind
    /// reaches nothing either.
    @Test func aRejectedRequestReachesNothing() throws {
        let plan = try Self.minimal()
        let rejected = Self.run(Self.request(relation: "former-customer", product: "lon-anstalld"), plan)
        #expect(Self.scenario(rejected) == nil)
        for runs in [[], [rejected]] {
            let report = RuleCoverage(plan: plan).report(runs)
            #expect(report.reachedCount == 0 && report.total == 12)
            #expect(report.lines.first == "coverage: 0.0 % (0 of 12)")
            #expect(!report.meets(minimum: 1) && report.meets(minimum: 0))
        }
    }

    /// A failed precondition counts as unmet, not met; the scenario was
    /// picked, but its emails and follow-ups count only from a test whose
    /// preconditions all hold: only then would `apply` send or show them.
    @Test func preconditionsCountMetAndUnmetAndAFailedOneRunsNothing() throws {
        let plan = try Self.minimal()
        let noTask = Self.run(Self.request(relation: "not-registered", product: "min-lon", tasks: "[]"), plan)
        #expect(Self.scenario(noTask) == "not-registered")
        let report = RuleCoverage(plan: plan).report([noTask])
        let reached = report.items.filter(\.reached).map(\.subject.description)
        #expect(reached == ["scenario not-registered", "when customer.relation: not-registered", "product min-lon",
                            "precondition connected-task unmet"])

        let withTask = Self.run(Self.request(relation: "not-registered", product: "min-lon"), plan)
        let both = RuleCoverage(plan: plan).report([noTask, withTask])
        #expect(both.items.filter(\.reached).map(\.subject.description) == [
            "scenario not-registered", "when customer.relation: not-registered", "product min-lon",
            "precondition connected-task met", "precondition connected-task unmet", "email approve-terms",
            "outcome of scenario not-registered", "then 1 of scenario not-registered",
        ])
    }

    /// Every fact type's domain, as the compiler's coverage proof counts it:
    /// one-of values, true/false, empty/non-empty, present/absent (an optional
    /// fact); `product` counts once, as the collaboration's products.
    @Test func whenValuesCoverEveryTypeOfFact() throws {
        let name = "valid-coverage-dimensions"
        let plan = try Self.plan(Self.sources("\(CompileFixtures.directory)/\(name)/rules", root: CompileFixtures.rules(name)))
        let request = """
            office: {name: Byrå Syd AB}
            customer: {id: "1", name: Bageri Nord AB, email: anna@bagerinord.se, relation: not-registered, tasks: [Löner 2026], payroll-600: true}
            product: lon-anstalld
            """
        let run = Self.run(request, plan)
        #expect(Self.scenario(run) == "not-registered-otherwise")
        let report = RuleCoverage(plan: plan).report([run])
        let when = report.items.filter { $0.subject.kind == .when }
        #expect(when.map(\.subject.description) == [
            "when customer.relation: registered", "when customer.relation: not-registered",
            "when customer.contact: present", "when customer.contact: absent",
            "when customer.payroll-600: true", "when customer.payroll-600: false",
            "when customer.tasks: empty", "when customer.tasks: non-empty",
        ])
        #expect(when.filter(\.reached).map(\.subject.description) == [
            "when customer.relation: not-registered", "when customer.contact: absent",
            "when customer.payroll-600: true", "when customer.tasks: non-empty",
        ])
        #expect(report.items.filter { $0.subject.kind == .product }.map(\.reached) == [true, false])
    }

    /// For each scenario no test reached, the combination the report names
    /// is a real request's: built from it and planned, it picks that
    /// scenario. Then, with those requests as tests, every scenario is reached.
    @Test func theCombinationOfAnUnreachedScenarioPicksIt() throws {
        let name = "valid-coverage-dimensions"
        let plan = try Self.plan(Self.sources("\(CompileFixtures.directory)/\(name)/rules", root: CompileFixtures.rules(name)))
        let report = RuleCoverage(plan: plan).report([])
        let unreached = report.items.filter { $0.subject.kind == .scenario }
        #expect(unreached.count == 6)
        var runs: [RuleCoverage.Run] = []
        for item in unreached {
            let picking = try #require(item.picking, "\(item.subject)")
            // The facts the combination leaves open take any valid value; `contact` is optional.
            var customer: [String: String] = ["id": "\"1\"", "name": "Bageri Nord AB", "email": "anna@bagerinord.se",
                                              "relation": "registered", "tasks": "[Löner 2026]", "payroll-600": "false"]
            var product = "min-lon"
            for setting in picking {
                switch (setting.fact, setting.value) {
                case (.product, .value(let id)): product = id
                case (.customer(let fact), .value(let value)): customer[fact] = value
                case (.customer(let fact), .bool(let value)): customer[fact] = "\(value)"
                case (.customer(let fact), .emptiness(let kind)): customer[fact] = kind == .empty ? "[]" : "[Löner 2026]"
                case (.customer(let fact), .presence(let kind)): customer[fact] = kind == .absent ? nil : "kontakt@bagerinord.se"
                default: Issue.record("unexpected setting \(setting)")
                }
            }
            let facts = customer.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            let run = Self.run("office: {name: Byrå Syd AB}\ncustomer: {\(facts)}\nproduct: \(product)\n", plan)
            guard case .scenario(_, let scenario) = item.subject else { continue }
            #expect(Self.scenario(run) == scenario, "\(picking)")
            runs.append(run)
        }
        let after = RuleCoverage(plan: plan).report(runs)
        #expect(after.unreached.filter { [.scenario, .when].contains($0.subject.kind) }.isEmpty)
    }

    /// Scenarios, `when` values, products and follow-ups are counted per
    /// collaboration: a product reached in one is not reached in another
    /// that offers it too, and with two collaborations each line names its own.
    @Test func itemsAreCountedPerCollaboration() throws {
        let second = SourceFile(path: "Tests/second.yaml", text: """
            kind: collaboration
            id: second
            title: A second offer
            products: [lon-anstalld]
            ---
            kind: scenario
            id: anyone
            title: Anyone
            collaboration: second
            when: {}
            effects: [activate-collaboration]
            """)
        let plan = try Self.plan(Self.sources("Tests/Fixtures/baselines/minimal") + [second])
        let request = Self.request(relation: "registered", product: "lon-anstalld") + "\ncollaboration: digitala-tillval\n"
        let report = RuleCoverage(plan: plan).report([Self.run(request, plan)])
        let products = report.items.filter { $0.subject.kind == .product }
        #expect(products.map(\.subject) == [.product(collaboration: "digitala-tillval", product: "lon-anstalld"),
                                           .product(collaboration: "digitala-tillval", product: "min-lon"),
                                           .product(collaboration: "second", product: "lon-anstalld")])
        #expect(products.map(\.reached) == [true, false, false])
        #expect(report.lines.filter { $0.hasPrefix("Tests/second.yaml") } == [
            "Tests/second.yaml:7:5: not reached: scenario anyone (collaboration second); a request with product: lon-anstalld picks it",
            "Tests/second.yaml:2:5: not reached: product lon-anstalld (collaboration second)",
        ])
    }

    /// The words of the kinds of items, as a JSON report would spell them.
    @Test func theKindsOfItemsAreVocabulary() {
        #expect(CoverageKind.allCases.map(\.rawValue) == [
            "scenario", "when", "product", "precondition-met", "precondition-unmet", "email", "outcome", "then",
        ])
    }

    /// The percentage is rounded down, so it says 100.0 only when every item
    /// was reached, and `--min-coverage` compares the exact fraction.
    @Test func thePercentageIsRoundedDownAndComparedExactly() {
        let origin = SourceLocation(file: "r.yaml", line: 1, column: 1)
        func report(_ reached: Int, of total: Int) -> CoverageReport {
            CoverageReport(items: (0..<total).map {
                CoverageItem(subject: .email(template: "t\($0)"), origin: origin, reached: $0 < reached)
            }, collaborations: 1)
        }
        #expect(report(73, of: 75).lines.first == "coverage: 97.3 % (73 of 75)")
        #expect(report(73, of: 75).meets(minimum: 97.3) && !report(73, of: 75).meets(minimum: 97.4))
        #expect(report(1999, of: 2000).percentText == "99.9")
        #expect(!report(1999, of: 2000).meets(minimum: 100))
        #expect(report(3, of: 3).lines == ["coverage: 100.0 % (3 of 3)"] && report(3, of: 3).meets(minimum: 100))
        #expect(report(0, of: 0).percentText == "100.0")
    }

    /// The shipped rules' own tests (Rules/tests, `kind: test`) reach every
    /// item of Rules/: each test's request, bound and planned by the
    /// runtime, and the coverage measured over all of them is 100 %.
    @Test func theShippedTestsCoverAllOfTheShippedRules() throws {
        let plan = try Self.plan(Self.sources("Rules") { !$0.hasPrefix("tests/") })
        let tests = try Self.sources("Rules") { $0.hasPrefix("tests/") }
        var runs: [RuleCoverage.Run] = []
        var rejectedExpected = 0
        for file in tests {
            let (documents, diagnostics) = YAMLLoader().load(file)
            #expect(diagnostics.isEmpty, "\(file.path): \(diagnostics.map(\.message))")
            for root in documents.compactMap(\.root) {
                let pairs = try #require(root.pairs)
                #expect(pairs.first { $0.key == "kind" }?.value.scalar?.text == "test")
                let request = try #require(pairs.first { $0.key == "request" }?.value)
                let expect = try #require(pairs.first { $0.key == "expect" }?.value.pairs)
                let run = Self.run(RequestDocument(root: request, start: request.start), plan)
                if expect.contains(where: { $0.key == "rejected" }) {
                    rejectedExpected += 1
                    #expect(Self.scenario(run) == nil, "\(request.start)")
                } else {
                    #expect(Self.scenario(run) == expect.first { $0.key == "scenario" }?.value.scalar?.text, "\(request.start)")
                }
                runs.append(run)
            }
        }
        #expect(runs.count > rejectedExpected && rejectedExpected > 0)
        let report = RuleCoverage(plan: plan).report(runs)
        #expect(report.lines == ["coverage: 100.0 % (\(report.total) of \(report.total))"], "\(report.lines.joined(separator: "\n"))")
        #expect(Set(report.items.map(\.subject.kind)) == Set(CoverageKind.allCases))
    }
}

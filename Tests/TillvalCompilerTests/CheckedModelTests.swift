import Foundation
import Testing
@testable import TillvalCompiler
import TillvalPlan
import TillvalSyntax
import TillvalTestSupport

/// The checked model: what the checks build while they run, and the only
/// input of the lowering. It exists only for a rule set without errors,
/// keeps where each reference is written and where its target is declared,
/// and lowers to the very plan bytes the compiler has always written.
@Suite struct CheckedModelTests {
    /// Load → decode → index → check, as the compiler runs them, returning
    /// the checked model instead of a plan.
    private func check(_ files: [SourceFile]) -> (model: CheckedRuleSet?, diagnostics: [Diagnostic]) {
        var sink = DiagnosticSink()
        var decoder = DeclarationDecoder()
        for file in files {
            let (documents, diagnostics) = CompileLimits().loader.load(file)
            sink.append(contentsOf: diagnostics)
            for document in documents { decoder.decode(document, sink: &sink) }
        }
        let symbols = SymbolTable(decoder.declarations, missing: decoder.missing, expectFacts: true, sink: &sink)
        let model = SemanticChecker.check(symbols: symbols, complete: decoder.missing.isEmpty, sink: &sink)
        return (model, sink.diagnostics)
    }

    /// The YAML files of a directory of the repository, named as
    /// `tillval compile <directory>` run in the repository names them.
    private func ruleFiles(_ directory: String) throws -> [SourceFile] {
        let root = Repository.path(directory)
        let paths = try FileManager.default.subpathsOfDirectory(atPath: root)
            .filter { $0.hasSuffix(".yaml") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return try paths.map { path in
            let data = try #require(FileManager.default.contents(atPath: root + "/" + path))
            return SourceFile(path: directory + "/" + path, bytes: Array(data))
        }
    }

    private static let rules = """
        kind: facts
        customer:
          email: email
          relation:
            one-of: [old, new]
        ---
        kind: product
        id: p
        name: P
        ---
        kind: collaboration
        id: c
        title: C
        products: [p]
        requires: [ready]
        ---
        kind: precondition
        id: ready
        summary: Ready
        check: {customer.relation: [old, new]}
        unmet: Not ready for {{customer.email}}
        ---
        kind: email
        id: hello
        to: administrator
        subject: Hello
        body: Log in at {{portal}}
        ---
        kind: procedure
        id: open
        steps:
          - Open it.
        ---
        kind: scenario
        id: s
        title: S
        collaboration: c
        when: {product: p}
        steps:
          - use: open
        effects:
          - activate-collaboration
          - activate-service: {product: p}
          - create-administrator: {portal: example.se, email: customer.email}
          - send-email: {template: hello}
        awaits: {who: administrator, approves: terms, where: '{{portal}}'}
        """

    /// Line and column of a range's start.
    private func at(_ range: SourceRange) -> [Int] { [range.start.line, range.start.column] }

    @Test func everyReferenceKeepsWhereItIsWrittenAndWhereItsTargetIsDeclared() throws {
        let (model, diagnostics) = check([SourceFile(path: "r.yaml", text: Self.rules)])
        #expect(diagnostics.filter(\.isError).isEmpty, "\(diagnostics.map(\.message))")
        let rules = try #require(model)
        let collaboration = try #require(rules.collaborations.first)
        // `products: [p]` on line 14 names the product declared on line 8.
        let offer = try #require(collaboration.offers.first)
        #expect(at(offer.reference.range) == [14, 12] && at(offer.reference.target) == [8, 5])
        let scenario = try #require(collaboration.scenarios.first)
        #expect(at(scenario.collaboration.range) == [37, 16] && at(scenario.collaboration.target) == [12, 5])
        // `when: {product: p}` on line 38: the test's key, and the product it names with its declaration.
        let test = try #require(scenario.when.first)
        #expect(test.fact == .product && at(test.range) == [38, 8])
        #expect(test.products.map { [at($0.range), at($0.target)] } == [[[38, 17], [8, 5]]])
        // The collaboration's `requires: [ready]` (line 15), target on line 18.
        let required = try #require(scenario.preconditions.first)
        #expect(at(required.reference.range) == [15, 12] && at(required.reference.target) == [18, 5])
        // The procedure's step text comes with the `use: open` that brought it (line 40), target line 30.
        let step = try #require(scenario.steps.first)
        let use = try #require(step.procedure)
        #expect(at(use.range) == [40, 10] && at(use.target) == [30, 5])
        #expect(at(step.text.text.range) == [32, 5])
        guard scenario.effects.count == 4,
              case .activateService(let product?, let serviceAt) = scenario.effects[1],
              case .createAdministrator(_, let email, _) = scenario.effects[2],
              case .sendEmail(let template, _) = scenario.effects[3] else {
            Issue.record("effects: \(scenario.effects.map(\.kind))")
            return
        }
        #expect(at(serviceAt) == [43, 5])
        #expect(at(product.reference.range) == [43, 33] && at(product.reference.target) == [8, 5])
        #expect(email.path == FactPath(path: "customer.email"))
        #expect(at(email.reference.range) == [44, 55] && at(email.reference.target) == [3, 3])
        #expect(at(template.reference.range) == [45, 28] && at(template.reference.target) == [24, 5])
        // A fact placeholder points at the fact's declaration; a built-in at nothing.
        let unmet = required.target.unmet.placeholders
        #expect(unmet.map(\.value) == [.fact(try #require(FactPath(path: "customer.email")))])
        #expect(unmet.map { $0.target.map(at) } == [[3, 3]])
        #expect(template.target.body.placeholders.map(\.target) == [nil])
        if case .administrator(let range) = template.target.to { #expect(at(range) == [25, 5]) } else { Issue.record("to: \(template.target.to)") }
        #expect(scenario.awaits?.who.value == .administrator && scenario.awaits?.approves.value == .terms)
    }

    @Test func aRuleSetWithAnErrorHasNoCheckedModel() {
        // One unknown template: every other declaration checks, but there is no model to lower.
        let broken = Self.rules.replacingOccurrences(of: "template: hello}", with: "template: helo}")
        let (model, diagnostics) = check([SourceFile(path: "r.yaml", text: broken)])
        #expect(diagnostics.map(\.code) == [.unknownEmail])
        #expect(model == nil)
    }

    @Test func effectsAreDecodedIntoOneCasePerKindWithLocatedArguments() throws {
        var sink = DiagnosticSink()
        var decoder = DeclarationDecoder()
        let (documents, _) = CompileLimits().loader.load(SourceFile(path: "r.yaml", text: Self.rules))
        for document in documents { decoder.decode(document, sink: &sink) }
        let scenario = try #require(decoder.declarations.scenarios.first)
        #expect(scenario.effects.map(\.kind) == [.activateCollaboration, .activateService, .createAdministrator, .sendEmail])
        guard case .createAdministrator(let portal?, let email?, _) = scenario.effects[2] else {
            Issue.record("\(scenario.effects[2])")
            return
        }
        #expect(portal.text == "example.se" && at(portal.range) == [44, 36])
        #expect(email.value == "customer.email" && at(email.range) == [44, 55])
        let awaits = try #require(scenario.awaits)
        #expect(awaits.who.value == .administrator && at(awaits.who.range) == [46, 15])
        #expect(decoder.declarations.emails.first?.goesToAdministrator == true)
    }

    /// The plan the compiler wrote for the shipped rules before the checked
    /// model existed, byte for byte: lowering the model changes nothing.
    @Test func loweringTheCheckedModelOfTheShippedRulesGivesTheSamePlanBytes() throws {
        let files = try ruleFiles("Rules")
        let (model, diagnostics) = check(files)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let rules = try #require(model)
        // The rule set's own tests (Rules/tests, files holding only `kind: test`) stay out of the plan's sources.
        let relative = files.filter { !$0.path.hasPrefix("Rules/tests/") }
            .map { (path: String($0.path.dropFirst("Rules/".count)), bytes: $0.bytes) }
        let sources = relative.map { PlanSource(path: $0.path, sha256: PlanDigest.sha256($0.bytes)) }
        let plan = Lowerer.lower(rules, digest: PlanDigest.sources(relative), sources: sources)
        let bytes = String(decoding: PlanCoding.encode(plan), as: UTF8.self)
        let compiled = try #require(Compiler().compile(files: files, relativeTo: "Rules").plan)
        #expect(PlanCoding.encode(compiled) == PlanCoding.encode(plan))
        if let difference = Repository.compareGolden(bytes, "Tests/Fixtures/compiled/Rules.plan.json") {
            Issue.record("\(difference)")
        }
    }
}

import Foundation
import Testing
import TillvalCompiler
import TillvalPlan
import TillvalTestSupport

/// Checks Schemas/rules.schema.json, Schemas/plan.schema.json,
/// Schemas/request-plan.schema.json and Schemas/request.schema.json against
/// the compiler and the runtime, through scripts/check-schemas.sh and a real
/// JSON Schema validator (check-jsonschema in .venv/). A missing validator
/// makes the script exit 2, so these tests fail, never skip: `make test`
/// makes the virtual environment first.
@Suite struct SchemaTests {
    static let fixturesDirectory = "Tests/Fixtures/compile"

    /// What the script said: its exit status and its standard output and
    /// error, interleaved as a terminal would show them.
    struct ScriptResult {
        var status: Int32
        var output: String
    }

    /// Runs `bash scripts/check-schemas.sh arguments...` in the repository root.
    /// The six schemas themselves are checked by one test
    /// (`rulesAndValidFixturesAreAccepted`); every other run skips that step
    /// (`--no-metaschema`) unless `metaschema` is set.
    static func checkSchemas(_ arguments: [String], metaschema: Bool = false, environment: [String: String] = [:]) throws -> ScriptResult {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let log = scratch.appendingPathComponent("output")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["scripts/check-schemas.sh"] + (metaschema ? [] : ["--no-metaschema"]) + arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = Repository.root
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        return ScriptResult(status: process.terminationStatus, output: output)
    }

    static func describe(_ arguments: [String], _ result: ScriptResult) -> String {
        "scripts/check-schemas.sh \(arguments.joined(separator: " ")) exited \(result.status)"
            + (result.status == 2 ? " (misuse, or .venv/bin/check-jsonschema missing: run 'make venv')" : "")
            + ":\n\(result.output)"
    }

    /// The lines of a fixture's `expected.diagnostics`, or nil when it has none yet.
    static func expectedDiagnostics(_ name: String) -> [Substring]? {
        let path = Repository.path("\(fixturesDirectory)/\(name)/expected.diagnostics")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(whereSeparator: \.isNewline)
    }

    static func hasRules(_ name: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: CompileFixtures.rules(name), isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// Fixtures with rules whose expected diagnostics have no error: they compile.
    static func validFixtures() -> [String] {
        Repository.subdirectories(fixturesDirectory).filter { name in
            guard hasRules(name), let lines = expectedDiagnostics(name) else { return false }
            return !lines.contains { $0.hasPrefix("error[") }
        }
    }

    /// Fixtures marked with a file named `structural`: their errors are ones
    /// the rules schema must catch too.
    static func structuralFixtures() -> [String] {
        Repository.subdirectories(fixturesDirectory).filter { name in
            FileManager.default.fileExists(atPath: Repository.path("\(fixturesDirectory)/\(name)/structural"))
        }
    }

    /// The files named by the error lines of a fixture's expected diagnostics
    /// (`error[E0103] scenarios/x.yaml:3:5`), in the fixture's composed rule
    /// set, each once, in order of first mention.
    static func erroneousFiles(_ name: String) -> [String] {
        var files: [String] = []
        for line in expectedDiagnostics(name) ?? [] where line.hasPrefix("error[") {
            guard let space = line.firstIndex(of: " ") else { continue }
            var place = line[line.index(after: space)...].trimmingCharacters(in: .whitespaces)
            // Drop ":line:column" from the end; the path itself may not contain them.
            for _ in 0..<2 {
                if let colon = place.lastIndex(of: ":"), place[place.index(after: colon)...].allSatisfy(\.isNumber) {
                    place = String(place[..<colon])
                }
            }
            guard !place.isEmpty, place != "-" else { continue }
            let file = "\(CompileFixtures.rules(name))/\(place)"
            if !files.contains(file) { files.append(file) }
        }
        return files
    }

    @Test func rulesAndValidFixturesAreAccepted() throws {
        let arguments = ["--valid", "Rules"] + Self.validFixtures().map(CompileFixtures.rules)
        let result = try Self.checkSchemas(arguments, metaschema: true)
        #expect(result.status == 0, "\(Self.describe(arguments, result))")
        #expect(result.output.contains("schema: Schemas/rules.schema.json is a valid JSON Schema\n"), "\(result.output)")
    }

    /// The validator starts slowly, so the script starts it once for the six
    /// schemas and once for all the files that must be rejected; only a file
    /// that is not as expected is checked again on its own, and named.
    /// Counted through a wrapper that logs each start of the validator.
    @Test func theValidatorStartsOncePerExpectationAndASurpriseIsStillNamed() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let log = scratch.appendingPathComponent("starts")
        let wrapper = scratch.appendingPathComponent("check-jsonschema")
        try Data("#!/bin/sh\necho start >> '\(log.path)'\nexec '\(Repository.path(".venv/bin/check-jsonschema"))' \"$@\"\n".utf8).write(to: wrapper)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
        func starts() -> Int {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: log)
            return text.split(separator: "\n").count
        }
        let environment = ["CHECK_JSONSCHEMA": wrapper.path]
        let broken = Self.structuralFixtures().flatMap(Self.erroneousFiles)
        #expect(broken.count >= 5, "\(broken)")

        let rejected = try Self.checkSchemas(["--invalid"] + broken, metaschema: true, environment: environment)
        #expect(rejected.status == 0, "\(Self.describe(broken, rejected))")
        #expect(rejected.output.hasSuffix("schema: 0 accepted, \(broken.count) rejected as expected\n"), "\(rejected.output)")
        #expect(starts() == 2, "one start for the schemas, one for all the files")

        let valid = Repository.path("Rules/ruleset.yaml")
        let mixed = try Self.checkSchemas(["--invalid"] + broken + [valid], environment: environment)
        #expect(mixed.status == 1, "\(Self.describe(broken + [valid], mixed))")
        #expect(mixed.output.contains("schema: SURPRISE: \(valid) should be rejected by Schemas/rules.schema.json, but is accepted\n"),
                "\(mixed.output)")
        #expect(mixed.output.hasSuffix("schema: 0 accepted, \(broken.count) rejected as expected, 1 surprise(s)\n"), "\(mixed.output)")
        #expect(starts() == 2, "one start for all the files, one more for the file that was not rejected")
    }

    @Test func structuralFixturesAreRejected() throws {
        let fixtures = Self.structuralFixtures()
        #expect(!fixtures.isEmpty, "no fixture under \(Self.fixturesDirectory) is marked 'structural'")
        var files: [String] = []
        for name in fixtures {
            let named = Self.erroneousFiles(name)
            #expect(!named.isEmpty, "structural fixture '\(name)' names no file in an error line of its expected.diagnostics")
            files += named
        }
        guard !files.isEmpty else { return }
        let arguments = ["--invalid"] + files
        let result = try Self.checkSchemas(arguments)
        #expect(result.status == 0, "\(Self.describe(arguments, result))")
    }

    @Test func compiledPlansMatchThePlanSchema() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var plans: [String] = []
        let ruleSets = [("plan.json", "Rules")]
            + Self.validFixtures().map { ("fixture-\($0).plan.json", CompileFixtures.rules($0)) }
        for (file, rules) in ruleSets {
            let plan = scratch.appendingPathComponent(file).path
            let compiled = try CommandRunner.run(["compile", rules, "-o", plan])
            #expect(compiled.status == 0, "tillval compile \(rules) exited \(compiled.status):\n\(compiled.stdout)\(compiled.stderr)")
            if compiled.status == 0 { plans.append(plan) }
        }
        #expect(!plans.isEmpty, "no plan was compiled")
        guard !plans.isEmpty else { return }
        let arguments = ["--plan"] + plans
        let result = try Self.checkSchemas(arguments)
        #expect(result.status == 0, "\(Self.describe(arguments, result))")
    }

    /// The JSON reports of `plan` and `apply` (`--format json`) match
    /// Schemas/request-plan.schema.json: every golden plan report, a fresh
    /// apply run and the same run again (applied, unchanged and unmet
    /// results), and a dry run with invalid requests.
    @Test func planReportsMatchTheReportSchema() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }

        let plansDirectory = "Tests/Fixtures/plans"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.path(plansDirectory))) ?? []
        var reports = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { "\(plansDirectory)/\($0)" }
        #expect(!reports.isEmpty, "no golden report (*.json) under \(plansDirectory)")

        /// Runs tillval and keeps its standard output as a report file.
        func produce(_ file: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String? {
            let run = try CommandRunner.run(arguments, environment: environment)
            let command = "tillval \(arguments.joined(separator: " "))"
            #expect(!run.stdout.isEmpty, "\(command) printed no report (exit \(run.status)):\n\(run.stderr)")
            guard !run.stdout.isEmpty else { return nil }
            let path = scratch.appendingPathComponent(file).path
            try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }

        let store = scratch.appendingPathComponent("store.sqlite").path
        let now = ["TILLVAL_NOW": "2026-11-29T10:00:00Z"]
        let apply = ["apply", "Examples/customers.jsonl", "--store", store, "--format", "json"]
        let invalid = try produce("invalid.json", ["plan", "Tests/Fixtures/requests/mixed-batch.jsonl", "--format", "json"])
        reports += try [
            produce("apply.json", apply, environment: now),
            produce("apply-again.json", apply, environment: now),
            invalid,
        ].compactMap { $0 }

        let arguments = ["--report"] + reports
        let result = try Self.checkSchemas(arguments)
        #expect(result.status == 0, "\(Self.describe(arguments, result))")

        // The check can fail: a report with a status the schema does not know is a surprise.
        if let invalid {
            let text = try String(contentsOfFile: invalid, encoding: .utf8)
            #expect(text.contains("\"status\" : \"invalid\""), "the report of mixed-batch.jsonl has no invalid result:\n\(text)")
            let broken = scratch.appendingPathComponent("broken.json").path
            try Data(text.replacingOccurrences(of: "\"status\" : \"invalid\"", with: "\"status\" : \"broken\"").utf8)
                .write(to: URL(fileURLWithPath: broken))
            let brokenArguments = ["--report", broken]
            let rejected = try Self.checkSchemas(brokenArguments)
            #expect(rejected.status == 1 && rejected.output.contains("SURPRISE"),
                    "a report with an unknown status should be rejected: \(Self.describe(brokenArguments, rejected))")
        }
    }

    // MARK: requests

    /// Request fixtures whose mistake is one of shape, which the request
    /// schema must catch: an unknown key or fact, a missing customer.id or
    /// fact, a wrong type, a value outside one-of, a product or collaboration
    /// that does not exist, a malformed email; and a JSON Lines batch and a
    /// multi-document YAML file with one broken request among good ones.
    static let malformedRequests = [
        "e1001-unknown-fact.yaml", "e1001-unknown-key.yaml", "e1002-missing-customer-id.yaml", "e1002-missing-fact.yaml",
        "e1003-wrong-type.yaml", "e1004-value-not-allowed.yaml", "e1005-product-not-offered.yaml",
        "e1008-unknown-collaboration.yaml", "e1009-invalid-email.yaml", "mixed-batch.jsonl",
    ].map { "Tests/Fixtures/requests/\($0)" }

    /// Every request in Examples/ (single YAML documents, a multi-document
    /// YAML batch, JSON Lines) is accepted by Schemas/request.schema.json.
    @Test func examplesMatchTheRequestSchema() throws {
        let examples = Repository.entries("Examples")
        #expect(examples.contains { $0.hasSuffix(".jsonl") } && examples.contains { $0.hasSuffix(".yaml") },
                "Examples/ should hold YAML and JSON Lines requests: \(examples)")
        let arguments = ["--requests", "Examples"]
        let result = try Self.checkSchemas(arguments)
        #expect(result.status == 0, "\(Self.describe(arguments, result))")
    }

    @Test func malformedRequestsAreRejectedByTheRequestSchema() throws {
        let arguments = ["--bad-requests"] + Self.malformedRequests
        let result = try Self.checkSchemas(arguments)
        #expect(result.status == 0, "\(Self.describe(arguments, result))")
        #expect(!result.output.contains("note:"), "a malformed request was rejected as unreadable, not by the schema:\n\(result.output)")
    }

    /// One broken request among good ones is found, in a YAML batch (the
    /// documents are checked one by one) and in JSON Lines (line by line),
    /// and the message names the document or line.
    @Test func oneBrokenRequestInABatchIsFoundAndNamed() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let batch = try String(contentsOfFile: Repository.path("Examples/batch.yaml"), encoding: .utf8)
        let lines = try String(contentsOfFile: Repository.path("Examples/customers.jsonl"), encoding: .utf8)
        #expect(batch.contains("product: min-lon\n") && lines.contains("\"product\": \"min-lon\""))
        let yaml = scratch.appendingPathComponent("batch.yaml")
        try Data(batch.replacingOccurrences(of: "product: min-lon\n", with: "product: min-lonn\n").utf8).write(to: yaml)
        let jsonl = scratch.appendingPathComponent("customers.jsonl")
        try Data(lines.replacingOccurrences(of: "\"product\": \"min-lon\"", with: "\"product\": \"min-lonn\"").utf8).write(to: jsonl)

        let arguments = ["--requests", yaml.path, jsonl.path]
        let result = try Self.checkSchemas(arguments)
        #expect(result.status == 1, "the broken requests should be surprises: \(Self.describe(arguments, result))")
        #expect(result.output.contains("\(yaml.path) (document 2)::$.product"), "the broken YAML document is not named:\n\(result.output)")
        #expect(result.output.contains("\(jsonl.path) (line 2)::$.product"), "the broken JSON line is not named:\n\(result.output)")
    }

    /// What the request schema says about `office` and `customer`.
    struct RequestSchema: Decodable {
        struct Group: Decodable {
            var required: [String]
            var properties: [String: Property]
        }
        struct Property: Decodable {
            var `enum`: [String]?
            var type: PropertyType?
            var anyOf: [Alternative]?
        }
        struct Alternative: Decodable {
            var `enum`: [String]?
        }
        enum PropertyType: Decodable, Equatable {
            case one(String)
            case several([String])
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let one = try? container.decode(String.self) { self = .one(one) } else { self = .several(try container.decode([String].self)) }
            }
        }
        struct Properties: Decodable {
            var office: Group
            var customer: Group
            var product: Property
            var collaboration: Property
        }
        var properties: Properties
    }

    /// Schemas/request.schema.json describes the requests of the shipped rule
    /// set: the facts of Rules/ (names, which are required, enumerations,
    /// lists), its products and its collaborations.
    @Test func requestSchemaFollowsTheShippedFacts() throws {
        let plan = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.path("Schemas/request.schema.json")))
        let schema = try JSONDecoder().decode(RequestSchema.self, from: data)
        for (name, group, facts) in [("office", schema.properties.office, plan.facts.office),
                                     ("customer", schema.properties.customer, plan.facts.customer)] {
            let extra = name == "customer" ? ["id"] : []
            #expect(Set(group.properties.keys) == Set(facts.map(\.name) + extra), "request schema \(name) properties")
            #expect(Set(group.required) == Set(facts.filter { !$0.optional }.map(\.name) + extra), "request schema \(name) required")
            for fact in facts {
                let property = group.properties[fact.name]
                switch fact.type {
                case .oneOf(let values):
                    #expect(property?.enum == values, "\(name).\(fact.name): one-of \(values)")
                case .list:
                    #expect(property?.type == .one("array"), "\(name).\(fact.name) is a list")
                case .text, .email, .bool:
                    #expect(property?.enum == nil && property?.type != .one("array"), "\(name).\(fact.name) is a scalar")
                }
            }
        }
        let products = Set(plan.collaborations.flatMap { $0.offers.map(\.product) })
        #expect(Set(schema.properties.product.enum ?? []) == products, "request schema product enumeration")
        let collaborations = Set(schema.properties.collaboration.anyOf?.flatMap { $0.enum ?? [] } ?? [])
        #expect(collaborations == Set(plan.collaborations.map(\.id)), "request schema collaboration enumeration")
    }
}

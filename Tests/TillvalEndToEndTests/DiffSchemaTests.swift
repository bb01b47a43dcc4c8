import Foundation
import Testing
import TillvalTestSupport

/// Schemas/diff.schema.json against every JSON report of `tillval diff` the
/// tests pin (the diff fixtures' `expected.json` and `expected.requests.json`,
/// Tests/Fixtures/diff-command/*.json) and a fresh `--requests` run where
/// customers become invalid, through scripts/check-schemas.sh --diff; and
/// proof that the schema is not a blank check: reports with an unknown
/// property or an unknown word (`kind`, `change`, `part`) are refused.
@Suite struct DiffSchemaTests {
    /// Every JSON golden of `tillval diff`, as paths relative to the repository.
    static func goldens() -> [String] {
        let fixtures = DiffFixtures.names.flatMap { name in
            Repository.entries("\(DiffFixtures.directory)/\(name)")
                .filter { $0.hasPrefix("expected") && $0.hasSuffix(".json") }
                .map { "\(DiffFixtures.directory)/\(name)/\($0)" }
        }
        let command = Repository.entries("Tests/Fixtures/diff-command").filter { $0.hasSuffix(".json") }
            .map { "Tests/Fixtures/diff-command/\($0)" }
        return fixtures + command
    }

    @Test func everyJSONGoldenAndARequestsRunAreAccepted() throws {
        let goldens = Self.goldens()
        // Eight fixtures' expected.json, when-value-moved's expected.requests.json, diff-command/rename.json.
        #expect(goldens.count >= 10, "\(goldens)")
        #expect(goldens.contains("\(DiffFixtures.directory)/when-value-moved/expected.requests.json"))

        // A batch whose customers lack the newly required fact: the customers section with invalid sides and their codes.
        let directory = try CommandRunner.temporaryDirectory().appendingPathComponent("new-required-fact")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        try DiffFixtures.compose("new-required-fact", into: directory)
        let run = try CommandRunner.run(["diff", "base", "head", "--requests", Repository.path("Examples/customers.jsonl"), "--format", "json"],
                                        in: directory.path, timeout: 120)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stdout.contains("\"status\" : \"invalid\""), "no request became invalid: \(run.stdout)")
        let report = directory.appendingPathComponent("requests.json")
        try Data(run.stdout.utf8).write(to: report)

        let arguments = ["--diff"] + goldens.map(Repository.path) + [report.path]
        let result = try SchemaTests.checkSchemas(arguments)
        #expect(result.status == 0, "\(SchemaTests.describe(arguments, result))")
        #expect(result.output.contains("schema: \(goldens.count + 1) accepted"), "\(result.output)")
    }

    /// One edit of a golden that the schema must refuse.
    struct Mutation {
        var name: String
        var golden: String
        var from: String
        var to: String
    }

    static let mutations: [Mutation] = [
        Mutation(name: "unknown-route-kind", golden: "when-value-moved/expected.json",
                 from: #""kind" : "scenario""#, to: #""kind" : "scenery""#),
        Mutation(name: "unknown-routing-property", golden: "when-value-moved/expected.json",
                 from: #""combinations" : 2,"#, to: #""combinations" : 2, "weight" : 1,"#),
        Mutation(name: "unknown-section-property", golden: "no-change/expected.json",
                 from: #""collaborations" : ["#, to: #""limit" : 250000, "collaborations" : ["#),
        Mutation(name: "unknown-schema-change-kind", golden: "new-required-fact/expected.json",
                 from: #""kind" : "fact-added""#, to: #""kind" : "fact-invented""#),
        Mutation(name: "unknown-schema-change-property", golden: "new-required-fact/expected.json",
                 from: #""example" : "a request without"#, to: #""severity" : "high", "example" : "a request without"#),
        Mutation(name: "unknown-scenario-change", golden: "step-reordered/expected.json",
                 from: #""change" : "moved""#, to: #""change" : "shuffled""#),
        Mutation(name: "unknown-scenario-part", golden: "step-reordered/expected.json",
                 from: #""part" : "step""#, to: #""part" : "stage""#),
        Mutation(name: "unknown-email-change", golden: "when-value-moved/expected.requests.json",
                 from: #""change" : "added""#, to: #""change" : "appended""#),
        Mutation(name: "unknown-customer-property", golden: "when-value-moved/expected.requests.json",
                 from: #""otherwise" : false,"#, to: #""otherwise" : false, "note" : "x","#),
        Mutation(name: "missing-customer-count", golden: "when-value-moved/expected.requests.json",
                 from: #""now-valid" : 0,"#, to: ""),
    ]

    @Test func unknownPropertiesAndWordsAreRefused() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var files: [String] = []
        for mutation in Self.mutations {
            let golden = try Repository.text("\(DiffFixtures.directory)/\(mutation.golden)")
            let edited = golden.replacingOccurrences(of: mutation.from, with: mutation.to)
            #expect(edited != golden, "\(mutation.name): \(mutation.golden) has no \(mutation.from)")
            let file = scratch.appendingPathComponent("\(mutation.name).json")
            try Data(edited.utf8).write(to: file)
            files.append(file.path)
        }
        let result = try SchemaTests.checkSchemas(["--diff"] + files)
        #expect(result.status == 1, "\(SchemaTests.describe(["--diff", "…"], result))")
        for file in files {
            #expect(result.output.contains("SURPRISE: diff report \(file) should be accepted by Schemas/diff.schema.json, but is rejected"),
                    "\(file) was not refused:\n\(result.output)")
        }
        #expect(result.output.contains("schema: 0 accepted"), "\(result.output)")
    }
}

import Foundation
import Testing
import TillvalPlan

/// `tillval plan` through the real binary: golden text and JSON for every
/// example, exit codes, streams, and plan files.
@Suite struct PlanCommandTests {
    static let examples = ((try? FileManager.default.contentsOfDirectory(atPath: Repository.path("Examples"))) ?? [])
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()

    @Test(arguments: examples)
    func textAndJSONMatchTheirGoldens(_ example: String) throws {
        for format in ["text", "json"] {
            let result = try CommandRunner.run(["plan", "Examples/\(example).yaml", "--format", format])
            #expect([0, 2].contains(result.status), "\(result.stderr)")
            let mismatch = Repository.compareGolden(result.stdout, "Tests/Fixtures/plans/\(example).\(format == "text" ? "txt" : "json")")
            #expect(mismatch == nil, "\(mismatch ?? "")")
        }
    }

    @Test func markdownIsProduced() throws {
        let result = try CommandRunner.run(["plan", "Examples/not-registered-min-lon.yaml", "--format", "markdown"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("### Effects"))
        #expect(result.stdout.contains("| Service | Visma Lön Anställd, restricted to Visma Min Lön |"))
    }

    @Test func unmetPreconditionPrintsTheWholePlanAndExitsTwo() throws {
        let result = try CommandRunner.run(["plan", "Examples/no-task.yaml"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("[UNMET] connected-task"))
        #expect(result.stdout.contains("Steps in Visma Advisor"))
        #expect(result.stdout.contains("Effects (not run: a precondition is unmet)"))
    }

    @Test func malformedRequestExits65() throws {
        let result = try CommandRunner.run(["plan", "Tests/Fixtures/requests/e1004-value-not-allowed.yaml"])
        #expect(result.status == 65)
        #expect(result.stdout.contains("error[E1004]"))
        #expect(result.stdout.contains("did you mean 'registered'?"))
    }

    @Test func aStreamReportsEachRequestAndDoesNotStopAtABadOne() throws {
        let result = try CommandRunner.run(["plan", "Tests/Fixtures/requests/mixed-batch.jsonl", "--format", "json"])
        #expect(result.status == 65)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let results = json?["results"] as? [[String: Any]] ?? []
        #expect(results.map { $0["status"] as? String } == ["planned", "invalid", "invalid"])
        let summary = json?["summary"] as? [String: Any]
        #expect(summary?["total"] as? Int == 3)
    }

    @Test func manyCustomersFromTheExamples() throws {
        let jsonl = try CommandRunner.run(["plan", "Examples/customers.jsonl"])
        #expect(jsonl.stdout.hasSuffix("6 requests: 5 planned, 1 unmet\n"))
        #expect(jsonl.status == 2)
        let yaml = try CommandRunner.run(["plan", "Examples/batch.yaml", "--format", "json"])
        #expect(yaml.status == 0, "\(yaml.stdout)")
    }

    @Test func aPlanFileGivesTheSameResultAsTheRules() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let planFile = directory.appendingPathComponent("plan.json").path
        #expect(try CommandRunner.run(["compile", "Rules", "-o", planFile]).status == 0)
        for example in Self.examples {
            let fromRules = try CommandRunner.run(["plan", "Examples/\(example).yaml", "--format", "json"])
            let fromPlan = try CommandRunner.run(["plan", "Examples/\(example).yaml", "--plan", planFile, "--format", "json"])
            #expect(fromRules.stdout == fromPlan.stdout, "\(example)")
            #expect(fromRules.status == fromPlan.status)
        }
    }

    /// Two requests with the same mistake: the run names 'tillval explain E1002' once, under the first.
    @Test func explainLineOncePerCodeInARun() throws {
        let request = try String(contentsOfFile: Repository.path("Tests/Fixtures/requests/e1002-missing-fact.yaml"), encoding: .utf8)
        let result = try CommandRunner.run(["plan", "-"], stdin: request + "---\n" + request)
        #expect(result.stdout.components(separatedBy: "error[E1002]").count == 3, "\(result.stdout)")
        #expect(result.stdout.components(separatedBy: "= help: for more, run 'tillval explain E1002'\n").count == 2, "\(result.stdout)")
    }

    @Test func brokenPlanFilesAreReported() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let notJSON = directory.appendingPathComponent("broken.json").path
        try "{ not json".write(toFile: notJSON, atomically: true, encoding: .utf8)
        let broken = try CommandRunner.run(["plan", "Examples/registered-min-lon.yaml", "--plan", notJSON])
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("error[E1101]"))
        let future = directory.appendingPathComponent("future.json").path
        try #"{"format": 99}"#.write(toFile: future, atomically: true, encoding: .utf8)
        let newer = try CommandRunner.run(["plan", "Examples/registered-min-lon.yaml", "--plan", future])
        #expect(newer.status == 65)
        #expect(newer.stderr.contains("error[E1102]"))
        let both = try CommandRunner.run(["plan", "Examples/registered-min-lon.yaml", "--plan", future, "--rules", "Rules"])
        #expect(both.status == 64)
    }
}

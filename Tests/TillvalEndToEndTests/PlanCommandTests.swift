import Foundation
import Testing
import TillvalPlan
import TillvalReports
import TillvalRuntime
import TillvalTestSupport

/// `tillval plan` through the real binary: golden text and JSON for every
/// example, exit codes, streams, and plan files.
@Suite struct PlanCommandTests {
    static let examples = ((try? FileManager.default.contentsOfDirectory(atPath: Repository.path("Examples"))) ?? [])
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()

    /// The exit code of planning an example: 2 for the one whose precondition is unmet, else 0.
    static func status(of example: String) -> Int32 {
        example == "no-task" ? 2 : 0
    }

    @Test(arguments: examples)
    func textAndJSONMatchTheirGoldens(_ example: String) throws {
        for (format, suffix) in [("text", "txt"), ("json", "json"), ("markdown", "md")] {
            let result = try CommandRunner.run(["plan", "Examples/\(example).yaml", "--format", format])
            #expect(result.status == Self.status(of: example), "\(example) --format \(format): \(result.stderr)")
            let mismatch = Repository.compareGolden(result.stdout, "Tests/Fixtures/plans/\(example).\(suffix)")
            #expect(mismatch == nil, "\(mismatch ?? "")")
        }
    }

    @Test func markdownIsProduced() throws {
        let result = try CommandRunner.run(["plan", "Examples/not-registered-min-lon.yaml", "--format", "markdown"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("### Effects"))
        #expect(result.stdout.contains("| Service | Visma Lön Anställd, restricted to Visma Min Lön |"))
    }

    struct Report: Decodable {
        struct Result: Decodable {
            struct Plan: Decodable {
                struct Effect: Decodable {
                    struct Email: Decodable { var body: String }
                    var renderedEmail: Email?
                    enum CodingKeys: String, CodingKey { case renderedEmail = "rendered-email" }
                }
                var effects: [Effect]
            }
            var plan: Plan?
        }
        var results: [Result]
    }

    /// Issue 6, point 16: in Markdown each email body is a fenced block, so
    /// its line breaks survive rendering; a body holding a fence cannot close it.
    @Test func markdownKeepsTheEmailsLineBreaks() throws {
        // The binary's JSON and Markdown of every example are its goldens (textAndJSONMatchTheirGoldens).
        for example in Self.examples {
            let json = try Data(contentsOf: URL(fileURLWithPath: Repository.path("Tests/Fixtures/plans/\(example).json")))
            let report = try JSONDecoder().decode(Report.self, from: json)
            let bodies = report.results.compactMap(\.plan).flatMap(\.effects).compactMap(\.renderedEmail?.body)
            #expect(!bodies.isEmpty, "\(example)")
            let markdown = try Repository.text("Tests/Fixtures/plans/\(example).md")
            for body in bodies {
                #expect(body.contains("\n\n"), "a body with paragraphs")
                let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                let block = "   ```text\n" + lines.map { $0.isEmpty ? "" : "   " + $0 }.joined(separator: "\n") + "\n   ```\n"
                #expect(markdown.contains(block), "\(example): no fenced body\n\(markdown)")
            }
        }
        #expect(MarkdownReport.fenced("a\n````\nb\n", indent: "") == "`````text\na\n````\nb\n`````\n")
    }

    /// Issue 6, point 14: a stale plan file draws a warning, never a refusal.
    @Test func aStalePlanFileIsWarnedAboutButPlanned() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("Rules")
        try FileManager.default.copyItem(atPath: Repository.path("Rules"), toPath: rules.path)
        let planFile = directory.appendingPathComponent("plan.json").path
        #expect(try CommandRunner.run(["compile", rules.path, "-o", planFile]).status == 0)
        let request = "Examples/registered-min-lon.yaml"
        let expected = try CommandRunner.run(["plan", request, "--rules", rules.path])

        let fresh = try CommandRunner.run(["plan", request, "--plan", planFile, "--source-rules", rules.path])
        #expect(fresh.status == 0)
        #expect(fresh.stderr.isEmpty, "\(fresh.stderr)")

        let ruleset = rules.appendingPathComponent("ruleset.yaml")
        try (String(contentsOf: ruleset, encoding: .utf8) + "# edited after compiling\n").write(to: ruleset, atomically: true, encoding: .utf8)
        let stale = try CommandRunner.run(["plan", request, "--plan", planFile, "--source-rules", rules.path])
        #expect(stale.status == 0)
        #expect(stale.stderr.hasPrefix("tillval: warning: the plan file was compiled from other rules than those in '\(rules.path)' now\n"),
                "\(stale.stderr)")
        #expect(stale.stdout == expected.stdout)

        let unreadable = try CommandRunner.run(["plan", "Examples/no-task.yaml", "--plan", planFile,
                                                "--source-rules", directory.appendingPathComponent("absent").path])
        #expect(unreadable.status == 2, "the exit code is the plan's own")
        #expect(unreadable.stderr.contains("tillval: warning: cannot tell whether the plan file is current"), "\(unreadable.stderr)")
        #expect(unreadable.stdout.contains("[UNMET] connected-task"))
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
        struct Report: Decodable {
            struct Result: Decodable { var status: String }
            struct Summary: Decodable { var total: Int }
            var results: [Result]
            var summary: Summary
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.results.map(\.status) == ["planned", "invalid", "invalid"])
        #expect(report.summary.total == 3)
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
        // What `plan` prints from the rules is each example's golden (textAndJSONMatchTheirGoldens).
        for example in Self.examples {
            let fromPlan = try CommandRunner.run(["plan", "Examples/\(example).yaml", "--plan", planFile, "--format", "json"])
            #expect(fromPlan.stdout == (try Repository.text("Tests/Fixtures/plans/\(example).json")), "\(example)")
            #expect(fromPlan.status == Self.status(of: example), "\(example): \(fromPlan.stderr)")
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

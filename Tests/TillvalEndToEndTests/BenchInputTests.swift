import Foundation
import Testing
import TillvalTestSupport

/// The inputs `make bench` measures (scripts/bench/generate.py) are what the
/// benchmarks claim: rule sets that check clean, in each shape, small here;
/// requests every one of which plans; the same bytes from the same seed.
/// Nothing here times anything.
@Suite struct BenchInputTests {
    private func python(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(["python3", Repository.path("scripts/bench/generate.py")] + arguments, executable: "/usr/bin/env")
    }

    private func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tillval-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test(arguments: [
        (["partitioned", "--collaborations", "3"], "3 collaborations, 300 scenarios; 0 errors, 0 warnings"),
        (["wide", "--scenarios", "700"], "1 collaboration, 625 scenarios; 0 errors, 0 warnings"),
        (["staircase", "--facts", "24"], "1 collaboration, 25 scenarios; 0 errors, 0 warnings"),
    ])
    func everyShapeChecksClean(shape: [String], summary: String) throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("rules").path
        let generated = try python(["rules", shape[0], out] + shape.dropFirst())
        #expect(generated.status == 0, "\(generated.stderr)")
        let checked = try CommandRunner.run(["check", out])
        #expect(checked.status == 0, "\(checked.stdout)")
        #expect(checked.stdout.hasSuffix("\(summary))\n"), "\(checked.stdout)")
    }

    @Test(arguments: ["gap", "overlap"])
    func aBrokenStaircaseIsRefused(breaking: String) throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("rules").path
        #expect(try python(["rules", "staircase", out, "--facts", "6", "--break", breaking]).status == 0)
        let checked = try CommandRunner.run(["check", out])
        #expect(checked.status == 1)
        let output = checked.stdout + checked.stderr
        #expect(output.contains(breaking == "gap" ? "error[E0601]" : "error[E0602]"), "\(output)")
    }

    @Test func generatedRequestsAllPlanAndTheSeedFixesTheBytes() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("a.jsonl").path, again = directory.appendingPathComponent("b.jsonl").path
        let other = directory.appendingPathComponent("c.jsonl").path
        #expect(try python(["requests", first, "--count", "60"]).status == 0)
        #expect(try python(["requests", again, "--count", "60"]).status == 0)
        #expect(try python(["requests", other, "--count", "60", "--seed", "2"]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: again))))
        #expect(bytes != (try Data(contentsOf: URL(fileURLWithPath: other))))
        let planned = try CommandRunner.run(["plan", first])
        // 2: some requests have no task, so their precondition is unmet — on purpose; none is invalid.
        #expect(planned.status == 2, "\(planned.stdout)")
        let summary = try #require(planned.stdout.split(separator: "\n").last)
        #expect(summary.hasPrefix("60 requests: "), "\(summary)")
        #expect(!summary.contains("invalid"), "\(summary)")
        #expect(summary.contains("unmet"), "\(summary)")
    }
}

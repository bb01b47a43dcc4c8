import Foundation
import Testing
import TillvalTestSupport

/// Issue 11, through the binary: `--threads` splits loading, the scenario
/// checks and the coverage proofs into slices run in parallel, and changes
/// nothing of what a command prints or writes; a number out of range is
/// misuse. The rule sets are the benchmark's generator's (3 collaborations,
/// 300 scenarios in 5 files), clean and broken.
@Suite struct ThreadsOptionTests {
    @Test(arguments: ["0", "257", "-1", "all"])
    func aThreadCountOutOfRangeIsMisuse(_ threads: String) throws {
        for command in ["check", "compile"] {
            let result = try CommandRunner.run([command, "Rules", "--threads=\(threads)"])
            #expect(result.status == 64, "\(command): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("--threads"), "\(result.stderr)")
            if Int(threads) != nil {
                #expect(result.stderr.contains("--threads must be between 1 and 256"), "\(result.stderr)")
            }
        }
    }

    private func generated(_ shape: [String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tillval-threads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let made = try CommandRunner.run(["python3", Repository.path("scripts/bench/generate.py"), "rules"] + shape
                                         + [directory.appendingPathComponent("rules").path], executable: "/usr/bin/env")
        #expect(made.status == 0, "\(made.stderr)")
        return directory
    }

    /// A clean set, the same with a scenario's fact misspelt (did-you-mean,
    /// whose answers depend on the order of the questions), and a staircase
    /// with an overlap: every format of `check`
    /// and the plan `compile` writes are the same for 1, 2 and 7 slices.
    @Test(arguments: [["partitioned", "--collaborations", "3"], ["partitioned", "--collaborations", "3", "--break-scenario"],
                      ["staircase", "--facts", "8", "--break", "overlap"]])
    func theOutputIsTheSameForAnyNumberOfThreads(_ shape: [String]) throws {
        let breaks = shape.last == "--break-scenario"
        let directory = try generated(breaks ? Array(shape.dropLast()) : shape)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        if breaks {
            let file = rules.appendingPathComponent("c0001.yaml")
            var text = try String(contentsOf: file, encoding: .utf8)
            let range = try #require(text.range(of: "customer.region: r2"))
            text.replaceSubrange(range, with: "customer.regoin: r2")
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        var first: [String: CommandRunner.Result] = [:]
        for threads in ["1", "2", "7"] {
            for format in ["text", "json", "sarif", "github"] {
                let result = try CommandRunner.run(["check", rules.path, "--format", format, "--threads", threads])
                #expect(result.status == (shape.count == 3 ? 0 : 1), "\(result.stdout)")
                if let alone = first[format] {
                    #expect(result.stdout == alone.stdout && result.stderr == alone.stderr && result.status == alone.status,
                            "\(format), \(threads) threads:\n\(result.stdout)")
                } else {
                    first[format] = result
                }
            }
            let plan = directory.appendingPathComponent("plan-\(threads).json").path
            let compiled = try CommandRunner.run(["compile", rules.path, "-o", plan, "--threads", threads])
            #expect(compiled.status == (shape.count == 3 ? 0 : 1), "\(compiled.stdout)\(compiled.stderr)")
            if shape.count == 3 {
                #expect(try Data(contentsOf: URL(fileURLWithPath: plan)) == Data(contentsOf: directory.appendingPathComponent("plan-1.json")))
            }
        }
        if breaks {
            let text = (first["text"]?.stdout ?? "") + (first["text"]?.stderr ?? "")
            #expect(text.contains("did you mean 'customer.region'"), "\(text)")
        }
    }

    /// Each scenario slice reads the texts checked before the scenarios
    /// (here 3 000 emails with placeholders) without copying them: memory
    /// does not grow with the number of slices. Copied per slice, 64 slices
    /// held 64 copies (a review measured 92 MB with one thread, 897 MB with
    /// 256, for 20 000 emails). Peak memory from `wait4`, not time.
    @Test func memoryDoesNotGrowWithTheNumberOfThreads() throws {
        let directory = try generated(["partitioned", "--collaborations", "2"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        var emails = ""
        for index in 0 ..< 3_000 {
            emails += "---\nkind: email\nid: extra-\(index)\nto: customer.email\nsubject: \"{{customer.name}} \(index)\"\n"
            emails += "body: |\n  Hello {{customer.name}}, {{office.name}} writes ({{customer.payroll}}).\n"
        }
        try emails.write(to: rules.appendingPathComponent("emails.yaml"), atomically: true, encoding: .utf8)
        var peaks: [String: Int] = [:]
        for threads in ["1", "64"] {
            let run = try CommandRunner.peakMemory(["check", rules.path, "--threads", threads])
            // 0, or 1 for the unused emails' warnings.
            #expect(run.status == 0 || run.status == 1)
            peaks[threads] = run.peakKiB
        }
        let one = try #require(peaks["1"]), many = try #require(peaks["64"])
        #expect(Double(many) <= Double(one) * 1.15, "\(one) KiB with 1 thread, \(many) KiB with 64")
    }
}

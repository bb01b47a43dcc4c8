import Foundation
import Testing
import TillvalSyntax
import TillvalTestSupport

/// Issue 7, the attacks on the hardened binary ("every check linear, output
/// bounded, messages echo only an excerpt, nothing hangs"), each replayed
/// through the real binary.
@Suite final class HostileInputAttackTests {
    let directory: URL

    init() throws {
        directory = try CommandRunner.temporaryDirectory()
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ text: String, _ name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A copy of the shipped rule set, to add files to.
    func copyOfRules() throws -> String {
        let rules = directory.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("Rules"), to: rules)
        return rules.path
    }

    static func longestLine(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(\.utf8.count).max() ?? 0
    }

    // MARK: Point 1: ids of a megabyte in hints and messages

    /// 20 products whose ids are 100 000 letters, and one product that
    /// includes 100 unknown ones: each unknown reference used to list eight
    /// whole ids in its "known: …" hint (80 MB of output here; 3.2 GB with
    /// the attack's 1 MB ids and 400 references).
    @Test func longIdsAreRefusedAndEveryHintStaysBounded() throws {
        let rules = try copyOfRules()
        for (index, letter) in "abcdefghijklmnopqrst".enumerated() {
            _ = try write("kind: product\nid: \(String(repeating: letter, count: 100_000))\nname: Product \(index)\n",
                          "Rules/products/long-\(index).yaml")
        }
        let includes = (0..<100).map { "nope\($0)" }.joined(separator: ", ")
        _ = try write("kind: product\nid: victim\nname: Victim\nincludes: [\(includes)]\n", "Rules/products/victim.yaml")
        let result = try CommandRunner.run(["check", rules], timeout: 300)
        let output = result.stdout + result.stderr
        #expect(!result.timedOut)
        #expect(result.status == 1, "\(output.prefix(2000))")
        #expect(output.contains("is not an identifier: an identifier is at most 128 characters, this one has 100000"), "\(output.prefix(2000))")
        #expect(output.contains("error[E0301]: unknown product 'nope0'"), "\(output.prefix(2000))")
        // Eight names of the 23, each cut to 64 letters, and a count of the rest.
        #expect(output.contains("known: \(String(repeating: "a", count: 64))…, "), "\(output.prefix(2000))")
        #expect(output.contains(" and 15 more"), "\(output.prefix(2000))")
        #expect(!output.contains(String(repeating: "a", count: 200)), "the snippet window is bounded too")
        #expect(output.utf8.count < 250_000, "\(output.utf8.count) bytes")
        #expect(Self.longestLine(output) < 1_000)
    }

    // MARK: Point 2: request diagnostics echo an excerpt

    static let customer = #"customer: {id: "556012-3456", name: Bageri, email: a@b.se, relation: registered, tasks: [Lön]}"# + "\noffice: {name: Byrå}\n"

    @Test(arguments: [
        ("E1005", "product: \(String(repeating: "p", count: 100_000))\n"),
        ("E1008", "product: min-lon\ncollaboration: \(String(repeating: "c", count: 100_000))\n"),
        ("E1006", "product: min-lon\ntask: \(String(repeating: "t", count: 100_000))\n"),
        ("E1001", "product: min-lon\n\(String(repeating: "k", count: 1_000)): 1\n"),
    ])
    func aLongRequestValueIsEchoedAsAnExcerpt(_ code: String, _ rest: String) throws {
        let request = try write(Self.customer + rest, "long.yaml")
        let result = try CommandRunner.run(["plan", request])
        #expect(result.status == 65, "\(result.stdout.prefix(2000))")
        #expect(result.stdout.contains("error[\(code)]"), "\(result.stdout.prefix(2000))")
        #expect(Self.longestLine(result.stdout) < 400, "\(result.stdout.prefix(2000))")
        #expect(result.stdout.utf8.count < 5_000)
    }

    // MARK: Point 3: hidden characters cannot split customers

    @Test(arguments: [
        #"id: "556012-3456\u200B""#, #"id: "\uFEFF556012-3456""#, #"id: "556012\u202E-3456""#,
        #"id: "556012\u20283456""#, #"id: "556012\u00A03456""#, #"id: "556012\u30003456""#,
        #"id: "   ""#, #"id: " 556012-3456""#, #"id: "556012-3456 ""#, #"id: "cafe\u0301""#,
        #"id: "1", name: "Bageri\u202E AB""#, #"id: "1", name: " Bageri""#, #"id: "1", name: "   ""#,
        #"id: "1", name: "Bageri\u2029AB""#,
    ])
    func aHiddenCharacterOrStrayWhiteSpaceIsRefused(_ given: String) throws {
        let name = given.contains("name:") ? "" : ", name: Bageri"
        let request = try write("customer: {\(given)\(name), email: a@b.se, relation: registered, tasks: [Lön]}\noffice: {name: Byrå}\nproduct: min-lon\n", "hidden.yaml")
        let result = try CommandRunner.run(["plan", request])
        #expect(result.status == 65, "\(given): \(result.stdout)")
        #expect(result.stdout.contains("error[E1013]"), "\(given): \(result.stdout)")
    }

    @Test func idsInComposedFormAndNamesWithInnerSpacesAreAccepted() throws {
        let request = try write(#"customer: {id: "caf\u00E9-1", name: "Bageri  Nord AB", email: a@b.se, relation: registered, tasks: [Lön]}"#
                                + "\noffice: {name: Byrå Syd}\nproduct: min-lon\n", "fine.yaml")
        let result = try CommandRunner.run(["plan", request])
        #expect(result.status == 0, "\(result.stdout)")
    }

    // MARK: Point 4: a FIFO among the rule files

    @Test func aFIFOAmongTheRuleFilesIsNeverOpened() throws {
        let rules = try copyOfRules()
        let fifo = rules + "/products/f.yaml"
        #expect(mkfifo(fifo, 0o600) == 0)
        for target in [rules + "/products/min-lon.yaml", fifo, rules] {
            // A hang guard: the FIFO has no writer, so opening it would block for ever.
            let result = try CommandRunner.run(["check", target], timeout: 20)
            let output = result.stdout + result.stderr
            #expect(!result.timedOut, "check \(target) hung")
            if target == rules + "/products/min-lon.yaml" {
                // The file itself is fine; the FIFO is counted with the rest of the rule set.
                #expect(result.status == 0 && output.contains("the rest of '\(rules)' has 1 error"), "\(output)")
            } else {
                #expect(result.status == 66, "\(target): \(output)")
                #expect(output.contains("error[E0001]: '\(fifo)' is not a regular file, so it is not read"), "\(target): \(output)")
            }
        }
    }

    // MARK: Point 5: plan files have a size limit

    @Test func aPlanFileLargerThanTheLimitIsNotRead() throws {
        let plan = directory.appendingPathComponent("plan.json").path
        let compiled = try CommandRunner.run(["compile", "Rules", "-o", plan])
        #expect(compiled.status == 0, "\(compiled.stdout)\(compiled.stderr)")
        let example = Repository.path("Examples/registered-min-lon.yaml")
        let refused = try CommandRunner.run(["plan", "--plan", plan, "--max-plan-size", "1K", example])
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("error[E1101]: plan file '\(plan)' is "), "\(refused.stderr)")
        #expect(refused.stderr.contains("plan files are limited to 1 KiB, so it is not read"), "\(refused.stderr)")
        // The largest limit there is must not overflow "one more than the limit".
        let largest = try CommandRunner.run(["plan", "--plan", plan, "--max-plan-size", "\(Int.max)", example])
        #expect(largest.status == 0, "\(largest.stderr)")
        let read = try CommandRunner.run(["plan", "--plan", plan, example])
        #expect(read.status == 0, "\(read.stdout)")
        let fifo = directory.appendingPathComponent("plan-fifo.json").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let pipe = try CommandRunner.run(["plan", "--plan", fifo, example], timeout: 20)
        #expect(!pipe.timedOut && pipe.status == 66, "\(pipe.stdout)")
    }

    // MARK: Point 7: request diagnostics are capped per run

    @Test func requestDiagnosticsAreCappedPerRun() throws {
        let requests = try write(String(repeating: "{}\n", count: 400), "empty.jsonl")
        let result = try CommandRunner.run(["plan", requests])
        #expect(result.status == 65)
        #expect(result.stdout.components(separatedBy: "error[E").count - 1 == 500, "\(result.stdout.suffix(2000))")
        #expect(result.stdout.contains("more request diagnostics not shown (at most 500 per run)"), "\(result.stdout.suffix(2000))")
        #expect(result.stdout.contains("400 invalid"), "\(result.stdout.suffix(2000))")

        // outbox requeue shares the cap.
        let store = directory.appendingPathComponent("store.sqlite").path
        let applied = try CommandRunner.run(["apply", "Examples/registered-min-lon.yaml", "--store", store])
        #expect(applied.status == 0, "\(applied.stderr)")
        let requeued = try CommandRunner.run(["outbox", "requeue", requests, "--store", store])
        #expect(requeued.status == 65, "\(requeued.stderr)")
        #expect(requeued.stdout.components(separatedBy: "error[E").count - 1 == 500, "\(requeued.stdout.suffix(2000))")
        #expect(requeued.stdout.contains("more request diagnostics not shown (at most 500 per run)"), "\(requeued.stdout.suffix(2000))")
    }
}

extension HostileInputAttackTests {
    // MARK: Point 6: a key longer than libyaml reads

    @Test(arguments: ["json", "yaml"])
    func aKeyLongerThanLibyamlReadsIsSaidToBeTooLong(_ ext: String) throws {
        let key = String(repeating: "k", count: 100_000)
        let text = ext == "json" ? #"{"\#(key)": 1}"# + "\n" : "\(key): 1\n"
        let request = try write(text, "long-key.\(ext)")
        let result = try CommandRunner.run(["plan", request])
        #expect(result.status == 65, "\(result.stdout.prefix(2000))")
        #expect(result.stdout.contains("error[E0004]: invalid YAML: a key of 100000 characters; YAML reads keys of at most 1024 characters"),
                "\(result.stdout.prefix(3000))")
    }
}

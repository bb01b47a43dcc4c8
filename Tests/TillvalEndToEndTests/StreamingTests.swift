import Foundation
import Testing
import TillvalTestSupport

/// Issue 11, point 1: `plan`, `apply`, `diff --requests` and `outbox
/// requeue` stream a batch, so the memory of a run does not grow with its
/// number of requests. Not timed: each test compares the peak resident
/// memory the kernel counted for a run of N requests and of 10·N (a run
/// that kept every result needed some 35 KB more per request: tens of
/// megabytes more for 10·N).
@Suite(.serialized) struct StreamingTests {
    /// `count` JSON Lines requests for the shipped rules, every relation and both products.
    static func requests(_ count: Int, in directory: URL) throws -> String {
        let relations = ["registered", "not-registered", "has-subscription"]
        let products = ["min-lon", "lon-anstalld"]
        var text = ""
        for index in 0..<count {
            let id = String(format: "%06d-%04d", index, index % 10_000)
            text += #"{"office": {"name": "Byrå \#(index % 7)"}, "customer": {"id": "\#(id)", "name": "Kund \#(index) AB", "#
                + #""email": "kund\#(index)@example.se", "relation": "\#(relations[index % 3])", "tasks": ["Löneadministration 2026"]}, "#
                + #""product": "\#(products[index % 2])"}"# + "\n"
        }
        let path = directory.appendingPathComponent("requests-\(count).jsonl").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The peak memory of `arguments` run on N and on 10·N requests (the request file is the first argument's place).
    static func peaks(_ arguments: [String], count: Int) throws -> (small: Int, large: Int) {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var peaks: [Int] = []
        for size in [count, 10 * count] {
            let file = try requests(size, in: directory)
            let store = directory.appendingPathComponent("store-\(size).sqlite").path
            let run = try CommandRunner.peakMemory(arguments.map { $0 == "REQUESTS" ? file : $0 == "STORE" ? store : $0 }
                                                   + ["--rules", Repository.path("Rules")])
            #expect(run.status == 0 || run.status == 2, "\(arguments): exit \(run.status)")
            peaks.append(run.peakKiB)
        }
        return (peaks[0], peaks[1])
    }

    @Test(arguments: [["plan", "REQUESTS", "--format", "json"], ["plan", "REQUESTS"], ["plan", "REQUESTS", "--format", "markdown"]])
    func planMemoryDoesNotGrowWithTheBatch(_ arguments: [String]) throws {
        let peaks = try Self.peaks(arguments, count: 200)
        #expect(peaks.small > 0)
        #expect(Double(peaks.large) <= Double(peaks.small) * 1.10, "\(arguments): \(peaks.small) KiB for 200 requests, \(peaks.large) KiB for 2000")
    }

    /// From 2 000 requests on: a fresh store's run grows by some 10 MB over its first 2 000 (SQLite's and the
    /// allocator's caches filling: 39 MB for 50, 44 MB for 500, 50 MB for 2 000, 5 000 and 20 000 requests), then stays flat.
    @Test func applyMemoryDoesNotGrowWithTheBatch() throws {
        let peaks = try Self.peaks(["apply", "REQUESTS", "--store", "STORE", "--format", "json"], count: 2_000)
        #expect(Double(peaks.large) <= Double(peaks.small) * 1.10, "\(peaks.small) KiB for 2000 requests, \(peaks.large) KiB for 20000")
    }

    /// `diff --requests` binds and plans each request against both sides as it reads it and keeps only the counts and
    /// the first 200 changed requests' lines: every request here gets another email, so the large batch has 2 800 more
    /// changes than lines. (Collecting the batch first took some 4 KB per request: about 12 MB more for 3 000.)
    @Test func diffMemoryDoesNotGrowWithTheBatch() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let head = directory.appendingPathComponent("head")
        try FileManager.default.copyItem(atPath: Repository.path("Rules"), toPath: head.path)
        for (file, old, new) in [("approve-collaboration", "invites you to a collaboration in", "invites you to work together in"),
                                 ("approve-terms", "has activated", "switched on")] {
            let email = head.appendingPathComponent("emails/\(file).yaml")
            let text = try String(contentsOf: email, encoding: .utf8)
            #expect(text.contains(old), "\(file) holds no \(old)")
            try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: email)
        }
        var peaks: [Int] = []
        for size in [300, 3_000] {
            let file = try Self.requests(size, in: directory)
            let arguments = ["diff", Repository.path("Rules"), head.path, "--requests", file]
            let run = try CommandRunner.peakMemory(arguments)
            #expect(run.status == 2, "diff --requests: exit \(run.status)")
            peaks.append(run.peakKiB)
            if size == 3_000 {
                let report = try CommandRunner.run(arguments, timeout: 300)
                #expect(report.stdout.contains("\n  3000 customers: 0 change scenario, 3000 get another email, 0 now invalid\n")
                        && report.stdout.hasSuffix("\n  and 2800 more\n"), "\(report.stdout.prefix(2_000))")
            }
        }
        #expect(Double(peaks[1]) <= Double(peaks[0]) * 1.10, "\(peaks[0]) KiB for 300 requests, \(peaks[1]) KiB for 3000")
    }

    /// `outbox requeue` reads, plans, requeues and prints one request at a time, into a store the large batch was
    /// applied to. (Collecting the batch first took some 4 KB per request.)
    @Test func requeueMemoryDoesNotGrowWithTheBatch() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.sqlite").path
        let small = try Self.requests(300, in: directory), large = try Self.requests(3_000, in: directory)
        let applied = try CommandRunner.peakMemory(["apply", large, "--store", store, "--rules", Repository.path("Rules")])
        #expect(applied.status == 0, "apply: exit \(applied.status)")
        var peaks: [Int] = []
        for file in [small, large] {
            let run = try CommandRunner.peakMemory(["outbox", "requeue", file, "--store", store, "--rules", Repository.path("Rules")])
            #expect(run.status == 0, "outbox requeue: exit \(run.status)")
            peaks.append(run.peakKiB)
        }
        let summary = try CommandRunner.run(["outbox", "requeue", large, "--store", store, "--rules", Repository.path("Rules")], timeout: 300)
        #expect(summary.stdout.hasSuffix("\n3000 requests, emails: 3000 unchanged\n"), "\(summary.stdout.suffix(500))")
        #expect(Double(peaks[1]) <= Double(peaks[0]) * 1.10, "\(peaks[0]) KiB for 300 requests, \(peaks[1]) KiB for 3000")
    }

    /// A group holds no request's lines (an apply result quotes none) and commits early once its requests' bytes
    /// pass 16 MiB: 150 requests each padded with spaces to 400 KB peak the same with `--group-size 1000` as with 1.
    /// (Keeping each queued request's lines until its group committed added the whole 60 MB input to the peak.)
    @Test func applyMemoryDoesNotGrowWithTheGroupSize() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = try String(contentsOfFile: Self.requests(150, in: directory), encoding: .utf8).split(separator: "\n")
        let padded = lines.map { line in
            String(line.dropLast(1)) + String(repeating: " ", count: 400_000 - line.utf8.count) + "}\n"
        }.joined()
        let file = directory.appendingPathComponent("padded.jsonl").path
        try Data(padded.utf8).write(to: URL(fileURLWithPath: file))
        var peaks: [Int] = []
        for size in ["1", "1000"] {
            let store = directory.appendingPathComponent("store-\(size).sqlite").path
            let run = try CommandRunner.peakMemory(["apply", file, "--store", store, "--group-size", size, "--format", "json",
                                                    "--rules", Repository.path("Rules")])
            #expect(run.status == 0, "--group-size \(size): exit \(run.status)")
            peaks.append(run.peakKiB)
        }
        #expect(Double(peaks[1]) <= Double(peaks[0]) * 1.25 + 8_192, "\(peaks[0]) KiB with --group-size 1, \(peaks[1]) KiB with 1000")
    }
}

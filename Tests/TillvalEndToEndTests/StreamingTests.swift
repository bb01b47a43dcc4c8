import Foundation
import Testing
import TillvalTestSupport

/// Issue 11, point 1: `plan` and `apply` stream a batch, so the memory of a
/// run does not grow with its number of requests. Not timed: each test
/// compares the peak resident memory the kernel counted for a run of N
/// requests and of 10·N (a run that kept every result needed some 35 KB
/// more per request: tens of megabytes more for 10·N).
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

    @Test func applyMemoryDoesNotGrowWithTheBatch() throws {
        let peaks = try Self.peaks(["apply", "REQUESTS", "--store", "STORE", "--format", "json"], count: 50)
        #expect(Double(peaks.large) <= Double(peaks.small) * 1.10, "\(peaks.small) KiB for 50 requests, \(peaks.large) KiB for 500")
    }
}

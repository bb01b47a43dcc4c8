import Foundation
import Testing
import TillvalTestSupport

/// Standard input is read as it arrives: a slow producer's requests are
/// reported as they come, not at the end of the input. Not timed: each step
/// waits for the expected output with a generous hang guard.
@Suite(.serialized) struct SlowInputTests {
    static func request(_ index: Int) -> String {
        #"{"office": {"name": "Byrå"}, "customer": {"id": "55\#(index)456-7890", "name": "Kund \#(index) AB", "#
            + #""email": "kund\#(index)@example.se", "relation": "registered", "tasks": ["Löneadministration 2026"]}, "product": "min-lon"}"#
            + "\n"
    }

    /// A child whose standard input and output are pipes.
    final class Child {
        let process = Process()
        let input = Pipe(), output = Pipe()
        var seen = Data()

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
            process.arguments = arguments
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func write(_ text: String) {
            input.fileHandleForWriting.write(Data(text.utf8))
        }

        /// Reads standard output until it holds `needle` (true) or it ends, or a hang guard of 120 s passes (false).
        func waitFor(_ needle: String) -> Bool {
            let descriptor = output.fileHandleForReading.fileDescriptor
            let guardUntil = Date().addingTimeInterval(120)
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while !String(decoding: seen, as: UTF8.self).contains(needle) {
                guard Date() < guardUntil else { return false }
                var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&waiting, 1, 1000) >= 0 else { return false }
                if waiting.revents == 0 { continue }
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count <= 0 { return false }
                seen.append(contentsOf: buffer[0..<count])
            }
            return true
        }

        func end() -> Int32 {
            if process.isRunning { try? input.fileHandleForWriting.close() }
            _ = waitFor("\u{0}never")
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// `plan -` and `apply -` (whose group of 1000 commits when the input has nothing more to read right now):
    /// two requests are reported before the third is written.
    @Test(arguments: [["plan", "-"], ["apply", "-", "--store", "STORE"]])
    func requestsAreReportedAsTheyArrive(_ arguments: [String]) throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.sqlite").path
        let child = try Child(arguments.map { $0 == "STORE" ? store : $0 } + ["--rules", Repository.path("Rules"), "--format", "json"])
        child.write(Self.request(1) + Self.request(2))
        let early = child.waitFor("552456-7890")
        #expect(early, "\(arguments): no result before the input ended: \(String(decoding: child.seen, as: UTF8.self))")
        child.write(Self.request(3))
        let status = child.end()
        let text = String(decoding: child.seen, as: UTF8.self)
        #expect(status == 0 && text.contains("551456-7890") && text.contains("553456-7890"), "\(arguments): exit \(status)\n\(text)")
    }

    /// A byte order mark before JSON Lines on standard input is skipped before the layout is guessed,
    /// as it is for a `.jsonl` file.
    @Test func aByteOrderMarkBeforeJSONLinesOnStandardInput() throws {
        let run = try CommandRunner.run(["plan", "-", "--rules", Repository.path("Rules")],
                                        stdin: "\u{FEFF}" + Self.request(1) + Self.request(2), timeout: 120)
        #expect(run.status == 0 && !run.stderr.contains("E0004") && !run.stdout.contains("E0004"), "exit \(run.status)\n\(run.stdout)\n\(run.stderr)")
    }
}

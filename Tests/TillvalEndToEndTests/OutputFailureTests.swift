import Foundation
import Testing
import TillvalTestSupport

/// Standard output that cannot be written — here `/dev/full`, a disk with
/// no space left — ends any command with exit 74 and one line on standard
/// error, where `FileHandle.write` crashed the binary (a trap, exit 132).
/// What `apply` committed before stays committed, and a request is applied once.
@Suite struct OutputFailureTests {
    static let message = "tillval: cannot write to standard output: No space left on device\n"

    /// `tillval ARGUMENTS > /dev/full`, through a shell.
    static func intoAFullDisk(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandRunner.Result {
        try CommandRunner.run(["-c", "exec \"$0\" \"$@\" > /dev/full", CommandRunner.binary] + arguments,
                              executable: "/bin/sh", environment: environment)
    }

    @Test(arguments: [["check", "Rules"], ["check", "Rules", "--format", "json"], ["compile", "Rules", "-o", "-"],
                      ["plan", "Examples/registered-min-lon.yaml"], ["plan", "Examples/registered-min-lon.yaml", "--format", "json"],
                      ["explain", "E0001"]])
    func aCommandWhoseOutputCannotBeWrittenExits74(_ arguments: [String]) throws {
        let result = try Self.intoAFullDisk(arguments)
        #expect(result.status == 74, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasSuffix(Self.message), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("crashed"), "\(arguments)")
    }

    @Test func applyKeepsWhatItCommittedAndAppliesItOnce() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.sqlite").path
        let now = ["TILLVAL_NOW": "2026-11-29T10:00:00Z"]
        let failed = try Self.intoAFullDisk(["apply", "Examples/registered-min-lon.yaml", "--store", store, "--format", "json"],
                                            environment: now)
        #expect(failed.status == 74, "\(failed.stderr)")
        #expect(failed.stderr == Self.message)
        // Whatever the failed run committed stays, and each request is applied once: the next run
        // applies what is missing, and the one after it finds everything applied.
        let next = try CommandRunner.run(["apply", "Examples/registered-min-lon.yaml", "--store", store, "--format", "json"],
                                         environment: now)
        #expect(next.status == 0, "\(next.stderr)")
        let again = try CommandRunner.run(["apply", "Examples/registered-min-lon.yaml", "--store", store, "--format", "json"],
                                          environment: now)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("\"status\" : \"unchanged\""), "\(again.stdout)")
        #expect(!again.stdout.contains("\"status\" : \"applied\""), "\(again.stdout)")
    }
}

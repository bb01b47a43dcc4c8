import Foundation
import Testing
import TillvalTestSupport

/// Issue 8, section 4: exit codes are written in one place
/// (Sources/tillval/ExitCodes.swift). Each command's help ends with the
/// codes it exits with, generated from there: every one is a code
/// `tillval --help` documents, no help text lists codes by hand, and real
/// runs exit with codes their command's help lists.
@Suite struct ExitCodeHelpTests {
    static let commands: [[String]] = [
        ["check"], ["compile"], ["plan"], ["apply"], ["status"], ["approve"], ["explain"], ["test"], ["diff"],
        ["outbox", "list"], ["outbox", "deliver"], ["outbox", "requeue"],
    ]

    /// The codes `command`'s help lists, with their meanings.
    static func listed(_ command: [String]) throws -> [(code: Int, meaning: String)] {
        let help = try CommandRunner.run(command + ["--help"])
        #expect(help.status == 0, "tillval \(command.joined(separator: " ")) --help exited \(help.status)")
        return SetupTests.helpExitCodes(help.stdout)
    }

    @Test func everyCommandsHelpListsDocumentedCodesOnly() throws {
        let documented = SetupTests.helpExitCodes(try CommandRunner.run(["--help"]).stdout).map(\.code)
        #expect(!documented.isEmpty)
        var used = Set<Int>()
        var golden = ""
        for command in Self.commands {
            let name = command.joined(separator: " ")
            let help = try CommandRunner.run(command + ["--help"]).stdout
            let listed = SetupTests.helpExitCodes(help)
            #expect(!listed.isEmpty, "tillval \(name) --help lists no exit codes:\n\(help)")
            #expect(listed.map(\.code) == listed.map(\.code).sorted(), "\(name): codes out of order")
            #expect(listed.first?.code == 0 && listed.contains { $0.code == 64 }, "\(name): 0 and 64 apply to every command")
            for entry in listed {
                #expect(documented.contains(entry.code), "\(name) --help lists \(entry.code), which tillval --help does not document")
                #expect(!entry.meaning.isEmpty)
            }
            used.formUnion(listed.map(\.code))
            // The prose above the list names no exit code by hand.
            let prose = help.components(separatedBy: "Exit codes:").first ?? help
            #expect(prose.range(of: #"\bexit(s| code is| code)? \(?[0-9]"#, options: .regularExpression) == nil,
                    "\(name) --help names an exit code outside its generated list:\n\(prose)")
            for line in help.split(separator: "\n") where line.hasPrefix("  ") && Int(line.split(separator: " ").first ?? "") != nil {
                #expect(line.count <= 80, "\(name): exit-code line longer than 80 columns: \(line)")
            }
            golden += "tillval \(name)\n" + listed.map { "  \($0.code)  \($0.meaning)\n" }.joined() + "\n"
        }
        // Every documented code is one some command exits with.
        #expect(used == Set(documented), "commands use \(used.sorted()); tillval --help documents \(documented)")
        let mismatch = Repository.compareGolden(golden, "Tests/Fixtures/help/exit-codes.txt")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    /// Real runs, each of whose exit code the command's help must list.
    @Test func realRunsExitWithCodesTheirHelpLists() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing").path
        let store = directory.appendingPathComponent("store.sqlite").path
        let clock = ["TILLVAL_NOW": "2026-11-29T10:00:00Z"]
        let runs: [(command: [String], arguments: [String], environment: [String: String], expected: Int32)] = [
            (["check"], ["Rules"], [:], 0),
            (["check"], [missing], [:], 66),
            (["check"], [CompileFixtures.rules("e0301-unknown-product")], [:], 1),
            (["compile"], [missing], [:], 66),
            (["plan"], ["Examples/not-registered-min-lon.yaml"], [:], 0),
            (["plan"], [missing + ".yaml"], [:], 66),
            (["plan"], ["Tests/Fixtures/requests/e1003-wrong-type.yaml"], [:], 65),
            (["status"], ["--store", missing], [:], 66),
            (["approve"], ["556677-8899", "--store", missing], [:], 66),
            (["outbox", "list"], ["--store", missing], [:], 66),
            (["outbox", "deliver"], ["--to-dir", directory.path, "--store", missing], [:], 66),
            (["outbox", "requeue"], ["Examples/batch.yaml", "--store", missing], [:], 66),
            (["explain"], ["E9999"], [:], 64),
            (["test"], ["Tests/Fixtures/ruletests/rules"], [:], 0),
            (["test"], ["Tests/Fixtures/ruletests/rules", "--tests", "Tests/Fixtures/ruletests/broken"], [:], 1),
            (["test"], [missing], [:], 66),
            (["test"], ["Rules", "--min-coverage", "101"], [:], 64),
            (["diff"], ["Rules", "Rules"], [:], 0),
            (["diff"], ["Tests/Fixtures/baselines/minimal", "Rules"], [:], 2),
            (["diff"], [CompileFixtures.rules("e0301-unknown-product"), "Rules"], [:], 1),
            (["diff"], ["Rules", "--format", "yaml"], [:], 64),
            (["diff"], ["Rules", "--requests", "Tests/Fixtures/requests/e1003-wrong-type.yaml"], [:], 65),
            (["diff"], [missing, "Rules"], [:], 66),
            (["apply"], ["Examples/not-registered-min-lon.yaml", "--store", store], clock, 0),
            (["apply"], ["Examples/not-registered-min-lon.yaml", "--store", store], ["TILLVAL_NOW": "soon"], 64),
            (["status"], ["no-such-customer", "--store", store], clock, 1),
            (["approve"], ["no-such-customer", "--store", store], clock, 1),
        ]
        for run in runs {
            let result = try CommandRunner.run(run.command + run.arguments, environment: run.environment)
            let name = (run.command + run.arguments).joined(separator: " ")
            #expect(result.status == run.expected, "tillval \(name) exited \(result.status):\n\(result.stderr)")
            let listed = try Self.listed(run.command).map(\.code)
            #expect(listed.contains(Int(result.status)), "tillval \(name) exited \(result.status), which its help does not list (\(listed))")
        }
    }
}

import Foundation
import GRDB
import Testing
import TillvalTestSupport

/// `apply`, `status`, `approve` and `outbox` through the real binary, on a
/// real SQLite file, read back independently of the store's own API.
@Suite final class ApplyCommandTests {
    /// The temporary directory, its store and the fixed clock: the shared set-up (Tests/TillvalTestSupport).
    let sandbox: StoreSandbox
    var directory: URL { sandbox.directory }
    var store: String { sandbox.storePath }

    init() throws {
        sandbox = try StoreSandbox()
    }

    func tillval(_ arguments: [String]) throws -> CommandRunner.Result {
        try sandbox.tillval(arguments)
    }

    func dump() throws -> String { try sandbox.dump() }
    func count(_ table: String) throws -> Int { try sandbox.count(table) }

    /// Without `--store`, the store is `.tillval/store.sqlite` in the working
    /// directory (README, "Commands"), for `apply` and for the commands that read it.
    @Test func withoutAStoreOptionTheStoreIsInTheWorkingDirectory() throws {
        let environment = ["TILLVAL_NOW": StoreSandbox.applyTime]
        let applied = try CommandRunner.run(["apply", Repository.path("Examples/registered-min-lon.yaml"), "--rules", Repository.path("Rules")],
                                            in: directory.path, environment: environment)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(".tillval/store.sqlite").path))
        let status = try CommandRunner.run(["status", "556456-7890"], in: directory.path, environment: environment)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.hasPrefix("Customer 556456-7890, first seen 2026-11-29 10:00 UTC\n"), "\(status.stdout)")
    }

    @Test func applyTwiceChangesNothingTheSecondTime() throws {
        let first = try tillval(["apply", "Examples/not-registered-min-lon.yaml"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("1 request: 1 applied"))
        let afterFirst = try dump()
        #expect(try count("outbox") == 1)
        #expect(try count("administrators") == 1)

        let second = try tillval(["apply", "Examples/not-registered-min-lon.yaml"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("already active since 2026-11-29 10:00 UTC"))
        #expect(second.stdout.contains("1 request: 1 unchanged"))
        #expect(try dump() == afterFirst)
        #expect(try count("outbox") == 1, "no second email")
    }

    @Test func applyApproveStatus() throws {
        #expect(try tillval(["apply", "Examples/registered-min-lon.yaml"]).status == 0)
        let pending = try tillval(["status", "556456-7890"])
        #expect(pending.status == 0)
        #expect(pending.stdout.contains("pending approval"))
        #expect(pending.stdout.contains("Visma Lön Anställd, restricted to Visma Min Lön"))

        let approve = try tillval(["approve", "556456-7890"])
        #expect(approve.status == 0, "\(approve.stderr)")
        let approved = try tillval(["status", "556456-7890"])
        #expect(approved.stdout.contains("approved"))
        #expect(!approved.stdout.contains("pending approval"))

        let again = try tillval(["approve", "556456-7890"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already approved"))

        let before = try dump()
        let reapply = try tillval(["apply", "Examples/registered-min-lon.yaml"])
        #expect(reapply.status == 0, "a collaboration already approved is unchanged: \(reapply.stdout)")
        #expect(reapply.stdout.contains("unchanged, applied under plan sha256:"))
        #expect(try dump() == before)
        #expect(try tillval(["status", "no-such-customer"]).status == 1)
    }

    @Test(arguments: ["e1001-unknown-fact", "e1003-wrong-type", "e1004-value-not-allowed", "e1005-product-not-offered",
                      "e1006-task-not-customers", "e1007-task-required", "e1009-invalid-email", "e1013-line-break-in-name", "e1013-two-customers-one-id"])
    func aBadRequestLeavesTheStoreUntouched(_ fixture: String) throws {
        #expect(try tillval(["apply", "Examples/has-subscription-lon-anstalld.yaml"]).status == 0)
        let before = try dump()
        let result = try tillval(["apply", "Tests/Fixtures/requests/\(fixture).yaml"])
        #expect(result.status == 65)
        #expect(result.stdout.contains("error[E1"))
        #expect(try dump() == before)
    }

    @Test func anUnmetPreconditionAppliesNothing() throws {
        let result = try tillval(["apply", "Examples/no-task.yaml"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("[UNMET] connected-task"))
        #expect(try count("customers") == 0)
        #expect(try count("collaborations") == 0)
    }

    @Test func aConflictIsRefusedAndChangesNothing() throws {
        #expect(try tillval(["apply", "Examples/registered-min-lon.yaml"]).status == 0)
        let before = try dump()
        let other = directory.appendingPathComponent("other-product.yaml")
        let text = try String(contentsOfFile: Repository.path("Examples/registered-min-lon.yaml"), encoding: .utf8)
        try text.replacingOccurrences(of: "product: min-lon", with: "product: lon-anstalld").write(to: other, atomically: true, encoding: .utf8)
        let result = try tillval(["apply", other.path])
        #expect(result.status == 3)
        #expect(result.stdout.contains("nothing was applied"))
        #expect(try dump() == before)
    }

    @Test func aStreamAppliesEachGoodRequestAndReportsTheBadOne() throws {
        let result = try tillval(["apply", "Tests/Fixtures/requests/mixed-batch.jsonl", "--format", "json"])
        #expect(result.status == 65)
        #expect(try count("customers") == 1)
        struct Report: Decodable { var mode: String }
        #expect(try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8)).mode == "apply")
    }

    /// Issue 11: every request goes through `ApplyBatch` in file order, a bad
    /// one with no plan, so the results come back and are printed in file
    /// order however the requests are grouped.
    @Test func resultsArePrintedInFileOrderAcrossGroups() throws {
        func line(_ id: String, product: String = "min-lon") -> String {
            #"{"customer": {"id": "\#(id)", "name": "Kund \#(id)", "email": "k\#(id)@example.se", "relation": "registered", "#
                + #""tasks": ["Lön 2026"]}, "office": {"name": "Byrå"}, "product": "\#(product)"}"#
        }
        let batch = try sandbox.write([line("1"), line("2", product: "nope"), line("3"), line("4", product: "nope"), line("5")]
            .joined(separator: "\n") + "\n", "batch.jsonl")
        let result = try tillval(["apply", batch, "--group-size", "2", "--format", "json"])
        #expect(result.status == 65, "\(result.stdout)")
        struct Report: Decodable {
            struct Result: Decodable {
                struct Source: Decodable { var line: Int }
                var source: Source
                var status: String
            }
            var results: [Result]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.results.map(\.source.line) == [1, 2, 3, 4, 5])
        #expect(report.results.map(\.status) == ["applied", "invalid", "applied", "invalid", "applied"])
        #expect(try count("customers") == 3)
    }

    @Test func aStalePlanFileIsRefusedUnlessAllowed() throws {
        let rules = directory.appendingPathComponent("Rules")
        try FileManager.default.copyItem(atPath: Repository.path("Rules"), toPath: rules.path)
        let planFile = directory.appendingPathComponent("plan.json").path
        #expect(try tillval(["compile", rules.path, "-o", planFile]).status == 0)
        let fresh = try tillval(["apply", "Examples/registered-lon-anstalld.yaml", "--plan", planFile, "--source-rules", rules.path])
        #expect(fresh.status == 0, "\(fresh.stderr)")

        let ruleset = rules.appendingPathComponent("ruleset.yaml")
        try (String(contentsOf: ruleset, encoding: .utf8) + "# edited after compiling\n").write(to: ruleset, atomically: true, encoding: .utf8)
        let before = try dump()
        let stale = try tillval(["apply", "Examples/has-subscription-lon-anstalld.yaml", "--plan", planFile, "--source-rules", rules.path])
        #expect(stale.status == 3)
        #expect(stale.stderr.contains("--allow-stale-plan"))
        #expect(try dump() == before)
        let allowed = try tillval(["apply", "Examples/has-subscription-lon-anstalld.yaml", "--plan", planFile,
                                   "--source-rules", rules.path, "--allow-stale-plan"])
        #expect(allowed.status == 0)
    }

    @Test func outboxListsAndDeliversOnce() throws {
        #expect(try tillval(["apply", "Examples/customers.jsonl"]).status == 2)
        let list = try tillval(["outbox"])
        #expect(list.stdout.hasSuffix("5 emails queued\n"), "\(list.stdout)")
        let mail = directory.appendingPathComponent("mail").path
        let first = try tillval(["outbox", "deliver", "--to-dir", mail, "--from", "lon@byrasyd.se"])
        #expect(first.stdout.hasSuffix("5 emails delivered\n"))
        let files = try FileManager.default.contentsOfDirectory(atPath: mail).filter { $0.hasSuffix(".eml") }
        #expect(files.count == 5)
        let second = try tillval(["outbox", "deliver", "--to-dir", mail, "--from", "lon@byrasyd.se"])
        #expect(second.stdout.hasSuffix("0 emails delivered\n"))
        #expect(try tillval(["outbox"]).stdout.hasSuffix("0 emails queued\n"))
    }

    @Test func aRequestWithAYAMLProblemIsNeverAppliedAndTheOthersAre() throws {
        let result = try tillval(["apply", "Tests/Fixtures/requests/multi-document-errors.yaml"])
        #expect(result.status == 65)
        #expect(result.stdout.contains("3 requests: 1 applied, 2 invalid"))
        let customers = try DatabaseQueue(path: store).read { db in try String.fetchAll(db, sql: "SELECT id FROM customers") }
        #expect(customers == ["3"], "only the clean request reached the store")
    }

    @Test func jsonLinesOnStandardInput() throws {
        let lines = try String(contentsOfFile: Repository.path("Examples/customers.jsonl"), encoding: .utf8)
        let result = try CommandRunner.run(["plan", "-"], stdin: lines)
        #expect(result.stdout.hasSuffix("6 requests: 5 planned, 1 unmet\n"), "\(result.stdout.suffix(300))")
    }

    @Test func readingCommandsNeverCreateAStore() throws {
        for command in [["status", "556677-8899"], ["approve", "556677-8899"], ["outbox"]] {
            let result = try tillval(command)
            #expect(result.status == 66, "\(command)")
            #expect(!FileManager.default.fileExists(atPath: store), "\(command) created the store")
        }
        let missingRequest = try tillval(["apply", "no-such-request.yaml"])
        #expect(missingRequest.status == 66)
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func aPlanFileWhoseRulesCannotBeReadIsRefused() throws {
        let planFile = directory.appendingPathComponent("plan.json").path
        #expect(try tillval(["compile", "Rules", "-o", planFile]).status == 0)
        let result = try tillval(["apply", "Examples/registered-min-lon.yaml", "--plan", planFile,
                                  "--source-rules", directory.appendingPathComponent("absent").path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot tell whether the plan file is current"))
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func anUnreadableClockIsMisuse() throws {
        let result = try CommandRunner.run(["apply", "Examples/registered-min-lon.yaml", "--store", store],
                                           environment: ["TILLVAL_NOW": "last tuesday"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("TILLVAL_NOW"))
    }
}

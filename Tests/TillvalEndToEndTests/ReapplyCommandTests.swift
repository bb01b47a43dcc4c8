import Foundation
import GRDB
import Testing
import TillvalTestSupport

/// Issue 6, points 9 and 10, through the real binary on a real SQLite file:
/// re-running a batch after approving a customer or after rewording an
/// email is "unchanged"; only another product or scenario is refused, and
/// that refusal comes first; `outbox requeue` replaces undelivered emails.
@Suite final class ReapplyCommandTests {
    /// The temporary directory, its store and the fixed clock: the shared set-up (Tests/TillvalTestSupport).
    let sandbox: StoreSandbox
    var directory: URL { sandbox.directory }
    var store: String { sandbox.storePath }

    init() throws {
        sandbox = try StoreSandbox()
    }

    func tillval(_ arguments: [String], at time: String = StoreSandbox.applyTime) throws -> CommandRunner.Result {
        try sandbox.tillval(arguments, at: time)
    }

    func dump() throws -> String { try sandbox.dump() }

    /// What these tests read of an `apply --format json` report.
    struct ApplyReport: Decodable {
        struct Result: Decodable {
            struct AppliedBefore: Decodable {
                var approval: String
                var planDigest: String
                enum CodingKeys: String, CodingKey {
                    case approval
                    case planDigest = "plan-digest"
                }
            }
            var status: String
            var appliedBefore: AppliedBefore?
            enum CodingKeys: String, CodingKey {
                case status
                case appliedBefore = "applied-before"
            }
        }
        var results: [Result]

        init(_ json: String) throws {
            self = try JSONDecoder().decode(ApplyReport.self, from: Data(json.utf8))
        }
    }

    struct Email: Equatable {
        var subject: String
        var body: String
        var queuedAt: String
        var deliveredAt: String?
        var token: String
    }

    func email(_ customer: String) throws -> Email? {
        try DatabaseQueue(path: store).read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE customer_id = ?", arguments: [customer]).map { row in
                Email(subject: row["subject"], body: row["body"], queuedAt: row["queued_at"], deliveredAt: row["delivered_at"],
                      token: row["message_token"])
            }
        }
    }

    func digest(of customer: String) throws -> String? {
        try DatabaseQueue(path: store).read { db in
            try String.fetchOne(db, sql: "SELECT plan_digest FROM collaborations WHERE customer_id = ?", arguments: [customer])
        }
    }

    /// The shipped rules copied, with the wording of the approve-collaboration email changed.
    func reworded() throws -> String {
        let rules = directory.appendingPathComponent("Rules")
        try FileManager.default.copyItem(atPath: Repository.path("Rules"), toPath: rules.path)
        let file = rules.appendingPathComponent("emails/approve-collaboration.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("  Kind regards,\n"))
        try text.replacingOccurrences(of: "  Kind regards,\n", with: "  Best regards,\n")
            .write(to: file, atomically: true, encoding: .utf8)
        return rules.path
    }

    @Test func rerunningABatchAfterApprovingOneCustomerIsUnchanged() throws {
        let first = try tillval(["apply", "Examples/batch.yaml"])
        #expect(first.status == 0, "\(first.stdout)")
        #expect(try tillval(["approve", "556901-2345"], at: "2026-11-30T09:00:00Z").status == 0)
        let before = try dump()

        let again = try tillval(["apply", "Examples/batch.yaml"], at: "2026-12-01T08:00:00Z")
        #expect(again.status == 0, "\(again.stdout)")
        #expect(again.stdout.hasSuffix("3 requests: 3 unchanged\n"), "\(again.stdout)")
        #expect(again.stdout.contains("unchanged, applied under plan sha256:"))
        #expect(again.stdout.contains("on 2026-11-29 10:00 UTC; approved on 2026-11-30 09:00 UTC\n"))
        #expect(!again.stdout.contains("error:"))
        #expect(try dump() == before)
    }

    @Test func aRefusalIsPrintedFirstAsAnError() throws {
        #expect(try tillval(["apply", "Examples/registered-min-lon.yaml"]).status == 0)
        let before = try dump()
        let other = directory.appendingPathComponent("other-product.yaml")
        let text = try String(contentsOfFile: Repository.path("Examples/registered-min-lon.yaml"), encoding: .utf8)
        try text.replacingOccurrences(of: "product: min-lon", with: "product: lon-anstalld")
            .write(to: other, atomically: true, encoding: .utf8)
        let result = try tillval(["apply", other.path])
        #expect(result.status == 3)
        let lines = result.stdout.components(separatedBy: "\n")
        #expect(lines.first?.hasPrefix("Request \(other.path):") == true, "\(result.stdout)")
        #expect(lines.dropFirst().first == "  error: customer 556456-7890 already has the collaboration Digitala tillval till "
                + "Visma Lön 300/600 for Visma Min Lön (active since 2026-11-29 10:00 UTC, pending approval); this request asks for "
                + "Visma Lön Anställd; nothing was applied", "\(result.stdout)")
        #expect(result.stdout.components(separatedBy: "nothing was applied").count == 2, "said once")
        #expect(try dump() == before)

        let json = try tillval(["apply", other.path, "--format", "json"])
        #expect(json.status == 3)
        #expect(try ApplyReport(json.stdout).results.map(\.status) == ["refused"])

        // The refused report and that of a request re-applied after approval match the report schema.
        #expect(try tillval(["approve", "556456-7890"], at: "2026-11-30T09:00:00Z").status == 0)
        // Once approved, a refusal names when it was activated and when approved, each as what it is.
        let refusedAfterApproval = try tillval(["apply", other.path])
        #expect(refusedAfterApproval.status == 3)
        #expect(refusedAfterApproval.stdout.contains("(active since 2026-11-29 10:00 UTC, approved on 2026-11-30 09:00 UTC)"),
                "\(refusedAfterApproval.stdout)")
        let approved = try tillval(["apply", "Examples/registered-min-lon.yaml", "--format", "json"])
        #expect(approved.status == 0)
        let again = try #require(try ApplyReport(approved.stdout).results.first)
        #expect(again.status == "unchanged")
        #expect(again.appliedBefore?.approval == "approved")
        var reports: [String] = []
        for (name, text) in [("refused.json", json.stdout), ("approved.json", approved.stdout)] {
            let path = directory.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            reports.append(path)
        }
        let check = try SchemaTests.checkSchemas(["--report"] + reports)
        #expect(check.status == 0, "\(SchemaTests.describe(["--report"] + reports, check))")
    }

    @Test func reapplyingUnderRewordedRulesIsUnchangedAndKeepsTheQueuedEmail() throws {
        #expect(try tillval(["apply", "Examples/registered-lon-anstalld.yaml"]).status == 0)
        let digest = try #require(try digest(of: "556345-6789"))
        let queued = try #require(try email("556345-6789"))
        let before = try dump()
        let rules = try reworded()

        let again = try tillval(["apply", "Examples/registered-lon-anstalld.yaml", "--rules", rules], at: "2026-12-01T08:00:00Z")
        #expect(again.status == 0, "\(again.stdout)")
        #expect(again.stdout.contains("  unchanged, applied under plan \(digest) on 2026-11-29 10:00 UTC; pending approval\n"),
                "\(again.stdout)")
        #expect(again.stdout.contains("with other wording than the rules now give (the email shown is the current wording)"))
        #expect(again.stdout.hasSuffix("1 request: 1 unchanged\n"))
        #expect(try dump() == before)

        let json = try tillval(["apply", "Examples/registered-lon-anstalld.yaml", "--rules", rules, "--format", "json"])
        #expect(json.status == 0)
        let result = try #require(try ApplyReport(json.stdout).results.first)
        #expect(result.status == "unchanged")
        #expect(result.appliedBefore?.planDigest == digest)
        #expect(try email("556345-6789") == queued)
    }

    @Test func requeueReplacesAnUndeliveredEmailAndNeverADeliveredOne() throws {
        #expect(try tillval(["apply", "Examples/batch.yaml"]).status == 0)
        let queued = try #require(try email("556890-1234"))
        #expect(queued.body.contains("Kind regards,"))
        let rules = try reworded()

        // Current wording already: nothing to replace.
        let same = try tillval(["outbox", "requeue", "Examples/batch.yaml"], at: "2026-11-30T09:00:00Z")
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.hasSuffix("3 requests, emails: 3 unchanged\n"), "\(same.stdout)")
        #expect(try email("556890-1234") == queued)

        let replaced = try tillval(["outbox", "requeue", "Examples/batch.yaml", "--rules", rules, "--template", "approve-collaboration"],
                                   at: "2026-11-30T09:00:00Z")
        #expect(replaced.status == 1, "the third request sends no approve-collaboration: \(replaced.stdout)")
        #expect(replaced.stdout.contains("'approve-collaboration' (outbox #1): replaced with the current wording: "
                                         + "queued again on 2026-11-30 09:00 UTC (it was queued on 2026-11-29 10:00 UTC)"))
        #expect(replaced.stdout.contains("error: this request sends no email 'approve-collaboration'; it sends 'approve-terms'"))
        let now = try #require(try email("556890-1234"))
        #expect(now.body == queued.body.replacingOccurrences(of: "Kind regards,", with: "Best regards,"))
        #expect(now.subject == queued.subject)
        #expect(now.queuedAt == "2026-11-30T09:00:00Z")
        #expect(now.token != queued.token, "a replaced email is a new message")
        #expect(try email("559012-3456")?.body.contains("Kind regards") == true, "approve-terms was left alone")

        let mail = directory.appendingPathComponent("mail").path
        #expect(try tillval(["outbox", "deliver", "--to-dir", mail, "--from", "lon@byrasyd.se"]).status == 0)
        let delivered = try dump()
        let refused = try tillval(["outbox", "requeue", "Examples/has-subscription-lon-anstalld.yaml", "--rules", "Rules"])
        #expect(refused.status == 1, "never applied: \(refused.stdout)")
        let late = try tillval(["outbox", "requeue", "Examples/batch.yaml"], at: "2026-12-01T08:00:00Z")
        #expect(late.status == 3, "\(late.stdout)")
        #expect(late.stdout.contains("  error: 'approve-collaboration' (outbox #1): refused: delivered on 2026-11-29 10:00 UTC; "
                                     + "a delivered email is never replaced\n"))
        #expect(late.stdout.hasSuffix("3 requests, emails: 3 refused\n"), "\(late.stdout)")
        #expect(try dump() == delivered)
    }

    @Test func requeueRefusesARequestThatConflictsWithTheStore() throws {
        #expect(try tillval(["apply", "Examples/has-subscription-min-lon.yaml"]).status == 0)
        let before = try dump()
        let other = directory.appendingPathComponent("registered.yaml")
        let text = try String(contentsOfFile: Repository.path("Examples/has-subscription-min-lon.yaml"), encoding: .utf8)
        try text.replacingOccurrences(of: "relation: has-subscription", with: "relation: registered")
            .write(to: other, atomically: true, encoding: .utf8)
        let result = try tillval(["outbox", "requeue", other.path])
        #expect(result.status == 3)
        #expect(result.stdout.contains("error: refused: the collaboration Digitala tillval till Visma Lön 300/600 of customer "
                                       + "556234-5678 was activated as scenario 'has-subscription'"))
        #expect(try dump() == before)
    }
}

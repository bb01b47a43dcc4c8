import Foundation
import Testing
import TillvalTestSupport

/// Issue 6, points 12 and 15: `status` without a customer lists every
/// customer with what is pending approval; `status` and `outbox` print
/// stable JSON, checked against Schemas/status.schema.json and
/// Schemas/outbox.schema.json by a real validator; the help texts say which
/// commands create the store.
@Suite final class StoreReportTests {
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

    /// A store with pending and approved collaborations, queued and delivered emails.
    func fill() throws {
        #expect(try tillval(["apply", "Examples/customers.jsonl"]).status == 2)
        #expect(try tillval(["approve", "556456-7890"], at: "2026-11-30T09:00:00Z").status == 0)
        let mail = directory.appendingPathComponent("mail").path
        #expect(try tillval(["outbox", "deliver", "--to-dir", mail, "--from", "lon@byrasyd.se"], at: "2026-11-30T09:00:00Z").status == 0)
        #expect(try tillval(["apply", "Examples/not-registered-lon-anstalld.yaml"], at: "2026-12-01T08:00:00Z").status == 0)
    }

    @Test func statusWithoutACustomerListsWhatIsPending() throws {
        try fill()
        let result = try tillval(["status"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = """
            556012-3456  first seen 2026-11-29 10:00 UTC
              pending since 2026-11-29 10:00 UTC: Digitala tillval till Visma Lön 300/600 (digitala-tillval), Visma Lön Anställd: the customer must approve the collaboration in Mina tjänster on vismaspcs.se
            556234-5678  first seen 2026-11-29 10:00 UTC
              pending since 2026-11-29 10:00 UTC: Digitala tillval till Visma Lön 300/600 (digitala-tillval), Visma Min Lön: the customer must approve the collaboration in Mina tjänster on vismaspcs.se
            556345-6789  first seen 2026-11-29 10:00 UTC
              pending since 2026-11-29 10:00 UTC: Digitala tillval till Visma Lön 300/600 (digitala-tillval), Visma Lön Anställd: the customer must approve the collaboration in Mina tjänster on vismaspcs.se
            556456-7890  first seen 2026-11-29 10:00 UTC, nothing pending (1 approved)
            556567-8901  first seen 2026-12-01 08:00 UTC
              pending since 2026-12-01 08:00 UTC: Digitala tillval till Visma Lön 300/600 (digitala-tillval), Visma Lön Anställd: the administrator must approve the terms in Mina tjänster on vismaspcs.se
            556677-8899  first seen 2026-11-29 10:00 UTC
              pending since 2026-11-29 10:00 UTC: Digitala tillval till Visma Lön 300/600 (digitala-tillval), Visma Min Lön: the administrator must approve the terms in Mina tjänster on vismaspcs.se

            6 customers, 5 collaborations pending approval

            """
        #expect(result.stdout == expected)

        let empty = directory.appendingPathComponent("empty.sqlite").path
        _ = try CommandRunner.run(["apply", "Examples/no-task.yaml", "--store", empty])
        let none = try CommandRunner.run(["status", "--store", empty])
        #expect(none.status == 0)
        #expect(none.stdout == "0 customers, 0 collaborations pending approval\n")
    }

    struct StatusDocument: Decodable {
        struct Customer: Decodable {
            struct Collaboration: Decodable {
                var approval: String
                var approvedAt: String?
                enum CodingKeys: String, CodingKey {
                    case approval
                    case approvedAt = "approved-at"
                }
            }
            var customerID: String
            var collaborations: [Collaboration]
            var emails: [OutboxDocument.Email]
            enum CodingKeys: String, CodingKey {
                case collaborations, emails
                case customerID = "customer-id"
            }
        }
        var format: Int
        var customers: [Customer]
    }

    struct OutboxDocument: Decodable {
        struct Email: Decodable {
            var id: Int
            var state: String
            var body: String
            var senderName: String?
            enum CodingKeys: String, CodingKey {
                case id, state, body
                case senderName = "sender-name"
            }
        }
        var format: Int
        var emails: [Email]
    }

    @Test func statusAndOutboxPrintJSONThatMatchesTheirSchemas() throws {
        try fill()
        var files: [String: [String]] = ["--status": [], "--outbox": []]
        func keep(_ option: String, _ name: String, _ arguments: [String]) throws -> Data {
            let result = try tillval(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let path = directory.appendingPathComponent(name).path
            try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: path))
            files[option, default: []].append(path)
            return Data(result.stdout.utf8)
        }
        let all = try JSONDecoder().decode(StatusDocument.self, from: try keep("--status", "status-all.json", ["status", "--format", "json"]))
        #expect(all.format == 1)
        // Examples/customers.jsonl holds the customers of the example requests, listed by id.
        #expect(all.customers.map(\.customerID) == ExampleScenario.all.map(\.customer).sorted())
        #expect(all.customers.flatMap(\.collaborations).map(\.approval).filter { $0 == "approved" }.count == 1)
        let one = try JSONDecoder().decode(StatusDocument.self, from: try keep("--status", "status-one.json",
                                                                              ["status", "556456-7890", "--format", "json"]))
        #expect(one.customers.map(\.customerID) == ["556456-7890"])
        #expect(one.customers.first?.collaborations.first?.approvedAt == "2026-11-30T09:00:00Z")
        #expect(one.customers.first?.emails.map(\.state) == ["delivered"])

        let queued = try JSONDecoder().decode(OutboxDocument.self, from: try keep("--outbox", "outbox.json", ["outbox", "--format", "json"]))
        #expect(queued.format == 1)
        #expect(queued.emails.map(\.id) == [6])
        #expect(queued.emails.first?.senderName == "Byrå Syd AB")
        #expect(queued.emails.first?.body.hasPrefix("Hello,\n\nByrå Syd AB has activated the service Visma Lön Anställd") == true)
        let every = try JSONDecoder().decode(OutboxDocument.self, from: try keep("--outbox", "outbox-all.json",
                                                                                ["outbox", "--all", "--format", "json"]))
        #expect(every.emails.map(\.state) == ["delivered", "delivered", "delivered", "delivered", "delivered", "queued"])
        #expect(try tillval(["outbox", "deliver", "--to-dir", directory.appendingPathComponent("m").path, "--from", "a@b.se"]).status == 0)
        _ = try keep("--outbox", "outbox-none.json", ["outbox", "--format", "json"])

        let arguments = ["--status"] + (files["--status"] ?? []) + ["--outbox"] + (files["--outbox"] ?? [])
        let result = try SchemaTests.checkSchemas(arguments)
        #expect(result.status == 0, "\(SchemaTests.describe(arguments, result))")

        // The check can fail: a state the schema does not know is a surprise.
        let broken = directory.appendingPathComponent("broken.json").path
        let text = try String(contentsOfFile: try #require(files["--outbox"]?.first), encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"state\" : \"queued\"", with: "\"state\" : \"sent\"").utf8)
            .write(to: URL(fileURLWithPath: broken))
        let rejected = try SchemaTests.checkSchemas(["--outbox", broken])
        #expect(rejected.status == 1 && rejected.output.contains("SURPRISE"), "\(rejected.output)")
    }

    @Test func helpTextsSayWhichCommandsCreateTheStore() throws {
        let outbox = try CommandRunner.run(["outbox", "--help"])
        #expect(outbox.stdout.contains("Opens an existing store only ('apply' creates it)"), "\(outbox.stdout)")
        for command in [["status"], ["approve"], ["outbox", "list"], ["outbox", "deliver"], ["outbox", "requeue"]] {
            let help = try CommandRunner.run(command + ["--help"])
            #expect(help.status == 0)
            let text = help.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
            #expect(!text.contains("created on first use"), "\(command): \(help.stdout)")
            #expect(!text.contains("created, with its directory, on first use"), "\(command)")
            #expect(text.contains("it must exist: only 'apply' creates one"), "\(command): \(help.stdout)")
        }
        let apply = try CommandRunner.run(["apply", "--help"])
        let text = apply.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("created, with its directory, on first use"), "\(apply.stdout)")
    }
}

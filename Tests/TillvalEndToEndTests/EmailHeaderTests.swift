import Foundation
import GRDB
import Testing
import TillvalTestSupport

/// Issue 6, point 11: the `.eml` files `outbox deliver` writes are from the
/// accounting office, carry a `Date`, and Message-IDs that differ across
/// stores; read back by Python's `email` parser with its strict policy.
/// Also: a store made before the migration that added these (schema "v1"
/// only) opens, upgrades in place and works.
@Suite final class EmailHeaderTests {
    let directory: URL

    init() throws {
        directory = try CommandRunner.temporaryDirectory()
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func tillval(_ arguments: [String], store: String, at time: String = "2026-11-29T10:00:00Z") throws -> CommandRunner.Result {
        try CommandRunner.run(arguments + ["--store", store], environment: ["TILLVAL_NOW": time])
    }

    /// What Python's `email` package reads in one `.eml` file.
    struct Parsed: Decodable, Equatable {
        var fromName: String
        var fromAddress: String
        var to: String
        var subject: String
        var date: String
        var messageID: String
        var body: String
        var defects: [String]

        enum CodingKeys: String, CodingKey {
            case to, subject, date, body, defects
            case fromName = "from_name"
            case fromAddress = "from_address"
            case messageID = "message_id"
        }
    }

    /// Parses every file with `email.policy.strict` (a defect raises) and
    /// reports the decoded headers; a header missing or malformed fails.
    static let parser = #"""
        import email, email.policy, email.utils, json, sys
        out = []
        for path in sys.argv[1:]:
            data = open(path, 'rb').read()
            msg = email.message_from_bytes(data, policy=email.policy.strict)
            defects = [str(d) for d in msg.defects]
            for name in ('From', 'To', 'Subject', 'Date', 'Message-ID'):
                if len(msg.get_all(name) or []) != 1:
                    defects.append('%s appears %d times' % (name, len(msg.get_all(name) or [])))
                    continue
                defects += ['%s: %s' % (name, d) for d in msg[name].defects]
            sender = msg['From'].addresses[0]
            date = email.utils.parsedate_to_datetime(str(msg['Date']))
            ids = email.utils.unquote(str(msg['Message-ID']))
            out.append({'from_name': sender.display_name, 'from_address': sender.addr_spec, 'to': str(msg['To']),
                        'subject': str(msg['Subject']), 'date': date.isoformat(), 'message_id': str(msg['Message-ID']),
                        'body': msg.get_content().replace('\r\n', '\n'), 'defects': defects})
        print(json.dumps(out))
        """#

    static func parse(_ files: [String]) throws -> [Parsed] {
        let result = try CommandRunner.run(["python3", "-c", parser] + files, executable: "/usr/bin/env")
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode([Parsed].self, from: Data(result.stdout.utf8))
    }

    func emlFiles(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".eml") }.sorted()
            .map { folder + "/" + $0 }
    }

    @Test func emailsAreFromTheOfficeWithADateAndMessageIDsUniqueAcrossStores() throws {
        var messageIDs: [String] = []
        for name in ["first", "second"] {
            let store = directory.appendingPathComponent("\(name).sqlite").path
            let mail = directory.appendingPathComponent("mail-\(name)").path
            #expect(try tillval(["apply", "Examples/not-registered-min-lon.yaml"], store: store).status == 0)

            // Without the office's address nothing is written.
            let unknown = try tillval(["outbox", "deliver", "--to-dir", mail], store: store)
            #expect(unknown.status == 64)
            #expect(unknown.stderr.contains("the sender of outbox #1 is not known"), "\(unknown.stderr)")
            #expect(unknown.stderr.contains("--from ADDRESS"))
            #expect(!FileManager.default.fileExists(atPath: mail))
            let bad = try tillval(["outbox", "deliver", "--to-dir", mail, "--from", "Byrå Syd <lon@byrasyd.se>"], store: store)
            #expect(bad.status == 64)

            let delivered = try tillval(["outbox", "deliver", "--to-dir", mail, "--from", "lon@byrasyd.se"], store: store,
                                        at: "2026-11-30T09:00:00Z")
            #expect(delivered.status == 0, "\(delivered.stderr)")
            let parsed = try Self.parse(try emlFiles(mail))
            #expect(parsed.count == 1)
            let message = try #require(parsed.first)
            #expect(message.defects == [])
            #expect(message.fromName == "Byrå Syd AB")
            #expect(message.fromAddress == "lon@byrasyd.se")
            #expect(message.to == "anna@bagerinord.se")
            #expect(message.subject == "Byrå Syd AB has activated Visma Min Lön for Bageri Nord AB")
            #expect(message.date == "2026-11-29T10:00:00+00:00", "the time it was queued")
            #expect(message.messageID.hasPrefix("<") && message.messageID.hasSuffix("@byrasyd.se>"), "\(message.messageID)")
            #expect(message.body.hasPrefix("Hello,\n\nByrå Syd AB has activated the service Visma Min Lön for\nBageri Nord AB,"))
            messageIDs.append(message.messageID)
        }
        #expect(Set(messageIDs).count == 2, "the same email queued in two stores has two Message-IDs: \(messageIDs)")
    }

    @Test func theOfficeAddressComesFromTheRequestWhenTheRulesDeclareIt() throws {
        let rules = directory.appendingPathComponent("Rules")
        try FileManager.default.copyItem(atPath: Repository.path("Rules"), toPath: rules.path)
        let facts = rules.appendingPathComponent("facts.yaml")
        let text = try String(contentsOf: facts, encoding: .utf8)
        let office = "office:\n  name:\n"
        #expect(text.contains(office))
        try text.replacingOccurrences(of: office, with: "office:\n  email:\n    type: email\n    optional: true\n  name:\n")
            .write(to: facts, atomically: true, encoding: .utf8)
        // The outbox reads office.email: it is no unused fact.
        let check = try CommandRunner.run(["check", rules.path])
        #expect(check.status == 0)
        #expect(!check.stderr.contains("office.email"), "\(check.stderr)")
        #expect(check.stdout.contains("0 errors, 0 warnings"), "\(check.stdout)")
        let request = directory.appendingPathComponent("request.yaml")
        let example = try String(contentsOfFile: Repository.path("Examples/registered-min-lon.yaml"), encoding: .utf8)
        let officeLine = try #require(example.components(separatedBy: "\n").first { $0.hasPrefix("office:") })
        try example.replacingOccurrences(of: officeLine, with: "office: {name: \"Byrå \\\"Syd\\\" AB\", email: lon@byrasyd.se}")
            .write(to: request, atomically: true, encoding: .utf8)

        let store = directory.appendingPathComponent("store.sqlite").path
        let applied = try tillval(["apply", request.path, "--rules", rules.path], store: store)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let mail = directory.appendingPathComponent("mail").path
        // --from is for emails without an address of their own: this one has one.
        let delivered = try tillval(["outbox", "deliver", "--to-dir", mail, "--from", "other@elsewhere.se"], store: store)
        #expect(delivered.status == 0, "\(delivered.stderr)")
        let message = try #require(try Self.parse(try emlFiles(mail)).first)
        #expect(message.defects == [])
        #expect(message.fromName == "Byrå \"Syd\" AB")
        #expect(message.fromAddress == "lon@byrasyd.se")
        #expect(message.messageID.hasSuffix("@byrasyd.se>"))
    }

    /// A store made by tillval before "v2-outbox-message" (Tests/Fixtures/stores/v1.sql).
    func oldStore() throws -> String {
        let path = directory.appendingPathComponent("old.sqlite").path
        let sql = try String(contentsOfFile: Repository.path("Tests/Fixtures/stores/v1.sql"), encoding: .utf8)
        try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: sql) }
        let migrations = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations == ["v1"])
        return path
    }

    @Test func aStoreMadeBeforeTheMigrationUpgradesInPlaceAndWorks() throws {
        let store = try oldStore()
        // Reading commands read it as upgraded, and never write it (issue 7).
        let bytes = FileManager.default.contents(atPath: store)
        let status = try tillval(["status"], store: store)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.hasSuffix("6 customers, 5 collaborations pending approval\n"), "\(status.stdout)")
        let listed = try tillval(["outbox", "--format", "json"], store: store)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(FileManager.default.contents(atPath: store) == bytes, "a reading command wrote the store")

        // Re-applying what the old store holds upgrades it and changes nothing else; a new request applies.
        let reapply = try tillval(["apply", "Examples/customers.jsonl"], store: store, at: "2026-12-02T08:00:00Z")
        #expect(reapply.stdout.hasSuffix("6 requests: 5 unchanged, 1 unmet\n"), "\(reapply.stdout)")
        let columns = try DatabaseQueue(path: store).read { db in
            try Row.fetchAll(db, sql: "PRAGMA table_info(outbox)").map { row -> String in row["name"] }
        }
        #expect(["message_token", "sender_name", "sender_email"].allSatisfy(columns.contains), "\(columns)")
        let tokens = try DatabaseQueue(path: store).read { try String.fetchAll($0, sql: "SELECT message_token FROM outbox") }
        #expect(tokens.count == 6)
        #expect(Set(tokens).count == 6, "each old email got its own token: \(tokens)")

        #expect(try tillval(["apply", "Examples/batch.yaml"], store: store).status == 0)

        let mail = directory.appendingPathComponent("mail").path
        let delivered = try tillval(["outbox", "deliver", "--to-dir", mail, "--from", "lon@byrasyd.se"], store: store)
        #expect(delivered.stdout.hasSuffix("4 emails delivered\n"), "\(delivered.stdout)\(delivered.stderr)")
        let parsed = try Self.parse(try emlFiles(mail))
        #expect(parsed.allSatisfy { $0.defects.isEmpty })
        // The old email has no sender name (v1 did not keep it); the new ones do.
        #expect(parsed.map(\.fromName) == ["", "Byrå Syd AB", "Byrå Syd AB", "Byrå Syd AB"])
        #expect(Set(parsed.map(\.messageID)).count == 4)
    }
}

import Foundation
import GRDB
import Testing
import TillvalRuntime
import TillvalStore
import TillvalTestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 7 ("Hostile input and concurrent use"), a store file is input too:
/// a store changed by hand never makes `deliver` write outside its
/// directory or put a forged header into an email, and a path that is not a
/// tillval store (a FIFO, a foreign database with a hot journal) is refused
/// before SQLite opens it, so it is neither waited on nor changed. Real
/// SQLite files and the built binary.
@Suite struct StoreTamperTests {
    func tillval(_ arguments: [String], store: String) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments + ["--store", store], environment: ["TILLVAL_NOW": "2026-11-29T10:00:00Z"])
    }

    /// A store with two queued emails (#1 and #2) in a new temporary directory.
    func twoEmails() throws -> (directory: URL, store: String) {
        let directory = try CommandRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("store.sqlite").path
        #expect(try tillval(["apply", "Examples/registered-min-lon.yaml"], store: store).status == 0)
        #expect(try tillval(["apply", "Examples/not-registered-min-lon.yaml"], store: store).status == 0)
        return (directory, store)
    }

    static func resolved(_ path: String) throws -> String {
        let pointer = try #require(realpath(path, nil))
        defer { free(pointer) }
        return String(cString: pointer)
    }

    // MARK: 1: a stored file name is never trusted

    @Test func aFileNameChangedInTheStoreNeverWritesOutsideTheTargetDirectory() throws {
        let (directory, store) = try twoEmails()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mail = directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        let folder = try Self.resolved(mail.path)
        // A claim for this directory (finished by the next delivery here),
        // then one for another directory (taken over with --reclaim).
        for (claimDirectory, extra) in [(folder, [String]()), ("/srv/mail", ["--reclaim"])] {
            try DatabaseQueue(path: store).write { db in
                try db.execute(sql: """
                    UPDATE outbox SET claim_token = 'x', claimed_at = '2026-11-29T05:00:00Z', claim_directory = ?,
                        file_name = '/../escaped.eml' WHERE id = 1
                    """, arguments: [claimDirectory])
            }
            let result = try tillval(["outbox", "deliver", "--to-dir", mail.path, "--from", "a@b.se"] + extra, store: store)
            #expect(result.status == 74, "\(result.stdout)\(result.stderr)")
            #expect(result.stderr == "tillval: outbox #1: cannot write /../escaped.eml: the store names its file differently "
                    + "from tillval ('000001-556456-7890-approve-collaboration.eml'): the store was changed by hand; "
                    + "nothing was written; it stays claimed\n")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("escaped.eml").path))
            #expect(try FileManager.default.contentsOfDirectory(atPath: mail.path) == ["000002-556677-8899-approve-terms.eml"])
        }
        // A control character in the stored name is refused and printed escaped.
        try DatabaseQueue(path: store).write { db in
            try db.execute(sql: "UPDATE outbox SET claim_directory = ?, file_name = 'f' || char(27) || '.eml' WHERE id = 1",
                           arguments: [folder])
        }
        let escape = try tillval(["outbox", "deliver", "--to-dir", mail.path, "--from", "a@b.se"], store: store)
        #expect(escape.status == 74)
        #expect(escape.stderr.hasPrefix("tillval: outbox #1: cannot write f\\u{1B}.eml: "), "\(escape.stderr)")
        #expect(!escape.stderr.contains("\u{1B}") && !escape.stdout.contains("\u{1B}"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: mail.path) == ["000002-556677-8899-approve-terms.eml"])
    }

    // MARK: 5: printed paths are escaped

    @Test func theTargetDirectoryIsPrintedEscaped() throws {
        let (directory, store) = try twoEmails()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mail = directory.appendingPathComponent("td\u{1B}[31mRED").path
        let result = try tillval(["outbox", "deliver", "--to-dir", mail, "--from", "a@b.se"], store: store)
        #expect(result.status == 0, "\(result.stderr)")
        let folder = try Self.resolved(directory.path) + "/td\\u{1B}[31mRED"
        #expect(result.stdout == """
            delivered \(folder)/000001-556456-7890-approve-collaboration.eml
            delivered \(folder)/000002-556677-8899-approve-terms.eml
            2 emails delivered

            """)
    }

    // MARK: 6: a recipient must be a plain address

    @Test func aRecipientThatIsNotAPlainAddressIsRefusedAndTheOthersDelivered() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        for example in ["registered-min-lon.yaml", "not-registered-min-lon.yaml", "registered-lon-anstalld.yaml"] {
            _ = try store.apply(try StoreTests.requestPlan(example))
        }
        let recipients = ["a@b.se\r\nBcc: evil@x.se", "a\u{202E}@b.se", "ä@b.se"]
        let out = scratch.directory.appendingPathComponent("out")
        for recipient in recipients {
            try DatabaseQueue(path: scratch.storePath).write { db in
                try db.execute(sql: "UPDATE outbox SET recipient = ? WHERE id = 2", arguments: [recipient])
            }
            let report = try OutboxDelivery.deliver(store: store, toDirectory: out.path, from: "lon@byrasyd.se")
            #expect(report.failed.map(\.message) == [
                "outbox #2: cannot write 000002-556677-8899-approve-terms.eml: its recipient '\(Excerpt.of(recipient))' "
                    + "is not a plain address such as anna@example.se (ASCII, one @, no spaces or control characters); it stays queued",
            ])
            #expect(try store.outbox().map(\.id) == [2])
            #expect(try store.outbox().first?.claim == nil, "a refused email is queued again, unclaimed")
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written == ["000001-556456-7890-approve-collaboration.eml", "000003-556456-7890-approve-collaboration.eml"]
                || written.count == 2 && !written.contains { $0.hasPrefix("000002-") }, "\(written)")
    }

    /// Ids are SQLite's integers, negative in a store changed by hand: a
    /// delivery starting "after 0" never saw such an email and still
    /// reported every email delivered.
    @Test func anEmailWithANegativeIdIsDeliveredToo() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        for example in ["registered-min-lon.yaml", "not-registered-min-lon.yaml"] {
            _ = try store.apply(try StoreTests.requestPlan(example))
        }
        try DatabaseQueue(path: scratch.storePath).write { db in
            try db.execute(sql: "UPDATE outbox SET id = -9223372036854775808 WHERE id = 2")
        }
        let out = scratch.directory.appendingPathComponent("out")
        let report = try OutboxDelivery.deliver(store: store, toDirectory: out.path, from: "lon@byrasyd.se")
        #expect(report.delivered.map(\.entry.id) == [Int64.min, 1])
        #expect(report.failed.isEmpty)
        #expect(try store.outbox().isEmpty)
    }

    // MARK: 4: temporary files of killed deliveries are removed

    @Test func aDeliveryRemovesTheTemporaryFilesKilledDeliveriesLeftOfItsEmails() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        _ = try store.apply(try StoreTests.requestPlan("registered-min-lon.yaml"))
        let name = try #require(try store.outbox().first.map(OutboxMessage.fileName(of:)))
        let out = scratch.directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let stale = [".\(name).0f3c2a1e-7b5d-4c1a-9e2f-1234567890ab.tmp", ".\(name).dead.tmp"]
        let kept = [".\(name)x.0f3c2a1e.tmp", ".999999-other.eml.0f3c2a1e.tmp", ".\(name).not a token.tmp", "notes.txt"]
        for file in stale + kept {
            _ = FileManager.default.createFile(atPath: out.appendingPathComponent(file).path, contents: Data("half".utf8))
        }
        let report = try OutboxDelivery.deliver(store: store, toDirectory: out.path, from: "lon@byrasyd.se")
        #expect(report.delivered.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == (kept + [name]).sorted())
    }

    // MARK: 3: a path that is not a regular file

    @Test func aStorePathThatIsNotARegularFileIsRefusedWithoutOpeningIt() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("fifo.db").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for arguments in [["status"], ["outbox"], ["apply", "Examples/registered-min-lon.yaml"], ["approve", "556456-7890"]] {
            let result = try tillval(arguments, store: fifo)
            #expect(result.status == 66, "\(arguments): \(result.stdout)\(result.stderr)")
            #expect(result.stderr == "tillval: \(fifo) is not a tillval store (it is not a regular file); it was left as it is\n",
                    "\(arguments): \(result.stderr)")
        }
    }

    // MARK: 2: a hot journal is never rolled back into a file that is not a store

    /// Copies `source` and its journal to `target` while a transaction
    /// running `sql` has written into the file: `target` then has a hot
    /// journal (nobody holds its lock), as a killed program leaves it.
    static func hotCopy(of source: String, to target: String, running sql: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = 1") }
        let queue = try DatabaseQueue(path: source, configuration: configuration)
        try queue.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try db.execute(sql: sql)
            try FileManager.default.copyItem(atPath: source, toPath: target)
            try FileManager.default.copyItem(atPath: source + "-journal", toPath: target + "-journal")
            try db.execute(sql: "ROLLBACK")
        }
    }

    @Test func aForeignDatabaseWithAHotJournalIsRefusedUnchanged() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("crm.db").path
        try DatabaseQueue(path: source).write { db in
            try db.execute(sql: "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
            for id in 1...2000 { try db.execute(sql: "INSERT INTO users VALUES (?, ?)", arguments: [id, "user \(id) " + String(repeating: "x", count: 40)]) }
        }
        let hot = directory.appendingPathComponent("hot.db").path
        try Self.hotCopy(of: source, to: hot, running: "UPDATE users SET name = 'changed'")
        let bytes = try #require(FileManager.default.contents(atPath: hot))
        #expect(bytes != FileManager.default.contents(atPath: source), "the copy holds the unfinished change")
        for arguments in [["apply", "Examples/registered-min-lon.yaml"], ["status"], ["outbox"]] {
            let result = try tillval(arguments, store: hot)
            #expect(result.status == 66, "\(arguments): \(result.stdout)\(result.stderr)")
            #expect(result.stderr == "tillval: \(hot) has an unfinished transaction of another program (\(hot)-journal) "
                    + "and is not marked as a tillval store; it was left as it is: open it with sqlite3 first "
                    + "(which finishes it) if it is a store of an older tillval\n", "\(arguments): \(result.stderr)")
            #expect(FileManager.default.contents(atPath: hot) == bytes, "\(arguments) changed the file")
            #expect(FileManager.default.fileExists(atPath: hot + "-journal"))
        }
    }

    @Test func aStoreWithAHotJournalIsRolledBackOnlyByACommandThatWrites() throws {
        let (directory, store) = try twoEmails()
        defer { try? FileManager.default.removeItem(at: directory) }
        let hot = directory.appendingPathComponent("hot.sqlite").path
        // A store of a tillval from before issue 11, which kept a rollback journal (stores are in WAL mode now).
        try DatabaseQueue(path: store).writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
        // The filler makes SQLite write the change into the file before the copy.
        try Self.hotCopy(of: store, to: hot, running: """
            DELETE FROM outbox; CREATE TABLE filler (x BLOB);
            INSERT INTO filler WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) SELECT randomblob(100) FROM n
            """)
        #expect(FileManager.default.contents(atPath: hot) != FileManager.default.contents(atPath: store))
        let status = try tillval(["status"], store: hot)
        #expect(status.status == 66, "\(status.stdout)\(status.stderr)")
        #expect(status.stderr == "tillval: the store \(hot) holds a transaction a stopped tillval left unfinished "
                + "(\(hot)-journal); this command only reads and changes nothing: "
                + "a command that writes (apply, approve, outbox deliver) rolls it back first\n", "\(status.stderr)")
        // A command that writes opens it, SQLite rolls the transaction back: both emails are there.
        let applied = try tillval(["apply", "Examples/registered-min-lon.yaml"], store: hot)
        #expect(applied.status == 0, "\(applied.stderr)")
        let listed = try tillval(["outbox"], store: hot)
        #expect(listed.stdout.hasSuffix("2 emails queued\n"), "\(listed.stdout)\(listed.stderr)")
    }
}

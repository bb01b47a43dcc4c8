import Foundation
import GRDB
import Testing
import TillvalCompiler
import TillvalPlan
import TillvalRuntime
import TillvalStore
import TillvalTestSupport

/// Issue 7 ("Hostile input and concurrent use"), the store and the outbox:
/// a text is stored whole or refused, concurrent and killed deliveries
/// write every email exactly once, one bad email does not block the others,
/// and a file that is not a tillval store is refused untouched. Real SQLite
/// files, and the built binary where processes race.
@Suite struct OutboxHostileTests {
    func tillval(_ arguments: [String], store: String) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments + ["--store", store], environment: ["TILLVAL_NOW": "2026-11-29T10:00:00Z"])
    }

    // MARK: Point 1: the store never truncates a text

    @Test func customerIDsThatDifferAfterANULAreNeverMerged() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        let genuine = try StoreTests.requestPlan("registered-min-lon.yaml")
        for suffix in ["-A", "-B"] {
            var hostile = genuine
            hostile.customerID = genuine.customerID + "\u{0}" + suffix
            let error = StoreTests.error { _ = try store.apply(hostile) }
            #expect(error as? StoreError == .textWithNUL(hostile.customerID), "\(String(describing: error))")
            #expect(StoreTests.error { _ = try store.status(customerID: hostile.customerID) } as? StoreError
                    == .textWithNUL(hostile.customerID))
        }
        // Nothing was stored under the cut id: the genuine customer is new.
        let applied = try store.apply(genuine)
        #expect(applied.customerAdded)
        #expect(try store.outbox().map(\.customerID) == [genuine.customerID])
        // A NUL anywhere else (an email's body) is refused the same way, and the whole request rolls back.
        var other = try StoreTests.requestPlan("not-registered-min-lon.yaml")
        other.effects = other.effects.map { effect in
            guard case .sendEmail(var email) = effect.action else { return effect }
            email.body += "\u{0}hidden"
            var changed = effect
            changed.action = .sendEmail(email)
            return changed
        }
        let before = try store.dump()
        let hiddenBody = try #require(StoreTests.emails(other).first?.body)
        #expect(hiddenBody.hasSuffix("\u{0}hidden"))
        #expect(StoreTests.error { _ = try store.apply(other) } as? StoreError == .textWithNUL(hiddenBody))
        #expect(try store.dump() == before)
        #expect(StoreError.textWithNUL(String(repeating: "x", count: 500) + "\u{0}").message
                == "'\(String(repeating: "x", count: 64))…' holds a NUL character, which the store cannot keep whole; nothing was stored")
    }

    // MARK: Point 3: bounded file names; one failing email does not stop the others

    @Test func longIDsGiveBoundedFileNamesAndAFailingEmailDoesNotStopTheOthers() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        var long = try StoreTests.requestPlan("registered-min-lon.yaml")
        long.customerID = String(repeating: "556456-7890/", count: 30)
        _ = try store.apply(long)
        _ = try store.apply(try StoreTests.requestPlan("not-registered-min-lon.yaml"))
        _ = try store.apply(try StoreTests.requestPlan("registered-lon-anstalld.yaml"))
        let entries = try store.outbox()
        #expect(entries.count == 3)
        let names = entries.map(OutboxMessage.fileName(of:))
        let hash = PlanDigest.sha256(Array(long.customerID.utf8)).prefix(16)
        #expect(names[0] == "000001-" + String(repeating: "556456-7890_", count: 4).prefix(47) + "-\(hash)-approve-collaboration.eml")
        #expect(names.allSatisfy { $0.utf8.count <= 255 })

        // The second email's place is taken by a directory: it fails, the others are written.
        let out = scratch.directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent(names[1]), withIntermediateDirectories: true)
        let report = try OutboxDelivery.deliver(store: store, toDirectory: out.path, from: "lon@byrasyd.se")
        #expect(report.delivered.map(\.entry.id) == [1, 3])
        #expect(report.failed.map(\.message) == ["outbox #2: cannot write \(names[1]): Is a directory; it stays queued"])
        #expect(try store.outbox().map(\.id) == [2])
        #expect(try store.outbox().first?.claim == nil, "a failed email is queued again, unclaimed")
    }

    @Test func theCommandReportsAFailingEmailShortlyAndExits74AfterTheOthers() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.sqlite").path
        let request = directory.appendingPathComponent("long.yaml").path
        let longID = String(repeating: "9", count: 240)
        let text = try String(contentsOfFile: Repository.path("Examples/registered-min-lon.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "556456-7890", with: longID)
        try Data(text.utf8).write(to: URL(fileURLWithPath: request))
        #expect(try tillval(["apply", request], store: store).status == 0)
        #expect(try tillval(["apply", "Examples/not-registered-min-lon.yaml"], store: store).status == 0)
        let mail = directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        let blocked = "000002-556677-8899-approve-terms.eml"
        try FileManager.default.createDirectory(at: mail.appendingPathComponent(blocked), withIntermediateDirectories: true)

        let result = try tillval(["outbox", "deliver", "--to-dir", mail.path, "--from", "lon@byrasyd.se"], store: store)
        #expect(result.status == 74)
        #expect(result.stderr == "tillval: outbox #2: cannot write \(blocked): Is a directory; it stays queued\n")
        #expect(result.stdout.hasSuffix("1 email delivered, 1 could not be written\n"), "\(result.stdout)")
        // A target directory that cannot be made: one line, no NSError dump, nothing claimed.
        let file = directory.appendingPathComponent("file").path
        _ = FileManager.default.createFile(atPath: file, contents: Data())
        let unusable = try tillval(["outbox", "deliver", "--to-dir", file + "/sub", "--from", "lon@byrasyd.se"], store: store)
        #expect(unusable.status == 74)
        #expect(unusable.stderr == "tillval: nothing delivered: cannot write into \(file)/sub: \(file) is not a directory\n")
        let written = try FileManager.default.contentsOfDirectory(atPath: mail.path).filter { $0.hasPrefix("000001-") }
        #expect(written.count == 1)
        #expect(written.allSatisfy { $0.utf8.count <= 255 && $0.hasSuffix("-approve-collaboration.eml") })
    }

    @Test func errorMessagesEchoABoundedExcerptOfAnInput() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        let long = String(repeating: "556456-7890", count: 1_000)
        let error = try #require(StoreTests.error { _ = try store.approve(customerID: long) } as? ApprovalError)
        #expect(error.message == "the store holds no customer '\(long.prefix(64))…': apply a request for it first")
        #expect(Excerpt.of("a\u{1B}[31mb\nc") == "a\\u{1B}[31mb\\u{A}c")
    }

    // MARK: Point 4: a foreign database is refused untouched

    @Test func aFileThatIsNotATillvalStoreIsRefusedUntouched() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let foreign = directory.appendingPathComponent("crm.sqlite").path
        try DatabaseQueue(path: foreign).write { db in
            try db.execute(sql: "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts VALUES (1, 'Anna')")
        }
        let bytes = try #require(FileManager.default.contents(atPath: foreign))
        for arguments in [["apply", "Examples/registered-min-lon.yaml"], ["status"], ["outbox"]] {
            let result = try tillval(arguments, store: foreign)
            #expect(result.status == 66, "\(arguments): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("\(foreign) is not a tillval store (it holds tables tillval does not make ('contacts')); "
                                           + "it was left as it is"), "\(result.stderr)")
            #expect(FileManager.default.contents(atPath: foreign) == bytes, "\(arguments) changed the file")
        }
        // Another application's id, even with tillval's tables, is not tillval's.
        let stamped = directory.appendingPathComponent("stamped.sqlite").path
        #expect(try tillval(["apply", "Examples/registered-min-lon.yaml"], store: stamped).status == 0)
        try DatabaseQueue(path: stamped).writeWithoutTransaction { try $0.execute(sql: "PRAGMA application_id = 42") }
        let stampedBytes = try #require(FileManager.default.contents(atPath: stamped))
        let result = try tillval(["status"], store: stamped)
        #expect(result.status == 66)
        #expect(result.stderr.contains("its application id is 42, not tillval's 1414288972"), "\(result.stderr)")
        #expect(FileManager.default.contents(atPath: stamped) == stampedBytes)
    }

    @Test func aStoreFromANewerTillvalIsRefusedUntouched() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.sqlite").path
        #expect(try tillval(["apply", "Examples/registered-min-lon.yaml"], store: store).status == 0)
        let applicationID = try DatabaseQueue(path: store).read { try Int32.fetchOne($0, sql: "PRAGMA application_id") }
        #expect(applicationID == 0x544C_564C)
        try DatabaseQueue(path: store).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-from-the-future')") }
        let bytes = try #require(FileManager.default.contents(atPath: store))
        for arguments in [["apply", "Examples/not-registered-min-lon.yaml"], ["status"], ["outbox", "deliver", "--to-dir", directory.path]] {
            let result = try tillval(arguments, store: store)
            #expect(result.status == 66, "\(arguments): \(result.stdout)\(result.stderr)")
            #expect(result.stderr == "tillval: \(store) was made by a newer tillval (schema 'v9-from-the-future'); "
                    + "it was left as it is: use that tillval or a newer one\n")
            #expect(FileManager.default.contents(atPath: store) == bytes, "\(arguments) changed the store")
        }
    }

    @Test func aStoreFromBeforeTheApplicationIDIsAcceptedAndStamped() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let sql = try String(contentsOfFile: Repository.path("Tests/Fixtures/stores/v1.sql"), encoding: .utf8)
        try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: sql) }
        #expect(try DatabaseQueue(path: path).read { try Int32.fetchOne($0, sql: "PRAGMA application_id") } == 0)
        let bytes = FileManager.default.contents(atPath: path)
        let status = try tillval(["status"], store: path)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(FileManager.default.contents(atPath: path) == bytes, "status, which only reads, wrote the store")
        let mail = directory.appendingPathComponent("mail").path
        let delivered = try tillval(["outbox", "deliver", "--to-dir", mail, "--from", "lon@byrasyd.se"], store: path)
        #expect(delivered.status == 0, "\(delivered.stderr)")
        #expect(try DatabaseQueue(path: path).read { try Int32.fetchOne($0, sql: "PRAGMA application_id") } == 0x544C_564C)
        let migrations = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations == ["v1", "v2-outbox-message", "v3-outbox-claim"])
    }

    // MARK: Point 2: every email exactly once, however deliveries race or die

    /// A store with one queued email per customer of a generated batch.
    static func batchStore(in directory: URL, customers: Int) throws -> (store: String, emails: Int) {
        let store = directory.appendingPathComponent("store.sqlite").path
        let lines = (0..<customers).map { index in
            let id = String(format: "559%03d-%04d", index / 10_000, index % 10_000)
            return #"{"office": {"name": "Byrå Syd AB"}, "customer": {"id": "\#(id)", "name": "Kund \#(index) AB", "# +
                #""email": "kund\#(index)@example.se", "relation": "registered", "tasks": ["Löner 2026"]}, "product": "min-lon"}"#
        }
        let batch = directory.appendingPathComponent("batch.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: batch)
        let applied = try CommandRunner.run(["apply", batch.path, "--store", store])
        #expect(applied.status == 0, "\(applied.stdout.suffix(500))\(applied.stderr)")
        let emails = try DatabaseQueue(path: store).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM outbox") ?? 0 }
        #expect(emails == customers)
        return (store, emails)
    }

    /// The outbox numbers of the `.eml` files in `folders`, one per file.
    static func deliveredNumbers(_ folders: [URL]) throws -> [Int] {
        try folders.flatMap { folder -> [Int] in
            guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.map { name in
                let data = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent(name).path))
                #expect(String(decoding: data, as: UTF8.self).contains("\r\nMessage-ID: <"), "\(name) is whole")
                return try #require(Int(name.prefix(6)))
            }
        }
    }

    static func startDeliver(store: String, into folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
        process.arguments = ["outbox", "deliver", "--to-dir", folder.path, "--from", "lon@byrasyd.se", "--store", store]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func concurrentDeliveriesWriteEveryEmailOnceAcrossAllDirectories() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, emails) = try Self.batchStore(in: directory, customers: 200)
        let folders = (1...4).map { directory.appendingPathComponent("mail-\($0)") }
        let processes = try folders.map { try Self.startDeliver(store: store, into: $0) }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0])
        let numbers = try Self.deliveredNumbers(folders)
        #expect(numbers.count == emails, "\(numbers.count) files for \(emails) emails")
        #expect(Set(numbers) == Set(1...emails))
        let undelivered = try DatabaseQueue(path: store).read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM outbox WHERE delivered_at IS NULL") ?? -1
        }
        #expect(undelivered == 0)
        // The store says where each was delivered: the directory holding its file.
        let places = try DatabaseQueue(path: store).read { db in
            try Row.fetchAll(db, sql: "SELECT claim_directory, file_name FROM outbox").map { row -> String in
                let folder: String = row["claim_directory"]
                let name: String = row["file_name"]
                return folder + "/" + name
            }
        }
        #expect(places.allSatisfy { FileManager.default.fileExists(atPath: $0) })
    }

    /// Deliveries started at once on a store made before "v3-outbox-claim"
    /// all upgrade it (one of them applies each migration) and deliver.
    @Test func concurrentDeliveriesUpgradeAnOldStoreOnce() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("old.sqlite").path
        let sql = try String(contentsOfFile: Repository.path("Tests/Fixtures/stores/v1.sql"), encoding: .utf8)
        try DatabaseQueue(path: store).writeWithoutTransaction { try $0.execute(sql: sql) }
        let queued = try DatabaseQueue(path: store).read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM outbox WHERE delivered_at IS NULL")
        }
        let folders = (1...4).map { directory.appendingPathComponent("mail-\($0)") }
        let processes = try folders.map { try Self.startDeliver(store: store, into: $0) }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0])
        #expect(try Self.deliveredNumbers(folders).sorted() == queued.map(Int.init))
        let migrations = try DatabaseQueue(path: store).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations == ["v1", "v2-outbox-message", "v3-outbox-claim"])
    }

    /// `apply` processes started at once on a store that does not exist yet
    /// all create (or find) it, and each records its request.
    @Test func concurrentFirstAppliesCreateOneStore() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("new/store.sqlite").path
        let requests = ["registered-min-lon.yaml", "not-registered-min-lon.yaml", "registered-lon-anstalld.yaml",
                        "has-subscription-lon-anstalld.yaml"]
        let processes = try requests.map { request -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
            process.arguments = ["apply", Repository.path("Examples/\(request)"), "--store", store]
            process.currentDirectoryURL = Repository.root
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0])
        #expect(try DatabaseQueue(path: store).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM customers") } == 4)
    }

    @Test func deliveriesKilledAtRandomPointsAreFinishedByTheNextOne() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, emails) = try Self.batchStore(in: directory, customers: 120)
        let mail = directory.appendingPathComponent("mail")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let process = try Self.startDeliver(store: store, into: mail)
            usleep(UInt32.random(in: 0...300_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let finish = try tillval(["outbox", "deliver", "--to-dir", mail.path, "--from", "lon@byrasyd.se"], store: store)
        #expect(finish.status == 0, "\(finish.stderr)")
        let numbers = try Self.deliveredNumbers([mail])
        #expect(numbers.count == emails)
        #expect(Set(numbers) == Set(1...emails))
        #expect(try tillval(["outbox"], store: store).stdout == "0 emails queued\n")
        // Temporary files are hidden and never named .eml.
        let names = try FileManager.default.contentsOfDirectory(atPath: mail.path)
        #expect(names.filter { $0.hasPrefix(".") }.allSatisfy { $0.hasSuffix(".tmp") })
    }

    @Test func aClaimForAnotherDirectoryIsLeftAloneUntilReclaimed() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.sqlite").path
        #expect(try tillval(["apply", "Examples/registered-min-lon.yaml"], store: store).status == 0)
        #expect(try tillval(["apply", "Examples/not-registered-min-lon.yaml"], store: store).status == 0)
        // A delivery into /srv/mail claimed #1 and died.
        try DatabaseQueue(path: store).write { db in
            try db.execute(sql: """
                UPDATE outbox SET claim_token = 'dead-run', claimed_at = '2026-11-29T09:00:00Z', claim_directory = '/srv/mail',
                    file_name = '000001-556456-7890-approve-collaboration.eml' WHERE id = 1
                """)
        }
        let listed = try tillval(["outbox"], store: store)
        #expect(listed.stdout.contains("#1  2026-11-29 10:00 UTC  claimed 2026-11-29 09:00 UTC for /srv/mail  556456-7890"), "\(listed.stdout)")
        let mail = directory.appendingPathComponent("mail")
        let first = try tillval(["outbox", "deliver", "--to-dir", mail.path, "--from", "lon@byrasyd.se"], store: store)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasSuffix("""
            outbox #1: left to another delivery: claimed on 2026-11-29 09:00 UTC for /srv/mail (--reclaim delivers it here if that delivery died)
            1 email delivered, 1 claimed by another delivery

            """), "\(first.stdout)")
        #expect(try Self.deliveredNumbers([mail]) == [2])
        let reclaimed = try tillval(["outbox", "deliver", "--to-dir", mail.path, "--from", "lon@byrasyd.se", "--reclaim"], store: store)
        #expect(reclaimed.stdout.hasSuffix("1 email delivered\n"), "\(reclaimed.stdout)")
        #expect(try Self.deliveredNumbers([mail]).sorted() == [1, 2])
    }

    // MARK: requeue never replaces a claimed email

    @Test func requeueRefusesAnEmailBeingDelivered() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        _ = try store.apply(try StoreTests.requestPlan("registered-lon-anstalld.yaml"))
        try DatabaseQueue(path: scratch.storePath).write { db in
            try db.execute(sql: """
                UPDATE outbox SET claim_token = 'run-1', claimed_at = '2026-11-29T10:05:00Z', claim_directory = '/srv/mail',
                    file_name = '000001-x.eml'
                """)
        }
        let before = try store.dump()
        let renamed = try StoreTests.requestPlan(yaml: try StoreTests.example("registered-lon-anstalld.yaml",
            replacing: "name: Redovisningsbyrån Norrland AB", with: "name: Byrå Nord AB"), in: scratch)
        let outcomes = try store.requeue(renamed)
        #expect(outcomes.map(\.status) == [.refused])
        #expect(outcomes.first?.message == "being delivered: claimed on 2026-11-29 10:05 UTC for /srv/mail; a claimed email "
                + "is not replaced (if that delivery died, 'outbox deliver --to-dir' that directory finishes it)")
        #expect(try store.dump() == before)
    }
}

import Foundation
import GRDB
import Testing
@testable import TillvalStore
import TillvalTestSupport

/// Issue 11, point 2: the store is in WAL mode (kept in the file), with
/// `synchronous = FULL`; older stores are converted by the first command
/// that writes; the read-only commands read a WAL store wherever they could
/// read a rollback-journal one.
@Suite struct StoreWALTests {
    static func journalMode(_ path: String) throws -> String {
        try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    static func tillval(_ arguments: [String], store: String, asNobody: Bool = false) throws -> CommandRunner.Result {
        let environment = ["TILLVAL_NOW": StoreSandbox.applyTime]
        // Root reads and writes any file whatever its mode: the read-only cases run as nobody.
        if asNobody, geteuid() == 0 {
            return try CommandRunner.run(["--reuid=65534", "--regid=65534", "--clear-groups", CommandRunner.binary]
                                         + arguments + ["--store", store], executable: "/usr/bin/setpriv", environment: environment)
        }
        return try CommandRunner.run(arguments + ["--store", store], environment: environment)
    }

    @Test func aNewStoreIsInWALModeAndSyncsEveryCommit() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        _ = try store.apply(try StoreTests.requestPlan("registered-min-lon.yaml"))
        #expect(try Self.journalMode(scratch.storePath) == "wal")
        #expect(try store.queue.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2, "FULL")
    }

    /// The sub-journal of each request's savepoint is kept in memory: on
    /// disk, a batch wrote it 18 times per request (issue 11).
    @Test func theStoreKeepsItsSavepointJournalsInMemory() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        #expect(try store.queue.read { try Int.fetchOne($0, sql: "PRAGMA temp_store") } == 2, "MEMORY")
    }

    /// A store of an older `tillval` (the v1 fixture, rollback journal) is
    /// read as it is by `status`, and converted by the first command that
    /// writes, after its migrations: its header is marked in the file itself.
    @Test func aRollbackJournalStoreIsConvertedByTheFirstCommandThatWrites() throws {
        let scratch = try StoreTests.scratch()
        try FileManager.default.createDirectory(atPath: (scratch.storePath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let sql = try String(contentsOfFile: Repository.path("Tests/Fixtures/stores/v1.sql"), encoding: .utf8)
        try DatabaseQueue(path: scratch.storePath).writeWithoutTransaction { try $0.execute(sql: sql) }
        #expect(try Self.journalMode(scratch.storePath) == "delete")
        let listed = try Self.tillval(["status"], store: scratch.storePath)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(try Self.journalMode(scratch.storePath) == "delete", "a read-only command converts nothing")
        let before = try Store(readingAt: scratch.storePath).dump()
        let applied = try Self.tillval(["apply", "Examples/batch.yaml"], store: scratch.storePath)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try Self.journalMode(scratch.storePath) == "wal")
        let header = try #require(FileManager.default.contents(atPath: scratch.storePath)).prefix(100)
        #expect(Array(header[68..<72]) == [0x54, 0x4C, 0x56, 0x4C], "application_id in the file, not only in the log")
        let after = try Store(readingAt: scratch.storePath).dump()
        #expect(after.count > before.count)
        #expect(try Self.tillval(["status"], store: scratch.storePath).stdout == Self.tillval(["status"], store: scratch.storePath).stdout)
    }

    /// `status` and `outbox` read a WAL store from a read-only directory,
    /// where SQLite can create neither `-wal` nor `-shm`, and from a
    /// read-only file in a directory they may write to; they print what
    /// they print from a writable one, and leave the file as it was.
    @Test func aWALStoreIsReadFromAReadOnlyFileAndDirectory() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer {
            chmod(directory.path, 0o700)
            try? FileManager.default.removeItem(at: directory)
        }
        let store = directory.appendingPathComponent("store.sqlite").path
        for request in ["registered-min-lon.yaml", "not-registered-min-lon.yaml"] {
            #expect(try Self.tillval(["apply", "Examples/\(request)"], store: store).status == 0)
        }
        #expect(try Self.journalMode(store) == "wal")
        let expected = try [["status"], ["outbox"], ["status", "556456-7890"]].map { try Self.tillval($0, store: store) }
        #expect(expected.allSatisfy { $0.status == 0 && !$0.stdout.isEmpty }, "\(expected.map(\.stderr))")
        let bytes = try #require(FileManager.default.contents(atPath: store))
        #expect(chmod(store, 0o444) == 0)
        for (mode, name) in [(0o555, "read-only directory"), (0o777, "read-only file")] {
            #expect(chmod(directory.path, mode_t(mode)) == 0)
            for (arguments, wanted) in zip([["status"], ["outbox"], ["status", "556456-7890"]], expected) {
                let result = try Self.tillval(arguments, store: store, asNobody: true)
                #expect(result.status == 0, "\(name), \(arguments): \(result.stderr)")
                #expect(result.stdout == wanted.stdout, "\(name), \(arguments)")
            }
            #expect(FileManager.default.contents(atPath: store) == bytes, "\(name): the file is unchanged")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(left.allSatisfy { $0 == "store.sqlite" || $0 == "store.sqlite-shm" || $0 == "store.sqlite-wal" }, "\(left)")
    }

    /// Another process at work on the store (its log not yet checkpointed,
    /// a write transaction open): `status` reads what is committed without
    /// waiting, and `apply` waits for the lock and then commits.
    @Test func aStoreAnotherProcessIsWritingIsReadAndAppliedTo() throws {
        let scratch = try StoreTests.scratch()
        _ = try scratch.store().apply(try StoreTests.requestPlan("registered-min-lon.yaml"))
        let other = try DatabaseQueue(path: scratch.storePath)
        try other.write { db in try db.execute(sql: "UPDATE customers SET first_seen = '2026-11-30T00:00:00Z'") }
        var log = stat()
        #expect(stat(scratch.storePath + "-wal", &log) == 0 && log.st_size > 0, "the other connection's log holds a commit")
        let committed = try Self.tillval(["status", "556456-7890"], store: scratch.storePath)
        #expect(committed.status == 0, "\(committed.stderr)")
        try other.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try db.execute(sql: "UPDATE customers SET first_seen = '2027-01-01T00:00:00Z'")
            let reading = try Self.tillval(["status", "556456-7890"], store: scratch.storePath)
            #expect(reading.status == 0, "\(reading.stderr)")
            #expect(reading.stdout == committed.stdout, "the uncommitted change is not seen")
            try db.execute(sql: "ROLLBACK")
        }
        let applied = try Self.tillval(["apply", "Examples/not-registered-min-lon.yaml"], store: scratch.storePath)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try scratch.count("customers") == 2)
    }
}

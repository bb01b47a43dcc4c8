import Foundation
import GRDB
import Testing
import TillvalPlan
import TillvalRuntime
import TillvalStore
import TillvalTestSupport

/// Issue 11: the store reads its rows itself, column by column with
/// `sqlite3_column_*` (`StoreRow`), where GRDB's rows and cursors did, so
/// a re-run of a batch costs less than the fresh run. The reader trusts
/// nothing in the file: a value of another kind than the column holds —
/// NULL where there must be a value, a blob where there must be a text, a
/// text that is not UTF-8 or holds a NUL — or a word this tillval does not
/// know, is a `StoreError` naming the column, never a crash or another
/// value (GRDB's reader repaired bytes that are not UTF-8 into U+FFFD and
/// cut a text at a NUL, silently). Real SQLite files, changed behind the
/// store's back with SQL the store never runs.
@Suite struct StoreReadTests {
    /// A request with every effect: a collaboration, a service, an
    /// administrator and an email, so a re-run looks up one row in each table.
    static let example = "not-registered-min-lon.yaml"

    /// Runs `sql` on the store file through a connection of its own.
    static func tamper(_ path: String, _ sql: String) throws {
        try DatabaseQueue(path: path).writeWithoutTransaction { db in try db.execute(sql: sql) }
    }

    /// Drops `NOT NULL` from `column` of `table` in the file's schema
    /// (`writable_schema`), so the column can be set to NULL as a store
    /// changed by another program may hold it; later connections read the
    /// changed schema.
    static func allowNull(_ path: String, table: String, column: String) throws {
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
                           arguments: ["\(column) TEXT NOT NULL", "\(column) TEXT", table])
            try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
    }

    /// One change to a row a re-run of `example` reads, and the error it must give.
    struct Tampering: CustomStringConvertible, Sendable {
        var sql: String
        var error: StoreError
        /// A `NOT NULL` column the change sets to NULL, as table and column.
        var nullable: (table: String, column: String)?
        var description: String { sql }
    }

    static func malformed(_ column: String, _ found: StoreError.StoredValue, expected: StoreError.StoredValue = .text) -> StoreError {
        .malformedValue(column: column, found: found, expected: expected)
    }

    /// Every table a re-run reads, and every way a value can be malformed.
    static let tamperings: [Tampering] = [
        // A blob where a text must be.
        Tampering(sql: "UPDATE collaborations SET scenario = X'6E6F742D72656769737465726564'",
                  error: malformed("collaborations.scenario", .blob)),
        Tampering(sql: "UPDATE collaborations SET restricted_to_name = X'00'",
                  error: malformed("collaborations.restricted_to_name", .blob)),
        Tampering(sql: "UPDATE outbox SET body = X'48656A'", error: malformed("outbox.body", .blob)),
        // Bytes that are not UTF-8: a lone continuation byte, an overlong '/', a surrogate.
        Tampering(sql: "UPDATE services SET activated_at = CAST(X'32303236FF' AS TEXT)",
                  error: malformed("services.activated_at", .textNotUTF8)),
        Tampering(sql: "UPDATE administrators SET email = CAST(X'61C0AF62' AS TEXT)",
                  error: malformed("administrators.email", .textNotUTF8)),
        Tampering(sql: "UPDATE outbox SET recipient = CAST(X'61EDA08062' AS TEXT)",
                  error: malformed("outbox.recipient", .textNotUTF8)),
        // A NUL inside a text (tillval refuses to store one).
        Tampering(sql: "UPDATE collaborations SET plan_digest = CAST(X'7368610062' AS TEXT)",
                  error: malformed("collaborations.plan_digest", .textWithNUL)),
        Tampering(sql: "UPDATE outbox SET subject = CAST(X'4100' AS TEXT)", error: malformed("outbox.subject", .textWithNUL)),
        // A word of the vocabulary this tillval does not know.
        Tampering(sql: "UPDATE collaborations SET awaits_who = 'robot'",
                  error: .unknownValue(column: "collaborations.awaits_who", value: "robot")),
        Tampering(sql: "UPDATE collaborations SET awaits_approves = X'7465726D73'",
                  error: malformed("collaborations.awaits_approves", .blob)),
        // NULL where there must be a value.
        Tampering(sql: "UPDATE collaborations SET activated_at = NULL", error: malformed("collaborations.activated_at", .null),
                  nullable: ("collaborations", "activated_at")),
        Tampering(sql: "UPDATE services SET service_name = NULL", error: malformed("services.service_name", .null),
                  nullable: ("services", "service_name")),
        Tampering(sql: "UPDATE administrators SET created_at = NULL", error: malformed("administrators.created_at", .null),
                  nullable: ("administrators", "created_at")),
        Tampering(sql: "UPDATE outbox SET queued_at = NULL", error: malformed("outbox.queued_at", .null),
                  nullable: ("outbox", "queued_at")),
    ]

    @Test(arguments: tamperings)
    func aMalformedValueARerunReadsIsAnErrorNamingTheColumnAndNothingChanges(_ tampering: Tampering) throws {
        let scratch = try StoreTests.scratch()
        let plan = try StoreTests.requestPlan(Self.example)
        #expect(try scratch.store().apply(plan).customerAdded)
        if let nullable = tampering.nullable {
            try Self.allowNull(scratch.storePath, table: nullable.table, column: nullable.column)
        }
        try Self.tamper(scratch.storePath, tampering.sql)
        let store = try scratch.store(at: StoreTests.laterTime)
        let before = try scratch.dump()

        // Applied again, alone and in a group: the request fails with the
        // error, and the store holds what it held.
        #expect(StoreTests.error { _ = try store.apply(plan) } as? StoreError == tampering.error)
        var batch = ApplyBatch<Int>(store: store)
        _ = batch.add(1, plan: plan)
        let completed = batch.finish()
        #expect(completed.count == 1)
        if case .failure(let error)? = completed.first?.result {
            #expect(error as? StoreError == tampering.error)
        } else {
            Issue.record("applied again: expected \(tampering.error), got \(String(describing: completed.first?.result))")
        }
        #expect(try scratch.dump() == before)

        // `status` reads every row of the customer: the same error.
        #expect(StoreTests.error { _ = try store.status(customerID: plan.customerID) } as? StoreError == tampering.error)
        #expect(StoreTests.error { _ = try store.statuses() } as? StoreError == tampering.error)
    }

    /// A statement whose read threw is reset and read again: after the
    /// failure the same store (same connection, same prepared statements)
    /// reads the row once it is repaired, and applies other requests.
    @Test func aLookUpThatFailedLeavesItsStatementReadyForTheNext() throws {
        let scratch = try StoreTests.scratch()
        let plan = try StoreTests.requestPlan(Self.example)
        let store = try scratch.store()
        _ = try store.apply(plan)
        let email = try #require(StoreTests.emails(plan).first)
        try Self.tamper(scratch.storePath, "UPDATE outbox SET body = CAST(X'FF' AS TEXT)")
        #expect(StoreTests.error { _ = try store.apply(plan) } as? StoreError == Self.malformed("outbox.body", .textNotUTF8))
        #expect(StoreTests.error { _ = try store.outbox() } as? StoreError == Self.malformed("outbox.body", .textNotUTF8))
        try Self.tamper(scratch.storePath, "UPDATE outbox SET body = '\(email.body.replacingOccurrences(of: "'", with: "''"))'")
        let again = try store.apply(plan)
        #expect(again.appliedBefore != nil && !again.changedAnything)
        #expect(again.outcomes.map(\.status) == Array(repeating: .alreadyDone, count: plan.effects.count))
        #expect(try store.outbox().map(\.body) == [email.body])
        #expect(try store.apply(StoreTests.requestPlan("registered-min-lon.yaml")).customerAdded)
    }

    /// What the reader gives back is what was stored, byte for byte: texts
    /// beyond ASCII (up to four bytes a character), empty texts and NULLs.
    @Test func textsAreReadBackAsStored() throws {
        let scratch = try StoreTests.scratch()
        let plan = try StoreTests.requestPlan(Self.example)
        let store = try scratch.store()
        _ = try store.apply(plan)
        let name = "Lön Anställd ✓ 🧾 \u{301}"
        try Self.tamper(scratch.storePath, """
            UPDATE services SET service_name = '\(name)', restricted_to = NULL, restricted_to_name = NULL;
            UPDATE outbox SET subject = '', sender_name = NULL
            """)
        let status = try #require(try store.status(customerID: plan.customerID))
        #expect(status.services.map(\.service.name) == [name])
        #expect(status.services.map(\.restrictedTo) == [nil])
        #expect(status.emails.map(\.subject) == [""])
        #expect(status.emails.map(\.senderName) == [nil])
        #expect(status.emails.map(\.body) == StoreTests.emails(plan).map(\.body))
    }

    /// A queued email is compared with the rules' wording as texts (`==`,
    /// canonical equivalence), whether or not their bytes are the same: the
    /// subject stored decomposed ("a" and a combining ring for "å") is the
    /// same wording; another subject is not.
    @Test func aQueuedEmailsWordingIsComparedAsText() throws {
        let scratch = try StoreTests.scratch()
        let plan = try StoreTests.requestPlan(Self.example)
        let store = try scratch.store()
        _ = try store.apply(plan)
        let subject = try #require(StoreTests.emails(plan).first?.subject)
        let decomposed = subject.decomposedStringWithCanonicalMapping
        #expect(subject.contains("å") && Array(decomposed.utf8) != Array(subject.utf8) && decomposed == subject)
        func emailMessage() throws -> String? {
            let again = try store.apply(plan)
            return zip(plan.effects, again.outcomes).first { effect, _ in effect.kind == .sendEmail }?.1.message
        }
        let queued = try emailMessage()
        #expect(queued?.hasPrefix("already queued on 2026-11-29 10:00 UTC (outbox #1)") == true, "\(String(describing: queued))")
        try Self.tamper(scratch.storePath, "UPDATE outbox SET subject = '\(decomposed)'")
        #expect(try emailMessage() == queued)
        try Self.tamper(scratch.storePath, "UPDATE outbox SET subject = 'Another subject'")
        #expect(try emailMessage() == (queued ?? "") + " with other wording than the rules now give (the email shown is the current wording); "
                + "the queued email stays as it is ('tillval outbox requeue' replaces it while it is undelivered)")
    }

    /// Through the binary: the request is reported failed with the sentence,
    /// and `status` says it cannot read the store.
    @Test func theBinaryReportsAMalformedValueWithItsColumn() throws {
        let scratch = try StoreTests.scratch()
        let example = "Examples/\(Self.example)"
        #expect(try scratch.tillval(["apply", example]).status == 0)
        try Self.tamper(scratch.storePath, "UPDATE administrators SET email = CAST(X'61FF62' AS TEXT)")
        let error = Self.malformed("administrators.email", .textNotUTF8)
        #expect(error.message == "the store holds a text that is not valid UTF-8 in administrators.email, where tillval keeps a text; "
                + "nothing was changed")
        let before = try scratch.dump()
        let apply = try scratch.tillval(["apply", example], at: StoreTests.laterTime)
        #expect(apply.status == 74, "\(apply.stdout)\(apply.stderr)")
        #expect((apply.stdout + apply.stderr).contains(error.message), "\(apply.stdout)\(apply.stderr)")
        #expect(try scratch.dump() == before)
        let status = try scratch.tillval(["status", "556677-8899"])
        #expect(status.status == 66)
        #expect(status.stderr == "tillval: cannot read the store: \(error.message)\n")
    }
}

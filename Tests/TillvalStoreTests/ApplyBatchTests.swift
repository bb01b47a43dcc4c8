import Foundation
import GRDB
import Testing
@testable import TillvalStore
import TillvalPlan
@testable import TillvalRuntime
import TillvalTestSupport

/// Issue 11, point 2: `ApplyBatch` commits requests in groups, a savepoint
/// per request, and gives results back only once their group committed.
/// Real SQLite files; what the store holds is read through a connection of
/// the test's own, as another process would see it.
@Suite struct ApplyBatchTests {
    /// The example request for `customer`: the same plan, another customer id.
    static func plan(_ customer: String, _ example: String = "registered-min-lon.yaml") throws -> RequestPlan {
        var plan = try StoreTests.requestPlan(example)
        plan.customerID = customer
        return plan
    }

    /// The customer ids the store holds, committed, read by another connection.
    static func customers(_ scratch: StoreSandbox) throws -> [String] {
        try DatabaseQueue(path: scratch.storePath).read { try String.fetchAll($0, sql: "SELECT id FROM customers ORDER BY id") }
    }

    /// A result as one word, so whole batches compare at a glance.
    static func word(_ result: Result<ApplyResult, any Error>?) -> String {
        switch result {
        case nil: return "nothing"
        case .success(let applied)?: return applied.changedAnything ? "applied" : "unchanged"
        case .failure(let refusal as ApplyRefusal)?:
            if case .preconditionUnmet = refusal { return "unmet" }
            return "refused"
        case .failure?: return "failed"
        }
    }

    @Test func requestsCommitInGroupsAndComeBackOnlyOnceTheirGroupCommitted() throws {
        let scratch = try StoreTests.scratch()
        var batch = ApplyBatch<Int>(store: try scratch.store(), groupSize: 3)
        var seen: [(Int, String)] = []
        func add(_ number: Int, _ plan: RequestPlan?) -> [Int] {
            let done = batch.add(number, plan: plan)
            seen += done.map { ($0.item, Self.word($0.result)) }
            return done.map(\.item)
        }
        // Nothing to apply and nothing queued before it: back at once.
        #expect(add(0, nil) == [0])
        #expect(add(1, try Self.plan("c1")) == [])
        #expect(add(2, nil) == [], "keeps its place behind request 1")
        #expect(try Self.customers(scratch) == [], "request 1 is not committed before its group")
        #expect(add(3, try Self.plan("c3")) == [], "the full group goes to the worker; it comes back with the next group")
        #expect(add(4, nil) == [], "keeps its place behind the group in flight")
        #expect(add(5, try Self.plan("c5")) == [])
        #expect(add(6, try Self.plan("c6")) == [1, 2, 3], "handing on the second group lands the first")
        // The second group may be committing right now: the store holds whole groups, in order.
        #expect([["c1", "c3"], ["c1", "c3", "c5", "c6"]].contains(try Self.customers(scratch)))
        #expect(add(7, try Self.plan("c7")) == [])
        let finished = batch.finish()
        seen += finished.map { ($0.item, Self.word($0.result)) }
        #expect(finished.map(\.item) == [4, 5, 6, 7])
        #expect(batch.finish().isEmpty)
        #expect(try Self.customers(scratch) == ["c1", "c3", "c5", "c6", "c7"])
        #expect(seen.map(\.0) == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(seen.map(\.1) == ["nothing", "applied", "nothing", "applied", "nothing", "applied", "applied", "applied"])
    }

    /// A full group is applied while the caller goes on: `add` hands it to
    /// the worker and returns while its transaction is still open (here held
    /// open by `beforeEffect` until the caller says so), and the group comes
    /// back, committed, with the next one.
    @Test func theNextGroupIsReadWhileTheFullOneIsApplied() throws {
        let scratch = try StoreTests.scratch()
        var batch = ApplyBatch<Int>(store: try scratch.store(), groupSize: 1)
        let inside = DispatchSemaphore(value: 0), proceed = DispatchSemaphore(value: 0)
        let held = Ticks()
        batch.beforeEffect = { _ in
            // Only the first effect of the first request waits; a batch that applied groups in
            // `add` itself would wait here in vain and fail the request.
            guard held.next() == 0 else { return }
            inside.signal()
            if proceed.wait(timeout: .now() + 60) == .timedOut { throw StoreTests.InjectedFailure() }
        }
        #expect(batch.add(1, plan: try Self.plan("c1")).isEmpty)
        #expect(inside.wait(timeout: .now() + 60) == .success, "the worker is inside the first group's transaction")
        #expect(try Self.customers(scratch) == [], "not committed while it is applied")
        proceed.signal()
        let landed = batch.add(2, plan: try Self.plan("c2"))
        #expect(landed.map(\.item) == [1])
        #expect(landed.map { Self.word($0.result) } == ["applied"])
        #expect(try Self.customers(scratch).starts(with: ["c1"]))
        #expect(batch.finish().map(\.item) == [2])
        #expect(try Self.customers(scratch) == ["c1", "c2"])
    }

    @Test func aGroupAppliesWhatStoreApplyAppliesOneByOne() throws {
        let examples = ["registered-min-lon.yaml", "not-registered-min-lon.yaml", "registered-lon-anstalld.yaml",
                        "has-subscription-lon-anstalld.yaml", "no-task.yaml"]
        let plans = try examples.map { try StoreTests.requestPlan($0) }
        let one = try StoreTests.scratch(), grouped = try StoreTests.scratch()
        let single = try one.store()
        let singly = plans.map { plan in Self.word(Result { try single.apply(plan) }) }
        var batch = ApplyBatch<Int>(store: try grouped.store(), groupSize: 100)
        var results = plans.enumerated().flatMap { batch.add($0.offset, plan: $0.element) }
        results += batch.finish()
        #expect(results.map(\.item) == Array(plans.indices))
        #expect(results.map { Self.word($0.result) } == singly)
        #expect(singly == ["applied", "applied", "applied", "applied", "unmet"])
        // The same rows, but the emails' random Message-ID tokens.
        let tokens = #/message_token=\S+/#
        #expect(try grouped.store().dump().replacing(tokens, with: "message_token=…") == single.dump().replacing(tokens, with: "message_token=…"))
    }

    /// The second request for a customer sees what the first wrote, still
    /// uncommitted in the same group: it is the same request again
    /// (unchanged), or another product (refused), never a second row.
    @Test func theSameCustomerTwiceInOneGroupSeesItsFirstRequest() throws {
        let scratch = try StoreTests.scratch()
        var batch = ApplyBatch<String>(store: try scratch.store(), groupSize: 10)
        _ = batch.add("first", plan: try Self.plan("c1"))
        _ = batch.add("again", plan: try Self.plan("c1"))
        _ = batch.add("other product", plan: try Self.plan("c1", "registered-lon-anstalld.yaml"))
        _ = batch.add("next", plan: try Self.plan("c2"))
        let results = batch.finish()
        #expect(results.map(\.item) == ["first", "again", "other product", "next"])
        #expect(results.map { Self.word($0.result) } == ["applied", "unchanged", "refused", "applied"])
        if case .success(let again)? = results[1].result {
            #expect(again.appliedBefore?.product.id == "min-lon", "the first request's row, uncommitted")
        }
        #expect(try Self.customers(scratch) == ["c1", "c2"])
        #expect(try scratch.count("collaborations") == 2)
    }

    /// A request failing half-way (after its customer row and first effect
    /// were written) rolls back to its savepoint: only it is missing.
    @Test func aRequestFailingHalfWayRollsBackOnlyItself() throws {
        let scratch = try StoreTests.scratch()
        var batch = ApplyBatch<String>(store: try scratch.store(), groupSize: 10)
        let failing = "c2"
        let effects = try Self.plan("c1").effects.count
        #expect(effects >= 2)
        var calls = 0
        // c1's effects, then c2's: the failure comes after c2's customer row and first effect were written.
        batch.beforeEffect = { _ in
            calls += 1
            if calls == effects + 2 { throw StoreTests.InjectedFailure() }
        }
        let results = ["c1", failing, "c3"].flatMap { batch.add($0, plan: try? Self.plan($0)) } + batch.finish()
        #expect(results.map { Self.word($0.result) } == ["applied", "failed", "applied"])
        if case .failure(let error)? = results[1].result {
            #expect(error as? StoreTests.InjectedFailure != nil, "\(error)")
        }
        #expect(try Self.customers(scratch) == ["c1", "c3"])
        let store = try scratch.store()
        #expect(try store.status(customerID: failing) == nil)
        #expect(try scratch.dump().contains("\"c2\"") == false, "no row of c2 in any table")
    }

    /// The INSERTs bind each text where it lies, without a copy, for the
    /// time their statement runs (issue 11). Texts held inside a `String`
    /// (short ones), empty, long and non-ASCII ones follow one another on the
    /// same statements in one group, also right after a request refused
    /// half-way for a text with a NUL: each row holds exactly its own texts.
    @Test func textsBoundWithoutACopyAreStoredExactly() throws {
        let scratch = try StoreTests.scratch()
        var batch = ApplyBatch<String>(store: try scratch.store(), groupSize: 10)
        let names = ["Å", "", String(repeating: "Lön ", count: 300), "Visma\u{0}Lön", "short", "längre namn på en tjänst ✓"]
        var results: [ApplyBatch<String>.Completed] = []
        for (index, name) in names.enumerated() {
            var plan = try Self.plan(index == 2 ? String(repeating: "k", count: 40) : "c\(index)")
            plan.service.name = name
            results += batch.add(name, plan: plan)
        }
        results += batch.finish()
        #expect(results.map { Self.word($0.result) } == ["applied", "applied", "applied", "failed", "applied", "applied"])
        let stored = try DatabaseQueue(path: scratch.storePath).read { db in
            try Row.fetchAll(db, sql: "SELECT customer_id, service_name FROM collaborations ORDER BY rowid").map {
                [$0[0] as String, $0[1] as String]
            }
        }
        #expect(stored == [["c0", "Å"], ["c1", ""], [String(repeating: "k", count: 40), String(repeating: "Lön ", count: 300)],
                           ["c4", "short"], ["c5", "längre namn på en tjänst ✓"]])
    }

    /// A trap in the store file: inserting customer `id` adds a row whose
    /// foreign key SQLite checks only at COMMIT (DEFERRABLE INITIALLY
    /// DEFERRED), and that key refers to no customer, so the COMMIT of any
    /// transaction holding that customer fails.
    static func trapCommit(of id: String, in scratch: StoreSandbox) throws {
        try DatabaseQueue(path: scratch.storePath).writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TABLE trap (customer_id TEXT REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED);
                CREATE TRIGGER trap AFTER INSERT ON customers WHEN NEW.id = '\(id)' BEGIN
                    INSERT INTO trap VALUES ('nobody');
                END;
                """)
        }
    }

    @Test func aGroupWhoseCommitFailsReportsEveryRequestFailedAndStoresNone() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        try Self.trapCommit(of: "c5", in: scratch)
        var batch = ApplyBatch<String>(store: store, groupSize: 3)
        let unmet = try Self.plan("c6", "no-task.yaml")
        var results: [ApplyBatch<String>.Completed] = []
        for (id, plan) in [("c1", try Self.plan("c1")), ("c2", try Self.plan("c2")), ("c3", try Self.plan("c3")),
                           ("c4", try Self.plan("c4")), ("c5", try Self.plan("c5")), ("c6", unmet),
                           ("c7", try Self.plan("c7"))] {
            results += batch.add(id, plan: plan)
        }
        results += batch.finish()
        #expect(results.map(\.item) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7"])
        // The second group (c4, c5, c6) could not commit: every request in it failed, but the unmet precondition,
        // which the store does not decide.
        #expect(results.map { Self.word($0.result) } == ["applied", "applied", "applied", "failed", "failed", "unmet", "applied"])
        for completed in results[3...4] {
            guard case .failure(let error as DatabaseError)? = completed.result else {
                Issue.record("\(completed.item): \(String(describing: completed.result))")
                continue
            }
            #expect(error.resultCode == .SQLITE_CONSTRAINT, "\(error)")
        }
        #expect(try Self.customers(scratch) == ["c1", "c2", "c3", "c7"])
        #expect(try scratch.count("collaborations") == 4)
        #expect(try scratch.count("trap") == 0)
    }

    /// The group's transaction cannot even begin: another connection holds
    /// the write lock past the busy timeout (10 s). Every request that
    /// would have run fails with that error; one whose preconditions do not
    /// hold is still refused as unmet, as when the commit fails (it was
    /// reported as "the store gave no result").
    @Test func aGroupThatCannotBeginFailsItsRequestsButKeepsUnmetOnesUnmet() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let holder = try DatabaseQueue(path: scratch.storePath, configuration: configuration)
        try holder.writeWithoutTransaction { try $0.execute(sql: "BEGIN IMMEDIATE") }
        var batch = ApplyBatch<String>(store: store, groupSize: 10)
        let results = batch.add("c1", plan: try Self.plan("c1")) + batch.add("c2", plan: try Self.plan("c2", "no-task.yaml")) + batch.finish()
        try holder.writeWithoutTransaction { try $0.execute(sql: "ROLLBACK") }
        #expect(results.map(\.item) == ["c1", "c2"])
        #expect(results.map { Self.word($0.result) } == ["failed", "unmet"])
        if case .failure(let error as DatabaseError)? = results.first?.result {
            #expect(error.resultCode == .SQLITE_BUSY, "\(error)")
        }
        #expect(try Self.customers(scratch) == [])
    }

    /// SQLite ends the whole transaction on some errors inside a statement
    /// (a full disk, an I/O error; here a trigger's RAISE(ROLLBACK)): the
    /// requests of the group applied before it are gone as well, and are
    /// reported failed, not applied; the next group starts afresh.
    @Test func aGroupWhoseTransactionSQLiteEndsReportsEveryRequestFailed() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        try DatabaseQueue(path: scratch.storePath).writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TRIGGER gone AFTER INSERT ON collaborations WHEN NEW.customer_id = 'c2' BEGIN
                    SELECT RAISE(ROLLBACK, 'the transaction is gone');
                END;
                """)
        }
        var batch = ApplyBatch<String>(store: store, groupSize: 3)
        let ids = ["c1", "c2", "c3", "c4"]
        let results = try ids.flatMap { batch.add($0, plan: try Self.plan($0)) } + batch.finish()
        #expect(results.map { Self.word($0.result) } == ["failed", "failed", "failed", "applied"])
        #expect(try Self.customers(scratch) == ["c4"])
    }

    /// A re-run reads stored times through `StoreTimestamp.human`, which
    /// reads the form the store writes from its digits: it says what
    /// Foundation's ISO 8601 parser and the UTC calendar say, and leaves
    /// everything else (out of range, another form) to them.
    @Test(arguments: ["2026-11-29T10:00:00Z", "2024-02-29T23:59:59Z", "2023-02-29T10:00:00Z", "2026-04-31T00:00:00Z",
                      "2026-13-01T00:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29T10:60:00Z", "1600-01-01T00:00:00Z",
                      "1599-12-31T12:00:00Z", "2026-11-29T10:00:00.5Z", "2026-11-29", "2026-11-29T10:00:00+01:00",
                      "２026-11-29T10:00:00Z", "not a time"])
    func storedTimesReadFromTheirDigitsAsFoundationReadsThem(_ stored: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var reference = Excerpt.of(stored)
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate]] {
            formatter.formatOptions = options
            guard let date = formatter.date(from: stored) else { continue }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            reference = String(format: "%04d-%02d-%02d %02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
            break
        }
        #expect(StoreTimestamp.human(stored) == reference)
    }

    /// A request that adds its customer looks nothing up (every row refers
    /// to a customer). A row left without its customer (a store edited
    /// with foreign keys off) is then met by the INSERT's key: the request
    /// fails and changes nothing, never adds a second row.
    @Test func aRowWithoutItsCustomerFailsTheRequestThatAddsTheCustomer() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        let plan = try Self.plan("c9")
        _ = try store.apply(try Self.plan("c1"))
        try DatabaseQueue(path: scratch.storePath).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: """
                INSERT INTO services SELECT 'c9', service, service_name, restricted_to, restricted_to_name, collaboration_id,
                    activated_at FROM services WHERE customer_id = 'c1'
                """)
        }
        var batch = ApplyBatch<String>(store: store, groupSize: 10)
        let results = batch.add("c9", plan: plan) + batch.add("c2", plan: try Self.plan("c2")) + batch.finish()
        #expect(results.map { Self.word($0.result) } == ["failed", "applied"])
        if case .failure(let error as DatabaseError)? = results.first?.result {
            #expect(error.resultCode == .SQLITE_CONSTRAINT, "\(error)")
        }
        #expect(try Self.customers(scratch) == ["c1", "c2"])
        #expect(try scratch.count("services") == 3)
    }

    @Test func aGroupOfOneCommitsEachRequest() throws {
        let scratch = try StoreTests.scratch()
        var batch = ApplyBatch<Int>(store: try scratch.store(), groupSize: 0)
        #expect(batch.groupSize == 1)
        #expect(batch.add(1, plan: try Self.plan("c1")).isEmpty, "in flight")
        #expect(batch.add(2, plan: try Self.plan("c2")).map(\.item) == [1])
        #expect(try Self.customers(scratch).starts(with: ["c1"]))
        #expect(batch.finish().map(\.item) == [2])
        #expect(try Self.customers(scratch) == ["c1", "c2"])
        #expect(batch.finish().isEmpty)
    }

    /// Each request of a group is stamped with its own time, in whole
    /// seconds rounded down as `StoreTimestamp.iso` writes them, though the
    /// text is written again only when the second changes (`StoreClock`):
    /// times within a second, across a second, going back, before 1970.
    @Test func eachRequestIsStampedWithItsOwnSecond() throws {
        let base = try #require(Store.parseTime("2026-11-29T10:00:59Z")).timeIntervalSince1970
        let offsets: [Double] = [0, 0.25, 0.999_999, 1, 1.5, 0.5, 0.5, 61, -base - 0.5, -base - 0.25, -base, 3_600.75]
        var times = offsets.map { Date(timeIntervalSince1970: base + $0) }[...]
        var clock = StoreClock { times.popFirst() ?? .distantPast }
        let stamps = offsets.map { _ in clock.timestamp() }
        #expect(stamps == offsets.map { StoreTimestamp.iso(Date(timeIntervalSince1970: base + $0)) })
        #expect(stamps == ["2026-11-29T10:00:59Z", "2026-11-29T10:00:59Z", "2026-11-29T10:00:59Z", "2026-11-29T10:01:00Z",
                           "2026-11-29T10:01:00Z", "2026-11-29T10:00:59Z", "2026-11-29T10:00:59Z", "2026-11-29T10:02:00Z",
                           "1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2026-11-29T11:00:59Z"])
    }

    /// A reading in the last instant of a second, as `iso` counts seconds
    /// (from 2001): a key counted from 1970 rounds it up into the next
    /// second, so the next second's readings were stamped a second early.
    @Test func theLastInstantOfASecondIsStampedWithItsOwnSecond() throws {
        let second = try #require(Store.parseTime("2026-11-29T10:00:05Z")).timeIntervalSinceReferenceDate
        let readings = [Date(timeIntervalSinceReferenceDate: second.nextDown), Date(timeIntervalSinceReferenceDate: second + 0.3),
                        Date(timeIntervalSinceReferenceDate: (second + 1).nextDown)]
        var times = readings[...]
        var clock = StoreClock { times.popFirst() ?? .distantPast }
        let stamps = readings.map { _ in clock.timestamp() }
        #expect(stamps == readings.map(StoreTimestamp.iso))
        #expect(stamps == ["2026-11-29T10:00:04Z", "2026-11-29T10:00:05Z", "2026-11-29T10:00:05Z"])
    }

    /// Through a group: the rows of each request carry the second its
    /// request was applied in, also when the clock moves within the group.
    @Test func aGroupStampsEachRequestAtItsOwnTime() throws {
        let scratch = try StoreTests.scratch()
        let start = try #require(Store.parseTime("2026-11-29T10:00:00Z"))
        // Each request reads the clock once: 0.6 s apart.
        let ticks = Ticks()
        let store = try Store(path: scratch.storePath, now: { start.addingTimeInterval(0.6 * Double(ticks.next())) })
        var batch = ApplyBatch<Int>(store: store, groupSize: 10)
        for index in 0..<4 { _ = batch.add(index, plan: try Self.plan("c\(index)")) }
        #expect(batch.finish().map { Self.word($0.result) } == Array(repeating: "applied", count: 4))
        let stamped = try DatabaseQueue(path: scratch.storePath).read { db in
            try String.fetchAll(db, sql: """
                SELECT c.id || ' ' || c.first_seen || ' ' || l.activated_at FROM customers c
                JOIN collaborations l ON l.customer_id = c.id ORDER BY c.id
                """)
        }
        #expect(stamped == ["c0 2026-11-29T10:00:00Z 2026-11-29T10:00:00Z", "c1 2026-11-29T10:00:00Z 2026-11-29T10:00:00Z",
                            "c2 2026-11-29T10:00:01Z 2026-11-29T10:00:01Z", "c3 2026-11-29T10:00:01Z 2026-11-29T10:00:01Z"])
    }

    /// Counts the clock's readings.
    final class Ticks: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0

        func next() -> Int {
            lock.lock()
            defer { count += 1; lock.unlock() }
            return count
        }
    }
}

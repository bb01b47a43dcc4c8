import Foundation
import GRDB
import Testing
import TillvalCompiler
import TillvalPlan
import TillvalReports
import TillvalRuntime
import TillvalStore
import TillvalTestSupport

/// The store `tillval apply` writes to, exercised on real SQLite files in
/// temporary directories with request plans built by the real pipeline
/// (rules compiled, example requests read, bound and planned).
@Suite struct StoreTests {
    static let plan: Plan? = ExamplePlans.plan
    static let applyTime = StoreSandbox.applyTime
    static let laterTime = "2026-12-01T08:30:00Z"

    // MARK: - Helpers

    /// A sandbox (Tests/TillvalTestSupport) whose store lies below directories
    /// that do not exist yet: the store creates them.
    static func scratch() throws -> StoreSandbox {
        try StoreSandbox(storeAt: "state/nested/store.sqlite")
    }

    struct InjectedFailure: Error, Equatable {}

    // The pipeline's set-up, shared with the other suites (Tests/TillvalTestSupport/ExamplePlans.swift).
    static func requestPlan(_ example: String) throws -> RequestPlan { try ExamplePlans.requestPlan(example) }
    static func requestPlan(yaml text: String, in scratch: StoreSandbox) throws -> RequestPlan {
        try ExamplePlans.requestPlan(yaml: text, in: scratch)
    }
    static func requestPlan(path: String, plan compiled: Plan? = StoreTests.plan) throws -> RequestPlan {
        try ExamplePlans.requestPlan(path: path, plan: compiled)
    }
    static func example(_ name: String, replacing old: String, with new: String) throws -> String {
        try ExamplePlans.example(name, replacing: old, with: new)
    }
    static func error(_ body: () throws -> Void) -> Error? { ExamplePlans.error(body) }

    static func emails(_ plan: RequestPlan) -> [RenderedEmail] {
        plan.effects.compactMap { effect in
            if case .sendEmail(let email) = effect.action { return email }
            return nil
        }
    }

    // MARK: - Applying each scenario

    /// Which example goes to which scenario, and what applying it records: the shared table.
    static let scenarios = ExampleScenario.all

    @Test(arguments: scenarios)
    func applyingAScenarioRecordsItsEffects(_ expected: ExampleScenario) throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        let plan = try Self.requestPlan(expected.example)
        #expect(plan.scenario.id == expected.scenario)

        let result = try store.apply(plan)
        #expect(result.customerID == expected.customer)
        #expect(result.customerAdded)
        #expect(result.changedAnything)
        #expect(result.outcomes.map(\.effect.name) == expected.effects)
        #expect(result.outcomes.allSatisfy { $0.status == .done })

        let status = try #require(try store.status(customerID: expected.customer))
        #expect(status.firstSeen == Self.applyTime)
        #expect(status.collaborations.count == 1)
        let collaboration = try #require(status.collaborations.first)
        #expect(collaboration.collaboration == Named(id: "digitala-tillval", name: "Digitala tillval till Visma Lön 300/600"))
        #expect(collaboration.product.id == expected.product)
        #expect(collaboration.service.id == "lon-anstalld")
        #expect(collaboration.restrictedTo?.id == expected.restrictedTo)
        #expect(collaboration.scenario == expected.scenario)
        #expect(collaboration.status == .pending)
        #expect(collaboration.awaits?.who.rawValue == expected.awaits)
        #expect(collaboration.awaits?.place.hasPrefix("Mina tjänster on ") == true)
        #expect(collaboration.planDigest == plan.planDigest)
        #expect(collaboration.planDigest.hasPrefix("sha256:"))
        #expect(collaboration.activatedAt == Self.applyTime)
        #expect(collaboration.approvedAt == nil)

        switch expected.serviceRestriction {
        case .none:
            #expect(status.services.isEmpty)
        case .some(let restriction):
            #expect(status.services.map(\.service.id) == ["lon-anstalld"])
            #expect(status.services.first?.restrictedTo?.id == restriction)
            #expect(status.services.first?.collaborationID == "digitala-tillval")
            #expect(status.services.first?.activatedAt == Self.applyTime)
        }
        if let administrator = expected.administrator {
            #expect(status.administrators.map(\.portal) == ["vismaspcs.se"])
            #expect(status.administrators.map(\.email) == [administrator])
        } else {
            #expect(status.administrators.isEmpty)
        }

        let rendered = try #require(Self.emails(plan).first)
        #expect(status.emails.count == 1)
        let email = try #require(status.emails.first)
        #expect(email.template == expected.template)
        #expect(email.recipient == expected.recipient)
        #expect(email.subject == rendered.subject)
        #expect(email.body == rendered.body)
        #expect(email.collaborationID == "digitala-tillval")
        #expect(email.queuedAt == Self.applyTime)
        #expect(email.deliveredAt == nil)
        #expect(try store.outbox().map(\.id) == [email.id])
    }

    @Test func theStoreIsCreatedWithItsDirectoryAndReopened() throws {
        let scratch = try Self.scratch()
        #expect(!FileManager.default.fileExists(atPath: scratch.storePath))
        let first = try scratch.store()
        #expect(FileManager.default.fileExists(atPath: scratch.storePath))
        _ = try first.apply(try Self.requestPlan("registered-min-lon.yaml"))
        let before = try first.dump()
        // Opening it again runs no migration twice and keeps the data.
        let second = try scratch.store(at: Self.laterTime)
        #expect(try second.dump() == before)
    }

    @Test func openingAnExistingStoreCreatesNothingWhenThereIsNone() throws {
        let scratch = try Self.scratch()
        let date = try #require(Store.parseTime(Self.laterTime))
        let missing = Self.error { _ = try Store(existingAt: scratch.storePath, now: { date }) }
        #expect(missing as? StoreError == .missing(scratch.storePath))
        #expect((missing as? StoreError)?.message.contains(scratch.storePath) == true)
        // Neither the file nor the directories above it were made.
        let parent = URL(fileURLWithPath: scratch.storePath).deletingLastPathComponent()
        #expect(!FileManager.default.fileExists(atPath: parent.deletingLastPathComponent().path))

        // Once `apply` has made it, it opens with what it holds, for reading and approving.
        _ = try scratch.store().apply(try Self.requestPlan("registered-min-lon.yaml"))
        let before = try scratch.store().dump()
        let existing = try Store(existingAt: scratch.storePath, now: { date })
        #expect(try existing.dump() == before)
        #expect(try existing.status(customerID: "556456-7890")?.collaborations.count == 1)
        #expect(try existing.outbox().count == 1)
        #expect(try existing.approve(customerID: "556456-7890").collaboration.approvedAt == Self.laterTime)
    }

    @Test func openingAnExistingStoreLeavesOtherFilesAlone() throws {
        let scratch = try Self.scratch()
        let directory = scratch.directory

        let empty = directory.appendingPathComponent("empty.sqlite").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let text = directory.appendingPathComponent("notes.txt").path
        _ = FileManager.default.createFile(atPath: text, contents: Data("not a database, just text\n".utf8))
        let other = directory.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE things (id INTEGER)") }
        let folder = directory.appendingPathComponent("folder.sqlite").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

        let reasons = [empty: "it is an empty database", text: "it is not an SQLite database",
                       other: "it holds tables tillval does not make ('things')"]
        for path in [empty, text, other] {
            let bytes = FileManager.default.contents(atPath: path)
            let error = Self.error { _ = try Store(existingAt: path) }
            #expect(error as? StoreError == .notAStore(path, reason: reasons[path] ?? ""), "\(path): \(String(describing: error))")
            #expect(FileManager.default.contents(atPath: path) == bytes, "\(path) was changed")
        }
        // Issue 7, point 4: `apply` (which creates a store) refuses them too, untouched;
        // only the empty file may become a store.
        for path in [text, other] {
            let bytes = FileManager.default.contents(atPath: path)
            let error = Self.error { _ = try Store(path: path) }
            #expect(error as? StoreError == .notAStore(path, reason: reasons[path] ?? ""), "\(path): \(String(describing: error))")
            #expect(FileManager.default.contents(atPath: path) == bytes, "\(path) was changed")
        }
        #expect(Self.error { _ = try Store(existingAt: folder) } as? StoreError == .notAStore(folder, reason: "it is a directory"))
        let tables = try DatabaseQueue(path: other).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master") }
        #expect(tables == ["things"])
    }

    /// A store holds tables and indexes only. What runs when tillval reads
    /// or writes — a view in place of a table (a recursive one never ends),
    /// a trigger (it rewrites the rows `apply` inserts), a virtual table —
    /// and texts kept in UTF-16 (SQLite repairs a lone surrogate into
    /// another character) are refused when the store is opened, untouched.
    @Test func aStoreWithAViewATriggerAVirtualTableOrUTF16TextsIsRefused() throws {
        let scratch = try Self.scratch()
        _ = try scratch.store().apply(try Self.requestPlan("registered-min-lon.yaml"))
        let original = try #require(FileManager.default.contents(atPath: scratch.storePath))
        let changes: [(sql: String, reason: String)] = [
            ("""
             ALTER TABLE customers RENAME TO c2;
             CREATE VIEW customers AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)
                 SELECT c2.id AS id, c2.first_seen AS first_seen FROM c2, n WHERE x < 0;
             """, "it holds view 'customers', which tillval does not make"),
            ("CREATE TRIGGER t AFTER INSERT ON outbox BEGIN UPDATE outbox SET subject = 'changed' WHERE id = NEW.id; END;",
             "it holds trigger 't', which tillval does not make"),
            ("CREATE VIRTUAL TABLE notes USING rtree(id, x0, x1); CREATE TRIGGER a AFTER DELETE ON customers BEGIN SELECT 1; END;",
             "it holds trigger 'a', virtual table 'notes', which tillval does not make"),
        ]
        for (number, change) in changes.enumerated() {
            let path = scratch.directory.appendingPathComponent("changed-\(number).sqlite").path
            _ = FileManager.default.createFile(atPath: path, contents: original)
            try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: change.sql) }
            try DatabaseQueue(path: path).writeWithoutTransaction { _ = try String.fetchOne($0, sql: "PRAGMA journal_mode = DELETE") }
            let bytes = FileManager.default.contents(atPath: path)
            for open in [{ _ = try Store(existingAt: path) }, { _ = try Store(path: path) }, { _ = try Store(readingAt: path) }] {
                let error = Self.error(open)
                #expect(error as? StoreError == .notAStore(path, reason: change.reason), "\(path): \(String(describing: error))")
            }
            #expect(FileManager.default.contents(atPath: path) == bytes, "\(path) was changed")
        }
        // The same store, its texts in UTF-16: made from its own dump, marked as tillval's.
        let utf16 = scratch.directory.appendingPathComponent("utf16.sqlite").path
        let dump = try DatabaseQueue(path: scratch.storePath).read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC")
        }
        let rows = try DatabaseQueue(path: scratch.storePath).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").map { table in
                (table, try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.databaseValues))
            }
        }
        try DatabaseQueue(path: utf16).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA encoding = 'UTF-16le'")
            for statement in dump { try db.execute(sql: statement) }
            for (table, values) in rows {
                for row in values {
                    let marks = Array(repeating: "?", count: row.count).joined(separator: ", ")
                    try db.execute(sql: "INSERT INTO \"\(table)\" VALUES (\(marks))", arguments: StatementArguments(row))
                }
            }
            try db.execute(sql: "PRAGMA application_id = 1414288972")
        }
        #expect(try DatabaseQueue(path: utf16).read { try String.fetchOne($0, sql: "PRAGMA encoding") } == "UTF-16le")
        for open in [{ _ = try Store(existingAt: utf16) }, { _ = try Store(path: utf16) }] {
            #expect(Self.error(open) as? StoreError == .notAStore(utf16, reason: "its texts are kept in UTF-16le, where tillval keeps UTF-8"))
        }
        // An empty database whose texts would be UTF-16 does not become a store either.
        let empty16 = scratch.directory.appendingPathComponent("empty16.sqlite").path
        try DatabaseQueue(path: empty16).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA encoding = 'UTF-16le'; CREATE TABLE t (x); DROP TABLE t; VACUUM")
        }
        #expect(Self.error { _ = try Store(path: empty16) } as? StoreError
                == .notAStore(empty16, reason: "its texts are kept in UTF-16le, where tillval keeps UTF-8"))
    }

    // MARK: - Once only

    @Test(arguments: scenarios)
    func applyingTwiceChangesNothingTheSecondTime(_ expected: ExampleScenario) throws {
        let scratch = try Self.scratch()
        let plan = try Self.requestPlan(expected.example)
        _ = try scratch.store().apply(plan)
        let store = try scratch.store(at: Self.laterTime)
        let before = try store.dump()

        let again = try store.apply(plan)
        #expect(!again.changedAnything)
        #expect(!again.customerAdded)
        #expect(again.appliedBefore?.planDigest == plan.planDigest)
        #expect(again.appliedBefore?.activatedAt == Self.applyTime)
        #expect(again.appliedBefore?.appliedUnder
                == "unchanged, applied under plan \(plan.planDigest) on 2026-11-29 10:00 UTC; pending approval")
        #expect(again.outcomes.map(\.effect.name) == expected.effects)
        #expect(again.outcomes.allSatisfy { $0.status == .alreadyDone })
        #expect(again.outcomes.first?.message == "already active since 2026-11-29 10:00 UTC, pending approval")
        #expect(again.outcomes.last?.message.hasPrefix("already queued on 2026-11-29 10:00 UTC") == true)
        if expected.administrator != nil {
            #expect(again.outcomes.contains { $0.message == "already created on 2026-11-29 10:00 UTC" })
        }
        #expect(try store.dump() == before)
        #expect(try store.outbox(includeDelivered: true).count == 1)
    }

    // MARK: - Refusals leave the store untouched

    @Test func aFailedPreconditionIsRefusedBeforeAnyEffect() throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        _ = try store.apply(try Self.requestPlan("registered-lon-anstalld.yaml"))
        let before = try store.dump()

        let plan = try Self.requestPlan("no-task.yaml")
        #expect(!plan.isRunnable)
        let error = Self.error { _ = try store.apply(plan) }
        #expect(error as? ApplyRefusal == .preconditionUnmet(ids: ["connected-task"]))
        #expect((error as? ApplyRefusal)?.message.contains("'connected-task' does not hold") == true)
        #expect(try store.dump() == before)
        #expect(try store.status(customerID: plan.customerID) == nil)
    }

    @Test func anotherProductForTheSameCustomerIsAConflict() throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        _ = try store.apply(try Self.requestPlan("registered-lon-anstalld.yaml"))
        let before = try store.dump()

        let other = try Self.requestPlan(yaml: try Self.example("registered-lon-anstalld.yaml",
            replacing: "product: lon-anstalld", with: "product: min-lon"), in: scratch)
        #expect(other.customerID == "556345-6789")
        let error = Self.error { _ = try store.apply(other) }
        guard case .conflict(let message)? = error as? ApplyRefusal else {
            Issue.record("expected a conflict, got \(String(describing: error))")
            return
        }
        #expect(message.contains("Visma Lön Anställd"))
        #expect(message.contains("this request asks for Visma Min Lön"))
        #expect(try store.dump() == before)
    }

    @Test func anotherAdministratorEmailOnReapplyIsNotedAndChangesNothing() throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        _ = try store.apply(try Self.requestPlan("not-registered-min-lon.yaml"))
        let before = try store.dump()

        // The same request again, but the customer's address has changed:
        // the administrator exists with the first one, and stays so.
        let other = try Self.requestPlan(yaml: try Self.example("not-registered-min-lon.yaml",
            replacing: "email: anna@bagerinord.se", with: "email: bo@bagerinord.se"), in: scratch)
        let result = try store.apply(other)
        #expect(!result.changedAnything)
        #expect(result.outcomes.map(\.status) == [.alreadyDone, .alreadyDone, .alreadyDone, .alreadyDone])
        #expect(result.outcomes[2].message == "already created on 2026-11-29 10:00 UTC for anna@bagerinord.se; "
                + "this request says bo@bagerinord.se, and the store keeps anna@bagerinord.se")
        #expect(result.outcomes[3].message == "already queued on 2026-11-29 10:00 UTC (outbox #1) to anna@bagerinord.se; "
                + "this request says bo@bagerinord.se, and the email stays as it is")
        #expect(try store.dump() == before)
    }

    @Test func anotherAdministratorEmailForANewCollaborationIsAConflictAndUndoesTheEarlierEffects() throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        _ = try store.apply(try Self.requestPlan("not-registered-min-lon.yaml"))
        let before = try store.dump()

        // Another collaboration for the same customer: the collaboration and
        // the service are new or the same, but the administrator would get another address.
        var other = try Self.requestPlan(yaml: try Self.example("not-registered-min-lon.yaml",
            replacing: "email: anna@bagerinord.se", with: "email: bo@bagerinord.se"), in: scratch)
        let collaboration = Named(id: "other-collaboration", name: "Another collaboration")
        other.collaboration = collaboration
        other.effects = other.effects.map { effect in
            guard case .activateCollaboration(_, let product) = effect.action else { return effect }
            var changed = effect
            changed.action = .activateCollaboration(collaboration: collaboration, product: product)
            return changed
        }
        var performed: [String] = []
        let error = Self.error { _ = try store.apply(other) { performed.append($0.name) } }
        #expect(performed == ["activate-collaboration", "activate-service", "create-administrator"])
        guard case .conflict(let message)? = error as? ApplyRefusal else {
            Issue.record("expected a conflict, got \(String(describing: error))")
            return
        }
        #expect(message.contains("anna@bagerinord.se"))
        #expect(message.contains("this request asks for bo@bagerinord.se"))
        #expect(try store.dump() == before)
    }

    @Test func aServiceWithAnotherRestrictionIsAConflict() throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        _ = try store.apply(try Self.requestPlan("registered-lon-anstalld.yaml"))
        let before = try store.dump()

        // A Min Lön request for the same customer, through another
        // collaboration: that one is new (done), then the service conflicts,
        // and the new collaboration must be rolled back with it.
        var plan = try Self.requestPlan("registered-min-lon.yaml")
        plan.customerID = "556345-6789"
        let other = Named(id: "other-collaboration", name: "Another collaboration")
        plan.collaboration = other
        plan.effects = plan.effects.map { effect in
            guard case .activateCollaboration(_, let product) = effect.action else { return effect }
            var changed = effect
            changed.action = .activateCollaboration(collaboration: other, product: product)
            return changed
        }
        var performed: [String] = []
        let error = Self.error { _ = try store.apply(plan) { performed.append($0.name) } }
        #expect(performed == ["activate-collaboration", "activate-service"])
        guard case .conflict(let message)? = error as? ApplyRefusal else {
            Issue.record("expected a conflict, got \(String(describing: error))")
            return
        }
        #expect(message.contains("Visma Lön Anställd unrestricted"))
        #expect(message.contains("restricted to Visma Min Lön"))
        #expect(try store.dump() == before)
    }

    // MARK: - Applying again with other content

    @Test func anotherScenarioForTheSameCollaborationIsAConflict() throws {
        let scratch = try Self.scratch()
        _ = try scratch.store().apply(try Self.requestPlan("has-subscription-min-lon.yaml"))
        let store = try scratch.store(at: Self.laterTime)
        let before = try store.dump()

        // The same customer, collaboration and product, but the customer is
        // now said not to be registered: a service, an administrator and
        // another email would join what has-subscription did.
        let other = try Self.requestPlan(yaml: try Self.example("has-subscription-min-lon.yaml",
            replacing: "relation: has-subscription", with: "relation: not-registered"), in: scratch)
        #expect(other.customerID == "556234-5678")
        #expect(other.scenario.id == "not-registered")
        let error = Self.error { _ = try store.apply(other) }
        #expect(error as? ApplyRefusal == .conflict(message:
            "the collaboration Digitala tillval till Visma Lön 300/600 of customer 556234-5678 was activated as scenario "
            + "'has-subscription' on 2026-11-29 10:00 UTC; this request is scenario 'not-registered'"))
        #expect(try store.dump() == before)
    }

    struct EmailChange: Sendable, CustomTestStringConvertible {
        var what: String
        var old: String
        var new: String
        /// The email's outcome on re-applying.
        var message: String

        var testDescription: String { what }
    }

    static let emailChanges: [EmailChange] = [
        EmailChange(what: "recipient", old: "email: erik.nystrom@cykelverkstan-umea.se", new: "email: erik@cykelverkstan-umea.se",
                    message: "already queued on 2026-11-29 10:00 UTC (outbox #1) to erik.nystrom@cykelverkstan-umea.se; "
                        + "this request says erik@cykelverkstan-umea.se, and the email stays as it is"),
        EmailChange(what: "body", old: "name: Cykelverkstan i Umeå AB", new: "name: Cykelverkstan Umeå AB",
                    message: "already queued on 2026-11-29 10:00 UTC (outbox #1) with other wording than the rules now give "
                        + "(the email shown is the current wording); the queued email stays as it is "
                        + "('tillval outbox requeue' replaces it while it is undelivered)"),
        EmailChange(what: "subject and body", old: "name: Redovisningsbyrån Norrland AB", new: "name: Byrå Nord AB",
                    message: "already queued on 2026-11-29 10:00 UTC (outbox #1) with other wording than the rules now give "
                        + "(the email shown is the current wording); the queued email stays as it is "
                        + "('tillval outbox requeue' replaces it while it is undelivered)"),
    ]

    /// Point 10 of issue 6: an email queued before stays as it was; re-applying
    /// is no conflict, and says how the email differs from what the rules give now.
    @Test(arguments: emailChanges)
    func anEmailWithOtherContentStaysAsQueued(_ change: EmailChange) throws {
        let scratch = try Self.scratch()
        _ = try scratch.store().apply(try Self.requestPlan("registered-lon-anstalld.yaml"))
        let store = try scratch.store(at: Self.laterTime)
        let before = try store.dump()

        let other = try Self.requestPlan(yaml: try Self.example("registered-lon-anstalld.yaml",
            replacing: change.old, with: change.new), in: scratch)
        #expect(other.customerID == "556345-6789")
        #expect(other.scenario.id == "registered")
        var performed: [String] = []
        let result = try store.apply(other) { performed.append($0.name) }
        #expect(performed.isEmpty, "a request applied before performs nothing")
        #expect(!result.changedAnything)
        #expect(result.appliedBefore?.scenario == "registered")
        #expect(result.outcomes.map(\.status) == [.alreadyDone, .alreadyDone, .alreadyDone])
        #expect(result.outcomes.last?.message == change.message)
        #expect(try store.dump() == before)
    }

    /// The rules copied to a temporary directory, one file with a comment
    /// added: the same plan, under another digest.
    static func planWithAnotherDigest(in scratch: StoreSandbox) throws -> Plan {
        let rules = scratch.directory.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Repository.path("Rules")), to: rules)
        let file = rules.appendingPathComponent("collaboration.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data((text + "# edited after the first request was applied\n").utf8).write(to: file)
        return try #require(Compiler().compile(directory: rules.path).plan)
    }

    @Test func anotherPlanDigestIsNotedButIsNoConflict() throws {
        let scratch = try Self.scratch()
        let first = try Self.requestPlan("not-registered-min-lon.yaml")
        _ = try scratch.store().apply(first)
        let store = try scratch.store(at: Self.laterTime)
        let before = try store.dump()

        let edited = try Self.planWithAnotherDigest(in: scratch)
        let again = try Self.requestPlan(path: Repository.path("Examples/not-registered-min-lon.yaml"), plan: edited)
        #expect(again.planDigest != first.planDigest)
        // The same effects: only the digest (and the files origins name) differ.
        #expect(again.effects.map(\.action) == first.effects.map(\.action))
        #expect(again.scenario.id == first.scenario.id)

        let result = try store.apply(again)
        #expect(!result.changedAnything)
        #expect(result.outcomes.allSatisfy { $0.status == .alreadyDone })
        #expect(result.outcomes.first?.message == "already active since 2026-11-29 10:00 UTC, pending approval")
        // The digest the collaboration was applied under, not this plan's.
        #expect(result.appliedBefore?.appliedUnder
                == "unchanged, applied under plan \(first.planDigest) on 2026-11-29 10:00 UTC; pending approval")
        #expect(try store.dump() == before)
        #expect(try store.status(customerID: first.customerID)?.collaborations.first?.planDigest == first.planDigest)
    }

    @Test func anEffectTheRulesDidNotHaveThenIsSkippedOnReapply() throws {
        let scratch = try Self.scratch()
        let plan = try Self.requestPlan("registered-lon-anstalld.yaml")
        _ = try scratch.store().apply(plan)
        let store = try scratch.store(at: Self.laterTime)
        let before = try store.dump()

        // The rules now also create an administrator in this scenario.
        var grown = plan
        var extra = try #require(plan.effects.last)
        extra.action = .createAdministrator(portal: "vismaspcs.se", email: "erik@cykelverkstan-umea.se")
        grown.effects.append(extra)
        let result = try store.apply(grown)
        #expect(!result.changedAnything)
        #expect(result.outcomes.map(\.status) == [.alreadyDone, .alreadyDone, .alreadyDone, .skipped])
        #expect(result.outcomes.last?.message == "not done: the rules had no such effect when this request was applied on "
                + "2026-11-29 10:00 UTC, and re-applying changes nothing")
        #expect(try store.dump() == before)
    }

    @Test func aFailureInTheMiddleLeavesTheStoreAsItWas() throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        _ = try store.apply(try Self.requestPlan("registered-lon-anstalld.yaml"))
        let before = try store.dump()

        let plan = try Self.requestPlan("not-registered-min-lon.yaml")
        #expect(plan.effects.count == 4)
        var started: [String] = []
        let error = Self.error {
            _ = try store.apply(plan) { effect in
                started.append(effect.name)
                if started.count == 3 { throw InjectedFailure() }
            }
        }
        #expect(error as? InjectedFailure == InjectedFailure())
        #expect(started == ["activate-collaboration", "activate-service", "create-administrator"])
        #expect(try store.dump() == before)
        #expect(try store.status(customerID: plan.customerID) == nil)

        // Nothing half-done remains: the request then applies in full.
        let result = try store.apply(plan)
        #expect(result.outcomes.count == 4)
        #expect(result.outcomes.allSatisfy { $0.status == .done })
    }

    // MARK: - Approval

    @Test func approveMovesThePendingCollaborationToApproved() throws {
        let scratch = try Self.scratch()
        let plan = try Self.requestPlan("not-registered-min-lon.yaml")
        _ = try scratch.store().apply(plan)
        let store = try scratch.store(at: Self.laterTime)

        let approval = try store.approve(customerID: "556677-8899")
        #expect(approval.collaboration.collaboration.id == "digitala-tillval")
        #expect(approval.collaboration.status == .approved)
        #expect(approval.collaboration.approvedAt == Self.laterTime)
        #expect(approval.summary.contains("the administrator approved the terms in Mina tjänster on vismaspcs.se"))

        let status = try #require(try store.status(customerID: "556677-8899"))
        #expect(status.collaborations.map(\.status) == [.approved])
        #expect(status.collaborations.first?.approvedAt == Self.laterTime)
        #expect(status.collaborations.first?.activatedAt == Self.applyTime)
        #expect(status.text.contains("approved on 2026-12-01 08:30 UTC"))

        // Approving again is an error, and changes nothing.
        let before = try store.dump()
        let again = Self.error { _ = try store.approve(customerID: "556677-8899") }
        #expect(again as? ApprovalError == .alreadyApproved(customerID: "556677-8899", collaboration: "digitala-tillval",
                                                             approvedAt: Self.laterTime))
        #expect((again as? ApprovalError)?.message.contains("already approved on 2026-12-01 08:30 UTC") == true)
        let named = Self.error { _ = try store.approve(customerID: "556677-8899", collaboration: "digitala-tillval") }
        #expect(named as? ApprovalError == .alreadyApproved(customerID: "556677-8899", collaboration: "digitala-tillval",
                                                             approvedAt: Self.laterTime))
        #expect(try store.dump() == before)

        // Point 9 of issue 6: the request applied again is unchanged, approved or not.
        let reapply = try store.apply(plan)
        #expect(!reapply.changedAnything)
        #expect(reapply.appliedBefore?.status == .approved)
        #expect(reapply.outcomes.first?.message == "already active since 2026-11-29 10:00 UTC, approved on 2026-12-01 08:30 UTC")
        #expect(reapply.appliedBefore?.appliedUnder == "unchanged, applied under plan \(plan.planDigest) "
                + "on 2026-11-29 10:00 UTC; approved on 2026-12-01 08:30 UTC")
        #expect(try store.dump() == before)
    }

    @Test func approvingWhatIsNotThereIsAnError() throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        #expect(Self.error { _ = try store.approve(customerID: "000000-0000") } as? ApprovalError == .unknownCustomer("000000-0000"))

        _ = try store.apply(try Self.requestPlan("registered-min-lon.yaml"))
        let wrong = Self.error { _ = try store.approve(customerID: "556456-7890", collaboration: "digitala-tilval") }
        #expect(wrong as? ApprovalError == .unknownCollaboration(customerID: "556456-7890", collaboration: "digitala-tilval",
                                                                 known: ["digitala-tillval"]))

        // Two pending collaborations and none named: the error lists them.
        var second = try Self.requestPlan("registered-min-lon.yaml")
        let other = Named(id: "other-collaboration", name: "Another collaboration")
        second.collaboration = other
        second.effects = second.effects.map { effect in
            guard case .activateCollaboration(_, let product) = effect.action else { return effect }
            var changed = effect
            changed.action = .activateCollaboration(collaboration: other, product: product)
            return changed
        }
        _ = try store.apply(second)
        let several = Self.error { _ = try store.approve(customerID: "556456-7890") }
        #expect(several as? ApprovalError == .severalPending(customerID: "556456-7890",
                                                             pending: ["digitala-tillval", "other-collaboration"]))
        #expect((several as? ApprovalError)?.message.contains("'digitala-tillval', 'other-collaboration'") == true)
        let approved = try store.approve(customerID: "556456-7890", collaboration: "other-collaboration")
        #expect(approved.collaboration.collaboration == other)
        // Now only one is pending, so it needs no name.
        #expect(try store.approve(customerID: "556456-7890").collaboration.collaboration.id == "digitala-tillval")
        #expect(Self.error { _ = try store.approve(customerID: "556456-7890") } as? ApprovalError
                == .nothingPending(customerID: "556456-7890"))
    }

    // MARK: - Status

    @Test func statusShowsWhatTheStoreHolds() throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        #expect(try store.status(customerID: "556677-8899") == nil)
        _ = try store.apply(try Self.requestPlan("not-registered-min-lon.yaml"))
        let text = try #require(try store.status(customerID: "556677-8899")).text
        #expect(text.hasPrefix("Customer 556677-8899, first seen 2026-11-29 10:00 UTC\n"))
        for line in [
            "  Digitala tillval till Visma Lön 300/600 (digitala-tillval)",
            "    product:   Visma Min Lön (min-lon)",
            "    service:   Visma Lön Anställd, restricted to Visma Min Lön",
            "    scenario:  not-registered",
            "    status:    pending approval since 2026-11-29 10:00 UTC",
            "    awaits:    the administrator approves the terms in Mina tjänster on vismaspcs.se",
            "  Visma Lön Anställd, restricted to Visma Min Lön, active since 2026-11-29 10:00 UTC (digitala-tillval)",
            "  vismaspcs.se: anna@bagerinord.se, created on 2026-11-29 10:00 UTC",
            "  #1 'approve-terms' to anna@bagerinord.se, queued on 2026-11-29 10:00 UTC, not delivered yet",
            "    Subject: Byrå Syd AB has activated Visma Min Lön for Bageri Nord AB",
        ] {
            #expect(text.contains(line + "\n"), "status lacks: \(line)\n\(text)")
        }
        let plain = try #require(try store.status(customerID: "556677-8899"))
        #expect(plain.emails.count == 1)

        _ = try store.apply(try Self.requestPlan("has-subscription-lon-anstalld.yaml"))
        let other = try #require(try store.status(customerID: "556012-3456")).text
        #expect(other.contains("Services:\n  none\n"))
        #expect(other.contains("Administrators:\n  none\n"))
    }

    // MARK: - Outbox

    /// The bytes are CRLF throughout: no bare LF, no bare CR.
    static func hasOnlyCRLF(_ data: Data) -> Bool {
        let bytes = [UInt8](data)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A, index == 0 || bytes[index - 1] != 0x0D { return false }
            if byte == 0x0D, index + 1 >= bytes.count || bytes[index + 1] != 0x0A { return false }
        }
        return true
    }

    /// The header lines (unfolded) and the body of a message.
    static func parse(_ data: Data) throws -> (headers: [String: String], rawHeaderLines: [String], body: String) {
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = try #require(parts.first)
        let body = parts.dropFirst().joined(separator: "\r\n\r\n")
        let rawLines = head.components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for field in head.replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n") {
            let name = try #require(field.components(separatedBy: ": ").first)
            headers[name] = String(field.dropFirst(name.count + 2))
        }
        return (headers, rawLines, body)
    }

    /// Decodes a run of RFC 2047 `B` encoded words separated by white space.
    static func decodeEncodedWords(_ value: String) -> String? {
        var bytes: [UInt8] = []
        for word in value.split(separator: " ") {
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
                  let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) else { return nil }
            bytes += data
        }
        return String(bytes: bytes, encoding: .utf8)
    }

    @Test func deliveringWritesEachEmailOnceAsAnEMLFile() throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        let annasPlan = try Self.requestPlan("not-registered-min-lon.yaml")
        _ = try store.apply(annasPlan)
        _ = try store.apply(try Self.requestPlan("registered-lon-anstalld.yaml"))
        #expect(try store.outbox().count == 2)
        #expect(try store.outbox().first?.line.contains("queued  556677-8899  approve-terms  to anna@bagerinord.se") == true)

        let outDirectory = scratch.directory.appendingPathComponent("mail/out").path
        let delivering = try scratch.store(at: Self.laterTime)
        #expect(throws: OutboxDelivery.Problem.noSender([1, 2])) {
            try OutboxDelivery.deliver(store: delivering, toDirectory: outDirectory)
        }
        #expect(!FileManager.default.fileExists(atPath: outDirectory), "nothing is written without a sender")
        let delivered = try OutboxDelivery.deliver(store: delivering, toDirectory: outDirectory, from: "lon@byrasyd.se").delivered
        #expect(delivered.map { URL(fileURLWithPath: $0.path).lastPathComponent } == [
            "000001-556677-8899-approve-terms.eml",
            "000002-556345-6789-approve-collaboration.eml",
        ])
        #expect(delivered.allSatisfy { $0.entry.deliveredAt == Self.laterTime })
        #expect(try FileManager.default.contentsOfDirectory(atPath: outDirectory).count == 2)

        let first = try #require(delivered.first)
        let data = try #require(FileManager.default.contents(atPath: first.path))
        #expect(Self.hasOnlyCRLF(data))
        let message = try Self.parse(data)
        let rendered = try #require(Self.emails(annasPlan).first)
        #expect(message.headers["From"] == "=?UTF-8?B?\(Data("Byrå Syd AB".utf8).base64EncodedString())?= <lon@byrasyd.se>")
        #expect(message.headers["To"] == "anna@bagerinord.se")
        #expect(message.headers["Date"] == "Sun, 29 Nov 2026 10:00:00 +0000")
        let token = try #require(try store.outbox(includeDelivered: true).first?.messageToken)
        #expect(message.headers["Message-ID"] == "<\(token)@byrasyd.se>")
        #expect(UUID(uuidString: token) != nil, "a random token: \(token)")
        #expect(message.headers["MIME-Version"] == "1.0")
        #expect(message.headers["Content-Type"] == "text/plain; charset=UTF-8")
        #expect(message.headers["Content-Transfer-Encoding"] == "8bit")
        let subject = try #require(message.headers["Subject"])
        #expect(subject.hasPrefix("=?UTF-8?B?"))
        #expect(Self.decodeEncodedWords(subject) == rendered.subject)
        #expect(rendered.subject == "Byrå Syd AB has activated Visma Min Lön for Bageri Nord AB")
        #expect(message.rawHeaderLines.allSatisfy { $0.utf8.count <= 78 }, "\(message.rawHeaderLines)")
        #expect(message.body == rendered.body.replacingOccurrences(of: "\n", with: "\r\n"))

        #expect(try store.outbox().isEmpty)
        let all = try store.outbox(includeDelivered: true)
        #expect(all.map(\.deliveredAt) == [Self.laterTime, Self.laterTime])

        // Once: a second delivery writes nothing, and applying again queues nothing.
        let before = try store.dump()
        #expect(try OutboxDelivery.deliver(store: delivering, toDirectory: outDirectory, from: "lon@byrasyd.se").delivered.isEmpty)
        let again = try store.apply(annasPlan)
        #expect(!again.changedAnything)
        #expect(try OutboxDelivery.deliver(store: delivering, toDirectory: outDirectory, from: "lon@byrasyd.se").delivered.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outDirectory).count == 2)
        #expect(try store.dump() == before)
    }

    @Test func requeueReplacesOnlyTheWording() throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        _ = try store.apply(try Self.requestPlan("registered-lon-anstalld.yaml"))
        let before = try store.dump()

        // Another recipient is not wording: refused, nothing changes.
        let readdressed = try Self.requestPlan(yaml: try Self.example("registered-lon-anstalld.yaml",
            replacing: "email: erik.nystrom@cykelverkstan-umea.se", with: "email: erik@cykelverkstan-umea.se"), in: scratch)
        let refused = try store.requeue(readdressed)
        #expect(refused.map(\.status) == [.refused])
        #expect(refused.first?.message == "queued to erik.nystrom@cykelverkstan-umea.se, but the request now sends it to "
                + "erik@cykelverkstan-umea.se; requeue replaces the wording, never the recipient")
        #expect(try store.dump() == before)

        // Another office name is wording: subject, body and sender are replaced.
        let renamed = try Self.requestPlan(yaml: try Self.example("registered-lon-anstalld.yaml",
            replacing: "name: Redovisningsbyrån Norrland AB", with: "name: Byrå Nord AB"), in: scratch)
        let later = try scratch.store(at: Self.laterTime)
        let token = try #require(try later.outbox().first?.messageToken)
        #expect(try later.requeue(renamed).map(\.status) == [.replaced])
        let entry = try #require(try later.outbox().first)
        #expect(entry.subject.hasPrefix("Byrå Nord AB invites you"))
        #expect(entry.senderName == "Byrå Nord AB")
        #expect(entry.queuedAt == Self.laterTime)
        #expect(entry.messageToken != token)
        #expect(try later.requeue(renamed).map(\.status) == [.unchanged])
        #expect(Self.error { _ = try later.requeue(renamed, template: "approve-terms") }
                as? RequeueError == .noSuchEmail(template: "approve-terms", sent: ["approve-collaboration"]))
        #expect(Self.error { _ = try later.requeue(try Self.requestPlan("registered-min-lon.yaml")) }
                as? RequeueError == .notApplied(customerID: "556456-7890", collaboration: "digitala-tillval"))
    }

    @Test func anEmailThatCannotBeWrittenStaysQueued() throws {
        let scratch = try Self.scratch()
        let store = try scratch.store()
        _ = try store.apply(try Self.requestPlan("registered-min-lon.yaml"))
        let outDirectory = scratch.directory.appendingPathComponent("out")
        // A directory where the file must go: the write fails.
        let blocker = outDirectory.appendingPathComponent("000001-556456-7890-approve-collaboration.eml")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        let before = try store.dump()

        let failed = try OutboxDelivery.deliver(store: store, toDirectory: outDirectory.path, from: "a@b.se")
        #expect(failed.delivered.isEmpty)
        #expect(failed.failed.map(\.message) == [
            "outbox #1: cannot write 000001-556456-7890-approve-collaboration.eml: Is a directory; it stays queued",
        ])
        #expect(try store.dump() == before)
        #expect(try store.outbox().count == 1)

        try FileManager.default.removeItem(at: blocker)
        #expect(try OutboxDelivery.deliver(store: store, toDirectory: outDirectory.path, from: "a@b.se").delivered.count == 1)
        #expect(try store.outbox().isEmpty)
    }

    @Test func messagesAreWellFormedWhateverTheirText() throws {
        let entry = OutboxEntry(id: 1234567, customerID: "Kund 1/2 åäö", collaborationID: "c", template: "greeting",
                                recipient: "a@b.se", subject: "Plain ASCII subject", body: "one\r\ntwo\rthree\nfour",
                                queuedAt: "2026-12-01T08:30:00Z")
        let plain = OutboxMessage(entry: entry, address: "lon@byrasyd.se")
        #expect(plain.fileName == "1234567-Kund_1_2____-greeting.eml")
        #expect(Self.hasOnlyCRLF(plain.data))
        let parsed = try Self.parse(plain.data)
        #expect(parsed.headers["Subject"] == "Plain ASCII subject")
        #expect(parsed.headers["Date"] == "Tue, 01 Dec 2026 08:30:00 +0000")
        #expect(parsed.body == "one\r\ntwo\r\nthree\r\nfour\r\n")

        var long = entry
        long.subject = String(repeating: "Räksmörgås och 🦐 ", count: 8) + "slut"
        let folded = try Self.parse(OutboxMessage(entry: long, address: "lon@byrasyd.se").data)
        #expect(folded.rawHeaderLines.allSatisfy { $0.utf8.count <= 78 }, "\(folded.rawHeaderLines)")
        #expect(folded.rawHeaderLines.filter { $0.hasPrefix(" =?UTF-8?B?") }.count >= 2)
        #expect(Self.decodeEncodedWords(try #require(folded.headers["Subject"])) == long.subject)

        var broken = entry
        broken.subject = "Line one\r\nBcc: someone@else.se"
        let header = try Self.parse(OutboxMessage(entry: broken, address: "lon@byrasyd.se").data)
        #expect(header.headers["Bcc"] == nil)
        #expect(header.headers["Subject"] == "Line one Bcc: someone@else.se")

        var wide = entry
        wide.body = String(repeating: "x", count: 1200) + "\n"
        let base64 = try Self.parse(OutboxMessage(entry: wide, address: "lon@byrasyd.se").data)
        #expect(base64.headers["Content-Transfer-Encoding"] == "base64")
        let decoded = Data(base64Encoded: base64.body.replacingOccurrences(of: "\r\n", with: ""))
        #expect(decoded.map { String(decoding: $0, as: UTF8.self) } == String(repeating: "x", count: 1200))
    }

    /// Point 11 of issue 6: `From:` is the office, whatever its name holds.
    @Test func theSenderIsTheOfficeAndItsHeaderIsWellFormed() throws {
        let address = "lon@byrasyd.se"
        #expect(OutboxMessage.fromHeader(name: nil, address: address) == "From: lon@byrasyd.se")
        #expect(OutboxMessage.fromHeader(name: " ", address: address) == "From: lon@byrasyd.se")
        #expect(OutboxMessage.fromHeader(name: "Byra Syd AB", address: address) == "From: Byra Syd AB <lon@byrasyd.se>")
        #expect(OutboxMessage.fromHeader(name: #"Byra "Syd", AB\"#, address: address)
                == #"From: "Byra \"Syd\", AB\\" <lon@byrasyd.se>"#)
        let hostile = OutboxMessage.fromHeader(name: "Byrå Syd\r\nBcc: x@y.se", address: address)
        #expect(!hostile.contains("\nBcc"))
        let words = try #require(hostile.split(separator: "<").first).dropFirst("From: ".count)
        #expect(Self.decodeEncodedWords(words.replacingOccurrences(of: "\r\n", with: "").trimmingCharacters(in: .whitespaces))
                == "Byrå Syd  Bcc: x@y.se")
        let long = OutboxMessage.fromHeader(name: String(repeating: "Redovisningsbyrån i Övre Norrland ", count: 4), address: address)
        #expect(long.components(separatedBy: "\r\n").count > 1)
        #expect(long.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 }, "\(long)")
        #expect(long.hasSuffix("<lon@byrasyd.se>"))

        for good in ["lon@byrasyd.se", "a.b+c@d-e.se", "x@y"] { #expect(OutboxMessage.isUsableAddress(good), "\(good)") }
        for bad in ["", "lon", "@byrasyd.se", "lon@", "a@b@c", "a b@c.se", "a<b@c.se", "lon@byrå.se", "a..b@c.se", "a@b.se\r\nBcc: x"] {
            #expect(!OutboxMessage.isUsableAddress(bad), "\(bad)")
        }
    }

    // MARK: - Clock

    @Test func theClockComesFromTheEnvironmentWhenSet() throws {
        let fixed = Store.clockFromEnvironment(["TILLVAL_NOW": "2026-11-29T10:00:00Z"])
        #expect(fixed() == Store.parseTime("2026-11-29T10:00:00Z"))
        #expect(fixed().timeIntervalSince1970 == 1_795_946_400)
        #expect(Store.parseTime("2026-11-29T11:00:00+01:00") == fixed())
        #expect(Store.parseTime("2026-11-29T10:00:00.250Z")?.timeIntervalSince1970 == 1_795_946_400.25)
        #expect(Store.parseTime("2026-11-29")?.timeIntervalSince1970 == 1_795_910_400)
        #expect(Store.parseTime("last tuesday") == nil)

        let real = Store.clockFromEnvironment(["TILLVAL_NOW": "not a time"])
        #expect(abs(real().timeIntervalSinceNow) < 60)
        #expect(abs(Store.clockFromEnvironment([:])().timeIntervalSinceNow) < 60)
    }

    @Test func aClockThatCannotBeReadIsReported() throws {
        let message = try #require(Store.clockValidationError(["TILLVAL_NOW": "last tuesday"]))
        #expect(message.contains("TILLVAL_NOW is 'last tuesday'"))
        #expect(message.contains("ISO 8601"))
        #expect(Store.clockValidationError(["TILLVAL_NOW": "2026-11-29T10:00:00Z"]) == nil)
        #expect(Store.clockValidationError(["TILLVAL_NOW": "2026-11-29"]) == nil)
        #expect(Store.clockValidationError([:]) == nil)
        #expect(Store.clockValidationError(["TILLVAL_NOW": ""]) == nil)
        #expect(Store.clockValidationError(["TILLVAL_NOW": "2026-13-45"])
                == "TILLVAL_NOW is '2026-13-45', which is not an ISO 8601 time (such as 2026-11-29T10:00:00Z or 2026-11-29); "
                + "set it to one, or unset it to use the real time")
    }
}


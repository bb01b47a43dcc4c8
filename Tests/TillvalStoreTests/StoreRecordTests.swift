import Foundation
import GRDB
import Testing
import TillvalPlan
import TillvalRuntime
import TillvalStore
import TillvalTestSupport

/// Issue 8, section 4: the store reads and writes its tables as records.
/// Every text a record writes is kept whole or refused (as the texts bound
/// by statements are), and a value the store does not know is an error,
/// never guessed at. Real SQLite files, changed behind the store's back
/// with GRDB where a test needs a row the store would never write.
@Suite struct StoreRecordTests {
    /// `plan` with `change` applied to every effect's action.
    static func changing(_ plan: RequestPlan, _ change: (PlannedEffect.Action) -> PlannedEffect.Action) -> RequestPlan {
        var changed = plan
        changed.effects = plan.effects.map { effect in
            var effect = effect
            effect.action = change(effect.action)
            return effect
        }
        return changed
    }

    @Test func everyTextARecordWritesIsKeptWholeOrRefused() throws {
        let scratch = try StoreTests.scratch()
        let store = try scratch.store()
        let genuine = try StoreTests.requestPlan("not-registered-min-lon.yaml")
        let hidden = "\u{0}hidden"
        // Texts no lookup binds: only the records' inserts write them.
        var serviceName = genuine
        serviceName.service.name += hidden
        let administrator = Self.changing(genuine) { action in
            guard case .createAdministrator(let portal, let email) = action else { return action }
            return .createAdministrator(portal: portal, email: email + hidden)
        }
        let subject = Self.changing(genuine) { action in
            guard case .sendEmail(var email) = action else { return action }
            email.subject += hidden
            return .sendEmail(email)
        }
        #expect(administrator != genuine && subject != genuine)
        let before = try store.dump()
        for (hostile, text) in [(serviceName, serviceName.service.name), (administrator, nil), (subject, nil)] {
            let error = StoreTests.error { _ = try store.apply(hostile) }
            guard case .textWithNUL(let refused)? = error as? StoreError else {
                Issue.record("expected textWithNUL, got \(String(describing: error))")
                continue
            }
            #expect(refused.hasSuffix(hidden))
            if let text { #expect(refused == text) }
            // The whole request rolled back: not even the customer is there.
            #expect(try store.dump() == before)
        }
        #expect(try store.apply(genuine).customerAdded)
    }

    @Test func aStatusTheStoreDoesNotKnowIsAnErrorNotPending() throws {
        let scratch = try StoreTests.scratch()
        let plan = try StoreTests.requestPlan("registered-min-lon.yaml")
        _ = try scratch.store().apply(plan)
        // The table's CHECK allows only 'pending' and 'approved'; a store
        // written by hand (or by a later tillval) may hold another.
        try DatabaseQueue(path: scratch.storePath).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE collaborations SET status = 'archived'")
        }
        let unknown = StoreError.unknownValue(column: "collaborations.status", value: "archived")
        let store = try Store(existingAt: scratch.storePath)
        #expect(StoreTests.error { _ = try store.status(customerID: plan.customerID) } as? StoreError == unknown)
        #expect(StoreTests.error { _ = try store.statuses() } as? StoreError == unknown)
        #expect(StoreTests.error { _ = try store.approve(customerID: plan.customerID) } as? StoreError == unknown)
        #expect(StoreTests.error { _ = try store.apply(plan) } as? StoreError == unknown)
        #expect(unknown.message == "the store holds 'archived' in collaborations.status, which this tillval does not know; nothing was changed")

        let status = try CommandRunner.run(["status", plan.customerID, "--store", scratch.storePath])
        #expect(status.status == 66)
        #expect(status.stderr == "tillval: cannot read the store: \(unknown.message)\n")
        let approve = try CommandRunner.run(["approve", plan.customerID, "--store", scratch.storePath])
        #expect(approve.status == 66)
        #expect(approve.stderr == "tillval: cannot update the store: \(unknown.message)\n")
        let apply = try CommandRunner.run(["apply", "Examples/registered-min-lon.yaml", "--store", scratch.storePath],
                                          environment: ["TILLVAL_NOW": "2026-11-30T10:00:00Z"])
        #expect(apply.status == 74, "\(apply.stdout)\(apply.stderr)")
        #expect((apply.stdout + apply.stderr).contains(unknown.message), "\(apply.stdout)\(apply.stderr)")
        // Nothing was changed: the row still says what it said.
        let stored = try DatabaseQueue(path: scratch.storePath).read { try String.fetchAll($0, sql: "SELECT status FROM collaborations") }
        #expect(stored == ["archived"])
    }

    /// GRDB is the store's own business: only TillvalStore imports it, and
    /// only `internal`, so the compiler refuses a GRDB type in its API. So
    /// is the SQLite module GRDB ships, which binds the rows `apply` inserts.
    @Test func onlyTheStoreImportsGRDBAndOnlyInternally() throws {
        let sources = Repository.root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        var storeImports = 0
        for file in files {
            let module = file.path.dropFirst(sources.path.count + 1).split(separator: "/").first.map(String.init) ?? ""
            let text = try String(contentsOf: file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("import GRDB") {
                if module == "TillvalStore" {
                    #expect(line == "internal import GRDB" || line == "internal import GRDBSQLite", "\(file.lastPathComponent): \(line)")
                    storeImports += 1
                } else {
                    Issue.record("\(module)/\(file.lastPathComponent) imports GRDB: \(line)")
                }
            }
        }
        #expect(storeImports > 0)
    }
}

import Foundation
import GRDB
import Testing
import TillvalPlan
import TillvalReports
import TillvalRuntime
import TillvalStore
import TillvalSyntax

/// Issue 8, section 2: the words of the rules, the plan, the store and the
/// reports are enums of TillvalPlan, used from decoding to the reports. The
/// words themselves are the formats' (rule files, plan, store, JSON), so
/// they are pinned here; a store holding a word this tillval does not know
/// is refused, never read as something else.
@Suite struct VocabularyTests {
    /// Every word, as the formats spell it, and back.
    @Test func theWordsAreTheFormatsWords() throws {
        try Self.roundTrip(EffectKind.self, ["activate-collaboration", "activate-service", "create-administrator", "send-email"])
        try Self.roundTrip(FactKind.self, ["text", "email", "bool", "list", "one-of"])
        try Self.roundTrip(FactGroup.self, ["office", "customer"])
        try Self.roundTrip(Approver.self, ["customer", "administrator"])
        try Self.roundTrip(ApprovalSubject.self, ["collaboration", "terms"])
        try Self.roundTrip(RunMode.self, ["plan", "apply"])
        try Self.roundTrip(RequestStatus.self, ["planned", "applied", "unchanged", "unmet", "refused", "invalid", "failed"])
        try Self.roundTrip(EffectStatus.self, ["planned", "done", "already-done", "skipped"])
        try Self.roundTrip(ApprovalState.self, ["pending", "approved"])
        try Self.roundTrip(EmailState.self, ["queued", "delivered"])
        try Self.roundTrip(TestKind.self, ["any-of", "equals", "empty", "non-empty", "present", "absent"])
        try Self.roundTrip(ExpectationKey.self, ["scenario", "unmet", "rejected", "effects", "emails", "awaits", "then-contains"])
        try Self.roundTrip(DiffChange.self, ["added", "removed", "changed", "moved"])
        try Self.roundTrip(ScenarioPart.self, ["title", "step", "effect", "precondition", "awaits", "outcome", "then"])
        // The runtime's names for them are the same types.
        #expect(RequestResult.Status.self == RequestStatus.self)
        #expect(EffectOutcome.Status.self == EffectStatus.self)
        #expect(CustomerStatus.Collaboration.Status.self == ApprovalState.self)
        #expect(OutboxEntry.State.self == EmailState.self)
    }

    static func roundTrip<T: RawRepresentable & CaseIterable & Codable & Equatable>(_: T.Type, _ words: [String]) throws
        where T.RawValue == String {
        #expect(T.allCases.map(\.rawValue) == words, "\(T.self)")
        for word in words {
            let value = try #require(T(rawValue: word))
            let json = try JSONEncoder().encode([value])
            #expect(String(decoding: json, as: UTF8.self) == "[\"\(word)\"]")
            #expect(try JSONDecoder().decode([T].self, from: json) == [value])
        }
        #expect(T(rawValue: "Pending") == nil && T(rawValue: "") == nil)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([T].self, from: Data(#"["surprise"]"#.utf8)) }
    }

    /// The summary is counted by status, and its JSON is still an object
    /// keyed by the status words (an enum key would otherwise encode as a list).
    @Test func summaryCountsAreKeyedByTheStatusWords() throws {
        let source = TillvalSyntax.SourceLocation(file: "r.yaml", line: 1, column: 1)
        let summary = RunSummary([RequestResult(source: source, status: .unmet), RequestResult(source: source, status: .invalid),
                                  RequestResult(source: source, status: .unmet)])
        let counts: [RequestStatus: Int] = [.planned: 0, .applied: 0, .unchanged: 0, .unmet: 2, .refused: 0, .invalid: 1, .failed: 0]
        #expect(summary.counts == counts)
        #expect(summary.text == "3 requests: 2 unmet, 1 invalid")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(summary), as: UTF8.self)
        #expect(json == #"{"counts":{"applied":0,"failed":0,"invalid":1,"planned":0,"refused":0,"unchanged":0,"unmet":2},"total":3}"#)
        #expect(try JSONDecoder().decode(RunSummary.self, from: Data(json.utf8)) == summary)
    }

    /// An effect of a request plan is named by its kind.
    @Test func plannedEffectsAreNamedByTheirKind() throws {
        let plan = try StoreTests.requestPlan("not-registered-min-lon.yaml")
        #expect(plan.effects.map(\.kind) == [.activateCollaboration, .activateService, .createAdministrator, .sendEmail])
        #expect(plan.effects.map(\.name) == EffectKind.allCases.map(\.rawValue))
        #expect(plan.awaits?.who == .administrator && plan.awaits?.approves == .terms)
    }

    /// A claimed email is still to be delivered: the JSON says `queued`
    /// (the outbox format has no claims), the listing says `claimed`.
    @Test func aClaimedEmailIsQueuedInJSONAndClaimedInTheListing() throws {
        var entry = OutboxEntry(id: 7, customerID: "556677-8899", collaborationID: "digitala-tillval", template: "approve-terms",
                                recipient: "anna@bagerinord.se", subject: "S", body: "B", queuedAt: "2026-11-29T10:00:00Z")
        #expect(entry.stage == .queued && entry.state == .queued)
        let claim = OutboxEntry.Claim(token: "t", claimedAt: "2026-11-29T11:00:00Z", directory: "/out", fileName: "000007.eml")
        entry.claim = claim
        #expect(entry.stage == .claimed(claim) && entry.state == .queued)
        #expect(entry.line.contains("  claimed 2026-11-29 11:00 UTC for /out  "))
        #expect(String(decoding: OutboxJSON([entry]).encoded(), as: UTF8.self).contains(#""state" : "queued""#))
        entry.deliveredAt = "2026-11-29T12:00:00Z"
        #expect(entry.stage == .delivered(at: "2026-11-29T12:00:00Z") && entry.state == .delivered)
        #expect(entry.line.contains("  delivered 2026-11-29 12:00 UTC  "))
    }

    /// `awaits_who` and `awaits_approves` hold an Approver and an
    /// ApprovalSubject: another word in them (a store written by hand, or by
    /// a later tillval) is an error naming the column, and nothing is changed.
    @Test(arguments: [("awaits_who", "manager"), ("awaits_approves", "contract")])
    func anAwaitedWordTheStoreDoesNotKnowIsAnError(column: String, word: String) throws {
        let scratch = try StoreTests.Scratch()
        defer { scratch.remove() }
        let plan = try StoreTests.requestPlan("registered-min-lon.yaml")
        _ = try scratch.store().apply(plan)
        try DatabaseQueue(path: scratch.storePath).write { db in
            try db.execute(sql: "UPDATE collaborations SET \(column) = ?", arguments: [word])
        }
        let unknown = StoreError.unknownValue(column: "collaborations.\(column)", value: word)
        let store = try Store(existingAt: scratch.storePath)
        #expect(StoreTests.error { _ = try store.status(customerID: plan.customerID) } as? StoreError == unknown)
        #expect(StoreTests.error { _ = try store.statuses() } as? StoreError == unknown)
        #expect(StoreTests.error { _ = try store.approve(customerID: plan.customerID) } as? StoreError == unknown)

        let status = try CommandRunner.run(["status", "--store", scratch.storePath])
        #expect(status.status == 66)
        #expect(status.stderr == "tillval: cannot read the store: the store holds '\(word)' in collaborations.\(column), "
                + "which this tillval does not know; nothing was changed\n")
        let approve = try CommandRunner.run(["approve", plan.customerID, "--store", scratch.storePath])
        #expect(approve.status == 66, "\(approve.stderr)")
        let stored = try DatabaseQueue(path: scratch.storePath).read {
            try String.fetchAll($0, sql: "SELECT status || ' ' || \(column) FROM collaborations")
        }
        #expect(stored == ["pending \(word)"])
    }

    /// The words the store writes are the vocabulary's, byte for byte.
    @Test func theStoreWritesTheWords() throws {
        let scratch = try StoreTests.Scratch()
        defer { scratch.remove() }
        let plan = try StoreTests.requestPlan("not-registered-min-lon.yaml")
        let store = try scratch.store()
        _ = try store.apply(plan)
        _ = try store.approve(customerID: plan.customerID)
        let row = try DatabaseQueue(path: scratch.storePath).read {
            try String.fetchAll($0, sql: "SELECT status || ' ' || awaits_who || ' ' || awaits_approves FROM collaborations")
        }
        #expect(row == ["approved administrator terms"])
    }

    /// Issue 8's "done when": the effect words and the type and test words
    /// that are not also English words are spelled once, in Vocabulary.swift,
    /// in every module — not even in a message (comments aside, and the
    /// catalogue's YAML examples in DiagnosticExplanation.swift). (`non-empty`
    /// is left out of the scan: messages use it as an English word.)
    @Test func everyModuleSpellsTheVocabularyOnlyThroughItsTypes() throws {
        let words = EffectKind.allCases.map(\.rawValue) + [FactKind.oneOf.rawValue, TestKind.anyOf.rawValue]
            + [EffectStatus.alreadyDone.rawValue]
        var found: [String] = []
        let sources = Repository.root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        for file in files where !["Vocabulary.swift", "DiagnosticExplanation.swift"].contains(file.lastPathComponent) {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            for line in lines where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for word in words where line.contains(word) {
                    found.append("\(file.path.dropFirst(sources.path.count)): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
        let vocabulary = try String(contentsOf: sources.appendingPathComponent("TillvalPlan/Vocabulary.swift"), encoding: .utf8)
        for word in words { #expect(vocabulary.components(separatedBy: "\"\(word)\"").count == 2, "\(word)") }
    }
}

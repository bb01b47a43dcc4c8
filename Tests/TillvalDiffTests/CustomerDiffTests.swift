import Foundation
import Testing
@testable import TillvalDiff
import TillvalPlan
import TillvalRuntime
import TillvalSyntax
import TillvalTestSupport

/// Section 5 of `tillval diff --requests`: the batch Examples/customers.jsonl
/// read and planned by the real runtime against the shipped rules and an
/// edited copy. The expected counts are worked out from the batch itself,
/// independently of the runtime.
@Suite struct CustomerDiffTests {
    typealias Edit = EditedRules.Edit

    /// Each line of the batch: its customer id and relation.
    struct Line: Decodable {
        struct Customer: Decodable {
            var id: String
            var relation: String
        }
        var customer: Customer
    }

    static func batch() throws -> (entries: [RequestEntry], lines: [Line]) {
        let path = Repository.path("Examples/customers.jsonl")
        let output = RequestReader.read(path: path)
        let lines = try Repository.text("Examples/customers.jsonl").split(separator: "\n")
            .map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
        #expect(output.entries.count == lines.count && lines.count > 3)
        return (output.entries, lines)
    }

    /// Swapping the `when` of two scenarios moves their customers to the
    /// other one; the emails they get change with it (a customer counts in both).
    @Test func swappedWhenValuesChangeScenarioAndEmail() throws {
        let (base, head) = try EditedRules.plans([
            Edit(file: "scenarios/registered.yaml", old: "customer.relation: registered", new: "customer.relation: not-registered"),
            Edit(file: "scenarios/not-registered.yaml", old: "customer.relation: not-registered", new: "customer.relation: registered"),
        ])
        let (entries, lines) = try Self.batch()
        let moved = lines.filter { ["registered", "not-registered"].contains($0.customer.relation) }
        #expect(!moved.isEmpty && moved.count < lines.count)
        let diff = CustomerDiff(base: base, head: head, requests: entries)
        #expect(diff.summary == "\(lines.count) customers: \(moved.count) change scenario, \(moved.count) get another email, 0 now invalid, "
            + "\(moved.count) change effects")
        #expect(!diff.isBreaking)
        #expect(diff.changes.map(\.customer) == moved.map(\.customer.id).sorted())
        let first = try #require(diff.changes.first { $0.customer == moved.first { $0.customer.relation == "registered" }?.customer.id })
        #expect(first.scenario == ValueChange(old: "digitala-tillval/registered", new: "digitala-tillval/not-registered"))
        #expect(first.emails.map(\.change) == [.added, .removed])
        #expect(first.emails.map(\.template) == ["approve-terms", "approve-collaboration"])
    }

    /// Reworded email: only the customers who get it get another email,
    /// nothing else changes for anyone.
    @Test func aRewordedEmailIsAnotherEmailForItsCustomersOnly() throws {
        let (base, head) = try EditedRules.plans([
            Edit(file: "emails/approve-collaboration.yaml", old: "  To approve the collaboration, log in", new: "  To approve it, log in"),
        ])
        let (entries, lines) = try Self.batch()
        let getting = lines.filter { ["registered", "has-subscription"].contains($0.customer.relation) }
        let diff = CustomerDiff(base: base, head: head, requests: entries)
        #expect(diff.summary == "\(lines.count) customers: 0 change scenario, \(getting.count) get another email, 0 now invalid")
        #expect(diff.changes.map(\.customer) == getting.map(\.customer.id).sorted())
        #expect(diff.changes.allSatisfy { $0.emails == [EmailChange(template: "approve-collaboration", change: .changed, fields: ["body"])] })
        #expect(diff.textLines.first == "\(getting.map(\.customer.id).sorted()[0]): email approve-collaboration changes body")
        #expect(diff.markdownLines.first == "- `\(getting.map(\.customer.id).sorted()[0])`: email approve-collaboration changes body")
    }

    /// A new required fact makes every request invalid in the head, with the
    /// runtime's code: the section is breaking.
    @Test func aNewRequiredFactMakesEveryRequestInvalid() throws {
        let (base, head) = try EditedRules.plans([
            Edit(file: "facts.yaml", old: "customer:\n", new: "customer:\n  org-number:\n    type: text\n"),
        ])
        let (entries, lines) = try Self.batch()
        let diff = CustomerDiff(base: base, head: head, requests: entries)
        #expect(diff.summary == "\(lines.count) customers: 0 change scenario, 0 get another email, \(lines.count) now invalid")
        #expect(diff.isBreaking && !diff.isEmpty)
        #expect(diff.changes.allSatisfy { $0.head == .invalid(codes: [.missingRequestFact]) })
        #expect(diff.textLines.allSatisfy { $0.hasSuffix(": now invalid (\(DiagnosticCode.missingRequestFact.rawValue))") })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(try #require(diff.changes.first)), as: UTF8.self)
        #expect(json.contains(#""head":{"codes":["E1002"],"status":"invalid"}"#))
    }

    /// A reworded outcome changes neither scenario, effects nor emails: its
    /// customers' plans change otherwise.
    @Test func aRewordedOutcomeChangesThePlanOtherwise() throws {
        let (base, head) = try EditedRules.plans([
            Edit(file: "scenarios/registered.yaml", old: "You have now activated the collaboration as well as",
                 new: "You have activated the collaboration and"),
        ])
        let (entries, lines) = try Self.batch()
        let registered = lines.filter { $0.customer.relation == "registered" }
        let diff = CustomerDiff(base: base, head: head, requests: entries)
        #expect(diff.summary == "\(lines.count) customers: 0 change scenario, 0 get another email, 0 now invalid, "
            + "\(registered.count) change otherwise")
        #expect(diff.changes.map(\.customer) == registered.map(\.customer.id).sorted())
    }

    /// The same rules: nothing changes, for anyone.
    @Test func unchangedRulesChangeNothingForAnyone() throws {
        let (base, head) = try EditedRules.plans([])
        let (entries, lines) = try Self.batch()
        let diff = CustomerDiff(base: base, head: head, requests: entries)
        #expect(diff.isEmpty && !diff.isBreaking && diff.textLines.isEmpty)
        #expect(diff.summary == "\(lines.count) customers: 0 change scenario, 0 get another email, 0 now invalid")
    }

    /// Only `limit` changed requests keep a line; the rest are counted.
    @Test func linesAreBoundedAndTheRestCounted() throws {
        let (base, head) = try EditedRules.plans([
            Edit(file: "facts.yaml", old: "customer:\n", new: "customer:\n  org-number:\n    type: text\n"),
        ])
        let (entries, lines) = try Self.batch()
        let diff = CustomerDiff(base: base, head: head, requests: entries, limit: 2)
        #expect(diff.changes.count == 2 && diff.omitted == lines.count - 2)
        #expect(diff.nowInvalid == lines.count)
        #expect(diff.textLines.count == 3 && diff.textLines.last == "and \(lines.count - 2) more")
    }
}

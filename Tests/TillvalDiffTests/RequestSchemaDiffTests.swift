import Foundation
import Testing
import TillvalDiff
import TillvalPlan

@Suite struct RequestSchemaDiffTests {
    typealias Rules = EditedShippedRules

    /// The shipped facts with `extra` added to the customer group.
    static func withCustomerFact(_ extra: String) -> EditedShippedRules.Edit {
        Rules.replace("facts.yaml", "customer:\n", "customer:\n\(extra)")
    }

    /// A removed `one-of` value is breaking, with the value as example; the
    /// removed scenario's combination shows in routing too.
    @Test func aNarrowedOneOfIsBreaking() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([
            Rules.replace("facts.yaml", "one-of: [has-subscription, registered, not-registered]", "one-of: [registered, not-registered]"),
            Rules.remove("scenarios/has-subscription.yaml"),
        ])
        let diff = RequestSchemaDiff(base: base, head: head)
        #expect(diff.textLines == [
            "breaking: customer.relation loses value has-subscription (e.g. customer.relation: has-subscription is no longer a value)",
        ])
        #expect(diff.isBreaking && diff.summary == "1 breaking request change")
        #expect(RoutingDiff(base: base, head: head).textLines == [
            "collaboration digitala-tillval",
            "  customer.relation has-subscription: has-subscription → (invalid: customer.relation has-subscription)",
        ])
        // Widening back is listed, not breaking.
        let widened = RequestSchemaDiff(base: head, head: base)
        #expect(widened.textLines == ["customer.relation gains value has-subscription"])
        #expect(!widened.isBreaking && widened.summary == "1 request change, not breaking")
    }

    /// A new required fact is breaking; a new optional one is not.
    @Test func aNewRequiredFactIsBreakingAnOptionalOneNot() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([Self.withCustomerFact("  org-number: text\n  note:\n    type: text\n    optional: true\n")])
        let diff = RequestSchemaDiff(base: base, head: head)
        #expect(diff.textLines == [
            "customer.note added (text, optional)",
            "breaking: customer.org-number added (text) (e.g. a request without customer.org-number is refused)",
        ])
        #expect(diff.summary == "1 breaking request change, 1 not breaking")
        #expect(diff.changes.map(\.kind) == [.factAdded, .factAdded] && diff.changes.map(\.isBreaking) == [false, true])
    }

    /// A fact removed on one side and one alike added on the other is a
    /// rename; a changed type and optional → required are breaking;
    /// required → optional is not.
    @Test func renamesTypesAndOptionality() throws {
        let base = try Rules.plan([Self.withCustomerFact(
            "  org-number: text\n  vip: bool\n  region:\n    one-of: [north, south]\n  segment:\n    one-of: [a, b]\n    optional: true\n  size:\n    type: text\n    optional: true\n")])
        let head = try Rules.plan([Self.withCustomerFact(
            "  org-no: text\n  vip: text\n  region:\n    type: text\n    optional: true\n  segment:\n    one-of: [a, b]\n  size:\n    type: list\n    optional: true\n")])
        let diff = RequestSchemaDiff(base: base, head: head)
        #expect(diff.textLines == [
            "breaking: customer.org-number renamed customer.org-no (e.g. customer.org-number: text is refused, it is now customer.org-no)",
            "customer.region changes type: one-of → text",
            "customer.region is now optional",
            "breaking: customer.segment is now required (e.g. a request without customer.segment is refused)",
            "breaking: customer.size changes type: text → list (e.g. customer.size: text is no longer a value of type list)",
            "breaking: customer.vip changes type: bool → text (e.g. customer.vip: true is no longer a value of type text)",
        ])
        #expect(diff.summary == "4 breaking request changes, 2 not breaking")
        // Undone, the rename reads the other way and a removed fact alone is a removal.
        #expect(RequestSchemaDiff(base: head, head: try Rules.plan()).textLines.first
            == "breaking: customer.org-no removed (was text) (e.g. customer.org-no: text is refused, the fact is no longer declared)")
    }

    /// A product the collaboration no longer offers is breaking; offering it
    /// again is not.
    @Test func aWithdrawnProductIsBreaking() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([Rules.replace("collaboration.yaml", "products: [lon-anstalld, min-lon]", "products: [lon-anstalld]")])
        let diff = RequestSchemaDiff(base: base, head: head)
        #expect(diff.textLines == [
            "breaking: collaboration digitala-tillval no longer offers product min-lon (e.g. product: min-lon is no longer offered by digitala-tillval)",
        ])
        #expect(diff.markdownLines == [
            "| change | breaking | example |",
            "|---|---|---|",
            "| collaboration digitala-tillval no longer offers product min-lon | **breaking** | `product: min-lon is no longer offered by digitala-tillval` |",
        ])
        #expect(RequestSchemaDiff(base: head, head: base).textLines == ["collaboration digitala-tillval now offers product min-lon"])
    }

    /// Reordered facts and products, comments and docs change nothing.
    @Test func reorderedDeclarationsChangeNothing() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([
            Rules.write("facts.yaml", """
                # the groups and their facts in another order, in flow style
                kind: facts
                customer:
                  tasks: list
                  relation: {one-of: [has-subscription, registered, not-registered]}
                  email: email
                  name: text
                office:
                  name: text
                """),
            Rules.replace("collaboration.yaml", "products: [lon-anstalld, min-lon]", "products: [min-lon, lon-anstalld]"),
        ])
        let diff = RequestSchemaDiff(base: base, head: head)
        #expect(diff.isEmpty && diff.summary == nil && !diff.isBreaking)
    }

    /// The JSON part: the kind's word, `breaking`, the example.
    @Test func theJSONSaysBreakingWithItsExample() throws {
        let base = try Rules.plan()
        let head = try Rules.plan([Self.withCustomerFact("  org-number: text\n")])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(RequestSchemaDiff(base: base, head: head)), as: UTF8.self)
        #expect(json == #"{"changes":[{"after":"text","breaking":true,"example":"a request without customer.org-number is refused","fact":"customer.org-number","kind":"fact-added"}]}"#)
    }
}

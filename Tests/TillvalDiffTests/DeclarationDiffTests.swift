import Foundation
import Testing
import TillvalCompiler
import TillvalDiff
import TillvalPlan
import TillvalTestSupport

/// Section 4: declarations added, removed, renamed and changed, between the
/// `shipped` baseline and a copy of it with one edit.
@Suite struct DeclarationDiffTests {
    /// One edit of a file of the baseline: `old` replaced by `new` (which must be there), or the file removed or added.
    enum Edit {
        case replace(String, String, String)
        case remove(String)
        case add(String, String)
    }

    /// The plan of the `shipped` baseline after `edits`.
    static func plan(_ edits: [Edit] = []) throws -> Plan {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let rules = scratch.appendingPathComponent("rules")
        try FileManager.default.copyItem(atPath: Repository.path("\(CompileFixtures.baselines)/shipped"), toPath: rules.path)
        for edit in edits {
            switch edit {
            case .replace(let file, let old, let new):
                let url = rules.appendingPathComponent(file)
                let text = try String(contentsOf: url, encoding: .utf8)
                #expect(text.contains(old), "\(file) holds no \(old.debugDescription)")
                try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
            case .remove(let file):
                try FileManager.default.removeItem(at: rules.appendingPathComponent(file))
            case .add(let file, let text):
                try Data(text.utf8).write(to: rules.appendingPathComponent(file))
            }
        }
        let compilation = Compiler().compile(directory: rules.path)
        return try #require(compilation.plan, "\(compilation.diagnostics.map(\.message))")
    }

    static func diff(_ edits: [Edit]) throws -> DeclarationDiff {
        DeclarationDiff(base: try plan(), head: try plan(edits))
    }

    @Test func aRenamedProcedureIsOneRenameAndNothingElse() throws {
        let diff = try Self.diff([
            .replace("procedures/open-offer.yaml", "id: open-offer", "id: open-the-offer"),
            .replace("scenarios/registered.yaml", "use: open-offer", "use: open-the-offer"),
            .replace("scenarios/has-subscription.yaml", "use: open-offer", "use: open-the-offer"),
            .replace("scenarios/not-registered.yaml", "use: open-offer", "use: open-the-offer"),
        ])
        #expect(diff.textLines == ["renamed procedure open-offer → open-the-offer"])
        #expect(diff.markdownLines == ["- renamed procedure `open-offer` → `open-the-offer`"])
        #expect(diff.summary == "1 renamed")
        #expect(!diff.isBreaking)
    }

    /// A procedure renamed and changed is no rename: it is removed, and another added.
    @Test func aRenameWithOtherContentIsARemovalAndAnAddition() throws {
        let diff = try Self.diff([
            .replace("procedures/choose-task.yaml", "id: choose-task", "id: pick-task"),
            .replace("procedures/choose-task.yaml", "  - Select Next.", "  - Select Continue."),
            .replace("scenarios/registered.yaml", "use: choose-task", "use: pick-task"),
            .replace("scenarios/has-subscription.yaml", "use: choose-task", "use: pick-task"),
            .replace("scenarios/not-registered.yaml", "use: choose-task", "use: pick-task"),
        ])
        #expect(diff.textLines == ["removed procedure choose-task", "added procedure pick-task"])
        #expect(diff.summary == "1 added, 1 removed")
    }

    /// A precondition, an email template and a scenario renamed at once, each found as a rename of its own kind.
    @Test func renamesOfEachKindAreFoundByContent() throws {
        let diff = try Self.diff([
            .replace("preconditions/connected-task.yaml", "id: connected-task", "id: has-task"),
            .replace("collaboration.yaml", "requires: [connected-task]", "requires: [has-task]"),
            .replace("emails/approve-terms.yaml", "id: approve-terms", "id: accept-terms"),
            .replace("scenarios/not-registered.yaml", "template: approve-terms", "template: accept-terms"),
            .replace("scenarios/registered.yaml", "id: registered", "id: known-customer"),
        ])
        #expect(diff.textLines == [
            "renamed precondition connected-task → has-task",
            "renamed email template approve-terms → accept-terms",
            "renamed scenario registered → known-customer",
        ])
    }

    /// A product no longer activated through another: the product and the collaboration's offer change, by id.
    @Test func activatedThroughAndOffersAreCompared() throws {
        let diff = try Self.diff([.replace("products/min-lon.yaml", "activated-through: lon-anstalld\n", "")])
        #expect(diff.textLines == [
            "changed product min-lon: activated-through lon-anstalld → none",
            "changed collaboration digitala-tillval: offers min-lon (through lon-anstalld, restricted to min-lon) →",
        ])
    }

    /// A removed product: gone from the products and from what the collaboration offers.
    @Test func aRemovedProductIsReportedWithTheOfferItTakesAway() throws {
        let base = try Self.plan()
        var head = base
        head.products.removeAll { $0.id == "min-lon" }
        for index in head.collaborations.indices { head.collaborations[index].offers.removeAll { $0.product == "min-lon" } }
        let diff = DeclarationDiff(base: base, head: head)
        #expect(diff.textLines == ["removed product min-lon", "changed collaboration digitala-tillval: no longer offers min-lon"])
        #expect(DeclarationDiff(base: head, head: base).textLines == [
            "added product min-lon",
            "changed collaboration digitala-tillval: offers min-lon now (through lon-anstalld, restricted to min-lon)",
        ])
    }

    /// Reformatted files, other file names and declarations in another order change nothing.
    @Test func reformattingAndReorderingChangeNothing() throws {
        let products = try Repository.text("\(CompileFixtures.baselines)/shipped/products/min-lon.yaml")
            + "---\n" + (try Repository.text("\(CompileFixtures.baselines)/shipped/products/lon-anstalld.yaml"))
        let diff = try Self.diff([
            .remove("products/min-lon.yaml"), .remove("products/lon-anstalld.yaml"),
            .add("products/all.yaml", "# both products, in another order\n" + products),
            .replace("scenarios/registered.yaml", "when:\n  customer.relation: registered", "when: {customer.relation: registered}"),
        ])
        #expect(diff.isEmpty, "\(diff.textLines)")
        #expect(diff.summary == nil)
    }

    /// The JSON part: one object per change, `from` only for a rename, `details` only for a change.
    @Test func theJSONPartHoldsKindActionAndIds() throws {
        let diff = try Self.diff([
            .replace("procedures/open-offer.yaml", "id: open-offer", "id: open-the-offer"),
            .replace("scenarios/registered.yaml", "use: open-offer", "use: open-the-offer"),
            .replace("scenarios/has-subscription.yaml", "use: open-offer", "use: open-the-offer"),
            .replace("scenarios/not-registered.yaml", "use: open-offer", "use: open-the-offer"),
            .replace("products/min-lon.yaml", "name: Visma Min Lön", "name: Min Lön"),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(diff), as: UTF8.self)
        #expect(json == #"{"changes":[{"action":"changed","details":["name 'Visma Min Lön' → 'Min Lön'"],"id":"min-lon","kind":"product"},"#
            + #"{"action":"renamed","from":"open-offer","id":"open-the-offer","kind":"procedure"}]}"#)
    }
}

import Foundation
import Testing
import TillvalCompiler
import TillvalSyntax
import TillvalTestSupport

/// One mistake, one error, and the help that comes with it: the compile
/// fixtures named `cascade-*` pin that each real-world mistake gives exactly
/// one diagnostic; these tests pin what that diagnostic suggests.
@Suite struct CascadeTests {
    func diagnostics(_ fixture: String) -> [Diagnostic] {
        Compiler().compile(directory: CompileFixtures.rules(fixture)).diagnostics
    }

    @Test func aNonASCIIReferenceIsReportedOnceWithItsTransliteration() throws {
        let found = diagnostics("cascade-non-ascii-reference")
        #expect(found.count == 1)
        #expect(found.first?.code == .invalidIdentifier)
        #expect(found.first?.suggestion?.edits.first?.replacement == "lon-anstalld")
        #expect(found.first?.suggestion?.message == "write 'lon-anstalld'")
    }

    @Test func lettersOutsideASCIIAreTransliteratedInSuggestedIds() throws {
        let file = SourceFile(path: "products.yaml", text: """
            kind: product
            id: Größe-Ærø-café
            name: Some product
            ---
            kind: product
            id: lön-øl-ñandú
            name: Another product
            """)
        let suggestions = Compiler().compile(files: [file]).diagnostics
            .filter { $0.code == .invalidIdentifier }.compactMap { $0.suggestion?.edits.first?.replacement }
        #expect(suggestions == ["grosse-aero-cafe", "lon-ol-nandu"])
    }

    @Test func aMisspeltKeyIsReportedOnceWithItsDidYouMean() throws {
        let found = diagnostics("cascade-misspelt-key")
        #expect(found.count == 1)
        #expect(found.first?.code == .unknownKey)
        #expect(found.first?.suggestion.map { [$0.message] + $0.edits.map(\.replacement) } == ["did you mean 'effects'?", "effects"])
    }

    @Test func aMisspeltKindIsReportedOnceWithItsDidYouMean() throws {
        let found = diagnostics("cascade-misspelt-kind")
        #expect(found.count == 1)
        #expect(found.first?.suggestion.map { [$0.message] + $0.edits.map(\.replacement) } == ["did you mean 'email'?", "email"])
    }

    @Test func aScalarForAListSuggestsTheList() throws {
        let found = diagnostics("cascade-scalar-for-list")
        #expect(found.count == 1)
        #expect(found.first?.code == .wrongType)
        #expect(found.first?.suggestion?.message == "write it as a list: [lon-anstalld, min-lon]")
        #expect(found.first?.suggestion?.edits.first?.replacement == "[lon-anstalld, min-lon]")
    }

    /// Ids have neither commas nor spaces: both separate the ids of a scalar written for a list.
    @Test func aScalarOfIdsSeparatedBySpacesIsOneError() throws {
        let found = try ShippedRulesCopy.compile { rules in
            try ShippedRulesCopy.replace("products: [lon-anstalld, min-lon]\nrequires: [connected-task]", with: "products: lon-anstalld min-lon\nrequires: connected-task",
                             in: rules.appendingPathComponent("collaboration.yaml"))
        }
        #expect(found.map(\.code) == [.wrongType, .wrongType])
        #expect(found.map { $0.suggestion?.edits.first?.replacement } == ["[lon-anstalld, min-lon]", "[connected-task]"])
    }

    /// Without facts, E0111 says once that nothing can be type-checked; the
    /// placeholders that name facts are not each reported as unknown.
    @Test func missingFactsAreReportedOnce() throws {
        let found = try ShippedRulesCopy.compile { rules in
            try FileManager.default.removeItem(at: rules.appendingPathComponent("facts.yaml"))
        }
        #expect(found.map(\.code) == [.missingFacts])
    }

    /// The parts of a scalar written for a list are still read as ids: a
    /// misspelt one is reported where it stands.
    @Test func thePartsOfAScalarForAListAreStillChecked() throws {
        let found = try ShippedRulesCopy.compile { rules in
            try ShippedRulesCopy.replace("products: [lon-anstalld, min-lon]", with: "products: lon-anstalld, min-lun",
                             in: rules.appendingPathComponent("collaboration.yaml"))
        }
        #expect(found.map(\.code) == [.wrongType, .unknownProduct])
        let unknown = try #require(found.last)
        #expect(unknown.suggestion.map { [$0.message] + $0.edits.map(\.replacement) } == ["did you mean 'min-lon'?", "min-lon"])
        #expect(unknown.range?.start.line == 4)
        #expect(unknown.range?.start.column == 25)
        #expect(unknown.range?.end.column == 32)
    }

}

/// A name that is not an id, where no E0106 is reported (a product tested
/// in a `when`), is suggested as its transliteration before any other
/// candidate as close by edit distance.
@Suite struct TransliteratedDidYouMeanTests {
    @Test func aProductValueOutsideASCIIIsSuggestedAsItsTransliteration() throws {
        let found = try ShippedRulesCopy.compile { rules in
            // 'min-lan' is one edit from 'min-lön' as well, and sorts first.
            try "kind: product\nid: min-lan\nname: Visma Min Lan\n"
                .write(to: rules.appendingPathComponent("products/min-lan.yaml"), atomically: true, encoding: .utf8)
            try ShippedRulesCopy.replace("  customer.relation: registered\n", with: "  customer.relation: registered\n  product: min-lön\n",
                             in: rules.appendingPathComponent("scenarios/registered.yaml"))
        }.filter { $0.code == .unknownProduct }
        #expect(found.count == 1)
        #expect(found.first?.suggestion.map { [$0.message] + $0.edits.map(\.replacement) } == ["did you mean 'min-lon'?", "min-lon"])
    }
}

/// A copy of the shipped rules in a temporary directory, edited and then
/// compiled: the set-up the tests above share.
private enum ShippedRulesCopy {
    static func compile(after edit: (URL) throws -> Void) throws -> [Diagnostic] {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("Rules")
        try FileManager.default.copyItem(atPath: Repository.path("Rules"), toPath: rules.path)
        try edit(rules)
        return Compiler().compile(directory: rules.path).diagnostics
    }

    /// Writes `file` back with `old` replaced by `new`.
    static func replace(_ old: String, with new: String, in file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
    }
}

import Foundation
import Testing
import TillvalReports
import TillvalRuntime
import TillvalSyntax
import TillvalTestSupport

/// Fix-its as edits, and `tillval check --fix` applying them to copies of
/// the compile fixtures: afterwards the rule set checks clean, every changed
/// file is byte for byte its golden `expected.fixed/<path>`, and every other
/// file is untouched.
@Suite struct FixItTests {
    /// Fixtures whose every diagnostic carries a fix-it that makes the rule set clean.
    static let fixable = [
        "cascade-misspelt-key", "cascade-misspelt-kind", "cascade-misspelt-reference", "cascade-non-ascii-reference",
        "cascade-scalar-for-list", "condition-dedented-key", "missing-document-separator", "step-text-with-colon", "e0102-unknown-kind",
        "e0103-unknown-key", "e0106-invalid-identifier", "e0109-unsupported-format", "e0301-unknown-product",
        "e0306-unknown-fact", "e0701-unknown-effect", "e0801-unknown-placeholder",
    ]

    static func files(under directory: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }

    @Test(arguments: fixable)
    func fixLeavesACleanRuleSetAndChangesOnlyTheEditedText(_ name: String) throws {
        let fixture = URL(fileURLWithPath: Repository.path("Tests/Fixtures/compile/\(name)"))
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        try CompileFixtures.copyRules(fixture.lastPathComponent, to: rules)

        let before = try CommandRunner.run(["check", "rules"], in: directory.path)
        #expect(before.status == 1, "the fixture is broken before the fix")
        #expect(before.stderr.contains("= fix: "), "\(before.stderr)")

        let fixed = try CommandRunner.run(["check", "rules", "--fix"], in: directory.path)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout.hasPrefix("fixed "), "\(fixed.stdout)")
        #expect(fixed.stdout.contains("rules: ok"), "\(fixed.stdout)")
        #expect(fixed.stderr.isEmpty, "\(fixed.stderr)")

        let expected = fixture.appendingPathComponent("expected.fixed")
        var changed: [String] = []
        let composed = URL(fileURLWithPath: CompileFixtures.rules(name))
        for file in Self.files(under: composed) {
            let original = try Data(contentsOf: composed.appendingPathComponent(file))
            let now = try Data(contentsOf: rules.appendingPathComponent(file))
            guard now != original else { continue }
            changed.append(file)
            let golden = expected.appendingPathComponent(file)
            if Repository.recording {
                try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
                try now.write(to: golden)
            } else {
                #expect((try? Data(contentsOf: golden)) == now, "\(name)/\(file) differs from expected.fixed/\(file):\n\(String(decoding: now, as: UTF8.self))")
            }
        }
        #expect(!changed.isEmpty)
        #expect(changed == Self.files(under: expected), "the files changed are exactly those in expected.fixed")
        #expect(fixed.stdout.contains("in \(changed.count) file\(changed.count == 1 ? "" : "s")\n"), "\(fixed.stdout)")

        let again = try CommandRunner.run(["check", "rules", "--fix"], in: directory.path)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("fixed 0 problems in 0 files\n"), "a second --fix has nothing to do")
    }

    @Test func fixOfOneFileChangesOnlyThatFile() throws {
        let fixture = URL(fileURLWithPath: Repository.path("Tests/Fixtures/compile/e0106-invalid-identifier"))
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        try CompileFixtures.copyRules(fixture.lastPathComponent, to: rules)
        let result = try CommandRunner.run(["check", "rules/collaboration.yaml", "--fix"], in: directory.path)
        #expect(result.stdout.hasPrefix("fixed 1 problem in 1 file\n"), "\(result.stdout)\(result.stderr)")
        let collaboration = try Data(contentsOf: rules.appendingPathComponent("collaboration.yaml"))
        #expect(collaboration == (try Data(contentsOf: fixture.appendingPathComponent("expected.fixed/collaboration.yaml"))))
        let products = try Data(contentsOf: rules.appendingPathComponent("products.yaml"))
        #expect(products == (try Data(contentsOf: URL(fileURLWithPath: CompileFixtures.rules("e0106-invalid-identifier") + "/products.yaml"))),
                "other files are left for their own --fix")
    }

    /// A file with a byte order mark and `\r\n` line endings: the fix-it is
    /// quoted and underlined where libyaml counts (after the mark), and
    /// `--fix` keeps the mark and the line endings.
    @Test func fixKeepsAByteOrderMarkAndCRLFLineEndings() throws {
        let fixture = URL(fileURLWithPath: Repository.path("Tests/Fixtures/compile/e0102-unknown-kind"))
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        try CompileFixtures.copyRules(fixture.lastPathComponent, to: rules)
        let file = rules.appendingPathComponent("ruleset.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        #expect(original.hasPrefix("kind: rulesett\n"))
        func windows(_ text: String) -> Data { Data([0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)) }
        try windows(original).write(to: file)

        let before = try CommandRunner.run(["check", "rules/ruleset.yaml"], in: directory.path)
        #expect(before.stderr.contains("""
            1 | kind: rulesett
              |       ^^^^^^^^
              = help: did you mean 'ruleset'?
              = fix: replace 'rulesett' with 'ruleset'

            """), "\(before.stderr)")
        let fixed = try CommandRunner.run(["check", "rules", "--fix"], in: directory.path)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(try Data(contentsOf: file) == windows(original.replacingOccurrences(of: "kind: rulesett\n", with: "kind: ruleset\n")))
    }

    /// A rule file that is a symbolic link is fixed where it points and stays
    /// a link, when it points inside the rule directory.
    @Test func fixEditsTheTargetOfALinkedRuleFile() throws {
        let fixture = URL(fileURLWithPath: Repository.path("Tests/Fixtures/compile/e0102-unknown-kind"))
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        try CompileFixtures.copyRules(fixture.lastPathComponent, to: rules)
        let target = rules.appendingPathComponent("shared-ruleset.txt")
        try FileManager.default.moveItem(at: rules.appendingPathComponent("ruleset.yaml"), to: target)
        try FileManager.default.createSymbolicLink(atPath: rules.appendingPathComponent("ruleset.yaml").path, withDestinationPath: "shared-ruleset.txt")
        let fixed = try CommandRunner.run(["check", "rules", "--fix"], in: directory.path)
        #expect(fixed.status == 0, "\(fixed.stdout)\(fixed.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: rules.appendingPathComponent("ruleset.yaml").path) == "shared-ruleset.txt")
        #expect(try Data(contentsOf: target) == (try Data(contentsOf: fixture.appendingPathComponent("expected.fixed/ruleset.yaml"))))
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: rules.path).filter { $0.contains("tillval-fix") }.isEmpty)
    }

    /// A rule file linked to a file outside the rule directory is not
    /// rewritten: `--fix` says so and leaves the target as it was.
    @Test func fixLeavesALinkOutOfTheRuleDirectoryAlone() throws {
        let fixture = URL(fileURLWithPath: Repository.path("Tests/Fixtures/compile/e0102-unknown-kind"))
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        try CompileFixtures.copyRules(fixture.lastPathComponent, to: rules)
        let target = directory.appendingPathComponent("shared-ruleset.yaml")
        try FileManager.default.moveItem(at: rules.appendingPathComponent("ruleset.yaml"), to: target)
        let before = try Data(contentsOf: target)
        try FileManager.default.createSymbolicLink(atPath: rules.appendingPathComponent("ruleset.yaml").path, withDestinationPath: "../shared-ruleset.yaml")
        let fixed = try CommandRunner.run(["check", "rules", "--fix"], in: directory.path)
        #expect(fixed.status == 1, "\(fixed.stdout)\(fixed.stderr)")
        #expect(fixed.stderr.contains("note: 'rules/ruleset.yaml' is a link to a file outside the rule directory; not fixed"), "\(fixed.stderr)")
        #expect(try Data(contentsOf: target) == before)
    }

    /// The JSON report carries a diagnostic's fix-it as `edits`, in the
    /// shape Schemas/request-plan.schema.json describes.
    @Test func jsonReportsCarryTheEditsOfAFixIt() throws {
        let range = Self.at(2, 9, 14)
        let diagnostic = Diagnostic(.unknownRequestFact, "unknown fact 'customer.nmae'", at: range,
                                    suggestion: Suggestion("did you mean 'name'?", replacing: range, with: "name"))
        let result = RequestResult(source: SourceLocation(file: "a.yaml", line: 1, column: 1), status: .invalid, diagnostics: [diagnostic])
        let data = JSONReport(mode: .plan, planDigest: "sha256:" + String(repeating: "0", count: 64), results: [result]).encoded()
        struct Report: Decodable {
            struct Result: Decodable { var diagnostics: [Entry] }
            struct Entry: Decodable { var help: String?; var edits: [Edit]? }
            struct Edit: Decodable { var start: Place; var end: Place; var replacement: String }
            struct Place: Decodable { var file: String; var line: Int; var column: Int }
            var results: [Result]
        }
        let entry = try #require(try JSONDecoder().decode(Report.self, from: data).results.first?.diagnostics.first)
        #expect(entry.help == "did you mean 'name'?")
        let edit = try #require(entry.edits?.first)
        #expect(edit.start.line == 2 && edit.start.column == 9 && edit.end.line == 2 && edit.end.column == 14)
        #expect(edit.replacement == "name")

        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.json").path
        try data.write(to: URL(fileURLWithPath: path))
        let check = try SchemaTests.checkSchemas(["--report", path])
        #expect(check.status == 0, "\(SchemaTests.describe(["--report", path], check))")
    }

    static func at(_ line: Int, _ column: Int, to endLine: Int? = nil, _ endColumn: Int) -> SourceRange {
        SourceRange(start: SourceLocation(file: "a.yaml", line: line, column: column),
                    end: SourceLocation(file: "a.yaml", line: endLine ?? line, column: endColumn))
    }

    @Test func applyCountsColumnsInUnicodeScalarsAfterAByteOrderMarkAndKeepsCRLF() throws {
        let text = "\u{FEFF}kind: emial\r\nname: Lön anställd\r\nid: x\r\n"
        let edits = [
            SourceEdit(range: Self.at(1, 7, 12), replacement: "email"),
            SourceEdit(range: Self.at(2, 7, 10), replacement: "Lon"),
            SourceEdit(range: Self.at(3, 1, 1), replacement: "---\n"),
        ]
        let fixed = try #require(FixIts.apply(edits, to: Array(text.utf8)))
        #expect(String(decoding: fixed, as: UTF8.self) == "\u{FEFF}kind: email\r\nname: Lon anställd\r\n---\r\nid: x\r\n")
    }

    @Test func applyRefusesEditsThatDoNotFitTheText() {
        let bytes = Array("kind: email\n".utf8)
        #expect(FixIts.apply([SourceEdit(range: Self.at(1, 7, 20), replacement: "x")], to: bytes) == nil, "beyond the end of the line")
        #expect(FixIts.apply([SourceEdit(range: Self.at(3, 1, 1), replacement: "x")], to: bytes) == nil, "beyond the last line")
        #expect(FixIts.apply([SourceEdit(range: Self.at(1, 1, 5), replacement: "x"), SourceEdit(range: Self.at(1, 3, 7), replacement: "y")], to: bytes) == nil, "overlapping")
        #expect(FixIts.apply([SourceEdit(range: Self.at(1, 1, 2), replacement: "x")], to: Array("k\rind: email\n".utf8)) == nil, "a lone carriage return")
        #expect(FixIts.apply([SourceEdit(range: Self.at(1, 1, 2), replacement: "x")], to: [0x6B, 0xFF, 0x0A]) == nil, "not UTF-8")
    }

    @Test func chooseLeavesOverlappingAndSameplaceInsertionsToAPerson() {
        func diagnostic(_ range: SourceRange, _ replacement: String) -> Diagnostic {
            Diagnostic(.unknownKey, "x", at: range, suggestion: Suggestion("y", replacing: range, with: replacement))
        }
        let diagnostics = [
            diagnostic(Self.at(1, 1, 5), "aaaa"),
            diagnostic(Self.at(1, 3, 7), "bbbb"),
            diagnostic(Self.at(2, 1, 1), "---\n"),
            diagnostic(Self.at(2, 1, 1), "+++\n"),
            diagnostic(Self.at(3, 1, 4), "ccc"),
            diagnostic(Self.at(3, 1, 4), "ccc"),
            Diagnostic(.unknownKey, "no fix-it", at: Self.at(4, 1, 2), suggestion: Suggestion("think")),
        ]
        let (edits, fixed) = FixIts.choose(diagnostics)
        #expect(edits["a.yaml"]?.map(\.replacement) == ["aaaa", "---\n", "ccc"])
        #expect(fixed["a.yaml"] == 3)
    }
}

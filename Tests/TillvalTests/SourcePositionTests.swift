import Foundation
import SystemPackage
import Testing
@testable import TillvalCompiler
import TillvalPlan
import TillvalSource
import TillvalSyntax

/// One position type (`SourceLocation`, from the leaf module `TillvalSource`)
/// from the loader to the plan file and the reports, and rule-set paths as
/// `FilePath`s: the bytes of plans, digests and the names of files do not
/// depend on how the rule directory was spelt.
@Suite struct SourcePositionTests {
    /// `tillval compile Rules` as the tillval before issue 8 wrote it (three position types, paths as strings).
    static let golden = Repository.path("Tests/Fixtures/positions/shipped-rules.plan.json")
    static let shippedDigest = "sha256:cd8d44bb00207210659d74eb396711eed8e57a5e4f9885cddb3ce78ea3fafa13"

    /// The positions a plan carries are `SourceLocation`s, coded as before:
    /// the plan file of the shipped rules is byte for byte the one recorded
    /// before the types were merged, and reading it back and writing it again
    /// gives the same bytes.
    @Test func aPlanFileRoundTripsItsPositionsUnchanged() throws {
        let expected = try String(contentsOfFile: Self.golden, encoding: .utf8)
        let result = try CommandRunner.run(["compile", "Rules"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected)
        let plan = try PlanCoding.decode(Data(expected.utf8)).get()
        #expect(String(decoding: PlanCoding.encode(plan), as: UTF8.self) == expected)
        // The plan's origin is the diagnostics' position type, not a copy of it.
        let origin: TillvalSource.SourceLocation = try #require(plan.collaborations.first?.origin)
        #expect(origin.file.hasPrefix("Rules/") && origin.line >= 1 && origin.column >= 1)
    }

    /// One coding for every position: `{"column": …, "file": …, "line": …}`.
    @Test func aPositionIsCodedAsFileLineAndColumn() throws {
        let location = TillvalSource.SourceLocation(file: "Rules/emails/approve-terms.yaml", line: 12, column: 3)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(location)
        #expect(String(decoding: data, as: UTF8.self) == #"{"column":3,"file":"Rules/emails/approve-terms.yaml","line":12}"#)
        #expect(try JSONDecoder().decode(TillvalSource.SourceLocation.self, from: data) == location)
        #expect(location.description == "Rules/emails/approve-terms.yaml:12:3")
    }

    /// However the rule directory is written — a trailing `/`, a doubled
    /// `/`, `./`, `..` — the plan names its sources and takes its digest
    /// by the paths below it, as before; and the files are shown with one
    /// `/` between names.
    @Test func everySpellingOfTheRuleDirectoryGivesTheSameNamesAndDigest() throws {
        let rules = Repository.path("Rules")
        let parent = FilePath(rules).removingLastComponent().string
        let reference = try #require(Compiler().compile(directory: rules).plan)
        #expect(reference.digest == Self.shippedDigest)
        for spelling in [rules + "/", rules + "//", rules + "/./", rules + "/../Rules", parent + "/./Rules", parent + "//Rules/"] {
            let plan = try #require(Compiler().compile(directory: spelling).plan, "\(spelling)")
            #expect(plan.digest == Self.shippedDigest, "\(spelling)")
            #expect(plan.sources == reference.sources, "\(spelling)")
            #expect(Compiler.sourceDigest(directory: spelling) == Self.shippedDigest, "\(spelling)")
        }
        let shown = RuleSetReader.read(directory: rules + "//").files.map(\.path)
        #expect(shown.contains(rules + "/products/min-lon.yaml"), "\(shown)")
        #expect(RuleSetReader.read(directory: rules + "/").files.map(\.path) == shown)
    }

    /// The same through the command: `Rules/` and `Rules//` give the plan
    /// file of `Rules`, positions included.
    @Test func theCommandWritesOnePlanForEverySpelling() throws {
        let expected = try String(contentsOfFile: Self.golden, encoding: .utf8)
        for spelling in ["Rules/", "Rules//"] {
            let result = try CommandRunner.run(["compile", spelling])
            #expect(result.stdout == expected, "\(spelling)")
        }
        let dotted = try CommandRunner.run(["compile", "./Rules/../Rules"])
        #expect(dotted.stdout.contains("\"digest\" : \"\(Self.shippedDigest)\""))
        #expect(dotted.stdout.contains("\"file\" : \"./Rules/../Rules/"))
    }

    /// Files compiled from memory are named below the prefix, compared by
    /// component: `Rules/` and `Rules` strip the same, `Rulesx/` is not below `Rules`.
    @Test func relativeNamesAreTakenByComponent() {
        let files = [SourceFile(path: "Rules/a.yaml", text: "x"), SourceFile(path: "Rulesx/b.yaml", text: "y"), SourceFile(path: "c.yaml", text: "z")]
        for prefix in ["Rules", "Rules/", "Rules//"] {
            #expect(Compiler.relative(files, to: FilePath(prefix)).map(\.path) == ["a.yaml", "Rulesx/b.yaml", "c.yaml"], "\(prefix)")
        }
        #expect(Compiler.relative(files, to: ".").map(\.path) == ["Rules/a.yaml", "Rulesx/b.yaml", "c.yaml"])
        #expect(Compiler.relative(files, to: FilePath()).map(\.path) == ["Rules/a.yaml", "Rulesx/b.yaml", "c.yaml"])
    }

    /// The directory above a file keeps the form it was given in.
    @Test func theParentOfAPathKeepsItsForm() {
        let cases: [(String, String)] = [("a/b", "a"), ("a", "."), (".", ".."), ("..", "../.."), ("a/.", "a/.."), ("/x.yaml", "/"), ("./x.yaml", ".")]
        for (path, parent) in cases {
            #expect(RuleSetReader.parent(of: FilePath(path)) == FilePath(parent), "\(path)")
        }
        let rules = Repository.path("Rules")
        #expect(RuleSetReader.directory(containing: rules + "/emails/approve-terms.yaml") == rules)
        #expect(RuleSetReader.ruleFilePath(rules + "/emails/../ruleset.yaml", in: rules) == rules + "/ruleset.yaml")
        #expect(RuleSetReader.ruleFilePath(rules + "/ruleset.yaml", in: rules + "/") == rules + "/ruleset.yaml")
        #expect(RuleSetReader.ruleFilePath(rules + "/.hidden/x.yaml", in: rules) == nil)
        #expect(RuleSetReader.ruleFilePath(rules, in: rules) == nil)
    }

    /// Severity has the two levels a problem can have; the JSON report's
    /// schema lists exactly those.
    @Test func severityHasTwoLevelsAndTheSchemaAgrees() throws {
        #expect(Severity.allCases == [.error, .warning])
        struct Schema: Decodable {
            struct Definitions: Decodable { var diagnostic: Object }
            struct Object: Decodable { var properties: Properties }
            struct Properties: Decodable { var severity: Enumeration }
            struct Enumeration: Decodable { var `enum`: [String] }
            var definitions: Definitions
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.path("Schemas/request-plan.schema.json")))
        let schema = try JSONDecoder().decode(Schema.self, from: data)
        #expect(schema.definitions.diagnostic.properties.severity.enum == Severity.allCases.map(\.rawValue))
    }
}

/// The loading and reading stages say what they say through their message
/// types (`LoadMessage`, `YAMLSyntaxProblem`, `ReadMessage`): the diagnostic
/// carries the case's code and text.
@Suite struct TypedMessageTests {
    @Test func theLoaderReportsThroughItsMessageType() {
        let file = SourceFile(path: "d.yaml", text: "kind: ruleset\nname: a\nname: b\nx: &anchor 1\ny: \"\\q\"\n")
        let diagnostics = YAMLLoader().load(file).diagnostics
        let duplicate = diagnostics.first { $0.code == LoadMessage.duplicateKey("name").code }
        #expect(duplicate?.message == LoadMessage.duplicateKey("name").text)
        #expect(duplicate?.message == "duplicate key 'name'")
        #expect(diagnostics.contains { $0.message == LoadMessage.yamlSyntax(.unknownEscape("q")).text && $0.code == .yamlSyntax })
        #expect(LoadMessage.yamlSyntax(.unknownEscape("q")).text == #"invalid YAML: '\q' is not an escape in a double-quoted text"#)
        #expect(LoadMessage.yamlSyntax(.unknownEscape(nil)).text == #"invalid YAML: this '\' is not an escape in a double-quoted text"#)
    }

    /// The loading and reading stages and the whole compiler (decoder,
    /// symbol table, checkers) write no diagnostic text inline: no
    /// `Diagnostic(.code, "…")`, and no note or help made from a literal.
    /// Every compiler file is scanned but the message types themselves
    /// (`*Message.swift`), so a new file is covered too.
    @Test func theLoadingReadingAndCheckingStagesWriteNoTextInline() throws {
        let compiler = try FileManager.default.contentsOfDirectory(atPath: Repository.path("Sources/TillvalCompiler"))
            .filter { $0.hasSuffix(".swift") && !$0.hasSuffix("Message.swift") }.sorted().map { "TillvalCompiler/\($0)" }
        for checker in ["DeclarationDecoder", "SymbolTable", "SemanticChecker", "EffectChecker", "ProductGraphChecker", "ConditionChecker",
                        "TemplateChecker", "CoverageChecker", "ProcedureChecker", "UsageChecker", "MappingReader", "RuleSetReader", "Compiler"] {
            #expect(compiler.contains("TillvalCompiler/\(checker).swift"), "the scan misses \(checker).swift")
        }
        let files = ["TillvalSyntax/YAMLLoader.swift", "TillvalSyntax/YAMLLoader+Separator.swift", "TillvalSyntax/YAMLSyntaxError.swift"] + compiler
        var found: [String] = []
        for file in files {
            let text = try String(contentsOfFile: Repository.path("Sources/\(file)"), encoding: .utf8)
            for line in text.split(separator: "\n")
            where line.contains("Diagnostic(.") || line.contains("DiagnosticNote(\"") || line.contains("Suggestion(\"") || (line.contains("report(.") && line.contains(", \"")) {
                found.append("\(file): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test func syntaxProblemsNameALineByItsKeyOrNumber() {
        #expect(YAMLSyntaxProblem.indentedDifferently(.key("title"), mappingStartLine: 3).text
            == "'title' is indented differently from the other keys of the mapping that starts at line 3")
        #expect(YAMLSyntaxProblem.indentedDifferently(.number(7), mappingStartLine: nil).text
            == "line 7 is indented differently from the other keys of the mapping")
        #expect(YAMLSyntaxProblem.unclosedFlow(open: "[", close: "]", opensAtLine: 2).text
            == "the '[' that opens at line 2 is not closed with ']', or two of its entries lack a ',' between them")
        #expect(YAMLSyntaxProblem.plainValueStart(nil).text == "a plain value cannot start with this character")
        #expect(YAMLSyntaxProblem.other("").text == "the file cannot be read as YAML")
    }

    @Test func theReaderListsKeysIndentedTooLittle() {
        #expect(ReadMessage.indentedTooLittle(keys: ["a"], parent: "when").text
            == "'a' is probably meant under 'when:', which has no value, but indented like 'when'")
        #expect(ReadMessage.indentedTooLittle(keys: ["a", "b", "c"], parent: "when").text
            == "'a', 'b' and 'c' are probably meant under 'when:', which has no value, but indented like 'when'")
        #expect(ReadMessage.indentedTooLittle(keys: ["a"], parent: "when").code == .unknownKey)
        #expect(ReadMessage.notAnIdentifier(what: "'id'", value: String(repeating: "a", count: 129)).text.hasSuffix("an identifier is at most 128 characters, this one has 129"))
        // The directory the user gave is echoed as written; the files in it are named by component.
        let missing = Repository.path("Tests/no-such-directory") + "/"
        #expect(RuleSetReader.read(directory: missing).diagnostics.map(\.message) == ["rule directory '\(missing)' does not exist"])
        #expect(Compiler().compile(file: "no-such-file.yaml/").compilation.diagnostics.map(\.message) == ["rule file 'no-such-file.yaml/' does not exist"])
    }
}

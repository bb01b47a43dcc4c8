import Foundation
import Testing
import TillvalReports
import TillvalSyntax
import TillvalTestSupport

/// Issue 9 §1: `tillval check --format json|sarif|github [--strict]`, run as
/// CI runs it. Every compile fixture has a golden of each format beside its
/// `expected.rendered` (`expected.json`, `expected.sarif`, `expected.github`),
/// recorded from the built binary run at the root of the composed fixture
/// tree, so paths read `Tests/Fixtures/compile/NAME/rules/…` on any machine.
@Suite struct CheckFormatTests {
    static let fixtures = CompileFixtures.names
    static let formats = ["json", "sarif", "github"]

    /// The options a fixture's `limits` file sets (`max-file-size 200` → `--max-file-size 200`).
    static func limitOptions(_ name: String) -> [String] {
        let text = (try? Repository.text("\(CompileFixtures.directory)/\(name)/limits")) ?? ""
        return text.split(separator: "\n").flatMap { line -> [String] in
            let parts = line.split(separator: " ").map(String.init)
            return parts.count == 2 ? ["--\(parts[0])", parts[1]] : []
        }
    }

    /// `tillval check Tests/Fixtures/compile/NAME/rules --format FORMAT`, run
    /// at the root of the composed fixtures.
    static func check(_ name: String, _ format: String, _ extra: [String] = []) throws -> CommandRunner.Result {
        try CommandRunner.run(["check", "\(CompileFixtures.directory)/\(name)/rules", "--format", format] + limitOptions(name) + extra,
                              in: CompileFixtures.root.path)
    }

    /// The SARIF of a fixture without its `driver` (name, version, every rule
    /// with its whole help): the same for every run, so pinned once, by
    /// `sarifOfTheShippedRulesIsPinnedWhole`, not in every fixture's golden.
    static func withoutDriver(_ sarif: String) -> String {
        var lines: [Substring] = []
        var skipping: String?
        for line in sarif.split(separator: "\n", omittingEmptySubsequences: false) {
            if let end = skipping {
                if line == end { skipping = nil }
                continue
            }
            if line.hasSuffix("\"driver\" : {") {
                let indent = String(line.prefix { $0 == " " })
                skipping = indent + "}"
                lines.append(line.dropLast() + "\"…\"")
                continue
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    @Test(arguments: fixtures, formats)
    func fixturePrintsItsGoldenReport(_ name: String, _ format: String) throws {
        let result = try Self.check(name, format)
        let errors = try Repository.text("\(CompileFixtures.directory)/\(name)/expected.diagnostics").contains("error[")
        let unreadable = name.hasPrefix("e0001")
        #expect(result.status == (unreadable ? 66 : errors ? 1 : 0), "\(name) --format \(format): exit \(result.status)\n\(result.stderr)")
        #expect(result.stderr.isEmpty, "a machine format prints nothing but its report: \(result.stderr)")
        let actual = format == "sarif" ? Self.withoutDriver(result.stdout) : result.stdout
        #expect(!actual.contains(CompileFixtures.root.path), "a machine-dependent path leaks into the report:\n\(actual)")
        let mismatch = Repository.compareGolden(actual, "\(CompileFixtures.directory)/\(name)/expected.\(format)")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    /// The whole SARIF of the shipped rules (no results), its driver
    /// included: every code as a rule, with its catalogue entry.
    @Test func sarifOfTheShippedRulesIsPinnedWhole() throws {
        let result = try CommandRunner.run(["check", "Rules", "--format", "sarif"])
        #expect(result.status == 0, "\(result.stderr)")
        let mismatch = Repository.compareGolden(result.stdout, "Tests/Fixtures/check/rules.sarif")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    struct SARIF: Decodable {
        struct Run: Decodable { var tool: Tool; var results: [Result] }
        struct Tool: Decodable { var driver: Driver }
        struct Driver: Decodable { var name: String; var version: String; var rules: [Rule] }
        struct Rule: Decodable {
            var id: String
            var shortDescription: Text
            var help: Help
            var helpUri: String
            var defaultConfiguration: Configuration
        }
        struct Text: Decodable { var text: String }
        struct Help: Decodable { var text: String; var markdown: String }
        struct Configuration: Decodable { var level: String }
        struct Result: Decodable { var ruleId: String; var ruleIndex: Int; var level: String; var relatedLocations: [Related]? }
        struct Related: Decodable { var message: Text }
        var version: String
        var runs: [Run]
    }

    /// The driver is tillval at the binary's own version, with a rule for
    /// every code: its title, its whole catalogue entry, its level, and a
    /// `helpUri` whose anchor docs/diagnostics.md really has (GitHub's
    /// anchor of the entry's heading, computed here on its own).
    @Test func sarifRulesAreTheCatalogueWithAnchorsTheDocsHave() throws {
        let version = try CommandRunner.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try CommandRunner.run(["check", "Rules", "--format", "sarif"])
        let log = try JSONDecoder().decode(SARIF.self, from: Data(result.stdout.utf8))
        #expect(log.version == "2.1.0")
        let driver = try #require(log.runs.first?.tool.driver)
        #expect(driver.name == "tillval" && driver.version == version && !version.isEmpty)
        #expect(driver.rules.map(\.id) == DiagnosticCode.allCases.map(\.rawValue))

        var anchors: Set<String> = []
        for line in try Repository.text("docs/diagnostics.md").split(separator: "\n") where line.hasPrefix("#") {
            let heading = line.drop { $0 == "#" }.drop { $0 == " " }.lowercased()
            let kept = heading.unicodeScalars.filter { $0 == " " || $0 == "-" || $0 == "_" || CharacterSet.alphanumerics.contains($0) }
            anchors.insert(String(String.UnicodeScalarView(kept)).replacingOccurrences(of: " ", with: "-"))
        }
        for rule in driver.rules {
            let code = try #require(DiagnosticCode(rawValue: rule.id))
            #expect(rule.shortDescription.text == code.explanation.title)
            #expect(rule.help.text == DiagnosticCatalogue.text(for: code))
            #expect(rule.help.markdown.contains(code.explanation.fix))
            #expect(rule.defaultConfiguration.level == code.severity.rawValue)
            let parts = rule.helpUri.split(separator: "#", maxSplits: 1).map(String.init)
            #expect(parts.first == "docs/diagnostics.md", "\(rule.helpUri)")
            #expect(parts.count == 2 && anchors.contains(parts[1]), "\(rule.helpUri): docs/diagnostics.md has no such anchor")
        }
        #expect(DiagnosticCatalogue.anchor(for: .reservedFact) == "e0203-customerid-is-reserved")
    }

    /// A diagnostic's notes are its SARIF `relatedLocations`, and `ruleIndex` points at its rule.
    @Test func sarifNotesAreRelatedLocations() throws {
        let name = "e0004-yaml-syntax"
        let result = try Self.check(name, "sarif")
        let log = try JSONDecoder().decode(SARIF.self, from: Data(result.stdout.utf8))
        let run = try #require(log.runs.first)
        #expect(run.results.contains { !($0.relatedLocations ?? []).isEmpty }, "\(name): no result with related locations")
        for item in run.results {
            #expect(run.tool.driver.rules[item.ruleIndex].id == item.ruleId)
        }
    }

    /// Every fixture's JSON report passes Schemas/check.schema.json and its
    /// SARIF the official SARIF 2.1.0 schema: one validator start per schema.
    @Test func everyFixturesReportsPassTheirSchemas() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var reports: [String] = [], sarifs: [String] = []
        for name in Self.fixtures {
            for (format, list) in [("json", "reports"), ("sarif", "sarifs")] {
                let result = try Self.check(name, format)
                let file = scratch.appendingPathComponent("\(name).\(format)").path
                try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: file))
                if list == "reports" { reports.append(file) } else { sarifs.append(file) }
            }
        }
        // Beyond the fixtures: --strict, diagnostics left out by a cap, and
        // files outside the current directory (absolute paths, file:// URIs).
        let capped = ["check", "\(CompileFixtures.directory)/e0006-anchor-alias/rules", "--max-diagnostics", "1"]
        let outside = ["check", CompileFixtures.rules("e0301-unknown-product")]
        for (file, arguments) in [("strict.json", ["check", "\(CompileFixtures.directory)/w0102-unused-fact/rules", "--format", "json", "--strict"]),
                                  ("capped.json", capped + ["--format", "json"]), ("capped.sarif", capped + ["--format", "sarif"]),
                                  ("outside.json", outside + ["--format", "json"]), ("outside.sarif", outside + ["--format", "sarif"])] {
            let result = try CommandRunner.run(arguments, in: CompileFixtures.root.path)
            let path = scratch.appendingPathComponent(file).path
            try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: path))
            if file.hasSuffix(".json") { reports.append(path) } else { sarifs.append(path) }
        }
        let arguments = ["--check-report"] + reports + ["--sarif"] + sarifs
        let result = try SchemaTests.checkSchemas(arguments)
        #expect(result.status == 0, "\(SchemaTests.describe(["--check-report", "…", "--sarif", "…"], result))")
        #expect(result.output.hasSuffix("schema: \(reports.count + sarifs.count) accepted, 0 rejected as expected\n"), "\(result.output)")
    }

    /// The workflow command format's escaping, for each character it names:
    /// in the message `%`, CR and LF; in a property also `:` and `,`.
    @Test func githubCommandsEscapeWhatTheFormatRequires() {
        #expect(GitHubCommands.escapeData("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d")
        #expect(GitHubCommands.escapeProperty("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d")
        #expect(GitHubCommands.escapeData("%0A") == "%250A", "an escape in the input is not taken for one")
        #expect(GitHubCommands.escapeData("a\u{1B}[31mb") == "a\\u{1B}[31mb", "other control characters are shown, not sent")

        let file = "odd,dir:50%/a\nb.yaml"
        let range = SourceRange(start: SourceLocation(file: file, line: 3, column: 5), end: SourceLocation(file: file, line: 3, column: 9))
        let diagnostic = Diagnostic(.unknownProduct, "unknown product 'a:b,c%d'\r\nsecond line", at: range,
                                    notes: [DiagnosticNote("declared here, 100%", at: range)], suggestion: Suggestion("did you mean 'x'?"))
        let warning = Diagnostic(.unusedFact, "fact 'office.x' is never used", at: nil)
        let report = CheckReport(diagnostics: [diagnostic, warning])
        #expect(report.githubCommands() == """
            ::error file=odd%2Cdir%3A50%25/a%0Ab.yaml,line=3,col=5,endLine=3,endColumn=8,title=E0301::unknown product 'a:b,c%25d'%0D%0Asecond line%0Anote: declared here, 100%25 (odd,dir:50%25/a%0Ab.yaml:3:5)%0Ahelp: did you mean 'x'?
            ::warning title=W0102::fact 'office.x' is never used

            """)
    }

    /// A real run: a rule directory whose name holds `,`, `:` and `%`.
    @Test func githubFormatOfARealRunEscapesPaths() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("r,1:50%")
        try CompileFixtures.copyRules("e0301-unknown-product", to: rules)
        let result = try CommandRunner.run(["check", "r,1:50%", "--format", "github"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("::error file=r%2C1%3A50%25/collaboration.yaml,line=4,col=12,"), "\(result.stdout)")
    }

    /// Paths are relative to the current directory when the files lie under
    /// it, whether the directory was given relative, with `./`, or absolute;
    /// a path outside it stays as given.
    @Test func pathsAreRelativeToTheCurrentDirectory() throws {
        #expect(ReportPath.relative("./Rules/a.yaml", to: "/w/x") == "Rules/a.yaml")
        #expect(ReportPath.relative("/w/x/Rules/a.yaml", to: "/w/x") == "Rules/a.yaml")
        #expect(ReportPath.relative("/w/x/Rules/../Rules/a.yaml", to: "/w/x/") == "Rules/a.yaml")
        #expect(ReportPath.relative("../y/a.yaml", to: "/w/x") == "../y/a.yaml")
        #expect(ReportPath.relative("/w/xy/a.yaml", to: "/w/x") == "/w/xy/a.yaml")
        #expect(ReportPath.relative("/etc/a.yaml", to: "/w/x") == "/etc/a.yaml")

        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try CompileFixtures.copyRules("e0301-unknown-product", to: directory.appendingPathComponent("rules"))
        let cwd = try CommandRunner.run(["-c", "pwd -P"], executable: "/bin/sh", in: directory.path).stdout
            .trimmingCharacters(in: .newlines)
        var outputs: [String] = []
        for path in ["rules", "./rules", cwd + "/rules", cwd + "/rules/collaboration.yaml"] {
            let result = try CommandRunner.run(["check", path, "--format", "github"], in: directory.path)
            #expect(result.status == 1, "\(path): \(result.stderr)")
            outputs.append(result.stdout)
        }
        #expect(outputs.allSatisfy { $0 == outputs[0] }, "\(outputs)")
        #expect(outputs[0].hasPrefix("::error file=rules/collaboration.yaml,line=4,"), "\(outputs[0])")

        let outside = try CommandRunner.run(["check", directory.appendingPathComponent("rules").path, "--format", "github"],
                                            in: Repository.root.path)
        #expect(outside.stdout.contains("file=/"), "a file outside the current directory keeps its absolute path: \(outside.stdout)")
    }

    /// `--strict`: warnings fail the run (exit 1), in every format; without
    /// it they do not. The JSON says so in `valid` and `strict`.
    @Test(arguments: ["text", "json", "sarif", "github"])
    func strictMakesWarningsFail(_ format: String) throws {
        let name = "w0102-unused-fact"
        let lenient = try Self.check(name, format)
        #expect(lenient.status == 0, "\(lenient.stdout)\(lenient.stderr)")
        let strict = try Self.check(name, format, ["--strict"])
        #expect(strict.status == 1, "\(strict.stdout)\(strict.stderr)")
        switch format {
        case "text":
            #expect(strict.stderr.hasSuffix("0 errors, 1 warning; warnings fail the run (--strict)\n"), "\(strict.stderr)")
            #expect(!strict.stdout.contains("ok"), "\(strict.stdout)")
        case "json":
            #expect(lenient.stdout.contains("\"strict\" : false,\n  \"valid\" : true,"), "\(lenient.stdout)")
            #expect(strict.stdout.contains("\"strict\" : true,\n  \"valid\" : false,"), "\(strict.stdout)")
        default:
            #expect(strict.stdout == lenient.stdout, "--strict changes the exit code, not the \(format) report")
        }
        #expect(try CommandRunner.run(["check", "Rules", "--strict"]).status == 0, "the shipped rules have no warning")
    }

    /// `check FILE` works with every format, and reports that file's diagnostics.
    @Test(arguments: ["json", "sarif", "github"])
    func checkOneFileWithEveryFormat(_ format: String) throws {
        let file = "\(CompileFixtures.directory)/e0301-unknown-product/rules/collaboration.yaml"
        let result = try CommandRunner.run(["check", file, "--format", format], in: CompileFixtures.root.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let whole = try Self.check("e0301-unknown-product", format)
        #expect(result.stdout == whole.stdout, "the set's one problem is in that file: the same report")
    }

    /// `--fix --format json` fixes, says so on standard error, and prints the
    /// report of what is left: standard output is the report alone.
    @Test func fixThenReportInAMachineFormat() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try CompileFixtures.copyRules("e0301-unknown-product", to: directory.appendingPathComponent("rules"))
        let result = try CommandRunner.run(["check", "rules", "--fix", "--format", "json"], in: directory.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr == "fixed 1 problem in 1 file\n")
        struct Report: Decodable { var format: Int; var valid: Bool; var errors: Int; var diagnostics: [Entry] }
        struct Entry: Decodable { var code: String }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.format == 1 && report.valid && report.errors == 0 && report.diagnostics.isEmpty)
    }

    /// The caps' "and N more" are counted in the JSON and noted in SARIF and GitHub output.
    @Test func omittedDiagnosticsAreCounted() throws {
        let name = "e0006-anchor-alias"  // two errors
        let directory = "\(CompileFixtures.directory)/\(name)/rules"
        let json = try CommandRunner.run(["check", directory, "--format", "json", "--max-diagnostics", "1"], in: CompileFixtures.root.path)
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"errors\" : 1,\n    \"notes\" : [\n      \"and 1 more diagnostic in this run (at most 1 are shown; see --max-diagnostics)\"\n    ],"),
                "\(json.stdout)")
        let github = try CommandRunner.run(["check", directory, "--format", "github", "--max-diagnostics", "1"], in: CompileFixtures.root.path)
        #expect(github.stdout.hasPrefix("::error "))
        #expect(github.stdout.split(separator: "\n").count == 2)
        #expect(github.stdout.hasSuffix("\n::notice::and 1 more diagnostic in this run (at most 1 are shown; see --max-diagnostics)\n"), "\(github.stdout)")
    }
}

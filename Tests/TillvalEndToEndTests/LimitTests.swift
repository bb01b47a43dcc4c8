import Foundation
import Testing
@testable import TillvalCompiler
import TillvalSyntax
import TillvalTestSupport

/// Hostile sizes (issue 7): every check grows linearly, output is capped and
/// cut, and the limits on what is read are reported, not suffered. None of
/// these is timed: each asserts a structure that the slow or unbounded
/// version does not have.
@Suite struct LimitTests {
    /// A copy of a small valid rule set plus `extra` as `hostile.yaml`.
    static func ruleSet(_ extra: String) throws -> URL {
        let directory = try CommandRunner.temporaryDirectory()
        let rules = directory.appendingPathComponent("rules")
        try FileManager.default.copyItem(atPath: Repository.path("Tests/Fixtures/baselines/minimal"), toPath: rules.path)
        try Data(extra.utf8).write(to: rules.appendingPathComponent("hostile.yaml"))
        return directory
    }

    @Test func twentyThousandUnknownIncludesPrintACappedListOfShortLines() throws {
        let ids = (0..<20_000).map { "unknown-\($0)" }.joined(separator: ", ")
        let directory = try Self.ruleSet("kind: product\nid: p\nname: P\nincludes: [\(ids)]\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CommandRunner.run(["check", "rules"], in: directory.path)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        // 50 of the 20 000 errors are shown; the rest, and the warning that 'p' is unused, are counted.
        #expect(lines.filter { $0.contains("error[E0301]") }.count == 50)
        #expect(result.stderr.contains("note: and 19951 more diagnostics in rules/hostile.yaml (at most 50 are shown per file; see --max-diagnostics-per-file)\n"))
        #expect(result.stderr.hasSuffix("20000 errors, 1 warning\n"))
        // Each quoted line is cut to a window of 120 columns (plus the gutter and the two '…').
        let longest = lines.map { $0.unicodeScalars.count }.max() ?? 0
        #expect(longest <= 130 || lines.first { $0.unicodeScalars.count > 130 }?.hasPrefix("note:") == true)
        #expect(lines.filter { $0.hasPrefix("4 |") }.allSatisfy { $0.unicodeScalars.count <= 128 })
    }

    @Test func theRunCapCountsWhatIsLeftOut() throws {
        let ids = (0..<30).map { "unknown-\($0)" }.joined(separator: ", ")
        let directory = try Self.ruleSet("kind: product\nid: p\nname: P\nincludes: [\(ids)]\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CommandRunner.run(["check", "rules", "--max-diagnostics", "10"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr.components(separatedBy: "error[E0301]").count - 1 == 10)
        #expect(result.stderr.contains("note: and 21 more diagnostics in this run (at most 10 are shown; see --max-diagnostics)\n"))
        #expect(result.stderr.hasSuffix("30 errors, 1 warning\n"))
    }

    @Test func errorsAreKeptBeforeWarningsWhenCapping() {
        let at = { (line: Int) in SourceRange(at: SourceLocation(file: "a.yaml", line: line, column: 1)) }
        let warnings = (1...5).map { Diagnostic(.unusedDeclaration, "w", at: at($0)) }
        let (kept, omitted) = OmittedDiagnostics.cap(warnings + [Diagnostic(.unknownProduct, "e", at: at(9))], perFile: 2, perRun: 10)
        #expect(kept.map(\.code) == [.unusedDeclaration, .unknownProduct])
        #expect(omitted.byFile["a.yaml"] == 4 && omitted.errors == 0 && omitted.warnings == 4)
    }

    @Test func sizeLimitsAreOptionsOfCheck() throws {
        let directory = try Self.ruleSet("kind: product\nid: p\nname: \(String(repeating: "x", count: 2000))\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try CommandRunner.run(["check", "rules", "--max-file-size", "1500"], in: directory.path)
        #expect(file.status == 1)
        #expect(file.stderr.contains("rules/hostile.yaml:1:1: error[E0012]: 'rules/hostile.yaml' is 2027 bytes; rule files are limited to 1500 bytes, so it is not read"))
        let scalar = try CommandRunner.run(["check", "rules", "--max-scalar-size", "100"], in: directory.path)
        #expect(scalar.stderr.contains("rules/hostile.yaml:3:7: error[E0014]: this value is 2000 bytes long; values are limited to 100 bytes"))
        let files = try CommandRunner.run(["check", "rules", "--max-files", "3"], in: directory.path)
        #expect(files.stderr.contains("error[E0013]: the rule set in 'rules' has more than 3 rule files; none is read"))
        // The largest count there is must not overflow "one more than the limit".
        let most = try CommandRunner.run(["check", "rules", "--max-files", "\(Int.max)", "--max-file-size", "4KiB"], in: directory.path)
        #expect(most.status == 0, "\(most.stderr)")
        let fine = try CommandRunner.run(["check", "rules", "--max-file-size", "4KiB", "--max-rule-set-size", "1MiB"], in: directory.path)
        #expect(fine.status == 0, "\(fine.stderr)")
        let bad = try CommandRunner.run(["check", "rules", "--max-file-size", "ten"], in: directory.path)
        #expect(bad.status == 64, "a size that is not one is misuse")
        #expect(bad.stderr.contains("The value 'ten' is invalid for '--max-file-size <bytes>'"), "\(bad.stderr)")
    }

    /// 2000 scenarios with the same `when` overlap in every pair: 2 001 000
    /// pairs with the minimal set's own `registered`. The proof lists the
    /// first 500 (the run's cap; 50 shown for the file) and counts the rest
    /// without making them, where it made 2 001 000 diagnostics before.
    @Test func thousandsOfIdenticalScenariosListBoundedOverlapsAndCountTheRest() throws {
        let scenarios = (0..<2000).map {
            "kind: scenario\nid: same-\($0)\ntitle: Same \($0)\ncollaboration: digitala-tillval\nwhen: {customer.relation: registered}\neffects: [activate-collaboration]\n"
        }
        let directory = try Self.ruleSet(scenarios.joined(separator: "---\n"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CommandRunner.run(["check", "rules"], in: directory.path)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.filter { $0.contains("error[E0602]") }.count == 50, "\(result.stderr.prefix(2000))")
        #expect(lines.first { $0.contains("error[E0602]") }?.contains("'same-0' and 'same-1'") == true, "\(result.stderr.prefix(2000))")
        #expect(result.stderr.contains("note: and 450 more diagnostics in rules/hostile.yaml (at most 50 are shown per file; see --max-diagnostics-per-file)\n"))
        #expect(result.stderr.contains("note: and 2000500 more diagnostics in this run (at most 500 are shown; see --max-diagnostics)\n"))
        #expect(result.stderr.hasSuffix("2001000 errors, 0 warnings\n"), "\(result.stderr.suffix(500))")
    }

    /// A text is mapped to its source positions once, not once per placeholder:
    /// 55 000 placeholders in a body of almost 1 MiB took ~10^10 steps before
    /// (minutes), and take one pass now. Not timed; a quadratic mapping would not
    /// finish within the suite's patience.
    @Test func aBodyFullOfPlaceholdersIsMappedOnce() throws {
        let body = String(repeating: "{{customer.name}} ", count: 55_000)
        let directory = try Self.ruleSet("")
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        try FileManager.default.removeItem(at: rules.appendingPathComponent("hostile.yaml"))
        let emails = try String(contentsOf: rules.appendingPathComponent("emails.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "body: Hello {{customer.name}}, log in to Mina tjänster on vismaspcs.se to approve the collaboration.",
                                  with: "body: |\n  \(body)")
        #expect(emails.contains(body))
        try Data(emails.utf8).write(to: rules.appendingPathComponent("emails.yaml"))
        let result = try CommandRunner.run(["check", "rules"], in: directory.path)
        #expect(result.status == 0, "\(result.stderr.prefix(2000))")
    }

    /// Words of a scalar written where a list was expected are located with one
    /// mapping of the scalar; the message echoes an excerpt of the list, the
    /// fix-it's edit the whole list.
    @Test func aLongScalarWhereAListWasExpectedIsMappedOnceAndExcerpted() throws {
        let words = (0..<60_000).map { "p\($0)" }
        let directory = try Self.ruleSet("")
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        try FileManager.default.removeItem(at: rules.appendingPathComponent("hostile.yaml"))
        let collaboration = try String(contentsOf: rules.appendingPathComponent("collaboration.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "products: [lon-anstalld, min-lon]", with: "products: \(words.joined(separator: ", "))")
        try Data(collaboration.utf8).write(to: rules.appendingPathComponent("collaboration.yaml"))
        let result = try CommandRunner.run(["check", "rules"], in: directory.path)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        // The message shows the first characters only; the edit carries all ids.
        let error = try #require(lines.first { $0.contains("error[E0105]: 'products' must be a list, found 'p0, p1, ") })
        #expect(error.count < 200, "\(error.prefix(300))")
        let help = try #require(lines.first { $0.contains("= help: write it as a list: ") })
        #expect(help.hasSuffix("= help: write it as a list: [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14…"), "\(help)")
        let fix = try #require(lines.first { $0.contains("= fix: replace ") })
        // The fix line shows a bounded excerpt of the replacement; the edit itself keeps the whole list.
        #expect(fix.hasSuffix("…'") && fix.count < 300, "\(fix)")
    }

    @Test func theSpellerAnswersOnceAndStopsAtItsBudget() {
        let speller = Speller(budget: 2)
        #expect(speller.closest(to: "min-lun", among: ["min-lon", "lon-anstalld"], group: "product") == "min-lon")
        #expect(speller.closest(to: "lon-anstald", among: ["min-lon", "lon-anstalld"], group: "product") == nil)
        // Asked before the budget ran out: the same answer, free.
        #expect(speller.closest(to: "min-lun", among: [String](), group: "product") == "min-lon")
    }

    @Test func spellingPrefersTheSmallestDistanceThenTheFirstName() {
        #expect(Spelling.closest(to: "abcd", among: ["abce", "abcf", "abxy"]) == "abce")
        #expect(Spelling.closest(to: "abcd", among: ["abcf", "abce"]) == "abce")
        #expect(Spelling.closest(to: "activate-servce", among: ["activate-service", "activate-collaboration"]) == "activate-service")
        #expect(Spelling.closest(to: "x", among: ["completely-different"]) == nil)
        #expect(Spelling.editDistance("kitten", "sitting") == 3)
        #expect(Spelling.editDistance("ab", "ba") == 1)
    }

    /// A collaboration offering 2 000 products, a `when` naming them all and
    /// 2 000 collaborations of their own compile to a plan with every one of
    /// them (the lists were once searched per item: 2 000 took 20 s).
    @Test func aCollaborationOfferingThousandsOfProductsCompiles() throws {
        let ids = (0..<2_000).map { "p\($0)" }
        var text = "kind: ruleset\nname: R\nformat: 1\n---\nkind: facts\ncustomer:\n  name: text\n"
        for id in ids {
            text += "---\nkind: product\nid: \(id)\nname: P\n---\nkind: collaboration\nid: c-\(id)\ntitle: C\nproducts: [\(id)]\n"
            text += "---\nkind: scenario\nid: s-\(id)\ntitle: S\ncollaboration: c-\(id)\nwhen: {}\neffects: [activate-collaboration]\nsteps: ['{{customer.name}}']\n"
        }
        let list = ids.joined(separator: ", ")
        text += "---\nkind: collaboration\nid: many\ntitle: M\nproducts: [\(list)]\n"
        text += "---\nkind: scenario\nid: many\ntitle: M\ncollaboration: many\nwhen:\n  product: [\(list)]\neffects: [activate-collaboration]\n"
        let compilation = Compiler().compile(files: [SourceFile(path: "r.yaml", text: text)])
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics.prefix(3))")
        let plan = try #require(compilation.plan)
        #expect(plan.collaborations.count == 2_001)
        #expect(plan.collaborations.last?.offers.count == 2_000)
    }

    @Test func missingFactsPointAtTheRulesetDocument() throws {
        let rules = CompileFixtures.rules("e0111-missing-facts")
        let diagnostic = try #require(Compiler().compile(directory: rules).diagnostics.first { $0.code == .missingFacts })
        #expect(diagnostic.range?.start == SourceLocation(file: rules + "/ruleset.yaml", line: 1, column: 1))
        let bare = CompileFixtures.rules("e0111-no-ruleset-document")
        let named = try #require(Compiler().compile(directory: bare).diagnostics.first { $0.code == .missingFacts })
        #expect(named.message == "the rule set in '\(bare)' has no 'facts' declaration, so nothing can be type-checked")
    }
}

/// The loader's share: appending is linear, and the flow-nesting guard is not
/// fooled by an apostrophe.
@Suite struct LoaderLimitTests {
    func load(_ text: String, scalarLimit: Int? = nil) -> (documents: [YAMLDocument], diagnostics: [Diagnostic]) {
        YAMLLoader(maximumScalarLength: scalarLimit).load(SourceFile(path: "t.yaml", text: text))
    }

    @Test func anApostropheInAPlainScalarDoesNotHideDeepNesting() {
        let (documents, diagnostics) = load("doc: the customer's rules\nx: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n")
        #expect(diagnostics.map(\.code) == [.nestingTooDeep])
        #expect(diagnostics.first?.range?.start == SourceLocation(file: "t.yaml", line: 2, column: 68))
        // Refused before libyaml: nothing was parsed.
        #expect(documents.isEmpty)
    }

    @Test func aQuoteInBlockTextDoesNotHideDeepNesting() {
        let (_, diagnostics) = load("doc: |\n  'tis the season\nx: " + String(repeating: "[", count: 70) + "\n")
        #expect(diagnostics.map(\.code) == [.nestingTooDeep])
    }

    /// A line that goes on with a plain text of the line before is text too,
    /// however it starts: its quote does not open a quoted scalar.
    @Test func aQuoteThatContinuesAPlainTextDoesNotHideDeepNesting() {
        for text in ["doc: the rules of\n  'the customer\nx: ", "- item\n  - 'x\nx: ", "doc: a\n  b\n   'c\nx: "] {
            let (documents, diagnostics) = load(text + String(repeating: "[", count: 70) + "\n")
            #expect(diagnostics.map(\.code) == [.nestingTooDeep], "\(text)")
            #expect(documents.isEmpty)
        }
    }

    /// Brackets inside a plain text are text to YAML. The guard that counts
    /// brackets before libyaml runs only when libyaml's own events nest past
    /// the limit (or the file has a syntax error), so they no longer refuse a
    /// file whose nesting is shallow.
    @Test func bracketsInsideAPlainTextAreText() throws {
        let brackets = String(repeating: "[", count: 70)
        let (documents, diagnostics) = load("doc: a\(brackets)\n")
        #expect(diagnostics.isEmpty)
        #expect(try #require(documents.first?.root?.pairs?.first?.value.scalar?.text) == "a" + brackets)
    }

    /// A million `[`: libyaml's events stop the parse at the 65th, and the
    /// careful path refuses the file as before, with nothing parsed.
    @Test func aMillionOpenBracketsAreRefusedWhereTheLimitIsPassed() {
        let (documents, diagnostics) = load("x: " + String(repeating: "[", count: 1_000_000) + "\n")
        #expect(diagnostics.map(\.code) == [.nestingTooDeep])
        #expect(diagnostics.first?.range?.start == SourceLocation(file: "t.yaml", line: 1, column: 68))
        #expect(documents.isEmpty)
    }

    @Test func quotesWhereValuesStartStillOpenQuotedScalars() throws {
        let deep = String(repeating: "[", count: 70)
        for text in ["a:\n  '\(deep)'\n", "- '\(deep)'\n- \"\(deep)\"\n", "a: [x,\n  '\(deep)']\n", "a: {k: '\(deep)'}\n",
                     "a: x # it's\nb: '\(deep)'\n", "a: |\n  it's\nb: '\(deep)'\n", "- a: |\n    it's\n  b: '\(deep)'\n"] {
            let (documents, diagnostics) = load(text)
            #expect(diagnostics.isEmpty, "\(text)")
            #expect(documents.count == 1, "\(text)")
        }
    }

    @Test func bracketsInQuotedScalarsAndCommentsAreText() throws {
        let deep = String(repeating: "[", count: 70)
        let (documents, diagnostics) = load("a: '\(deep) it''s'\nb: \"\(deep) \\\" \"\nc: x # \(deep)\nd: [ '\(deep)' ]\n")
        #expect(diagnostics.isEmpty)
        let pairs = try #require(documents.first?.root?.pairs)
        #expect(pairs.map(\.key) == ["a", "b", "c", "d"])
        #expect(pairs[0].value.scalar?.text == "\(deep) it's")
    }

    @Test func longListsAndMappingsLoadWhole() throws {
        let items = String(repeating: "  - x\n", count: 50_000)
        let keys = (0..<20_000).map { "k\($0): v\n" }.joined()
        let (documents, diagnostics) = load("list:\n" + items + "---\n" + keys)
        #expect(diagnostics.isEmpty)
        #expect(documents.first?.root?.pairs?.first?.value.items?.count == 50_000)
        #expect(documents.last?.root?.pairs?.count == 20_000)
    }

    @Test func aValueOverTheLimitIsReportedAndCut() throws {
        let (documents, diagnostics) = load("name: " + String(repeating: "ö", count: 60) + "\n", scalarLimit: 11)
        #expect(diagnostics.map(\.code) == [.scalarTooLong])
        // Cut at a character's start: 11 bytes hold five 'ö'.
        #expect(documents.first?.root?.pairs?.first?.value.scalar?.text == String(repeating: "ö", count: 5))
    }
}

/// Snippets of long lines are cut to a window, with the caret still under the problem.
@Suite struct SnippetWindowTests {
    @Test func aLongLineIsCutAroundTheCaret() throws {
        let line = (0..<200).map { String(format: "w%03d", $0) }.joined(separator: " ")
        let file = SourceFile(path: "t.yaml", text: "x: " + line + "\n")
        // 'w150' starts at column 4 + 150 * 5.
        let start = SourceLocation(file: "t.yaml", line: 1, column: 4 + 150 * 5)
        let range = SourceRange(start: start, end: SourceLocation(file: "t.yaml", line: 1, column: start.column + 4))
        let text = TextDiagnosticRenderer(sources: SourceMap([file]), colored: false).render(Diagnostic(.unknownProduct, "unknown product 'w150'", at: range))
        let lines = text.split(separator: "\n").map(String.init)
        let quoted = try #require(lines.first { $0.hasPrefix("1 |") })
        let carets = try #require(lines.first { $0.contains("^") })
        #expect(quoted.unicodeScalars.count == "1 | ".count + 120 + 2)
        #expect(quoted.hasPrefix("1 | …") && quoted.hasSuffix("…"))
        let column = try #require(carets.firstIndex(of: "^")).utf16Offset(in: carets)
        let under = Array(quoted.unicodeScalars)[column..<(column + 4)]
        #expect(String(String.UnicodeScalarView(under)) == "w150")
        #expect(carets.filter { $0 == "^" }.count == 4)
    }
}

import Foundation
import Testing
import TillvalCompiler
import TillvalPlan
import TillvalTestSupport

/// `tillval check`, `compile` and `explain` as a shell or CI runs them.
@Suite struct CheckCommandTests {
    @Test func shippedRulesPass() throws {
        let result = try CommandRunner.run(["check", "Rules"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Rules: ok"))
        #expect(result.stderr.isEmpty)
    }

    /// `check` does not lower the rule set to a plan, yet counts what the
    /// plan holds: its sources (files that hold only tests are not among
    /// them), products, collaborations and scenarios.
    @Test func theSummaryCountsWhatThePlanHolds() throws {
        let plan = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        let scenarios = plan.collaborations.reduce(0) { $0 + $1.scenarios.count }
        let result = try CommandRunner.run(["check", "Rules"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Rules: ok (\(plan.sources.count) files, \(plan.products.count) products, \(plan.collaborations.count) collaboration\(plan.collaborations.count == 1 ? "" : "s"), \(scenarios) scenarios; 0 errors, 0 warnings)\n")
        #expect(plan.sources.count < (try FileManager.default.subpathsOfDirectory(atPath: Repository.path("Rules")).filter { $0.hasSuffix(".yaml") }.count),
                "the shipped rules have files of tests only, which are not sources")
        let checked = Compiler(lowers: false).compile(directory: Repository.path("Rules"))
        #expect(checked.plan == nil)
        #expect(checked.summary == CompilationSummary(files: plan.sources.count, products: plan.products.count,
                                                     collaborations: plan.collaborations.count, scenarios: scenarios))
    }

    @Test func defaultDirectoryIsRules() throws {
        let result = try CommandRunner.run(["check"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Rules: ok"))
    }

    @Test func errorsExitOneWithRenderedSnippetsAndNoColourOnAPipe() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(atPath: Repository.path("Rules"), toPath: directory.appendingPathComponent("Rules").path)
        let scenario = directory.appendingPathComponent("Rules/scenarios/registered.yaml")
        let text = try String(contentsOf: scenario, encoding: .utf8)
        try text.replacingOccurrences(of: "customer.relation: registered", with: "customer.relation: registred")
            .write(to: scenario, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["check", "Rules"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Rules/scenarios/registered.yaml:"))
        #expect(result.stderr.contains("error[E0501]: 'registred' is not a value of 'customer.relation'"))
        #expect(result.stderr.contains("^^^^^^^^^"))
        #expect(result.stderr.contains("help: did you mean 'registered'?"))
        #expect(!result.stderr.contains("\u{1B}["), "no colour when not on a terminal")
        #expect(result.stderr.contains("1 error, 0 warnings"))
    }

    @Test func missingDirectoryIsUnreadableInput() throws {
        let result = try CommandRunner.run(["check", "/nonexistent/rules"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("error[E0001]"))
    }

    @Test func emptyDirectoryIsAnError() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CommandRunner.run(["check", directory.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[E0002]"))
    }

    @Test func directoryWithoutFactsIsAnError() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "kind: ruleset\nname: No facts\nformat: 1\n".write(to: directory.appendingPathComponent("ruleset.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["check", directory.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[E0111]"))
    }

    @Test func misuseExits64() throws {
        let result = try CommandRunner.run(["check", "--no-such-option"])
        #expect(result.status == 64)
        let unknown = try CommandRunner.run(["frobnicate"])
        #expect(unknown.status == 64)
    }

    @Test func compileWritesTheSamePlanTwice() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("first.json").path
        let second = directory.appendingPathComponent("second.json").path
        #expect(try CommandRunner.run(["compile", "Rules", "-o", first]).status == 0)
        #expect(try CommandRunner.run(["compile", "Rules", "--output", second]).status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: first)), b = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(a == b)
        // The file is the plan the compiler makes in process (decoding it already refuses another
        // format): the same digest, over the same sources (only the origins' paths differ: relative here).
        let plan = try PlanCoding.decode(a).get()
        let inProcess = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        #expect(plan.digest == inProcess.digest)
        #expect(plan.sources == inProcess.sources)
        #expect(plan.collaborations.first?.origin.file == "Rules/collaboration.yaml")
    }

    @Test func compileWithErrorsWritesNothing() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("plan.json").path
        let result = try CommandRunner.run(["compile", directory.path, "-o", output])
        #expect(result.status == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func explainPrintsTheCatalogueEntry() throws {
        let result = try CommandRunner.run(["explain", "E0301"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("E0301: unknown product"))
        let lower = try CommandRunner.run(["explain", "e0301"])
        #expect(lower.stdout == result.stdout)
        let unknown = try CommandRunner.run(["explain", "E9999"])
        #expect(unknown.status == 64)
    }

    @Test func diagnosticsDocumentIsGeneratedFromTheCatalogue() throws {
        let result = try CommandRunner.run(["explain", "--all"])
        #expect(result.status == 0)
        let mismatch = Repository.compareGolden(result.stdout, "docs/diagnostics.md")
        #expect(mismatch == nil, "docs/diagnostics.md is stale: run 'make docs'")
    }
}

/// Colour appears on a real terminal (a pseudo-terminal made by util-linux's
/// `script`) and disappears with `NO_COLOR`.
@Suite struct TerminalColourTests {
    func onATerminal(_ environment: [String: String]) throws -> String {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let command = "\(CommandRunner.binary) check \(directory.path)"
        let result = try CommandRunner.run(["-qec", command, "/dev/null"], executable: "/usr/bin/script", environment: environment)
        return result.stdout
    }

    @Test func colourOnATerminal() throws {
        let output = try onATerminal(["TERM": "xterm"])
        #expect(output.contains("error[E0002]"))
        #expect(output.contains("\u{1B}[1;31m"))
    }

    @Test func noColourWithNO_COLOR() throws {
        let output = try onATerminal(["TERM": "xterm", "NO_COLOR": "1"])
        #expect(output.contains("error[E0002]"))
        #expect(!output.contains("\u{1B}["))
    }
}

/// `tillval check FILE`: the whole rule set the file belongs to is checked,
/// and only that file's problems (and those of the whole set) are reported.
@Suite struct CheckFileTests {
    /// A copy of the shipped rules in a fresh directory, with `edits` applied (file → (old, new)).
    func rules(_ edits: [String: (String, String)]) throws -> URL {
        let directory = try CommandRunner.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Repository.path("Rules"), toPath: directory.appendingPathComponent("Rules").path)
        for (file, edit) in edits {
            let url = directory.appendingPathComponent("Rules/\(file)")
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(edit.0))
            try text.replacingOccurrences(of: edit.0, with: edit.1).write(to: url, atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func aShippedFilePasses() throws {
        let result = try CommandRunner.run(["check", "Rules/products/lon-anstalld.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Rules/products/lon-anstalld.yaml: ok (in rule set 'Rules'; 0 errors, 0 warnings)\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func onlyThatFilesProblemsAreReportedAndDecideTheExitCode() throws {
        let directory = try rules([
            "products/min-lon.yaml": ("name: Visma Min Lön", "nam: Visma Min Lön"),
            "collaboration.yaml": ("requires: [connected-task]", "requires: [connected-tsk]"),
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = try CommandRunner.run(["check", "Rules/products/min-lon.yaml"], in: directory.path)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("Rules/products/min-lon.yaml:3:1: error[E0103]: unknown key 'nam' in product"))
        #expect(!broken.stderr.contains("E0302") && !broken.stderr.contains("collaboration.yaml"))
        #expect(broken.stderr.hasSuffix("1 error, 0 warnings; the rest of 'Rules' has 1 error, 0 warnings: run 'tillval check Rules'\n"))

        let clean = try CommandRunner.run(["check", "Rules/scenarios/registered.yaml"], in: directory.path)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr.isEmpty)
        #expect(clean.stdout == "Rules/scenarios/registered.yaml: ok (in rule set 'Rules'; 0 errors, 0 warnings; the rest of 'Rules' has 2 errors, 0 warnings: run 'tillval check Rules')\n")

        let whole = try CommandRunner.run(["check", "Rules"], in: directory.path)
        #expect(whole.status == 1)
        #expect(whole.stderr.hasSuffix("2 errors, 0 warnings\n"))
    }

    /// Without a `ruleset` file above it, the file's own directory is the rule set.
    @Test func withoutARulesetFileTheFilesDirectoryIsTheRuleSet() throws {
        let directory = try rules([:])
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("Rules/ruleset.yaml"))
        let result = try CommandRunner.run(["check", "Rules/products/min-lon.yaml"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[E0111]"), "the facts are not in Rules/products: \(result.stderr)")
        #expect(result.stderr.contains("the rest of 'Rules/products' has"))
    }

    @Test func aFileOutsideTheRuleFilesIsRefused() throws {
        let readme = try CommandRunner.run(["check", "README.md"])
        #expect(readme.status == 66)
        #expect(readme.stderr.contains("error[E0001]: 'README.md' is not a rule file of the rule set in '.'"))
        let missing = try CommandRunner.run(["check", "Rules/no-such-file.yaml"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("error[E0001]: rule file 'Rules/no-such-file.yaml' does not exist"))
    }
}

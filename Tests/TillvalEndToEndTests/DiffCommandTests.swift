import Foundation
import Testing
import TillvalTestSupport

/// `tillval diff` run as a user runs it: a git repository with two commits
/// (`REV:PATH`), rule directories and plan files as sides, an error on one
/// side, the three report formats, and the exit codes (0 no change, 2
/// changes, 1 errors in the rules of a side, 64, 65, 66).
@Suite struct DiffCommandTests {
    static let baseline = Repository.path("\(CompileFixtures.baselines)/shipped")
    static let goldens = "Tests/Fixtures/diff-command"

    /// The edit the tests make: procedure `open-offer` renamed `open-the-offer`, everywhere it is used.
    static let rename: [(file: String, old: String, new: String)] = [
        ("procedures/open-offer.yaml", "id: open-offer", "id: open-the-offer"),
        ("scenarios/registered.yaml", "use: open-offer", "use: open-the-offer"),
        ("scenarios/has-subscription.yaml", "use: open-offer", "use: open-the-offer"),
        ("scenarios/not-registered.yaml", "use: open-offer", "use: open-the-offer"),
    ]

    static func describe(_ arguments: [String], _ result: CommandRunner.Result) -> String {
        "tillval \(arguments.joined(separator: " ")) exited \(result.status):\n\(result.stdout)\(result.stderr)"
    }

    /// A copy of the baseline at `directory`, with `edits` made.
    static func rules(at directory: URL, _ edits: [(file: String, old: String, new: String)] = []) throws {
        try FileManager.default.copyItem(atPath: baseline, toPath: directory.path)
        for edit in edits {
            let url = directory.appendingPathComponent(edit.file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(edit.old), "\(edit.file) holds no \(edit.old.debugDescription)")
            try Data(text.replacingOccurrences(of: edit.old, with: edit.new).utf8).write(to: url)
        }
    }

    static func git(_ arguments: [String], in directory: URL) throws -> CommandRunner.Result {
        let result = try CIRecipeTests.run("git", ["-c", "user.name=tillval tests", "-c", "user.email=tests@tillval.invalid",
                                                   "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"] + arguments,
                                           in: directory.path)
        #expect(result.status == 0, "\(CIRecipeTests.describe("git \(arguments.joined(separator: " "))", result))")
        return result
    }

    /// A repository whose first commit holds the baseline in `rules/` and whose second renames a procedure.
    static func repository() throws -> URL {
        let repository = try CommandRunner.temporaryDirectory()
        _ = try git(["init", "-q"], in: repository)
        let rules = repository.appendingPathComponent("rules")
        try Self.rules(at: rules)
        _ = try git(["add", "rules"], in: repository)
        _ = try git(["commit", "-q", "-m", "the baseline"], in: repository)
        for edit in rename {
            let url = rules.appendingPathComponent(edit.file)
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(text.replacingOccurrences(of: edit.old, with: edit.new).utf8).write(to: url)
        }
        _ = try git(["commit", "-q", "-a", "-m", "open-offer is open-the-offer"], in: repository)
        return repository
    }

    @Test func aGitRevisionIsComparedWithoutTouchingTheRepository() throws {
        let repository = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repository) }
        let arguments = ["diff", "HEAD~1:rules", "rules"]
        let result = try CommandRunner.run(arguments, in: repository.path)
        #expect(result.status == 2, "\(Self.describe(arguments, result))")
        #expect(result.stderr.isEmpty, "\(Self.describe(arguments, result))")
        let mismatch = Repository.compareGolden(result.stdout, "\(Self.goldens)/rename.txt")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        // Against the same revision: no change; `./rules/` is the same PATH; run from a subdirectory, PATH is still from the top.
        for (arguments, directory) in [(["diff", "HEAD:rules", "rules"], repository), (["diff", "HEAD:./rules/", "rules"], repository),
                                       (["diff", "HEAD:rules", "."], repository.appendingPathComponent("rules"))] {
            let same = try CommandRunner.run(arguments, in: directory.path)
            #expect(same.status == 0 && same.stdout.hasPrefix("tillval diff \(arguments[1]) → \(arguments[2]): no change\n"),
                    "\(Self.describe(arguments, same))")
        }
        // Nothing checked out, nothing written: the working tree and the index are as they were, no file is left behind.
        let status = try Self.git(["status", "--porcelain", "--ignored"], in: repository)
        #expect(status.stdout.isEmpty, "git status after diff: \(status.stdout)")
    }

    @Test func markdownAndJSONOfARevision() throws {
        let repository = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repository) }
        let markdown = try CommandRunner.run(["diff", "HEAD~1:rules", "rules", "--format", "markdown"], in: repository.path)
        #expect(markdown.status == 2, "\(Self.describe(["diff", "--format", "markdown"], markdown))")
        let mismatch = Repository.compareGolden(markdown.stdout, "\(Self.goldens)/rename.md")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        let json = try CommandRunner.run(["diff", "HEAD~1:rules", "rules", "--format", "json"], in: repository.path)
        #expect(json.status == 2, "\(Self.describe(["diff", "--format", "json"], json))")
        let jsonMismatch = Repository.compareGolden(json.stdout, "\(Self.goldens)/rename.json")
        #expect(jsonMismatch == nil, "\(jsonMismatch ?? "")")
    }

    /// The JSON report of a change, of no change and of a batch is what Schemas/diff.schema.json describes.
    @Test func theJSONReportMatchesItsSchema() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let edited = scratch.appendingPathComponent("edited")
        try Self.rules(at: edited, Self.rename + [("products/min-lon.yaml", "name: Visma Min Lön", "name: Min Lön")])
        var reports: [String] = []
        for (index, arguments) in [[Self.baseline, edited.path], [Self.baseline, Self.baseline],
                                   [Self.baseline, edited.path, "--requests", "Examples/batch.yaml"]].enumerated() {
            let result = try CommandRunner.run(["diff"] + arguments + ["--format", "json"])
            #expect([0, 2].contains(result.status), "\(Self.describe(arguments, result))")
            let file = scratch.appendingPathComponent("diff-\(index).json")
            try Data(result.stdout.utf8).write(to: file)
            reports.append(file.path)
        }
        #expect((try Repository.text("Tests/Fixtures/diff-command/rename.json")).contains("\"from\" : \"open-offer\""))
        let result = try SchemaTests.checkSchemas(["--diff"] + reports + [Repository.path("\(Self.goldens)/rename.json")])
        #expect(result.status == 0, "\(SchemaTests.describe(["--diff", "…"], result))")
        // And the schema is not a blank check: a report without its sections is refused.
        let broken = scratch.appendingPathComponent("broken.json")
        try Data(#"{"format": 1, "base": "a", "head": "b", "breaking": false, "changed": false}"#.utf8).write(to: broken)
        let refused = try SchemaTests.checkSchemas(["--diff", broken.path])
        #expect(refused.status == 1, "\(SchemaTests.describe(["--diff", broken.path], refused))")
    }

    /// A plan file and a rule directory compare as the rules they hold: the plan of the baseline against the baseline is no change.
    @Test func planFilesAndDirectoriesAreSides() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let plan = scratch.appendingPathComponent("base.json").path
        let compiled = try CommandRunner.run(["compile", Self.baseline, "-o", plan])
        #expect(compiled.status == 0, "\(Self.describe(["compile"], compiled))")
        let edited = scratch.appendingPathComponent("edited")
        try Self.rules(at: edited, Self.rename)

        let same = try CommandRunner.run(["diff", plan, Self.baseline])
        #expect(same.status == 0 && same.stdout.contains("Declarations\n  no change\n"), "\(Self.describe(["diff", "plan", "dir"], same))")
        let changed = try CommandRunner.run(["diff", plan, edited.path])
        #expect(changed.status == 2 && changed.stdout.contains("Declarations\n  renamed procedure open-offer → open-the-offer\n"),
                "\(Self.describe(["diff", "plan", "edited"], changed))")
        // HEAD defaults to Rules: the baseline's plan against the shipped rules runs (whatever it finds).
        let defaulted = try CommandRunner.run(["diff", plan])
        #expect([0, 2].contains(defaulted.status) && defaulted.stdout.hasPrefix("tillval diff \(plan) → Rules: "),
                "\(Self.describe(["diff", plan], defaulted))")

        // A plan file edited by hand is refused as `plan --plan` refuses it, under the side's name.
        let tampered = scratch.appendingPathComponent("tampered.json").path
        let text = try String(contentsOfFile: plan, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "Visma Min Lön", with: "Visma Max Lön").utf8).write(to: URL(fileURLWithPath: tampered))
        let refused = try CommandRunner.run(["diff", tampered, edited.path])
        #expect(refused.status == 65 && refused.stdout.isEmpty, "\(Self.describe(["diff", "tampered"], refused))")
        #expect(refused.stderr.hasPrefix("base (\(tampered)):\n") && refused.stderr.contains("error[E1103]"), "\(refused.stderr)")
    }

    /// Errors in one side's rules: that side's diagnostics, under its name, and nothing else; exit 1.
    @Test func errorsOnOneSideArePrintedUnderItsNameAndNothingElse() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let broken = scratch.appendingPathComponent("broken")
        try Self.rules(at: broken, [("scenarios/registered.yaml", "use: open-offer", "use: open-offers")])
        let result = try CommandRunner.run(["diff", Self.baseline, broken.path], in: scratch.path)
        #expect(result.status == 1 && result.stdout.isEmpty, "\(Self.describe(["diff", "baseline", "broken"], result))")
        #expect(result.stderr.hasPrefix("head (\(broken.path)):\n"), "\(result.stderr)")
        #expect(result.stderr.contains("scenarios/registered.yaml:") && result.stderr.contains("error[") && result.stderr.hasSuffix("1 error, 0 warnings\n"),
                "\(result.stderr)")
        #expect(!result.stderr.contains("base ("), "the base compiled: \(result.stderr)")

        // In a git revision, the diagnostics name the files as REV:PATH holds them: PATH/…, not a temporary directory.
        let repository = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repository) }
        let rules = repository.appendingPathComponent("rules")
        try FileManager.default.removeItem(at: rules)
        try FileManager.default.copyItem(at: broken, to: rules)
        _ = try Self.git(["commit", "-q", "-a", "-m", "broken"], in: repository)
        let revision = try CommandRunner.run(["diff", "HEAD:rules", "HEAD~1:rules"], in: repository.path)
        #expect(revision.status == 1 && revision.stdout.isEmpty, "\(Self.describe(["diff", "HEAD:rules", "HEAD~1:rules"], revision))")
        #expect(revision.stderr.hasPrefix("base (HEAD:rules):\nrules/scenarios/registered.yaml:"), "\(revision.stderr)")
        #expect(!revision.stderr.contains(FileManager.default.temporaryDirectory.path), "\(revision.stderr)")
    }

    /// What a revision cannot give is refused (66), each with why: an unknown revision or path, a path out of the
    /// repository, a symbolic link in the tree (never followed); outside a repository too.
    @Test func unreadableSidesExit66() throws {
        let repository = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repository) }
        try FileManager.default.createSymbolicLink(atPath: repository.appendingPathComponent("rules/link.yaml").path, withDestinationPath: "/etc/passwd")
        _ = try Self.git(["add", "rules"], in: repository)
        _ = try Self.git(["commit", "-q", "-m", "a link"], in: repository)
        let outside = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outside) }
        let cases: [(arguments: [String], directory: URL, says: String)] = [
            (["diff", "no-such-branch:rules", "rules"], repository, "base (no-such-branch:rules):\ntillval: git cannot read no-such-branch:rules"),
            (["diff", "HEAD~1:nowhere", "rules"], repository, "base (HEAD~1:nowhere):\ntillval: HEAD~1 has no rule directory 'nowhere'"),
            (["diff", "HEAD~1:../rules", "rules"], repository, "is not a path inside the repository"),
            (["diff", "HEAD~1:rul*", "rules"], repository, "tillval: HEAD~1 has no rule directory 'rul*'"),
            (["diff", "HEAD~1:rules/ruleset.yaml", "rules"], repository, "tillval: HEAD~1:rules/ruleset.yaml is a file, not a rule directory"),
            (["diff", "--", "-x:rules", "rules"], repository, "'-x' is not a git revision"),
            (["diff", "HEAD~1:rules", "HEAD:rules"], repository, "head (HEAD:rules):\ntillval: HEAD:rules/link.yaml is not a plain file (mode 120000)"),
            (["diff", "HEAD:rules", "missing"], repository, "head (missing):\n"),
            (["diff", "HEAD:rules", Self.baseline], outside, "base (HEAD:rules):\ntillval: git cannot read HEAD:rules"),
        ]
        for run in cases {
            let result = try CommandRunner.run(run.arguments, in: run.directory.path)
            #expect(result.status == 66 && result.stdout.isEmpty && result.stderr.contains(run.says), "\(Self.describe(run.arguments, result))")
        }
    }

    /// `--requests`: the batch is read as `plan` reads it; the report gains the customers section; a malformed batch is 65,
    /// a missing one 66; a bad option 64.
    @Test func requestsAreReadAsPlanReadsThem() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let edited = scratch.appendingPathComponent("edited")
        try Self.rules(at: edited, Self.rename)
        let batch = try CommandRunner.run(["diff", Self.baseline, edited.path, "--requests", "Examples/customers.jsonl"])
        #expect(batch.status == 2 && batch.stdout.contains("\nCustomers\n"), "\(Self.describe(["diff", "--requests"], batch))")
        let malformed = try CommandRunner.run(["diff", Self.baseline, edited.path, "--requests", "Tests/Fixtures/requests/e1003-wrong-type.yaml"])
        #expect(malformed.status == 65 && malformed.stdout.isEmpty && malformed.stderr.contains("E1003"), "\(Self.describe(["diff", "malformed"], malformed))")
        let missing = try CommandRunner.run(["diff", Self.baseline, edited.path, "--requests", scratch.appendingPathComponent("none.yaml").path])
        #expect(missing.status == 66 && missing.stdout.isEmpty, "\(Self.describe(["diff", "missing"], missing))")
        let misuse = try CommandRunner.run(["diff", Self.baseline, "--format", "html"])
        #expect(misuse.status == 64, "\(Self.describe(["diff", "--format", "html"], misuse))")
    }

    /// A batch is read one request at a time: bad requests among good ones are each reported as read, in file order,
    /// the explain line once per code, counted once per request; no report is written and the run exits 65.
    @Test func aMalformedBatchIsReportedRequestByRequest() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let good = try Repository.text("Examples/customers.jsonl").split(separator: "\n").map(String.init)
        let bad = #"{"office": {"name": "Byrå Syd AB"}, "customer": {"id": "556677-8899", "name": "Bageri Nord AB", "#
            + #""email": "anna@bagerinord.se", "relation": "registered", "tasks": "Löneadministration 2026"}, "product": "min-lon"}"#
        let lines = good.prefix(3) + [bad] + good.suffix(3) + [bad]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: scratch.appendingPathComponent("mixed.jsonl"))
        let arguments = ["diff", Self.baseline, Repository.path("Rules"), "--requests", "mixed.jsonl"]
        let result = try CommandRunner.run(arguments, in: scratch.path)
        let snippet = "…AB\", \"email\": \"anna@bagerinord.se\", \"relation\": \"registered\", \"tasks\": \"Löneadministration 2026\"}, \"product\": \"min-lon\"}\n"
        let marker = "  |" + String(repeating: " ", count: 73) + String(repeating: "^", count: 25) + "\n"
        let expected = "mixed.jsonl:4:163: error[E1003]: 'customer.tasks' must be a list of texts, found text\n  |\n4 | " + snippet + marker
            + "  = help: for more, run 'tillval explain E1003'\n"
            + "mixed.jsonl:8:163: error[E1003]: 'customer.tasks' must be a list of texts, found text\n  |\n8 | " + snippet + marker
            + "2 errors, 0 warnings\n"
        #expect(result.status == 65 && result.stdout.isEmpty && result.stderr == expected, "\(Self.describe(arguments, result))")
    }

    /// The workflow's pull-request step, run by bash as the runner runs it: in a repository whose base branch is
    /// `origin/main` (as actions/checkout with fetch-depth 0 leaves it), it appends the Markdown report to the job
    /// summary and passes on a change; a head with errors fails it.
    @Test func theWorkflowWritesTheDiffToTheJobSummary() throws {
        let workflow = try Repository.text(CIRecipeTests.workflow)
        let lines = workflow.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let marker = try #require(lines.firstIndex(of: "      - name: Write what the rule change does to the job summary"))
        #expect(lines[marker + 1] == "        if: ${{ github.event_name == 'pull_request' && !cancelled() && steps.install.outcome == 'success' }}")
        #expect(lines[marker + 3] == "          BASE: origin/${{ github.base_ref }}")
        #expect(workflow.contains("      - uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n"))
        #expect(lines[marker + 4] == "        run: |")
        let script = lines[(marker + 5)...].prefix { $0.hasPrefix("          ") }.map { String($0.dropFirst(10)) }.joined(separator: "\n")
        #expect(script.contains("tillval diff --format markdown \"$BASE:Rules\" Rules >> \"$GITHUB_STEP_SUMMARY\""), "\(script)")

        let repository = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: repository) }
        _ = try Self.git(["init", "-q"], in: repository)
        try Self.rules(at: repository.appendingPathComponent("Rules"))
        _ = try Self.git(["add", "Rules"], in: repository)
        _ = try Self.git(["commit", "-q", "-m", "the base"], in: repository)
        _ = try Self.git(["update-ref", "refs/remotes/origin/main", "HEAD"], in: repository)
        let rules = repository.appendingPathComponent("Rules")
        for edit in Self.rename {
            let url = rules.appendingPathComponent(edit.file)
            try Data(try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: edit.old, with: edit.new).utf8).write(to: url)
        }
        let bin = URL(fileURLWithPath: CommandRunner.binary).deletingLastPathComponent().path
        let summary = repository.appendingPathComponent("summary.md")
        try Data("before\n".utf8).write(to: summary)
        let environment = ["BASE": "origin/main", "GITHUB_STEP_SUMMARY": summary.path,
                           "PATH": "\(bin):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")"]
        let step = try CIRecipeTests.run("bash", ["-e", "-c", script], in: repository.path, environment: environment)
        #expect(step.status == 0, "\(CIRecipeTests.describe("the workflow's diff step", step))")
        let written = try String(contentsOf: summary, encoding: .utf8)
        #expect(written == "before\n" + (try Repository.text("\(Self.goldens)/rename.md"))
            .replacingOccurrences(of: "`HEAD~1:rules` → `rules`", with: "`origin/main:Rules` → `Rules`"), "\(written)")

        let registered = rules.appendingPathComponent("scenarios/registered.yaml")
        try Data(try String(contentsOf: registered, encoding: .utf8).replacingOccurrences(of: "use: choose-task", with: "use: choose-tasks").utf8)
            .write(to: registered)
        let failed = try CIRecipeTests.run("bash", ["-e", "-c", script], in: repository.path, environment: environment)
        #expect(failed.status == 1 && failed.stderr.hasPrefix("head (Rules):\n"), "\(CIRecipeTests.describe("the workflow's diff step", failed))")
    }
}

import Foundation
import Testing
import TillvalTestSupport

/// The CI recipes of README's "Use in CI", tried for real: the GitHub
/// workflow (.github/workflows/rules.yml) and the GitLab job
/// (docs/ci/tillval.gitlab-ci.yml) against check-jsonschema's built-in
/// schemas, the tillval commands they run against the shipped rules, and the
/// pre-commit hooks (.pre-commit-hooks.yaml) installed by pre-commit in a
/// temporary git repository, refusing a commit with a broken rule. The tools
/// come from .venv (`make venv`, run by `make test`); nothing here uses the
/// network.
@Suite struct CIRecipeTests {
    static let workflow = ".github/workflows/rules.yml"
    static let gitlabJob = "docs/ci/tillval.gitlab-ci.yml"
    static let hooksManifest = ".pre-commit-hooks.yaml"

    static func describe(_ what: String, _ result: CommandRunner.Result) -> String {
        "\(what) exited \(result.status):\n\(result.stdout)\(result.stderr)"
    }

    /// Runs a program with `/usr/bin/env`, without the variables through which
    /// an outer git or pre-commit (a test run from a git hook) would steer it.
    static func run(_ program: String, _ arguments: [String], in directory: String,
                    environment: [String: String] = [:]) throws -> CommandRunner.Result {
        let unset = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CONFIG",
                     "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "SKIP", "PRE_COMMIT", "PRE_COMMIT_CONFIG",
                     "PRE_COMMIT_ALLOW_NO_CONFIG"]
        return try CommandRunner.run(unset.flatMap { ["-u", $0] } + [program] + arguments, executable: "/usr/bin/env",
                                     in: directory, environment: environment)
    }

    // MARK: - the built-in schemas

    /// `check-jsonschema --builtin-schema SCHEMA FILE`.
    static func validate(_ file: String, builtin schema: String) throws -> CommandRunner.Result {
        try CommandRunner.run(["--builtin-schema", schema, file], executable: Repository.path(".venv/bin/check-jsonschema"))
    }

    /// The file is accepted by the schema, and the same file with `broken`
    /// replaced by `replacement` is rejected: the validator really reads it.
    static func expectSchema(_ schema: String, accepts relative: String, butNotWith broken: String, replacedBy replacement: String) throws {
        let accepted = try validate(Repository.path(relative), builtin: schema)
        #expect(accepted.status == 0, "\(describe("check-jsonschema --builtin-schema \(schema) \(relative)", accepted))")

        let text = try Repository.text(relative)
        #expect(text.contains(broken), "\(relative) no longer holds \(broken.debugDescription)")
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copy = scratch.appendingPathComponent(URL(fileURLWithPath: relative).lastPathComponent)
        try Data(text.replacingOccurrences(of: broken, with: replacement).utf8).write(to: copy)
        let rejected = try validate(copy.path, builtin: schema)
        #expect(rejected.status == 1 && rejected.stdout.contains("Schema validation errors were encountered"),
                "\(describe("check-jsonschema --builtin-schema \(schema) on \(relative) with \(replacement.debugDescription)", rejected))")
    }

    @Test func theWorkflowMatchesGitHubsSchema() throws {
        try Self.expectSchema("vendor.github-workflows", accepts: Self.workflow,
                              butNotWith: "runs-on: ubuntu-24.04", replacedBy: "runs_on: ubuntu-24.04")
    }

    @Test func theGitLabJobMatchesGitLabsSchema() throws {
        try Self.expectSchema("vendor.gitlab-ci", accepts: Self.gitlabJob,
                              butNotWith: "when: always", replacedBy: "when: sometimes")
    }

    /// What the issue asks of the workflow, each line as the workflow holds it.
    @Test func theWorkflowRunsTheTestsTheChecksAndUploadsTheSARIFReport() throws {
        let text = try Repository.text(Self.workflow)
        let lines = Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        for line in ["- \"Rules/**\"", "- \"Sources/**\"", "run: make test", "run: tillval check --format github Rules",
                     "run: tillval test Rules", "run: tillval check --format sarif Rules > tillval.sarif || [ $? -eq 1 ]",
                     "uses: github/codeql-action/upload-sarif@v4", "sarif_file: tillval.sarif", "security-events: write"] {
            #expect(lines.contains(line), "\(Self.workflow) has no line \(line.debugDescription)")
        }
        #expect(text.components(separatedBy: "paths:").count == 3, "\(Self.workflow): push and pull_request should both filter on paths")
        let gitlab = try Repository.text(Self.gitlabJob)
        #expect(gitlab.contains("    reports:\n      junit: tillval-tests.xml\n"), "\(Self.gitlabJob) does not report the rule tests as JUnit")
    }

    // MARK: - the recipes' commands

    /// The shell commands of the recipes that run tillval: each `run:` of the
    /// workflow (a `run: |` block whole) and each `script:` item of the GitLab
    /// job that runs `tillval check` or `tillval test`.
    static func recipeCommands(_ text: String) -> [String] {
        var commands: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = line.prefix { $0 == " " }.count
            var command: String?
            if trimmed == "run: |" {
                var block: [String] = []
                while index + 1 < lines.count,
                      lines[index + 1].trimmingCharacters(in: .whitespaces).isEmpty || lines[index + 1].prefix(while: { $0 == " " }).count > indent {
                    index += 1
                    block.append(lines[index].trimmingCharacters(in: .whitespaces))
                }
                command = block.joined(separator: "\n")
            } else if trimmed.hasPrefix("run: ") {
                command = String(trimmed.dropFirst("run: ".count))
            } else if trimmed.hasPrefix("- "), !trimmed.hasPrefix("- \""), !trimmed.hasPrefix("- |") {
                command = String(trimmed.dropFirst(2))
            }
            if let command, command.contains("tillval check") || command.contains("tillval test") {
                commands.append(command)
            }
            index += 1
        }
        return commands
    }

    /// Installs the binary under test into a temporary prefix with `make
    /// install CONFIG=debug` (as the recipes do) and returns its bin directory.
    static func installTillval(into prefix: URL) throws -> String {
        let arguments = ["install", "PREFIX=\(prefix.path)", "CONFIG=debug", "BIN=\(CommandRunner.binary)"]
        let installed = try CommandRunner.run(["-u", "MAKEFLAGS", "-u", "MFLAGS", "-u", "MAKELEVEL", "make", "--no-print-directory"] + arguments,
                                              executable: "/usr/bin/env")
        #expect(installed.status == 0, "\(describe("make \(arguments.joined(separator: " "))", installed))")
        return prefix.appendingPathComponent("bin").path
    }

    /// Every tillval command of both recipes, run by bash in a copy of the
    /// shipped rules with the installed tillval on PATH, succeeds and writes
    /// the reports the recipes upload.
    @Test func theRecipesCommandsPassOnTheShippedRules() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let bin = try Self.installTillval(into: scratch.appendingPathComponent("prefix"))
        let work = scratch.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.path("Rules"), toPath: work.appendingPathComponent("Rules").path)
        let path = "\(bin):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")"

        let workflow = Self.recipeCommands(try Repository.text(Self.workflow))
        let gitlab = Self.recipeCommands(try Repository.text(Self.gitlabJob))
        #expect(workflow.count == 3, "\(Self.workflow): \(workflow)")
        #expect(gitlab.count == 3, "\(Self.gitlabJob): \(gitlab)")
        for command in workflow + gitlab {
            let result = try Self.run("bash", ["-euo", "pipefail", "-c", command], in: work.path,
                                      environment: ["PATH": path, "RULES_DIR": "Rules"])
            #expect(result.status == 0, "\(Self.describe(command, result))")
        }
        for report in ["tillval.sarif", "tillval-tests.xml"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: work.appendingPathComponent(report).path)[.size] as? Int) ?? 0
            #expect(size > 0, "the recipes wrote no \(report)")
        }
    }

    // MARK: - pre-commit

    @Test func theHooksManifestIsValid() throws {
        let result = try Self.run(Repository.path(".venv/bin/pre-commit"), ["validate-manifest", Self.hooksManifest],
                                  in: Repository.root.path)
        #expect(result.status == 0, "\(Self.describe("pre-commit validate-manifest", result))")
        let text = try Repository.text(Self.hooksManifest)
        for hook in ["- id: tillval-check\n", "- id: tillval-test\n", "  entry: tillval check\n", "  entry: tillval test\n"] {
            #expect(text.contains(hook), "\(Self.hooksManifest) has no \(hook.debugDescription)")
        }
    }

    /// A temporary place for a pre-commit trial: a HOME of its own (no
    /// global git configuration), PRE_COMMIT_HOME inside it, tillval
    /// installed with `make install` and first on PATH.
    struct Sandbox {
        let root: URL
        let environment: [String: String]

        init() throws {
            root = try CommandRunner.temporaryDirectory()
            let home = root.appendingPathComponent("home")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            let bin = try CIRecipeTests.installTillval(into: root.appendingPathComponent("prefix"))
            environment = [
                "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
                "GIT_CONFIG_NOSYSTEM": "1", "PRE_COMMIT_HOME": root.appendingPathComponent("pre-commit-cache").path,
                "PATH": "\(bin):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")",
                "GIT_AUTHOR_NAME": "Rule Editor", "GIT_AUTHOR_EMAIL": "editor@example.com",
                "GIT_COMMITTER_NAME": "Rule Editor", "GIT_COMMITTER_EMAIL": "editor@example.com",
            ]
        }

        func run(_ program: String, _ arguments: [String], in directory: URL) throws -> CommandRunner.Result {
            try CIRecipeTests.run(program, arguments, in: directory.path, environment: environment)
        }

        func git(_ arguments: [String], in directory: URL) throws -> CommandRunner.Result {
            try run("git", arguments, in: directory)
        }

        /// This repository as pre-commit would fetch it: a clone of its HEAD
        /// (any git repository: CI's fresh clone or a developer's worktree;
        /// an empty one when the sources are not a git checkout), with the
        /// working tree's hooks manifest committed on top when it differs,
        /// so the manifest under test is the one pre-commit reads. Returns
        /// the clone and the commit to name as `rev:`.
        func hooksRepository() throws -> (URL, String) {
            let clone = root.appendingPathComponent("tillval")
            let isCheckout = try git(["-C", Repository.root.path, "rev-parse", "--verify", "HEAD"], in: root).status == 0
            if isCheckout {
                // safe.directory: a checkout owned by another user (CI's container) may still be read.
                let cloned = try git(["-c", "safe.directory=*", "clone", "--quiet", Repository.root.path, clone.path], in: root)
                #expect(cloned.status == 0, "\(CIRecipeTests.describe("git clone", cloned))")
            } else {
                let initialised = try git(["init", "--quiet", clone.path], in: root)
                #expect(initialised.status == 0, "\(CIRecipeTests.describe("git init", initialised))")
            }
            try? FileManager.default.removeItem(at: clone.appendingPathComponent(CIRecipeTests.hooksManifest))
            try FileManager.default.copyItem(atPath: Repository.path(CIRecipeTests.hooksManifest),
                                             toPath: clone.appendingPathComponent(CIRecipeTests.hooksManifest).path)
            _ = try git(["add", CIRecipeTests.hooksManifest], in: clone)
            if try git(["diff", "--cached", "--quiet"], in: clone).status != 0 {
                let committed = try git(["commit", "--quiet", "--no-verify", "-m", "the working tree's hooks manifest"], in: clone)
                #expect(committed.status == 0, "\(CIRecipeTests.describe("git commit", committed))")
            }
            let head = try git(["rev-parse", "HEAD"], in: clone)
            #expect(head.status == 0, "\(CIRecipeTests.describe("git rev-parse HEAD", head))")
            return (clone, head.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }

        /// A rule repository: a git repository holding a copy of Rules/ and
        /// README's .pre-commit-config.yaml with `repo:` and `rev:` pointing
        /// at the hooks repository, its hooks installed by `pre-commit install`.
        func ruleRepository(hooks: [String]) throws -> URL {
            let (hooksRepository, rev) = try hooksRepository()
            let work = root.appendingPathComponent("rules-repo")
            let initialised = try git(["init", "--quiet", work.path], in: root)
            #expect(initialised.status == 0, "\(CIRecipeTests.describe("git init", initialised))")
            try FileManager.default.copyItem(atPath: Repository.path("Rules"), toPath: work.appendingPathComponent("Rules").path)
            let config = try CIRecipeTests.readmePreCommitConfig(repo: hooksRepository.path, rev: rev, hooks: hooks)
            try Data(config.utf8).write(to: work.appendingPathComponent(".pre-commit-config.yaml"))
            let installed = try run(Repository.path(".venv/bin/pre-commit"), ["install"], in: work)
            #expect(installed.status == 0, "\(CIRecipeTests.describe("pre-commit install", installed))")
            return work
        }

        /// `git add -A && git commit -m MESSAGE`: the pre-commit hook runs.
        func commitAll(_ message: String, in work: URL) throws -> CommandRunner.Result {
            _ = try git(["add", "-A"], in: work)
            return try git(["commit", "-m", message], in: work)
        }

        func commitCount(in work: URL) throws -> Int {
            let count = try git(["rev-list", "--count", "--all"], in: work)
            return Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    /// README's .pre-commit-config.yaml (between `<!-- pre-commit-config:
    /// begin -->` and `end`), with its `repo:` and `rev:` set, keeping only
    /// the hooks named.
    static func readmePreCommitConfig(repo: String, rev: String, hooks: [String]) throws -> String {
        let readme = try Repository.text("README.md")
        let begin = try #require(readme.range(of: "<!-- pre-commit-config: begin -->\n```yaml\n"), "README.md lost its pre-commit-config markers")
        let end = try #require(readme.range(of: "```\n<!-- pre-commit-config: end -->", range: begin.upperBound..<readme.endIndex))
        var lines: [String] = []
        for line in readme[begin.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = String(line.prefix { $0 == " " })
            if trimmed.hasPrefix("- repo:") {
                lines.append("\(indent)- repo: \(repo)")
            } else if trimmed.hasPrefix("rev:") {
                lines.append("\(indent)rev: \(rev)")
            } else if trimmed.hasPrefix("- id: "), !hooks.contains(where: { trimmed.hasPrefix("- id: \($0)") }) {
                continue
            } else {
                lines.append(String(line))
            }
        }
        let config = lines.joined(separator: "\n")
        for hook in hooks {
            #expect(config.contains("- id: \(hook)"), "README's .pre-commit-config.yaml does not use \(hook)")
        }
        return config
    }

    /// The hooks' line in pre-commit's output: `tillval check....Passed`.
    static func hookLine(_ name: String, _ outcome: String, in output: String) -> Bool {
        output.split(separator: "\n").contains { $0.hasPrefix(name + ".") && $0.hasSuffix("." + outcome) }
    }

    /// `tillval-check` through `pre-commit install` and `git commit`: the
    /// shipped rules pass, a misspelt key is refused with its diagnostic and
    /// no commit is made, the mended file passes.
    @Test func preCommitRefusesABrokenRuleAndPassesAGoodOne() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let work = try sandbox.ruleRepository(hooks: ["tillval-check"])

        let good = try sandbox.commitAll("the shipped rules", in: work)
        #expect(good.status == 0, "\(Self.describe("git commit (good rules)", good))")
        #expect(Self.hookLine("tillval check", "Passed", in: good.stdout + good.stderr), "\(good.stdout)\(good.stderr)")
        #expect(try sandbox.commitCount(in: work) == 1)

        let scenario = work.appendingPathComponent("Rules/scenarios/registered.yaml")
        let original = try String(contentsOf: scenario, encoding: .utf8)
        #expect(original.contains("\neffects:\n"), "Rules/scenarios/registered.yaml has no top-level effects")
        try Data(original.replacingOccurrences(of: "\neffects:\n", with: "\nefects:\n").utf8).write(to: scenario)
        let broken = try sandbox.commitAll("misspelt effects", in: work)
        let output = broken.stdout + broken.stderr
        #expect(broken.status != 0, "\(Self.describe("git commit (broken rule)", broken))")
        #expect(Self.hookLine("tillval check", "Failed", in: output), "\(output)")
        #expect(output.contains("Rules/scenarios/registered.yaml:13:1: error[E0103]: unknown key 'efects' in scenario"), "\(output)")
        let afterBroken = try sandbox.commitCount(in: work)
        #expect(afterBroken == 1, "\(afterBroken) commits: the broken rule was committed, or the good one was not")

        // Mended, with a comment more, so there is a change to commit.
        try Data((original + "# reviewed\n").utf8).write(to: scenario)
        let mended = try sandbox.commitAll("mended", in: work)
        #expect(mended.status == 0, "\(Self.describe("git commit (mended)", mended))")
        #expect(try sandbox.commitCount(in: work) == 2)
    }

    /// A rule test for the shipped rules (rules-format.md, "Tests"): the
    /// example customer who is not registered gets scenario `scenario`.
    static func ruleTest(expecting scenario: String) -> String {
        """
        kind: test
        id: ci-newcomer
        doc: The pre-commit trial's own test.
        request:
          office: {name: Byrå Syd AB}
          customer:
            id: "556677-8899"
            name: Bageri Nord AB
            email: anna@bagerinord.se
            relation: not-registered
            tasks: [Löneadministration 2026]
          product: min-lon
        expect:
          scenario: \(scenario)

        """
    }

    /// Both hooks, as README configures them: a rule set whose tests pass is
    /// committed; one whose test expects another scenario is well-formed
    /// (`tillval check` passes) but refused by `tillval test`.
    @Test func preCommitRefusesAFailingRuleTest() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let work = try sandbox.ruleRepository(hooks: ["tillval-check", "tillval-test"])
        let testFile = work.appendingPathComponent("Rules/tests/ci-newcomer.yaml")
        try FileManager.default.createDirectory(at: testFile.deletingLastPathComponent(), withIntermediateDirectories: true)

        try Data(Self.ruleTest(expecting: "not-registered").utf8).write(to: testFile)
        let good = try sandbox.commitAll("rules with a passing test", in: work)
        let goodOutput = good.stdout + good.stderr
        #expect(good.status == 0, "\(Self.describe("git commit (passing test)", good))")
        #expect(Self.hookLine("tillval check", "Passed", in: goodOutput) && Self.hookLine("tillval test", "Passed", in: goodOutput),
                "\(goodOutput)")

        try Data(Self.ruleTest(expecting: "registered").utf8).write(to: testFile)
        let failing = try sandbox.commitAll("a test expecting another scenario", in: work)
        let output = failing.stdout + failing.stderr
        #expect(failing.status != 0, "\(Self.describe("git commit (failing test)", failing))")
        #expect(Self.hookLine("tillval check", "Passed", in: output), "\(output)")
        #expect(Self.hookLine("tillval test", "Failed", in: output), "\(output)")
        // The closing line counts the shipped rules' own tests too.
        #expect(output.split(separator: "\n").contains { $0.hasSuffix(" passed, 1 failed") && $0.first?.isNumber == true }, "\(output)")
        let afterFailing = try sandbox.commitCount(in: work)
        #expect(afterFailing == 1, "\(afterFailing) commits: the failing test was committed, or the passing one was not")
    }
}

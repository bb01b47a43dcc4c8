import Foundation
import Testing
import TillvalTestSupport

/// A rule editor's first hour: the Makefile's shape (building needs no
/// Python, testing uses its own virtual environment and fails on warnings),
/// `make install`, `tillval --version`, the exit codes in `--help` against
/// the README, and shell completions.
@Suite struct SetupTests {
    /// Runs `make arguments...` in the repository root, without the
    /// variables of an outer make (`make test` runs these tests).
    static func make(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(["-u", "MAKEFLAGS", "-u", "MFLAGS", "-u", "MAKELEVEL", "make", "--no-print-directory"] + arguments,
                              executable: "/usr/bin/env")
    }

    static func describe(_ arguments: [String], _ result: CommandRunner.Result) -> String {
        "make \(arguments.joined(separator: " ")) exited \(result.status):\n\(result.stdout)\(result.stderr)"
    }

    /// What only the tests need: Python, a virtual environment, pip, the validator.
    static let testTools = ["python", "pip", "venv", "check-jsonschema", "test-requirements"]

    @Test(arguments: [["build"], ["demo"], ["install"], ["install", "CONFIG=debug"]])
    func buildingNeedsNoTestTools(_ arguments: [String]) throws {
        // -B: print every step as if nothing were built yet.
        let dry = ["-n", "-B"] + arguments
        let result = try Self.make(dry)
        #expect(result.status == 0, "\(Self.describe(dry, result))")
        for tool in Self.testTools {
            #expect(!result.stdout.lowercased().contains(tool),
                    "make \(arguments.joined(separator: " ")) would run '\(tool)':\n\(result.stdout)")
        }
    }

    @Test func testingUsesTheVirtualEnvironmentAndFailsOnWarnings() throws {
        let dry = ["-n", "-B", "test"]
        let result = try Self.make(dry)
        #expect(result.status == 0, "\(Self.describe(dry, result))")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("-m venv") && $0.contains(".venv") },
                "make test does not make .venv:\n\(result.stdout)")
        #expect(lines.contains { $0.contains(".venv/bin/python\" -m pip install") && $0.contains("scripts/test-requirements.txt") },
                "make test does not install scripts/test-requirements.txt into .venv:\n\(result.stdout)")
        #expect(!lines.contains { $0.hasPrefix("python3 -m pip") || $0.hasPrefix("pip") },
                "make test installs into the system Python:\n\(result.stdout)")
        let swiftLines = lines.filter { $0.contains("swift ") || $0.contains("swift\t") }
        #expect(swiftLines.contains { $0.contains("build --build-tests") } && swiftLines.contains { $0.contains(" test") },
                "make test builds and runs no tests:\n\(result.stdout)")
        for line in swiftLines {
            #expect(line.hasPrefix("TILLVAL_WARNINGS_AS_ERRORS=1 "), "not built with warnings as errors: \(line)")
        }
        let requirements = try String(contentsOfFile: Repository.path("scripts/test-requirements.txt"), encoding: .utf8)
        #expect(requirements.split(separator: "\n").contains { $0.hasPrefix("check-jsonschema==") },
                "scripts/test-requirements.txt does not pin check-jsonschema:\n\(requirements)")
    }

    /// `make install` copies the binary under test (CONFIG=debug, BIN=it:
    /// no second build runs beside `swift test`) into PREFIX/bin, and the
    /// installed binary runs and prints the version.
    @Test func installPutsAWorkingBinaryIntoPrefix() throws {
        let prefix = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let arguments = ["install", "PREFIX=\(prefix.path)", "CONFIG=debug", "BIN=\(CommandRunner.binary)"]
        let result = try Self.make(arguments)
        #expect(result.status == 0, "\(Self.describe(arguments, result))")
        let installed = prefix.appendingPathComponent("bin/tillval").path
        #expect(FileManager.default.isExecutableFile(atPath: installed), "no executable at \(installed)")
        guard FileManager.default.isExecutableFile(atPath: installed) else { return }
        let version = try CommandRunner.run(["--version"], executable: installed, in: prefix.path)
        let expected = try CommandRunner.run(["--version"])
        #expect(version.status == 0 && version.stdout == expected.stdout && !version.stdout.isEmpty,
                "installed tillval --version printed \(version.stdout.debugDescription), exit \(version.status); expected \(expected.stdout.debugDescription)")
        let check = try CommandRunner.run(["check", Repository.path("Rules")], executable: installed, in: prefix.path)
        #expect(check.status == 0, "installed tillval check Rules exited \(check.status):\n\(check.stdout)\(check.stderr)")
    }

    @Test func versionIsOneSemanticVersionLine() throws {
        let result = try CommandRunner.run(["--version"])
        #expect(result.status == 0 && result.stderr.isEmpty, "tillval --version exited \(result.status):\n\(result.stderr)")
        let line = result.stdout.hasSuffix("\n") ? String(result.stdout.dropLast()) : result.stdout
        let parts = line.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) },
                "tillval --version printed \(result.stdout.debugDescription), not one line MAJOR.MINOR.PATCH")
    }

    /// The codes and meanings of `tillval --help`'s exit-code list.
    static func helpExitCodes(_ help: String) -> [(code: Int, meaning: String)] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "Exit codes:") else { return [] }
        var codes: [(Int, String)] = []
        for line in lines[(start + 1)...] {
            let fields = line.split(separator: " ", maxSplits: 1)
            guard line.hasPrefix("  "), fields.count == 2, let code = Int(fields[0]) else { break }
            codes.append((code, fields[1].trimmingCharacters(in: .whitespaces)))
        }
        return codes
    }

    /// The codes of the README's "Exit codes" table.
    static func readmeExitCodes() throws -> [Int] {
        let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "### Exit codes\n") else { return [] }
        var codes: [Int] = []
        var inTable = false
        for line in readme[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|") {
                inTable = true
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                if let first = cells.first, let code = Int(first) { codes.append(code) }
            } else if inTable {
                break
            }
        }
        return codes
    }

    /// The README's "Diagnostics" example is what the binary prints for the
    /// edit it describes, made on a copy of the shipped rules.
    @Test func readmeDiagnosticsExampleIsTheRealOutput() throws {
        let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- diagnostics-example: begin -->\n```\n"), "README.md lost its diagnostics-example markers")
        let end = try #require(readme.range(of: "```\n<!-- diagnostics-example: end -->", range: begin.upperBound..<readme.endIndex))
        let documented = String(readme[begin.upperBound..<end.lowerBound])
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Repository.path("Rules")), to: rules)
        let email = rules.appendingPathComponent("emails/approve-terms.yaml")
        let text = try String(contentsOf: email, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\n  {{office.name}} has activated", with: "\n  {{office.nmae}} has activated")
        #expect(edited != text, "Rules/emails/approve-terms.yaml no longer has the line the README's example edits")
        try edited.write(to: email, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["check", "Rules"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stdout + result.stderr == documented, "README.md's diagnostics example differs from the output:\n\(result.stdout)\(result.stderr)")
    }

    /// The README's command table names the plan-file options each command
    /// really has (its --help lists them).
    @Test func readmeCommandRowsNameThePlanFileOptions() throws {
        let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
        for command in [["plan"], ["apply"], ["outbox", "requeue"]] {
            let row = try #require(readme.split(separator: "\n").first { $0.hasPrefix("| `tillval \(command.joined(separator: " ")) REQUEST") },
                                   "README.md has no row for \(command)")
            let help = try CommandRunner.run(command + ["--help"])
            for option in ["--plan", "--source-rules", "--allow-stale-plan", "--max-plan-size"] where help.stdout.contains(option + " ") {
                #expect(row.contains(option), "README.md's row of \(command) leaves out \(option)")
            }
        }
    }

    @Test func helpListsTheExitCodesOfTheReadme() throws {
        let help = try CommandRunner.run(["--help"])
        #expect(help.status == 0, "tillval --help exited \(help.status)")
        let listed = Self.helpExitCodes(help.stdout)
        let documented = try Self.readmeExitCodes()
        #expect(!documented.isEmpty, "README.md has no exit-code table under '### Exit codes'")
        #expect(listed.map(\.code) == documented,
                "tillval --help lists exit codes \(listed.map(\.code)), README.md \(documented):\n\(help.stdout)")
        #expect(listed.allSatisfy { !$0.meaning.isEmpty }, "an exit code without meaning:\n\(help.stdout)")
        for line in help.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "help line longer than 80 columns (wrapped in a terminal): \(line)")
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsAreGeneratedAndDocumented(_ shell: String) throws {
        let result = try CommandRunner.run(["--generate-completion-script", shell])
        #expect(result.status == 0, "tillval --generate-completion-script \(shell) exited \(result.status):\n\(result.stderr)")
        for subcommand in ["check", "compile", "plan", "apply", "status", "approve", "outbox", "explain"] {
            #expect(result.stdout.contains(subcommand), "the \(shell) completion script does not know '\(subcommand)'")
        }
        let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
        #expect(readme.contains("--generate-completion-script \(shell)"), "README.md does not say how to install \(shell) completions")
    }

    /// The editor set-up: the YAML extension is recommended, and the rule and
    /// request schemas are mapped to Rules/ and Examples/.
    @Test func editorSettingsRecommendTheExtensionAndMapTheSchemas() throws {
        struct Extensions: Decodable { var recommendations: [String] }
        let extensions = try JSONDecoder().decode(
            Extensions.self, from: Data(contentsOf: URL(fileURLWithPath: Repository.path(".vscode/extensions.json"))))
        #expect(extensions.recommendations.contains("redhat.vscode-yaml"))

        struct Settings: Decodable {
            var schemas: [String: [String]]
            enum CodingKeys: String, CodingKey { case schemas = "yaml.schemas" }
        }
        let settings = try JSONDecoder().decode(
            Settings.self, from: Data(contentsOf: URL(fileURLWithPath: Repository.path(".vscode/settings.json"))))
        #expect(settings.schemas["./Schemas/rules.schema.json"]?.contains("Rules/**/*.yaml") == true)
        #expect(settings.schemas["./Schemas/request.schema.json"]?.contains("Examples/**/*.yaml") == true)
        let editorSetup = try String(contentsOfFile: Repository.path("docs/editor-setup.md"), encoding: .utf8)
        #expect(editorSetup.contains("\"./Schemas/request.schema.json\": [\"Examples/**/*.yaml\""),
                "docs/editor-setup.md does not show the request schema mapping")
    }

    /// docs/rules-format.md is the rule editor's reference: no sentence
    /// addressed to the specification's authors is left.
    @Test func rulesFormatIsWrittenForRuleEditors() throws {
        let text = try String(contentsOfFile: Repository.path("docs/rules-format.md"), encoding: .utf8)
        for phrase in ["shared folder", "seed/", "careful rule author", "the project's own docs", "must prove", "its own documented code", "covered by a fixture", "alias bomb", "v2-outbox-message", "application_id"] {
            #expect(!text.contains(phrase), "docs/rules-format.md still says '\(phrase)', which speaks to the specification's authors")
        }
    }

    /// Every relative link in the README and the docs a rule editor reads
    /// first names a file that exists, and every #anchor a heading of it.
    @Test(arguments: ["README.md", "docs/rules-format.md", "docs/running.md", "docs/reliability.md", "docs/editor-setup.md", "Examples/README.md", "SECURITY.md"])
    func relativeLinksResolve(_ document: String) throws {
        let text = try String(contentsOfFile: Repository.path(document), encoding: .utf8)
        let directory = URL(fileURLWithPath: Repository.path(document)).deletingLastPathComponent()
        var rest = Substring(text)
        while let open = rest.range(of: "](") {
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { break }
            let target = String(rest[..<close])
            rest = rest[close...]
            guard !target.contains("://"), !target.hasPrefix("mailto:") else { continue }
            let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let file = parts[0].isEmpty ? URL(fileURLWithPath: Repository.path(document)) : directory.appendingPathComponent(parts[0])
            #expect(FileManager.default.fileExists(atPath: file.path), "\(document) links to \(target), which does not exist")
            guard parts.count == 2, file.pathExtension == "md",
                  let linked = try? String(contentsOfFile: file.path, encoding: .utf8) else { continue }
            let anchors = linked.split(separator: "\n").filter { $0.hasPrefix("#") }.map { Self.anchor(String($0)) }
            #expect(anchors.contains(parts[1]), "\(document) links to \(target), but no heading of \(parts[0]) has that anchor")
        }
    }

    /// The anchor GitHub gives a Markdown heading: lower-cased, punctuation
    /// dropped, spaces as hyphens.
    static func anchor(_ heading: String) -> String {
        let title = heading.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
        return String(title.compactMap { character -> Character? in
            if character == " " { return "-" }
            if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
            return nil
        })
    }
}

import Foundation
import Testing

/// Checks Schemas/rules.schema.json, Schemas/plan.schema.json and
/// Schemas/request-plan.schema.json against the compiler and the runtime,
/// through scripts/check-schemas.sh and a real JSON Schema validator
/// (check-jsonschema). A missing validator makes the script exit 2, so these
/// tests fail, never skip: `make test` installs it.
@Suite struct SchemaTests {
    static let fixturesDirectory = "Tests/Fixtures/compile"

    /// What the script said: its exit status and its standard output and
    /// error, interleaved as a terminal would show them.
    struct ScriptResult {
        var status: Int32
        var output: String
    }

    /// Runs `bash scripts/check-schemas.sh arguments...` in the repository root.
    static func checkSchemas(_ arguments: [String]) throws -> ScriptResult {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let log = scratch.appendingPathComponent("output")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["scripts/check-schemas.sh"] + arguments
        process.currentDirectoryURL = Repository.root
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        return ScriptResult(status: process.terminationStatus, output: output)
    }

    static func describe(_ arguments: [String], _ result: ScriptResult) -> String {
        "scripts/check-schemas.sh \(arguments.joined(separator: " ")) exited \(result.status)"
            + (result.status == 2 ? " (misuse, or check-jsonschema missing: run 'make deps')" : "")
            + ":\n\(result.output)"
    }

    /// The lines of a fixture's `expected.diagnostics`, or nil when it has none yet.
    static func expectedDiagnostics(_ name: String) -> [Substring]? {
        let path = Repository.path("\(fixturesDirectory)/\(name)/expected.diagnostics")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(whereSeparator: \.isNewline)
    }

    static func hasRules(_ name: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: Repository.path("\(fixturesDirectory)/\(name)/rules"), isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// Fixtures with rules whose expected diagnostics have no error: they compile.
    static func validFixtures() -> [String] {
        Repository.subdirectories(fixturesDirectory).filter { name in
            guard hasRules(name), let lines = expectedDiagnostics(name) else { return false }
            return !lines.contains { $0.hasPrefix("error[") }
        }
    }

    /// Fixtures marked with a file named `structural`: their errors are ones
    /// the rules schema must catch too.
    static func structuralFixtures() -> [String] {
        Repository.subdirectories(fixturesDirectory).filter { name in
            FileManager.default.fileExists(atPath: Repository.path("\(fixturesDirectory)/\(name)/structural"))
        }
    }

    /// The files named by the error lines of a fixture's expected diagnostics
    /// (`error[E0103] scenarios/x.yaml:3:5`), relative to the repository root,
    /// each once, in order of first mention.
    static func erroneousFiles(_ name: String) -> [String] {
        var files: [String] = []
        for line in expectedDiagnostics(name) ?? [] where line.hasPrefix("error[") {
            guard let space = line.firstIndex(of: " ") else { continue }
            var place = line[line.index(after: space)...].trimmingCharacters(in: .whitespaces)
            // Drop ":line:column" from the end; the path itself may not contain them.
            for _ in 0..<2 {
                if let colon = place.lastIndex(of: ":"), place[place.index(after: colon)...].allSatisfy(\.isNumber) {
                    place = String(place[..<colon])
                }
            }
            guard !place.isEmpty, place != "-" else { continue }
            let file = "\(fixturesDirectory)/\(name)/rules/\(place)"
            if !files.contains(file) { files.append(file) }
        }
        return files
    }

    @Test func rulesAndValidFixturesAreAccepted() throws {
        let arguments = ["--valid", "Rules"] + Self.validFixtures().map { "\(Self.fixturesDirectory)/\($0)/rules" }
        let result = try Self.checkSchemas(arguments)
        #expect(result.status == 0, "\(Self.describe(arguments, result))")
    }

    @Test func structuralFixturesAreRejected() throws {
        let fixtures = Self.structuralFixtures()
        #expect(!fixtures.isEmpty, "no fixture under \(Self.fixturesDirectory) is marked 'structural'")
        var files: [String] = []
        for name in fixtures {
            let named = Self.erroneousFiles(name)
            #expect(!named.isEmpty, "structural fixture '\(name)' names no file in an error line of its expected.diagnostics")
            files += named
        }
        guard !files.isEmpty else { return }
        let arguments = ["--invalid"] + files
        let result = try Self.checkSchemas(arguments)
        #expect(result.status == 0, "\(Self.describe(arguments, result))")
    }

    @Test func compiledPlansMatchThePlanSchema() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var plans: [String] = []
        let ruleSets = [("plan.json", "Rules")]
            + Self.validFixtures().map { ("fixture-\($0).plan.json", "\(Self.fixturesDirectory)/\($0)/rules") }
        for (file, rules) in ruleSets {
            let plan = scratch.appendingPathComponent(file).path
            let compiled = try CommandRunner.run(["compile", rules, "-o", plan])
            #expect(compiled.status == 0, "tillval compile \(rules) exited \(compiled.status):\n\(compiled.stdout)\(compiled.stderr)")
            if compiled.status == 0 { plans.append(plan) }
        }
        #expect(!plans.isEmpty, "no plan was compiled")
        guard !plans.isEmpty else { return }
        let arguments = ["--plan"] + plans
        let result = try Self.checkSchemas(arguments)
        #expect(result.status == 0, "\(Self.describe(arguments, result))")
    }

    /// The JSON reports of `plan` and `apply` (`--format json`) match
    /// Schemas/request-plan.schema.json: every golden plan report, a fresh
    /// apply run and the same run again (applied, unchanged and unmet
    /// results), and a dry run with invalid requests.
    @Test func planReportsMatchTheReportSchema() throws {
        let scratch = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }

        let plansDirectory = "Tests/Fixtures/plans"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.path(plansDirectory))) ?? []
        var reports = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { "\(plansDirectory)/\($0)" }
        #expect(!reports.isEmpty, "no golden report (*.json) under \(plansDirectory)")

        /// Runs tillval and keeps its standard output as a report file.
        func produce(_ file: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String? {
            let run = try CommandRunner.run(arguments, environment: environment)
            let command = "tillval \(arguments.joined(separator: " "))"
            #expect(!run.stdout.isEmpty, "\(command) printed no report (exit \(run.status)):\n\(run.stderr)")
            guard !run.stdout.isEmpty else { return nil }
            let path = scratch.appendingPathComponent(file).path
            try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }

        let store = scratch.appendingPathComponent("store.sqlite").path
        let now = ["TILLVAL_NOW": "2026-11-29T10:00:00Z"]
        let apply = ["apply", "Examples/customers.jsonl", "--store", store, "--format", "json"]
        let invalid = try produce("invalid.json", ["plan", "Tests/Fixtures/requests/mixed-batch.jsonl", "--format", "json"])
        reports += try [
            produce("apply.json", apply, environment: now),
            produce("apply-again.json", apply, environment: now),
            invalid,
        ].compactMap { $0 }

        let arguments = ["--report"] + reports
        let result = try Self.checkSchemas(arguments)
        #expect(result.status == 0, "\(Self.describe(arguments, result))")

        // The check can fail: a report with a status the schema does not know is a surprise.
        if let invalid {
            let text = try String(contentsOfFile: invalid, encoding: .utf8)
            #expect(text.contains("\"status\" : \"invalid\""), "the report of mixed-batch.jsonl has no invalid result:\n\(text)")
            let broken = scratch.appendingPathComponent("broken.json").path
            try Data(text.replacingOccurrences(of: "\"status\" : \"invalid\"", with: "\"status\" : \"broken\"").utf8)
                .write(to: URL(fileURLWithPath: broken))
            let brokenArguments = ["--report", broken]
            let rejected = try Self.checkSchemas(brokenArguments)
            #expect(rejected.status == 1 && rejected.output.contains("SURPRISE"),
                    "a report with an unknown status should be rejected: \(Self.describe(brokenArguments, rejected))")
        }
    }
}

import Foundation
import Testing
import TillvalTestSupport

/// `tillval diff` on the diff fixtures (Tests/Fixtures/diff, issue 10's
/// "done when"): each fixture is one real edit of the shipped rules, or, for
/// `no-change`, the same rules written differently. Each test composes the
/// fixture's two sides into a fresh directory as `base` and `head` and runs
/// the built binary there (`tillval diff base head`), so the paths the report
/// prints are the same on every machine.
@Suite struct DiffGoldenTests {
    static let fixtures = DiffFixtures.names

    /// What a fixture's edit is, in the terms of the report and its exit code.
    enum Verdict: Sendable {
        case unchanged, changed, breaking

        /// The documented exit codes of `tillval diff`.
        var exitCode: Int32 {
            switch self {
            case .unchanged: 0
            case .changed: 2
            case .breaking: 3
            }
        }
    }

    /// Every fixture's verdict: a previously valid request becomes invalid
    /// only where the product it names is removed or a fact it lacks is now
    /// required.
    static let verdicts: [String: Verdict] = [
        "email-wording": .changed,
        "new-required-fact": .breaking,
        "new-scenario": .changed,
        "no-change": .unchanged,
        "removed-product": .breaking,
        "renamed-procedure": .changed,
        "step-reordered": .changed,
        "when-value-moved": .changed,
    ]

    /// The report's formats and the golden each is pinned by.
    static let formats: [(format: String, golden: String)] = [
        ("text", "expected.text"), ("markdown", "expected.md"), ("json", "expected.json"),
    ]

    /// The part of the JSON report every consumer relies on (format 1):
    /// whether anything changed, and whether a change is breaking.
    struct Summary: Decodable {
        var format: Int
        var changed: Bool
        var breaking: Bool
    }

    /// The fixture composed into a fresh directory (`base/`, `head/`), removed by the caller.
    private func composed(_ name: String) throws -> URL {
        let directory = try CommandRunner.temporaryDirectory().appendingPathComponent(name)
        try DiffFixtures.compose(name, into: directory)
        return directory
    }

    private func diff(_ arguments: [String], in directory: URL) throws -> CommandRunner.Result {
        try CommandRunner.run(["diff", "base", "head"] + arguments, in: directory.path, timeout: 120)
    }

    @Test func everyFixtureHasAVerdict() {
        #expect(Self.fixtures == Self.verdicts.keys.sorted(), "a fixture without a verdict, or a verdict without a fixture")
        #expect(Self.fixtures.count == 8)
    }

    /// Both sides are valid rules, and the fixture holds only what its edit
    /// is about: no file that repeats the one it lays over.
    @Test(arguments: fixtures)
    func bothSidesAreValidRulesAndTheEditIsMinimal(_ name: String) throws {
        let directory = try composed(name)
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        for side in ["base", "head"] {
            let check = try CommandRunner.run(["check", side], in: directory.path, timeout: 120)
            #expect(check.status == 0, "\(name)/\(side): \(check.stdout)\(check.stderr)")
            #expect(check.stdout.contains(" 0 errors, "), "\(name)/\(side): \(check.stdout)")
        }
        let needless = try DiffFixtures.needlessFiles(name, composedAt: directory)
        #expect(needless.isEmpty, "\(name) repeats byte for byte what it lays over: \(needless)")
    }

    /// The whole report, in each format, pinned; the exit code says whether
    /// anything changed and whether a change is breaking.
    @Test(arguments: fixtures)
    func theReportIsPinnedInEveryFormat(_ name: String) throws {
        let verdict = try #require(Self.verdicts[name])
        let directory = try composed(name)
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        for (format, golden) in Self.formats {
            let result = try diff(["--format", format], in: directory)
            #expect(result.status == verdict.exitCode, "\(name) --format \(format): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(name) --format \(format): the report says something, also that nothing changed")
            let mismatch = Repository.compareGolden(result.stdout, "\(DiffFixtures.directory)/\(name)/\(golden)")
            #expect(mismatch == nil, "\(mismatch ?? "")")
        }
        let plain = try diff([], in: directory)
        let text = try diff(["--format", "text"], in: directory)
        #expect(plain.stdout == text.stdout, "text is the default format")
        #expect(plain.status == verdict.exitCode)
    }

    /// No golden needed: the JSON report's verdict agrees with the edit.
    @Test(arguments: fixtures)
    func theJSONSaysWhetherAnythingChangedAndWhetherItBreaks(_ name: String) throws {
        let verdict = try #require(Self.verdicts[name])
        let directory = try composed(name)
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let result = try diff(["--format", "json"], in: directory)
        let summary = try JSONDecoder().decode(Summary.self, from: Data(result.stdout.utf8))
        #expect(summary.format == 1)
        #expect(summary.changed == (verdict != .unchanged), "\(name)")
        #expect(summary.breaking == (verdict == .breaking), "\(name)")
    }

    /// `--requests` plans every customer of Examples/customers.jsonl against
    /// both sides: the registered customers, whose relation moved from one
    /// scenario's `when` to another's, change scenario, effects and email.
    @Test func requestsGiveThePerCustomerSummaryOfAMovedWhenValue() throws {
        let name = "when-value-moved"
        let directory = try composed(name)
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let examples = directory.appendingPathComponent("Examples")
        try FileManager.default.createDirectory(at: examples, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.path("Examples/customers.jsonl"),
                                         toPath: examples.appendingPathComponent("customers.jsonl").path)
        let result = try diff(["--requests", "Examples/customers.jsonl"], in: directory)
        #expect(result.status == Verdict.changed.exitCode, "\(result.stderr)")
        let mismatch = Repository.compareGolden(result.stdout, "\(DiffFixtures.directory)/\(name)/expected.requests.text")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        let json = try diff(["--requests", "Examples/customers.jsonl", "--format", "json"], in: directory)
        #expect(json.status == Verdict.changed.exitCode, "\(json.stderr)")
        let jsonMismatch = Repository.compareGolden(json.stdout, "\(DiffFixtures.directory)/\(name)/expected.requests.json")
        #expect(jsonMismatch == nil, "\(jsonMismatch ?? "")")
    }
}

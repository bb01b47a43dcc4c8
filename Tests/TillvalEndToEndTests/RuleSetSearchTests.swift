import Foundation
import Testing
import TillvalTestSupport

/// `check FILE` looks for the rule set a file belongs to within bounds: the
/// files directly in each directory above it, at most `--max-files` of them
/// and `--max-rule-set-size` bytes in all, up to a repository's root.
@Suite struct RuleSetSearchTests {
    /// `rules/` (with `ruleset.yaml`) holding `repo/sub/x.yaml`, a copy of its products.
    static func nested() throws -> URL {
        let directory = try CommandRunner.temporaryDirectory()
        let rules = directory.appendingPathComponent("rules")
        try FileManager.default.copyItem(atPath: Repository.path("Tests/Fixtures/baselines/minimal"), toPath: rules.path)
        let sub = rules.appendingPathComponent("repo/sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: rules.appendingPathComponent("products.yaml"), to: sub.appendingPathComponent("x.yaml"))
        return directory
    }

    static let foundAbove = "rules/repo/sub/x.yaml:2:5: error[E0201]: product 'lon-anstalld' is declared twice"
    static let aloneInItsDirectory = "error[E0111]: the rule set in 'rules/repo/sub' has no 'facts' declaration"

    @Test func theSearchFindsTheRuleSetAbove() throws {
        let directory = try Self.nested()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CommandRunner.run(["check", "rules/repo/sub/x.yaml"], in: directory.path)
        #expect(result.stderr.contains(Self.foundAbove), "\(result.stderr)")
    }

    @Test func theSearchStopsAtARepositoryRoot() throws {
        let directory = try Self.nested()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("rules/repo/.git"), withIntermediateDirectories: true)
        let result = try CommandRunner.run(["check", "rules/repo/sub/x.yaml"], in: directory.path)
        #expect(result.stderr.contains(Self.aloneInItsDirectory), "\(result.stderr)")
        #expect(!result.stderr.contains("declared twice"))
    }

    @Test func theSearchReadsAtMostTheFileLimit() throws {
        let directory = try Self.nested()
        defer { try? FileManager.default.removeItem(at: directory) }
        // x.yaml, then rules/collaboration … ruleset.yaml: the ruleset document is the seventh file read.
        let few = try CommandRunner.run(["check", "rules/repo/sub/x.yaml", "--max-files", "6"], in: directory.path)
        #expect(few.stderr.contains(Self.aloneInItsDirectory), "\(few.stderr)")
        // Found now (the set of eight files is then over the limit itself, which is another matter).
        let enough = try CommandRunner.run(["check", "rules/repo/sub/x.yaml", "--max-files", "7"], in: directory.path)
        #expect(enough.stderr.contains("the rule set in 'rules'"), "\(enough.stderr)")
        #expect(!enough.stderr.contains("E0111"), "\(enough.stderr)")
    }

    @Test func theSearchReadsAtMostTheRuleSetSizeLimit() throws {
        let directory = try Self.nested()
        defer { try? FileManager.default.removeItem(at: directory) }
        let few = try CommandRunner.run(["check", "rules/repo/sub/x.yaml", "--max-rule-set-size", "200"], in: directory.path)
        #expect(few.stderr.contains(Self.aloneInItsDirectory), "\(few.stderr)")
    }
}

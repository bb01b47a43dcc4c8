import Foundation
import Testing
import TillvalCompiler
import TillvalSyntax

/// Each directory under Tests/Fixtures/compile is a small rule set that
/// breaks one rule; `expected.diagnostics` holds exactly what it must report.
@Suite struct CompileFixtureTests {
    static let fixtures = Repository.subdirectories("Tests/Fixtures/compile")

    /// One line per diagnostic: severity, code, and place relative to the fixture's rules.
    static func golden(_ diagnostics: [Diagnostic], rulesDirectory: String) -> String {
        diagnostics.map { diagnostic in
            let place: String
            if let range = diagnostic.range {
                var file = range.start.file
                if file.hasPrefix(rulesDirectory + "/") { file = String(file.dropFirst(rulesDirectory.count + 1)) }
                place = "\(file):\(range.start.line):\(range.start.column)"
            } else {
                place = "-"
            }
            return "\(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)] \(place)\n"
        }.joined()
    }

    /// The compiler for a fixture: default limits, or those its `limits` file
    /// sets (`max-file-size 200`, one a line), so that a limit can be shown
    /// breaking without a fixture of megabytes.
    static func compiler(_ name: String) -> Compiler {
        var limits = CompileLimits()
        let text = (try? String(contentsOfFile: Repository.path("Tests/Fixtures/compile/\(name)/limits"), encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Int(parts[1]) else { continue }
            switch parts[0] {
            case "max-file-size": limits.maximumFileSize = value
            case "max-rule-set-size": limits.maximumRuleSetSize = value
            case "max-files": limits.maximumFiles = value
            case "max-scalar-size": limits.maximumScalarSize = value
            case "max-diagnostics-per-file": limits.maximumDiagnosticsPerFile = value
            case "max-diagnostics": limits.maximumDiagnostics = value
            default: Issue.record("unknown limit '\(parts[0])' in \(name)/limits")
            }
        }
        return Compiler(limits: limits)
    }

    @Test(arguments: fixtures)
    func fixtureProducesItsGoldenDiagnostics(_ name: String) throws {
        let rules = Repository.path("Tests/Fixtures/compile/\(name)/rules")
        let compilation = Self.compiler(name).compile(directory: rules)
        let actual = Self.golden(compilation.diagnostics, rulesDirectory: rules)
        let mismatch = Repository.compareGolden(actual, "Tests/Fixtures/compile/\(name)/expected.diagnostics")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        #expect(compilation.hasErrors == (compilation.plan == nil), "a plan exists exactly when there is no error")
    }

    /// Every fixture's whole rendered text is pinned too, in `expected.rendered`:
    /// messages, snippets, notes, help, fix-its and the explain lines, as
    /// `tillval check` prints them, so wording cannot regress unseen.
    @Test(arguments: fixtures)
    func fixtureRendersItsGoldenText(_ name: String) throws {
        let rules = Repository.path("Tests/Fixtures/compile/\(name)/rules")
        let compilation = Self.compiler(name).compile(directory: rules)
        let text = TextDiagnosticRenderer(sources: compilation.sources, colored: false).render(compilation.diagnostics)
        // Paths inside the fixture read as relative to it, the fixture's own directory as 'rules',
        // so the golden is the same wherever the repository is checked out.
        let actual = text.replacingOccurrences(of: rules + "/", with: "").replacingOccurrences(of: rules, with: "rules")
        let mismatch = Repository.compareGolden(actual, "Tests/Fixtures/compile/\(name)/expected.rendered")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test func everyCompileCodeHasAFixture() throws {
        var covered: Set<String> = []
        for name in Self.fixtures {
            let text = (try? String(contentsOfFile: Repository.path("Tests/Fixtures/compile/\(name)/expected.diagnostics"), encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                if let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") {
                    covered.insert(String(line[line.index(after: open)..<close]))
                }
            }
        }
        let compileCodes = DiagnosticCode.allCases.filter { !$0.rawValue.hasPrefix("E1") }.map(\.rawValue)
        let missing = compileCodes.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "codes without a fixture: \(missing)")
    }
}

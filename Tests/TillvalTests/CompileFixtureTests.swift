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

    @Test(arguments: fixtures)
    func fixtureProducesItsGoldenDiagnostics(_ name: String) throws {
        let rules = Repository.path("Tests/Fixtures/compile/\(name)/rules")
        let compilation = Compiler().compile(directory: rules)
        let actual = Self.golden(compilation.diagnostics, rulesDirectory: rules)
        let mismatch = Repository.compareGolden(actual, "Tests/Fixtures/compile/\(name)/expected.diagnostics")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        #expect(compilation.hasErrors == (compilation.plan == nil), "a plan exists exactly when there is no error")
    }

    /// Fixtures whose whole rendered text is pinned too, in `expected.rendered`:
    /// messages, snippets, notes, help and the explain lines, as `tillval check` prints them.
    static let renderedFixtures = fixtures.filter {
        FileManager.default.fileExists(atPath: Repository.path("Tests/Fixtures/compile/\($0)/expected.rendered"))
    }

    @Test(arguments: renderedFixtures)
    func fixtureRendersItsGoldenText(_ name: String) throws {
        let rules = Repository.path("Tests/Fixtures/compile/\(name)/rules")
        let compilation = Compiler().compile(directory: rules)
        let text = TextDiagnosticRenderer(sources: compilation.sources, colored: false).render(compilation.diagnostics)
        let actual = text.replacingOccurrences(of: rules + "/", with: "")
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

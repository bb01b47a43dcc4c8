import Foundation
import Testing
import TillvalCompiler
import TillvalSyntax
import TillvalTestSupport

/// Each directory under Tests/Fixtures/compile is a small rule set that
/// breaks one rule; `expected.diagnostics` holds exactly what it must report.
/// A fixture is a baseline rule set plus its own files (see
/// `CompileFixtures` and Tests/Fixtures/README.md); these tests compile the
/// composed rule set.
@Suite struct CompileFixtureTests {
    static let fixtures = CompileFixtures.names

    /// The compiler for a fixture: default limits, or those its `limits` file
    /// sets (`max-file-size 200`, one a line), so that a limit can be shown
    /// breaking without a fixture of megabytes.
    static func compiler(_ name: String) -> Compiler {
        var limits = CompileLimits()
        let text = (try? String(contentsOfFile: Repository.path("\(CompileFixtures.directory)/\(name)/limits"), encoding: .utf8)) ?? ""
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
            case "max-coverage-regions": limits.maximumCoverageRegions = value
            default: Issue.record("unknown limit '\(parts[0])' in \(name)/limits")
            }
        }
        return Compiler(limits: limits)
    }

    @Test(arguments: fixtures)
    func fixtureProducesItsGoldenDiagnostics(_ name: String) throws {
        let rules = CompileFixtures.rules(name)
        let compilation = Self.compiler(name).compile(directory: rules)
        let actual = DiagnosticGolden.lines(compilation.diagnostics, relativeTo: rules)
        let mismatch = Repository.compareGolden(actual, "\(CompileFixtures.directory)/\(name)/expected.diagnostics")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        #expect(compilation.hasErrors == (compilation.plan == nil), "a plan exists exactly when there is no error")
    }

    /// Every fixture's whole rendered text is pinned too, in `expected.rendered`:
    /// messages, snippets, notes, help, fix-its and the explain lines, as
    /// `tillval check` prints them, so wording cannot regress unseen.
    @Test(arguments: fixtures)
    func fixtureRendersItsGoldenText(_ name: String) throws {
        let rules = CompileFixtures.rules(name)
        let compilation = Self.compiler(name).compile(directory: rules)
        let text = TextDiagnosticRenderer(sources: compilation.sources, colored: false).render(compilation.diagnostics)
        // Paths inside the fixture read as relative to it, the fixture's own directory as 'rules',
        // so the golden is the same wherever the repository is checked out.
        let actual = text.replacingOccurrences(of: rules + "/", with: "").replacingOccurrences(of: rules, with: "rules")
        #expect(!actual.contains(CompileFixtures.root.path), "a path outside the fixture leaks into the golden:\n\(actual)")
        let mismatch = Repository.compareGolden(actual, "\(CompileFixtures.directory)/\(name)/expected.rendered")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test func everyCompileCodeHasAFixture() throws {
        var covered: Set<String> = []
        for name in Self.fixtures {
            let text = (try? String(contentsOfFile: Repository.path("\(CompileFixtures.directory)/\(name)/expected.diagnostics"), encoding: .utf8)) ?? ""
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

/// The fixtures' overlays say what each fixture is about, and nothing else:
/// every one composes, every file a fixture keeps differs from the baseline
/// file it replaces, and every baseline file it removes exists.
@Suite struct CompileFixtureOverlayTests {
    @Test func everyFixtureComposes() {
        #expect(CompileFixtures.compositionError == nil, "\(CompileFixtures.compositionError?.description ?? "")")
        #expect(CompileFixtures.names.count >= 90, "fixtures found: \(CompileFixtures.names.count)")
    }

    @Test(arguments: CompileFixtures.names)
    func anOverlayHoldsOnlyWhatDiffersFromItsBaseline(_ name: String) throws {
        guard let overlay = try CompileFixtures.overlay(name) else { return }
        let base = Repository.path("\(CompileFixtures.baselines)/\(overlay.baseline)")
        let baseFiles = CompileFixtures.files(under: base)
        #expect(!baseFiles.isEmpty, "\(name): no baseline '\(overlay.baseline)' under \(CompileFixtures.baselines)")
        let own = Repository.path("\(CompileFixtures.directory)/\(name)/rules")
        for file in CompileFixtures.files(under: own) where baseFiles.contains(file) {
            let mine = FileManager.default.contents(atPath: own + "/" + file)
            #expect(mine != FileManager.default.contents(atPath: base + "/" + file),
                    "\(name)/rules/\(file) is a copy of the baseline's: delete it from the fixture")
        }
        for removed in overlay.removed {
            #expect(baseFiles.contains(removed), "\(name)/overlay removes '\(removed)', which the baseline does not have")
            #expect(!FileManager.default.fileExists(atPath: own + "/" + removed), "\(name) removes '\(removed)' and adds it again")
        }
    }

    /// The composition is exact: the baseline's files, less those removed,
    /// with the fixture's own files laid over them, symbolic links kept as links.
    @Test func aComposedFixtureIsTheBaselineWithTheOverlayLaidOverIt() throws {
        let destination = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: destination) }
        let rules = destination.appendingPathComponent("rules")
        try CompileFixtures.copyRules("e0108-empty-list", to: rules)
        let overlay = try #require(try CompileFixtures.overlay("e0108-empty-list"))
        #expect(overlay == CompileFixtures.Overlay(baseline: "minimal", removed: ["products.yaml"]))
        let baseline = CompileFixtures.files(under: Repository.path("\(CompileFixtures.baselines)/minimal"))
        #expect(CompileFixtures.files(under: rules.path) == baseline.filter { $0 != "products.yaml" })
        let collaboration = try String(contentsOf: rules.appendingPathComponent("collaboration.yaml"), encoding: .utf8)
        #expect(collaboration == (try Repository.text("\(CompileFixtures.directory)/e0108-empty-list/rules/collaboration.yaml")))
        #expect(collaboration != (try Repository.text("\(CompileFixtures.baselines)/minimal/collaboration.yaml")))

        let linked = destination.appendingPathComponent("linked")
        try CompileFixtures.copyRules("e0001-broken-symlink", to: linked)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: linked.appendingPathComponent("broken.yaml").path)
                == "missing-target.yaml")
    }
}

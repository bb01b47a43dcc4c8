import ArgumentParser
import Foundation
import TillvalCompiler
import TillvalReports
import TillvalRuleTests
import TillvalSyntax

/// `tillval test [DIR]`: compiles the rules once and runs the tests they
/// carry (`kind: test`), one line per test, then `N passed, N failed`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the rule set's own tests (kind: test) as dry runs and compare with what they expect.",
        discussion: """
            Compiles the rules in DIR once (with --tests, also the tests in that directory, which may hold only \
            'kind: test' documents), plans each test's request as 'plan' does (nothing is stored) and compares what \
            comes of it with the test's 'expect'. Prints one line per test, 'ok' or 'FAIL' with its id and position; a \
            failure shows what was expected and what came, side by side, with the place of the expectation; the last \
            line is 'N passed, N failed'. With --format junit, writes JUnit XML instead (one testcase per test). \
            When the rules have errors, prints them and exits as 'check' does.
            """ + ExitCodes.helpText(for: .test)
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, junit
    }

    @Argument(help: "The rule directory.")
    var directory = "Rules"

    @Option(help: ArgumentHelp("A directory of more tests, holding only 'kind: test' documents.", valueName: "dir"))
    var tests: String?

    @Option(help: ArgumentHelp("Run only the tests whose id contains this text.", valueName: "text"))
    var filter: String?

    @Option(help: "How to write the results: text, or junit (JUnit XML).")
    var format: Format = .text

    @Option(name: .customLong("min-coverage"), help: ArgumentHelp("Fail the run when the tests cover less than this percentage of the rules.", valueName: "percent"))
    var minimumCoverage: Double?

    @OptionGroup(title: "Limits")
    var limits: LimitOptions

    func validate() throws {
        if let minimumCoverage, !(0...100).contains(minimumCoverage) {
            throw ValidationError("--min-coverage must be a percentage from 0 to 100")
        }
    }

    func run() throws {
        let compilation = tests.map { limits.compiler.compile(directory: directory, tests: $0) } ?? limits.compiler.compile(directory: directory)
        Console.report(compilation)
        try RuleExit.check(compilation)
        guard let plan = compilation.plan else { throw ExitCodes.failure }
        // JUnit is a machine format: its paths are relative to the current directory, as in 'check --format'.
        let current = FileManager.default.currentDirectoryPath
        let runner = format == .junit ? RuleTestRunner(plan: plan, path: { ReportPath.relative($0, to: current) }) : RuleTestRunner(plan: plan)
        let run = runner.run(compilation.tests, filter: filter)
        // A filter that selects nothing is a mistyped filter: passing it would let CI pass having tested nothing.
        if let filter, run.results.isEmpty {
            Console.error("error: no test's id contains '\(filter.escapedForTerminal)' (\(compilation.tests.count) tests)\n")
            throw ExitCodes.failure
        }
        let coverage = RuleCoverage(plan: plan).report(run)
        switch format {
        case .text: Console.write(RuleTestText.render(run, coverage: coverage.lines))
        case .junit:
            Console.write(RuleTestJUnit.render(run, suite: directory, relativeTo: current))
            // Standard output is the XML alone.
            Console.error(coverage.lines.joined(separator: "\n") + "\n")
        }
        if run.failed > 0 { throw ExitCodes.failure }
        if let minimumCoverage, !coverage.meets(minimum: minimumCoverage) { throw ExitCodes.failure }
    }
}

import TillvalRuleTests
import TillvalSyntax

/// A rule-test run for people: one line per test, each failure as two
/// columns (expected | actual, `!` where they differ) under the place of the
/// expectation, and `N passed, N failed` alone on the last line.
enum RuleTestText {
    /// The widest the expected column grows; longer rows push the bar right.
    static let maximumColumn = 60

    /// `coverage`: the lines of the coverage report, printed after the tests and before the counts.
    static func render(_ run: RuleTestRun, coverage: [String] = []) -> String {
        var lines: [String] = []
        for result in run.results {
            let place = "(\(result.location.description.escapedForTerminal))"
            guard !result.passed else {
                lines.append("ok   \(result.id.escapedForTerminal) \(place)")
                continue
            }
            lines.append("FAIL \(result.id.escapedForTerminal) \(place)")
            for failure in result.failures {
                lines += diff(failure).map { "  " + $0 }
            }
        }
        lines += coverage
        lines.append(summary(run))
        return lines.joined(separator: "\n") + "\n"
    }

    /// "3 passed, 1 failed"
    static func summary(_ run: RuleTestRun) -> String {
        "\(run.passed) passed, \(run.failed) failed"
    }

    /// The failure's aspect and place, then its rows side by side.
    static func diff(_ failure: RuleTestFailure) -> [String] {
        let rows = failure.rows.map { (expected: $0.expected.escapedForTerminal, actual: $0.actual.escapedForTerminal, matches: $0.matches) }
        let width = min(maximumColumn, rows.map(\.expected.count).max().map { max($0, "expected".count) } ?? 0)
        func pad(_ text: String) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        var lines = ["\(failure.aspect.word), at \(failure.at.description.escapedForTerminal):",
                     "    " + pad("expected") + " | actual"]
        for row in rows {
            lines.append((row.matches ? "    " : "  ! ") + pad(row.expected) + " | " + row.actual)
        }
        return lines
    }
}

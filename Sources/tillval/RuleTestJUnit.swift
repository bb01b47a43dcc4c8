import TillvalReports
import TillvalRuleTests

/// A rule-test run as JUnit XML: one `testsuite` named after the rule
/// directory, one `testcase` per test (its id; `classname` the file, with
/// `file` and `line`), and per failing test one `failure` whose text is the
/// same side-by-side diff as the text output. Every text is escaped for XML
/// 1.0, and characters XML cannot hold at all are written as `\u{…}`.
///
/// A machine format, like `check`'s: every path (the suite's directory here;
/// a test's file, an expectation's and a refusal's place by the runner, see
/// `TestCommand`) is relative to the current directory when it lies under it
/// (`ReportPath.relative`), so the same command gives the same bytes on any
/// machine whether the rule directory was named absolutely or not.
enum RuleTestJUnit {
    static func render(_ run: RuleTestRun, suite: String, relativeTo directory: String) -> String {
        let suite = ReportPath.relative(directory: suite, to: directory)
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="tillval test" tests="\#(run.results.count)" failures="\#(run.failed)" errors="0">"#,
            #"  <testsuite name="\#(attribute(suite))" tests="\#(run.results.count)" failures="\#(run.failed)" errors="0" skipped="0">"#,
        ]
        for result in run.results {
            let open = #"    <testcase name="\#(attribute(result.id))" classname="\#(attribute(result.location.file))" file="\#(attribute(result.location.file))" line="\#(result.location.line)""#
            guard !result.passed else {
                lines.append(open + "/>")
                continue
            }
            lines.append(open + ">")
            let aspects = result.failures.map(\.aspect.word).joined(separator: ", ")
            let message = "\(result.failures.count) expectation\(result.failures.count == 1 ? "" : "s") not met: \(aspects)"
            let diff = result.failures.flatMap(RuleTestText.diff).joined(separator: "\n")
            lines.append(#"      <failure message="\#(attribute(message))" type="expectation">"# + text(diff) + "</failure>")
            lines.append("    </testcase>")
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text content: `&`, `<`, `>` escaped, and what XML 1.0 cannot hold replaced.
    static func text(_ value: String) -> String { escape(value, inAttribute: false) }

    /// An attribute value in double quotes: quotes and white space that a
    /// parser would normalise are written as character references too.
    static func attribute(_ value: String) -> String { escape(value, inAttribute: true) }

    private static func escape(_ value: String, inAttribute: Bool) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"" where inAttribute: escaped += "&quot;"
            case "'" where inAttribute: escaped += "&apos;"
            case "\t", "\n", "\r":
                // Text keeps tabs and line feeds; a carriage return, or any of them in an attribute, is a reference.
                if inAttribute || scalar == "\r" { escaped += "&#\(scalar.value);" } else { escaped.unicodeScalars.append(scalar) }
            default: escaped += allowed(scalar) ? String(scalar) : visible(scalar)
            }
        }
        return escaped
    }

    /// The characters XML 1.0 allows (`Char`), less the discouraged C1 controls.
    private static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    private static func visible(_ scalar: Unicode.Scalar) -> String {
        "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
    }
}

import Foundation
import TillvalPlan
import TillvalReports
import TillvalRuntime
import TillvalSyntax

/// The requests fuzz target: input bytes → `RequestReader` → bind against a
/// plan → plan each request (the dry run) → the text, Markdown and JSON
/// reports and the summary.
///
/// The layout is picked from the first byte: `{` with another line that
/// starts with `{` is JSON Lines, `{` alone is JSON, anything else is YAML.
public enum RequestsFuzzer {
    public struct Outcome: Sendable {
        public var statuses: [RequestResult.Status]
        /// The invariants the input broke; empty when all hold.
        public var problems: [String]
    }

    public static func layout(of bytes: [UInt8]) -> RequestReader.Layout {
        guard bytes.first == UInt8(ascii: "{") else { return .yaml }
        let newlineBrace: [UInt8] = [UInt8(ascii: "\n"), UInt8(ascii: "{")]
        let lines = bytes.indices.dropLast().contains { bytes[$0] == newlineBrace[0] && bytes[$0 + 1] == newlineBrace[1] }
        return lines ? .jsonLines : .json
    }

    public static func run(_ bytes: [UInt8], plan: Plan) -> Outcome {
        let input = RequestReader.read(SourceFile(path: "request", bytes: bytes), layout: layout(of: bytes))
        var problems: [String] = []
        if input.unreadable != nil { problems.append("bytes in memory were reported unreadable") }
        if input.entries.isEmpty { problems.append("a readable request file gave no entry at all") }

        let runner = RequestRunner(plan: plan)
        var results: [RequestResult] = []
        for entry in input.entries {
            let result = runner.run(entry) { requestPlan, start in
                var handler = DryRunHandler()
                let outcomes = requestPlan.effects.compactMap { try? handler.perform($0, of: requestPlan) }
                return RequestResult(source: start, status: requestPlan.isRunnable ? .planned : .unmet, plan: requestPlan, outcomes: outcomes)
            }
            if result.status == .invalid, result.diagnostics.isEmpty {
                problems.append("a request is invalid without a diagnostic saying why")
            }
            problems += Invariants.positions(of: result.diagnostics, in: input.sources)
            results.append(result)
        }

        for colored in [false, true] {
            var explained: Set<DiagnosticCode> = []
            let report = TextReport(sources: input.sources, colored: colored)
            for result in results { _ = report.render(result, explained: &explained) }
        }
        for result in results { _ = MarkdownReport().render(result) }
        _ = RunSummary(results).text
        let json = JSONReport(mode: .plan, planDigest: plan.digest, results: results).encoded()
        // Read back as the report's own shape (typed, no [String: Any]).
        struct ReportShape: Decodable {
            struct Result: Decodable { var status: String }
            var mode: String
            var results: [Result]
        }
        if (try? JSONDecoder().decode(ReportShape.self, from: json))?.results.count != results.count {
            problems.append("the JSON report is not JSON of the report's shape")
        }
        return Outcome(statuses: results.map(\.status), problems: problems)
    }
}

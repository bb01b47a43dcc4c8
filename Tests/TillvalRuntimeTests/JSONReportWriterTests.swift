import Foundation
import Testing
import TillvalPlan
import TillvalReports
import TillvalRuntime
import TillvalSyntax
import TillvalTestSupport

/// Issue 11, points 1 and 5: the JSON report of a batch is written as it
/// goes, each result straight into bytes (not through `JSONEncoder`), and
/// must be byte for byte the document `JSONEncoder` makes of the same results
/// (`JSONReport.encoded()`, sorted keys, pretty-printed): every status, plan
/// field, optional left out or present, diagnostic with notes and edits, and
/// every character a string may need escaped.
@Suite struct JSONReportWriterTests {
    /// Every character JSON escapes, and some it must not (`/`, non-ASCII, DEL).
    static let awkward = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        + "\"\\/ åäö € 𝄞 \u{7F} \u{2028} end"

    static func results() throws -> [RequestResult] {
        let plan = try #require(ExamplePlans.plan)
        let runner = RequestRunner(plan: plan)
        var results: [RequestResult] = []
        let examples = try FileManager.default.contentsOfDirectory(atPath: Repository.path("Examples")).sorted()
        for example in examples where example.hasSuffix(".yaml") {
            for item in RequestReader.stream(path: Repository.path("Examples/\(example)")) {
                results.append(runner.run(item.entry) { requestPlan, start in
                    var handler = DryRunHandler()
                    let outcomes = requestPlan.effects.compactMap { try? handler.perform($0, of: requestPlan) }
                    return RequestResult(source: start, status: requestPlan.isRunnable ? .planned : .unmet, plan: requestPlan, outcomes: outcomes)
                })
            }
        }
        let planned = try #require(results.first { $0.plan?.awaits != nil && $0.plan?.restrictedTo != nil })
        var plannedPlan = try #require(planned.plan)
        plannedPlan.task = nil
        plannedPlan.outcome = Self.awkward
        let at = SourceLocation(file: "a/\(Self.awkward).yaml", line: 3, column: 7)
        let applied = RequestResult(source: planned.source, status: .applied, plan: planned.plan,
                                    outcomes: planned.plan?.effects.map { EffectOutcome(effect: $0, status: .done, message: "done " + Self.awkward) } ?? [])
        let before = CustomerStatus.Collaboration(
            collaboration: Named(id: "c", name: "C"), product: Named(id: "p", name: "P"), service: Named(id: "s", name: "S"),
            restrictedTo: nil, scenario: "x", status: .approved, awaits: nil, planDigest: "sha256:00",
            activatedAt: "2026-01-01T00:00:00Z", approvedAt: "2026-01-02T00:00:00Z")
        var unapproved = before
        unapproved.approvedAt = nil
        let diagnostic = Diagnostic(.unknownRequestFact, Self.awkward, at: SourceRange(start: at, end: SourceLocation(file: at.file, line: 3, column: 9)),
                                    notes: [DiagnosticNote("first here", at: SourceRange(at: at)), DiagnosticNote("nowhere", at: nil)],
                                    suggestion: Suggestion("did you mean 'x'?", replacing: SourceRange(at: at), with: "x\t\"y\""))
        return results + [
            applied,
            RequestResult(source: at, status: .unchanged, plan: plannedPlan, message: "unchanged", appliedBefore: before),
            RequestResult(source: at, status: .unchanged, plan: plannedPlan, message: nil, appliedBefore: unapproved),
            RequestResult(source: at, status: .refused, customerID: Self.awkward, plan: plannedPlan, message: Self.awkward),
            RequestResult(source: at, status: .invalid, diagnostics: [diagnostic, Diagnostic(.requestTooLarge, "big", at: nil,
                                                                                                suggestion: Suggestion("split it"))]),
            RequestResult(source: at, status: .failed, message: "The store failed"),
        ]
    }

    static func streamed(_ results: [RequestResult], mode: RunMode, digest: String) -> Data {
        var writer = JSONReport.Writer()
        var data = writer.header(mode: mode, planDigest: digest)
        var bytes: [UInt8] = []
        var summary = RunSummary()
        for result in results {
            writer.entry(result, to: &bytes)
            summary.add(result.status)
        }
        data.append(contentsOf: bytes)
        data.append(writer.footer(summary: summary))
        return data
    }

    @Test func theStreamedReportIsTheEncodedDocument() throws {
        let results = try Self.results()
        #expect(results.count > 10)
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        for mode in RunMode.allCases {
            let expected = JSONReport(mode: mode, planDigest: digest, results: results).encoded()
            let written = Self.streamed(results, mode: mode, digest: digest)
            // Bytes, not strings: String == is canonical equivalence and would let a different normalisation pass.
            #expect(written == expected)
        }
        // One result at a time, and none: the brackets of an empty array are the encoder's too.
        for slice in [Array(results.prefix(1)), []] {
            #expect(Self.streamed(slice, mode: .plan, digest: digest) == JSONReport(mode: .plan, planDigest: digest, results: slice).encoded())
        }
    }

    /// Text is scanned eight bytes at a time: every character that needs escaping, at every place
    /// in and around a word, in texts of every length up to three words, is escaped as the encoder does.
    @Test func escapingIsFoundWhereverItFalls() {
        let at = SourceLocation(file: "f", line: 1, column: 1)
        var results: [RequestResult] = []
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\t"] {
            for length in 0..<25 {
                for place in 0..<max(length, 1) {
                    var text = Array(repeating: "å", count: length).joined()
                    if length > 0 {
                        let index = text.index(text.startIndex, offsetBy: place)
                        text.replaceSubrange(index...index, with: special)
                    }
                    results.append(RequestResult(source: at, status: .failed, message: text + "/" + String(repeating: "x", count: length)))
                }
            }
        }
        let digest = "sha256:00"
        #expect(Self.streamed(results, mode: .apply, digest: digest) == JSONReport(mode: .apply, planDigest: digest, results: results).encoded())
    }
}

/// A `RequestPlan` keeps its fields in a shared box, copied on write: a copy
/// changed alone changes nothing else, and plans compare by their fields.
@Suite struct RequestPlanValueTests {
    @Test func aCopyChangesAloneAndPlansCompareByValue() throws {
        let planned = try #require(try JSONReportWriterTests.results().compactMap(\.plan).first { $0.task != nil && !$0.effects.isEmpty })
        var copy = planned
        #expect(copy == planned)
        copy.task = "another task"
        copy.effects.removeLast()
        copy.scenario.matched = []
        #expect(planned.task != "another task" && copy.task == "another task")
        #expect(planned.effects.count == copy.effects.count + 1 && !planned.scenario.matched.isEmpty)
        #expect(copy != planned)
        copy.task = planned.task
        copy.effects = planned.effects
        copy.scenario = planned.scenario
        // Equal again, though each has a box of its own.
        #expect(copy == planned)
    }
}

import ArgumentParser
import Foundation
import TillvalPlan
import TillvalReports
import TillvalRuntime
import TillvalStore
import TillvalSyntax

/// Prints each request's result as it comes and a summary at the end (or
/// one JSON document), with a progress line on a terminal for long runs.
struct RequestRun {
    let plan: Plan
    let format: ReportFormat
    let mode: RunMode

    /// How many request diagnostics one run shows, like the compiler's cap.
    static let maximumDiagnostics = 500

    /// The requests of `path`, or an exit (66) when the file cannot be read.
    static func read(_ path: String, limits: InputLimits) throws -> RequestReader.Output {
        let input = RequestReader.read(path: path, limits: limits)
        if let unreadable = input.unreadable {
            Console.report([unreadable], sources: SourceMap())
            throw ExitCodes.unreadable
        }
        return input
    }

    /// Runs `perform` on each request that reads, binds and plans; returns the run's exit code.
    func run(_ input: RequestReader.Output, perform: (RequestPlan, SourceLocation) -> RequestResult) -> ExitCode {
        let runner = RequestRunner(plan: plan)
        let text = TextReport(sources: input.sources, colored: Console.colored(fileDescriptor: 1))
        let progress = Progress(total: input.entries.count)
        var results: [RequestResult] = []
        var explained: Set<DiagnosticCode> = []
        var cap = DiagnosticCap()
        for entry in input.entries {
            progress.tick(entry.start)
            var result = runner.run(entry, perform: perform)
            progress.clear()
            cap.apply(to: &result)
            switch format {
            case .text: Console.write(text.render(result, explained: &explained) + "\n")
            case .markdown: Console.write(MarkdownReport().render(result))
            case .json: break
            }
            results.append(result)
        }
        if let note = cap.note {
            if format == .json { Console.error(note) } else { Console.write(note) }
        }
        switch format {
        case .json:
            Console.writeData(JSONReport(mode: mode, planDigest: plan.digest, results: results).encoded())
        case .text:
            Console.write(RunSummary(results).text + "\n")
        case .markdown:
            if results.count > 1 { Console.write("**Summary:** " + RunSummary(results).text + "\n") }
        }
        return ExitCodes.of(results)
    }
}

/// At most `RequestRun.maximumDiagnostics` request diagnostics per run are
/// kept and shown; the rest are counted (a request's status still says it was
/// invalid). Shared by every command that runs requests.
struct DiagnosticCap {
    private var shown = 0, omitted = 0

    /// Drops the diagnostics of `result` over the cap, counting them.
    mutating func apply(to result: inout RequestResult) {
        if shown + result.diagnostics.count > RequestRun.maximumDiagnostics {
            let kept = max(0, RequestRun.maximumDiagnostics - shown)
            omitted += result.diagnostics.count - kept
            result.diagnostics = Array(result.diagnostics.prefix(kept))
        }
        shown += result.diagnostics.count
    }

    /// The line that says how many were not shown; nil when none were dropped.
    var note: String? {
        guard omitted > 0 else { return nil }
        return "\(omitted) more request diagnostic\(omitted == 1 ? "" : "s") not shown (at most \(RequestRun.maximumDiagnostics) per run)\n"
    }
}

/// A one-line progress indicator on a terminal (standard error), for long runs only.
final class Progress {
    private let total: Int
    private let enabled: Bool
    private var done = 0

    init(total: Int) {
        self.total = total
        enabled = total >= 20 && Console.colored(fileDescriptor: 2)
    }

    func tick(_ location: SourceLocation) {
        done += 1
        guard enabled else { return }
        Console.error("\r\u{1B}[K[\(done)/\(total)] \(location.description)")
    }

    func clear() {
        guard enabled else { return }
        Console.error("\r\u{1B}[K")
    }
}

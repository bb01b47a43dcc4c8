import ArgumentParser
import Foundation
import TillvalPlan
import TillvalReports
import TillvalRuntime
import TillvalStore
import TillvalSyntax

/// Reads, runs and prints one request at a time (issue 11): nothing of a
/// request is kept once it is printed, so a run's memory does not grow with
/// its number of requests. Text and markdown print each result as it comes
/// and a summary at the end; JSON is one document whose `results` array is
/// written as it goes. A progress line on a terminal for long runs.
struct RequestRun {
    let plan: Plan
    let format: ReportFormat
    let mode: RunMode

    /// How many request diagnostics one run shows, like the compiler's cap.
    static let maximumDiagnostics = 500

    /// The requests of `path` one at a time, or an exit (66) when it cannot be read at all.
    static func open(_ path: String, limits: InputLimits) throws -> RequestStream {
        let stream = RequestReader.stream(path: path, limits: limits)
        if let unreadable = stream.unreadable {
            Console.report([unreadable], sources: SourceMap())
            throw ExitCodes.unreadable
        }
        return stream
    }

    /// Runs `perform` on each request that reads, binds and plans; returns the run's exit code.
    func run(_ input: RequestStream, perform: (RequestPlan, SourceLocation) -> RequestResult) throws -> ExitCode {
        let runner = RequestRunner(plan: plan)
        var printer = Printer(plan: plan, format: format, mode: mode)
        let progress = Progress()
        while true {
            // A slow producer: what is printed so far is written before waiting for it.
            if input.wouldWait { printer.flush() }
            guard let item = input.next() else { break }
            progress.tick(item.entry.start)
            let result = runner.run(item.entry, perform: perform)
            progress.clear()
            printer.print(result, source: item.source)
        }
        return try printer.finish(input)
    }

    /// Applies each request through `ApplyBatch`: every request goes to
    /// `add` in file order (one that does not plan with its settled result
    /// and no plan), and the results `add` and `finish` give back are
    /// printed in that order, each only once its group is durable.
    func apply(_ input: RequestStream, store: Store, groupSize: Int) throws -> ExitCode {
        /// A request waiting for its group: what its result is made from. A
        /// planned request keeps no source (an apply result quotes none); a
        /// settled one keeps its lines for its diagnostics, and they count
        /// towards the group's byte cap.
        /// A class: the batch hands it on several times, each a reference, not a copy of the plan.
        final class Pending {
            let start: SourceLocation
            let source: SourceFile?
            let plan: RequestPlan?
            let settled: RequestResult?

            init(start: SourceLocation, source: SourceFile? = nil, plan: RequestPlan? = nil, settled: RequestResult? = nil) {
                self.start = start
                self.source = source
                self.plan = plan
                self.settled = settled
            }
        }
        let runner = RequestRunner(plan: plan)
        var printer = Printer(plan: plan, format: format, mode: mode)
        let progress = Progress()
        var batch = ApplyBatch<Pending>(store: store, groupSize: groupSize)
        func print(_ completed: [ApplyBatch<Pending>.Completed]) {
            for (pending, outcome) in completed {
                let result = pending.settled ?? pending.plan.map { Self.result(of: outcome, plan: $0, start: pending.start) }
                    ?? RequestResult(source: pending.start, status: .failed, message: "The store gave no result for this request.")
                printer.print(result, source: pending.source)
            }
        }
        while true {
            // A slow producer: the group read so far commits and is printed before waiting for it.
            if input.wouldWait {
                print(batch.finish())
                printer.flush()
            }
            guard let item = input.next() else { break }
            progress.tick(item.entry.start)
            let completed: [ApplyBatch<Pending>.Completed]
            switch runner.prepare(item.entry) {
            case .success(let requestPlan):
                completed = batch.add(Pending(start: item.entry.start, plan: requestPlan), plan: requestPlan,
                                      bytes: item.source?.bytes.count ?? 0)
            case .failure(let failure):
                let result = RequestResult(source: item.entry.start, status: .invalid, diagnostics: failure.diagnostics)
                completed = batch.add(Pending(start: item.entry.start, source: item.source, settled: result), plan: nil,
                                      bytes: item.source?.bytes.count ?? 0)
            }
            progress.clear()
            print(completed)
        }
        print(batch.finish())
        return try printer.finish(input)
    }

    /// What `apply` says of one request the store was given.
    static func result(of outcome: Result<ApplyResult, any Error>?, plan requestPlan: RequestPlan, start: SourceLocation) -> RequestResult {
        do {
            guard let outcome else {
                return RequestResult(source: start, status: .failed, plan: requestPlan, message: "The store gave no result for this request.")
            }
            let applied = try outcome.get()
            if applied.changedAnything {
                return RequestResult(source: start, status: .applied, plan: requestPlan, outcomes: applied.outcomes)
            }
            return RequestResult(source: start, status: .unchanged, plan: requestPlan, outcomes: applied.outcomes,
                                 message: applied.appliedBefore?.appliedUnder
                                    ?? "unchanged: the store already held every effect of this request",
                                 appliedBefore: applied.appliedBefore)
        } catch let refusal as ApplyRefusal {
            if case .preconditionUnmet = refusal {
                return RequestResult(source: start, status: .unmet, plan: requestPlan, message: refusal.message)
            }
            return RequestResult(source: start, status: .refused, plan: requestPlan, message: refusal.message)
        } catch {
            return RequestResult(source: start, status: .failed, plan: requestPlan,
                                 message: "The store failed and nothing of this request was applied: \(error)")
        }
    }

    /// Prints results as they come and keeps only counts: the summary, the
    /// statuses for the exit code, the diagnostic cap. Output is written in
    /// pieces of 64 KiB, or per request on a terminal.
    struct Printer {
        let format: ReportFormat
        private var text: TextReport
        private var json = JSONReport.Writer()
        private var summary = RunSummary()
        private var statuses: Set<RequestStatus> = []
        private var explained: Set<DiagnosticCode> = []
        private var cap = DiagnosticCap()
        private var output: [UInt8] = []
        private let flushEach = isatty(1) == 1
        static let pieceSize = 1 << 16

        init(plan: Plan, format: ReportFormat, mode: RunMode) {
            self.format = format
            text = TextReport(sources: SourceMap(), colored: Console.colored(fileDescriptor: 1))
            output.reserveCapacity(Self.pieceSize * 2)
            if format == .json { Console.writeData(json.header(mode: mode, planDigest: plan.digest)) }
        }

        mutating func print(_ result: RequestResult, source: SourceFile?) {
            // Only a result with diagnostics can be changed by the cap: the others are not copied.
            guard result.diagnostics.isEmpty else {
                var capped = result
                cap.apply(to: &capped)
                return emit(capped, source: source)
            }
            emit(result, source: source)
        }

        private mutating func emit(_ result: RequestResult, source: SourceFile?) {
            summary.add(result.status)
            statuses.insert(result.status)
            switch format {
            case .text:
                text.sources = SourceMap(source.map { [$0] } ?? [])
                output.append(contentsOf: text.render(result, explained: &explained).utf8)
                output.append(UInt8(ascii: "\n"))
            case .markdown: output.append(contentsOf: MarkdownReport().render(result).utf8)
            case .json: json.entry(result, to: &output)
            }
            if flushEach || output.count >= Self.pieceSize { flush() }
        }

        mutating func flush() {
            guard !output.isEmpty else { return }
            // Written from the buffer itself: `Data(output)` copied each 64 KiB piece first.
            output.withUnsafeMutableBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                Console.writeData(Data(bytesNoCopy: base, count: bytes.count, deallocator: .none))
            }
            output.removeAll(keepingCapacity: true)
        }

        /// The end of the run: the note of the cap, the summary; the exit
        /// code (66 when the input stopped being readable half-way).
        mutating func finish(_ input: RequestStream) throws -> ExitCode {
            flush()
            if let note = cap.note {
                if format == .json { Console.error(note) } else { Console.write(note) }
            }
            switch format {
            case .json:
                Console.writeData(json.footer(summary: summary))
            case .text:
                Console.write(summary.text + "\n")
            case .markdown:
                if summary.total > 1 { Console.write("**Summary:** " + summary.text + "\n") }
            }
            if let unreadable = input.unreadable {
                Console.report([unreadable], sources: SourceMap())
                throw ExitCodes.unreadable
            }
            return ExitCodes.of(statuses)
        }
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

/// A one-line progress indicator on a terminal (standard error), for long
/// runs only: a stream does not know its total, so the line shows how many
/// requests have been read and where the current one starts, from the
/// `shownFrom`th request on.
final class Progress {
    static let shownFrom = 20
    private let enabled: Bool
    private var done = 0

    init() {
        enabled = Console.colored(fileDescriptor: 2)
    }

    func tick(_ location: SourceLocation) {
        done += 1
        guard enabled, done >= Self.shownFrom else { return }
        Console.error("\r\u{1B}[K[\(done)] \(location.description)")
    }

    func clear() {
        guard enabled, done >= Self.shownFrom else { return }
        Console.error("\r\u{1B}[K")
    }
}

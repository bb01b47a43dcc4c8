import Foundation
import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// Runs every request of a file through bind → plan → an action (the dry
/// run or the store), printing each result as it comes and a summary at
/// the end. One bad request never stops the others.
struct RequestRun {
    let plan: Plan
    let format: ReportFormat
    let mode: String

    /// Runs `action` on each request that binds and plans; returns the exit code.
    func run(path: String, action: (RequestPlan, SourceLocation) -> RequestResult) -> Int32 {
        let input = RequestReader.read(path: path)
        var results: [RequestResult] = []
        let binder = RequestBinder(plan: plan)
        let planner = RequestPlanner(plan: plan)

        // Reading problems become one invalid result per line that has them (a JSON Lines
        // file has one request a line); they are reported in file order with the requests.
        enum Item {
            case unreadable(SourceLocation, [Diagnostic])
            case document(RequestDocument)
            var start: SourceLocation {
                switch self {
                case .unreadable(let start, _): return start
                case .document(let document): return document.start
                }
            }
        }
        var items = input.documents.map(Item.document)
        for (line, diagnostics) in Dictionary(grouping: input.diagnostics, by: { $0.range?.start.line ?? 0 }) {
            items.append(.unreadable(diagnostics.first?.range?.start ?? SourceLocation(file: path, line: max(line, 1), column: 1), diagnostics))
        }
        items.sort { ($0.start.line, $0.start.column) < ($1.start.line, $1.start.column) }

        let colored = Console.colored(fileDescriptor: 1)
        let text = TextReport(sources: input.sources, colored: colored)
        let progress = Progress(total: items.count)
        for item in items {
            progress.tick(item.start)
            let result: RequestResult
            switch item {
            case .unreadable(let start, let diagnostics):
                result = RequestResult(source: start, status: .invalid, diagnostics: diagnostics)
            case .document(let document):
                switch binder.bind(document) {
                case .failure(let failure):
                    result = RequestResult(source: document.start, status: .invalid, diagnostics: failure.diagnostics)
                case .success(let request):
                    switch planner.plan(request) {
                    case .failure(let failure):
                        result = RequestResult(source: document.start, status: .invalid, customerID: request.customerID, diagnostics: failure.diagnostics)
                    case .success(let requestPlan):
                        result = action(requestPlan, document.start)
                    }
                }
            }
            progress.clear()
            emit(result, text: text)
            results.append(result)
        }
        if input.documents.isEmpty, input.diagnostics.isEmpty {
            let empty = RequestResult(source: SourceLocation(file: path, line: 1, column: 1), status: .invalid,
                                      diagnostics: [Diagnostic(.missingRequestFact, "the request file holds no request", at: nil)])
            emit(empty, text: text)
            results.append(empty)
        }
        switch format {
        case .json:
            Console.writeData(JSONReport(mode: mode, planDigest: plan.digest, results: results).encoded())
        case .text, .markdown:
            if results.count > 1 || format == .text {
                Console.write((format == .markdown ? "**Summary:** " : "") + RunSummary(results).text + "\n")
            }
        }
        return RequestResult.exitCode(results)
    }

    private func emit(_ result: RequestResult, text: TextReport) {
        switch format {
        case .text: Console.write(text.render(result) + "\n")
        case .markdown: Console.write(MarkdownReport().render(result))
        case .json: break
        }
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

import ArgumentParser
import TillvalPlan
import TillvalReports
import TillvalRuntime
import TillvalStore
import TillvalSyntax

/// `tillval outbox` lists queued emails; `deliver` writes them out;
/// `requeue` replaces undelivered ones with the current wording.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List queued emails, deliver them as .eml files, or requeue them with the current wording.",
        discussion: "Opens an existing store only ('apply' creates it); each subcommand's help lists its exit codes.",
        subcommands: [OutboxListCommand.self, OutboxDeliverCommand.self, OutboxRequeueCommand.self],
        defaultSubcommand: OutboxListCommand.self
    )
}

/// `tillval outbox [list]`.
struct OutboxListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List queued emails (oldest first).",
        discussion: "--format json prints them with subject, body and sender as stable JSON (Schemas/outbox.schema.json)."
            + ExitCodes.helpText(for: .outbox)
    )

    @Flag(help: "Include delivered emails.")
    var all = false

    @Option(help: "Output format: text (for people) or json (stable).")
    var format: StoreReportFormat = .text

    @OptionGroup var storeOptions: ExistingStoreOptions

    func run() throws {
        let store = try storeOptions.openForReading()
        let entries: [OutboxEntry]
        do {
            entries = try store.outbox(includeDelivered: all)
        } catch {
            Console.error("tillval: cannot read the store: \(Excerpt.of(String(describing: error), limit: 200))\n")
            throw ExitCodes.unreadable
        }
        switch format {
        case .json:
            Console.writeData(OutboxJSON(entries).encoded())
        case .text:
            for entry in entries { Console.write(entry.line.escapedForTerminal + "\n") }
            Console.write("\(entries.count) email\(entries.count == 1 ? "" : "s")\(all ? "" : " queued")\n")
        }
    }
}

/// `tillval outbox deliver --to-dir DIR [--from ADDRESS] [--reclaim]`.
struct OutboxDeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Write each queued email as an RFC 5322 .eml file and mark it delivered, exactly once.",
        discussion: """
            From: is the accounting office: office.name as the display name and office.email as the address, when the \
            rules declare an office.email fact of type email and the request gave it; otherwise the address given with \
            --from. Nothing is written while an email has no sender. Message-ID is random per email, at the \
            sender's domain; Date is when the email was queued. Each email is claimed in the store before its file is \
            written (atomically) and marked delivered after, so deliveries running at the same time never write one \
            email twice; an email claimed by a delivery that died is written by the next delivery into the same \
            directory, under the same name. An email that cannot be written is reported and stays queued; the others \
            are delivered.
            """ + ExitCodes.helpText(for: .outboxDeliver)
    )

    @Option(name: .customLong("to-dir"), help: "The directory to write .eml files into (created if missing).")
    var directory: String

    @Option(name: .long, help: "The office's address, for emails whose request gave no office.email.")
    var from: String?

    @Flag(name: .long, help: "Also deliver emails claimed by a delivery into another directory that died.")
    var reclaim = false

    @OptionGroup var storeOptions: ExistingStoreOptions

    func run() throws {
        let store = try storeOptions.open()
        let report: OutboxDelivery.Report
        do {
            report = try OutboxDelivery.deliver(store: store, toDirectory: directory, from: from, reclaim: reclaim)
        } catch let problem as OutboxDelivery.Problem {
            Console.error("tillval: nothing delivered: \(problem.message)\n")
            if case .unusableDirectory = problem { throw ExitCodes.storeFailure }
            throw ExitCodes.usage
        } catch let error as StoreError {
            Console.error("tillval: delivery stopped: \(error.message)\n")
            throw ExitCodes.storeFailure
        } catch {
            Console.error("tillval: delivery stopped: the store failed: \(Excerpt.of(String(describing: error), limit: 200))\n")
            throw ExitCodes.storeFailure
        }
        for item in report.delivered { Console.write("delivered \(item.path.escapedForTerminal)\n") }
        for failure in report.failed { Console.error("tillval: \(failure.message)\n") }
        for line in report.claimedElsewhereLines { Console.write(line + "\n") }
        var summary = "\(report.delivered.count) email\(report.delivered.count == 1 ? "" : "s") delivered"
        if !report.failed.isEmpty { summary += ", \(report.failed.count) could not be written" }
        if !report.claimedElsewhere.isEmpty { summary += ", \(report.claimedElsewhere.count) claimed by another delivery" }
        Console.write(summary + "\n")
        if !report.failed.isEmpty { throw ExitCodes.storeFailure }
    }
}

/// `tillval outbox requeue REQUEST`.
struct OutboxRequeueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requeue",
        abstract: "Replace the queued, undelivered emails of applied requests with the wording the rules give now.",
        discussion: """
            Plans each request of REQUEST again (as 'apply' does) and, for each email it sends, replaces the subject, body \
            and sender of the email queued for that customer and collaboration; a replaced email gets a new Message-ID and \
            Date. A delivered email is never replaced. The request must match what was applied (the same product and \
            scenario).
            """ + ExitCodes.helpText(for: .outboxRequeue)
    )

    @Argument(help: "The request file, as given to 'apply'.")
    var request: String

    @OptionGroup var source: PlanSourceOptions

    @OptionGroup var inputLimits: InputLimitOptions

    @Option(name: .long, help: "With --plan: the rule directory the plan was compiled from, checked for changes since.")
    var sourceRules = "Rules"

    @Flag(name: .long, help: "Use a plan file even though its rules have changed since it was compiled.")
    var allowStalePlan = false

    @Option(help: "Only the email with this id in the rules.")
    var template: String?

    @OptionGroup var storeOptions: ExistingStoreOptions

    func run() throws {
        let plan = try source.load()
        let input = try RequestRun.open(request, limits: inputLimits.limits)
        try PlanFreshness.refuseIfStale(plan, from: source, sourceRules: sourceRules, allowed: allowStalePlan, doing: "use")
        let store = try storeOptions.open()
        let runner = RequestRunner(plan: plan)
        var text = TextReport(sources: SourceMap(), colored: Console.colored(fileDescriptor: 1))
        var counts: [RequeueOutcome.Status: Int] = [:]
        var worst = ExitCodes.success
        func raise(_ code: ExitCode) {
            let order = [ExitCodes.success, ExitCodes.failure, ExitCodes.refused, ExitCodes.dataError, ExitCodes.storeFailure]
            if (order.firstIndex(of: code) ?? 0) > (order.firstIndex(of: worst) ?? 0) { worst = code }
        }
        var requests = 0
        var cap = DiagnosticCap()
        // One request at a time (issue 11): read, planned, requeued, printed and forgotten.
        while let item = input.next() {
            let entry = item.entry
            requests += 1
            let requestPlan: RequestPlan
            switch runner.prepare(entry) {
            case .failure(let failure):
                var result = RequestResult(source: entry.start, status: .invalid, diagnostics: failure.diagnostics)
                cap.apply(to: &result)
                text.sources = item.sources
                Console.write(text.render(result) + "\n")
                raise(ExitCodes.dataError)
                continue
            case .success(let planned):
                requestPlan = planned
            }
            var out = "Request \(entry.start.description) — customer \(requestPlan.customerID)\n"
            do {
                for outcome in try store.requeue(requestPlan, template: template) {
                    counts[outcome.status, default: 0] += 1
                    let what = "'\(outcome.template)'" + (outcome.id.map { " (outbox #\($0))" } ?? "")
                    switch outcome.status {
                    case .refused:
                        out += "  error: \(what): refused: \(outcome.message)\n"
                        raise(ExitCodes.refused)
                    case .notQueued:
                        out += "  \(what): not queued: \(outcome.message)\n"
                        raise(ExitCodes.failure)
                    case .replaced, .unchanged:
                        out += "  \(what): \(outcome.message)\n"
                    }
                }
            } catch let error as RequeueError {
                if case .conflict = error {
                    out += "  error: refused: \(error.message)\n"
                    raise(ExitCodes.refused)
                } else {
                    out += "  error: \(error.message)\n"
                    raise(ExitCodes.failure)
                }
            } catch {
                out += "  error: the store failed and nothing of this request was requeued: \(Excerpt.of(String(describing: error), limit: 200))\n"
                raise(ExitCodes.storeFailure)
            }
            Console.write(out.escapedForTerminalKeepingLines + "\n")
        }
        if let note = cap.note { Console.write(note) }
        let parts = RequeueOutcome.Status.allCases.compactMap { status in
            counts[status].map { "\($0) \(status.rawValue)" }
        }
        Console.write("\(requests) request\(requests == 1 ? "" : "s"), emails: " + (parts.isEmpty ? "none" : parts.joined(separator: ", ")) + "\n")
        // Stopped being readable half-way: what was read before it was requeued, and said so above.
        if let unreadable = input.unreadable {
            Console.report([unreadable], sources: SourceMap())
            throw ExitCodes.unreadable
        }
        if worst != ExitCodes.success { throw worst }
    }
}

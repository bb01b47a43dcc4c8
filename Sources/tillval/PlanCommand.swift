import ArgumentParser
import TillvalRuntime

/// `tillval plan REQUEST`: the dry run. Changes nothing, anywhere.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print what would happen for one or many customers, changing nothing.",
        discussion: """
            REQUEST is a YAML file (one or more documents), a .json file, or a .jsonl file with one request per line; '-' reads standard input. \
            Exit codes: 0 every request is runnable; 2 a precondition is unmet; 65 a request is malformed; 66 the request file cannot be read; 1 the rules have errors.
            """
    )

    @Argument(help: "The request file.")
    var request: String

    @OptionGroup var source: PlanSourceOptions

    @Option(help: "Output format: text (for people), json (stable) or markdown.")
    var format: ReportFormat = .text

    func run() throws {
        let plan = try source.load()
        let input = try RequestRun.read(request)
        let code = RequestRun(plan: plan, format: format, mode: "plan").run(input) { requestPlan, start in
            var handler = DryRunHandler()
            let outcomes = requestPlan.effects.compactMap { try? handler.perform($0, of: requestPlan) }
            return RequestResult(source: start, status: requestPlan.isRunnable ? .planned : .unmet, plan: requestPlan, outcomes: outcomes)
        }
        if code != ExitCodes.success { throw code }
    }
}

import ArgumentParser
import TillvalReports
import TillvalRuntime

/// `tillval plan REQUEST`: the dry run. Changes nothing, anywhere.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print what would happen for one or many customers, changing nothing.",
        discussion: """
            REQUEST is a YAML file (one or more documents), a .json file, or a .jsonl file with one request per line; '-' reads standard input. \
            With --plan FILE, a warning on standard error says when the plan is stale (see --source-rules); the exit code does not change. \
            With many requests, the exit code is the most serious among them (65, then 2).
            """ + ExitCodes.helpText(for: .plan)
    )

    @Argument(help: "The request file.")
    var request: String

    @OptionGroup var source: PlanSourceOptions

    @OptionGroup var inputLimits: InputLimitOptions

    @Option(name: .long, help: "With --plan: the rule directory the plan was compiled from; a warning says when it has changed since.")
    var sourceRules = "Rules"

    @Option(help: "Output format: text (for people), json (stable) or markdown.")
    var format: ReportFormat = .text

    func run() throws {
        let plan = try source.load()
        // A dry run of a stale plan is still worth seeing: warn, never refuse.
        if source.planFile != nil, let problem = PlanFreshness.problem(plan, sourceRules: sourceRules) {
            Console.error("tillval: warning: \(problem.message)\n  \(problem.remedy); the dry run below uses the plan file as it is\n\n")
        }
        let input = try RequestRun.open(request, limits: inputLimits.limits)
        let code = try RequestRun(plan: plan, format: format, mode: .plan).run(input) { requestPlan, start in
            var handler = DryRunHandler()
            let outcomes = requestPlan.effects.compactMap { try? handler.perform($0, of: requestPlan) }
            return RequestResult(source: start, status: requestPlan.isRunnable ? .planned : .unmet, plan: requestPlan, outcomes: outcomes)
        }
        if code != ExitCodes.success { throw code }
    }
}

import ArgumentParser
import TillvalCompiler
import TillvalPlan
import TillvalReports
import TillvalRuntime
import TillvalStore

/// `tillval apply REQUEST`: runs the effects against the store, all of one
/// request in one transaction, and only once.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Run the plan's effects for one or many customers against the store.",
        discussion: """
            Each request's effects commit together or not at all. Applying a request again (the same customer, collaboration, \
            product and scenario) changes nothing and succeeds, pending or approved, even when the rules now word its emails \
            otherwise ('tillval outbox requeue' replaces undelivered ones); another product or scenario for a collaboration the \
            customer has is refused. Creates the store on first use. With many requests, the exit code is the most \
            serious among them (74, then 65, then 3, then 2).
            """ + ExitCodes.helpText(for: .apply)
    )

    @Argument(help: "The request file.")
    var request: String

    @OptionGroup var source: PlanSourceOptions

    @OptionGroup var inputLimits: InputLimitOptions

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "With --plan: the rule directory the plan was compiled from, checked for changes since.")
    var sourceRules = "Rules"

    @Flag(name: .long, help: "Apply a plan file even though its rules have changed since it was compiled.")
    var allowStalePlan = false

    @Option(help: "Output format: text (for people), json (stable) or markdown.")
    var format: ReportFormat = .text

    func run() throws {
        let plan = try source.load()
        let input = try RequestRun.open(request, limits: inputLimits.limits)
        try PlanFreshness.refuseIfStale(plan, from: source, sourceRules: sourceRules, allowed: allowStalePlan, doing: "apply")
        let store = try storeOptions.open()
        let code = try RequestRun(plan: plan, format: format, mode: .apply).apply(input, store: store, groupSize: storeOptions.groupSize)
        if code != ExitCodes.success { throw code }
    }
}

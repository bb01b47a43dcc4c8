import ArgumentParser
import TillvalCompiler
import TillvalPlan
import TillvalRuntime

/// `tillval apply REQUEST`: runs the effects against the store, all of one
/// request in one transaction, and only once.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Run the plan's effects for one or many customers against the store.",
        discussion: """
            Each request's effects commit together or not at all; applying the same request again changes nothing. \
            Exit codes: 0 applied (or already applied); 2 a precondition is unmet; 3 refused (a conflict with the store, \
            or a plan file that is stale or cannot be checked); 65 a malformed request; 66 an unreadable request file; \
            74 the store failed; 1 the rules have errors.
            """
    )

    @Argument(help: "The request file.")
    var request: String

    @OptionGroup var source: PlanSourceOptions

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "With --plan: the rule directory the plan was compiled from, checked for changes since.")
    var sourceRules = "Rules"

    @Flag(name: .long, help: "Apply a plan file even though its rules have changed since it was compiled.")
    var allowStalePlan = false

    @Option(help: "Output format: text (for people), json (stable) or markdown.")
    var format: ReportFormat = .text

    func run() throws {
        let plan = try source.load()
        let input = try RequestRun.read(request)
        if source.planFile != nil, !allowStalePlan {
            try refuseStalePlan(plan)
        }
        let store = try storeOptions.open(creating: true)
        let code = RequestRun(plan: plan, format: format, mode: "apply").run(input) { requestPlan, start in
            do {
                let applied = try store.apply(requestPlan)
                return RequestResult(source: start, status: applied.changedAnything ? .applied : .unchanged, plan: requestPlan,
                                     outcomes: applied.outcomes,
                                     message: applied.changedAnything ? nil : "Nothing changed: this request was already applied.")
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
        if code != ExitCodes.success { throw code }
    }

    /// A plan file is applied only when the rules it came from are unchanged,
    /// and that can only be known when they can be read.
    private func refuseStalePlan(_ plan: Plan) throws {
        guard let current = Compiler.sourceDigest(directory: sourceRules) else {
            Console.error("""
                tillval: refused: cannot tell whether the plan file is current, because the rules in '\(sourceRules)' cannot be read
                  give the rule directory it was compiled from with --source-rules DIR, or pass --allow-stale-plan to apply it unchecked

                """)
            throw ExitCodes.refused
        }
        guard current == plan.digest else {
            Console.error("""
                tillval: refused: the plan file was compiled from other rules than those in '\(sourceRules)' now
                  plan file: \(plan.digest)
                  rules now: \(current)
                  compile it again ('tillval compile \(sourceRules) -o FILE'), or pass --allow-stale-plan to apply it anyway

                """)
            throw ExitCodes.refused
        }
    }
}

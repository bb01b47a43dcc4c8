import ArgumentParser
import TillvalCompiler
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
            or a stale plan file); 65 a malformed request; 1 the rules have errors.
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
        if source.planFile != nil, !allowStalePlan, let current = Compiler.sourceDigest(directory: sourceRules), current != plan.digest {
            Console.error("""
                tillval: refused: the plan file was compiled from other rules than those in '\(sourceRules)' now
                  plan file: \(plan.digest)
                  rules now: \(current)
                  compile it again ('tillval compile \(sourceRules) -o FILE'), or pass --allow-stale-plan to apply it anyway

                """)
            throw ExitCodes.refused
        }
        let store = try storeOptions.open()
        let code = RequestRun(plan: plan, format: format, mode: "apply").run(path: request) { requestPlan, start in
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
                return RequestResult(source: start, status: .refused, plan: requestPlan,
                                     message: "The store failed and nothing was applied: \(error)")
            }
        }
        if code != 0 { throw ExitCode(code) }
    }
}

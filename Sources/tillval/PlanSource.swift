import ArgumentParser
import Foundation
import TillvalCompiler
import TillvalPlan
import TillvalSyntax

/// Where `plan` and `apply` get their plan: compiled on the fly from a rule
/// directory, or read from a file written by `tillval compile`.
struct PlanSourceOptions: ParsableArguments {
    @Option(name: .long, help: "Compile the plan from this rule directory (default: Rules).")
    var rules: String?

    @Option(name: .customLong("plan"), help: "Read a compiled plan file instead of compiling rules.")
    var planFile: String?

    @OptionGroup(title: "Limits on the rules compiled")
    var limits: LimitOptions

    func validate() throws {
        if rules != nil, planFile != nil {
            throw ValidationError("give either --rules or --plan, not both")
        }
    }

    /// The plan, or an exit after printing why there is none.
    func load() throws -> Plan {
        if let planFile {
            guard let data = FileManager.default.contents(atPath: planFile) else {
                Console.report([Diagnostic(.unreadableInput, "cannot read plan file '\(planFile)'", at: nil)], sources: SourceMap())
                throw ExitCodes.unreadable
            }
            switch PlanCoding.decode(data) {
            case .success(let plan):
                return plan
            case .failure(.unsupportedFormat(let format)):
                Console.report([Diagnostic(.unsupportedPlanFormat, "plan file '\(planFile)' has format \(format); this tillval reads format \(Plan.currentFormat)", at: nil,
                                           suggestion: Suggestion("compile the rules again with this tillval"))], sources: SourceMap())
                throw ExitCodes.dataError
            case .failure(.notAPlan(let why)):
                Console.report([Diagnostic(.unreadablePlan, "'\(planFile)' is not a tillval plan: \(why)", at: nil,
                                           suggestion: Suggestion("write plans with 'tillval compile DIR -o FILE'"))], sources: SourceMap())
                throw ExitCodes.dataError
            }
        }
        let compilation = limits.compiler.compile(directory: rules ?? "Rules")
        Console.report(compilation)
        try RuleExit.check(compilation)
        guard let plan = compilation.plan else { throw ExitCodes.failure }
        return plan
    }
}

/// How a run's results are printed.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

import ArgumentParser
import Foundation
import TillvalCompiler
import TillvalPlan
import TillvalRuntime
import TillvalSyntax
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `plan` and `apply` get their plan: compiled on the fly from a rule
/// directory, or read from a file written by `tillval compile`.
struct PlanSourceOptions: ParsableArguments {
    @Option(name: .long, help: "Compile the plan from this rule directory (default: Rules).")
    var rules: String?

    @Option(name: .customLong("plan"), help: "Read a compiled plan file instead of compiling rules.")
    var planFile: String?

    @Option(name: .long, help: ArgumentHelp("The largest plan file read with --plan (default 256M).", valueName: "bytes"),
            transform: InputLimitOptions.size)
    var maxPlanSize: Int = PlanSourceOptions.defaultMaxPlanSize

    /// The default size of a plan file: 256 MiB (a plan is read whole, unlike a batch of requests).
    static let defaultMaxPlanSize = 256 << 20

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
            switch Self.readPlanFile(planFile, maxPlanSize: maxPlanSize) {
            case .success(let plan): return plan
            case .failure(let refusal):
                Console.report(refusal.diagnostics, sources: SourceMap())
                throw refusal.exitCode
            }
        }
        let compilation = limits.compiler.compile(directory: rules ?? "Rules")
        Console.report(compilation)
        try RuleExit.check(compilation)
        guard let plan = compilation.plan else { throw ExitCodes.failure }
        return plan
    }
}

/// Why a plan file was not read: its diagnostics and the exit code (65 or 66).
struct PlanFileRefusal: Error {
    var diagnostics: [Diagnostic]
    var exitCode: ExitCode
}

extension PlanSourceOptions {
    /// A plan file read strictly (its size, its integrity, the plan format's
    /// keys) and checked by `PlanValidator`, or why not; printing is the
    /// caller's (`plan`/`apply` print it as it is, `diff` under the side's name).
    static func readPlanFile(_ planFile: String, maxPlanSize: Int) -> Result<Plan, PlanFileRefusal> {
        let data: Data
        switch read(planFile, maxPlanSize: maxPlanSize) {
        case .success(let bytes): data = bytes
        case .failure(let refusal): return .failure(refusal)
        }
        let malformed = { (diagnostics: [Diagnostic]) in Result<Plan, PlanFileRefusal>.failure(PlanFileRefusal(diagnostics: diagnostics, exitCode: ExitCodes.dataError)) }
        switch PlanCoding.decode(data) {
        case .success(let plan):
            // Whatever its hash says, a plan must be one the compiler could have written.
            let problems = PlanValidator(plan: plan).validate()
            return problems.isEmpty ? .success(plan) : malformed(problems)
        case .failure(.unsupportedFormat(let format)):
            return malformed([PlanFileMessage.unsupportedFormat(path: planFile, format: format).diagnostic(at: nil)])
        case .failure(.notAPlan(let why)):
            return malformed([PlanFileMessage.notAPlan(path: planFile, why: why).diagnostic(at: nil)])
        case .failure(.unknownKey(let path)):
            return malformed([PlanFileMessage.unknownKey(path: planFile, key: path).diagnostic(at: nil)])
        // A plan that fails its hash is also checked, so the report says what the edit broke.
        case .failure(.integrityMissing(let plan)):
            return malformed([PlanFileMessage.integrityMissing(path: planFile).diagnostic(at: nil)] + PlanValidator(plan: plan).validate())
        case .failure(.integrityMismatch(let recorded, let actual, let plan)):
            return malformed([PlanFileMessage.integrityMismatch(path: planFile, recorded: recorded, actual: actual).diagnostic(at: nil)]
                             + PlanValidator(plan: plan).validate())
        }
    }

    /// The bytes of a plan file, read only when it is a regular file of at
    /// most `maxPlanSize` bytes (E1101 otherwise): its size is asked first,
    /// and no more than one byte past the limit is ever read.
    private static func read(_ planFile: String, maxPlanSize: Int) -> Result<Data, PlanFileRefusal> {
        let refuse = { (diagnostic: Diagnostic, code: ExitCode) in Result<Data, PlanFileRefusal>.failure(PlanFileRefusal(diagnostics: [diagnostic], exitCode: code)) }
        var info = stat()
        guard stat(planFile, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
              let handle = FileHandle(forReadingAtPath: planFile) else {
            return refuse(PlanFileMessage.unreadable(path: planFile).diagnostic(at: nil), ExitCodes.unreadable)
        }
        defer { try? handle.close() }
        let tooLarge = { (size: String) -> Diagnostic in
            PlanFileMessage.tooLarge(path: planFile, size: size, limit: maxPlanSize).diagnostic(at: nil)
        }
        guard Int(info.st_size) <= maxPlanSize else {
            return refuse(tooLarge("\(info.st_size) bytes"), ExitCodes.dataError)
        }
        let data: Data
        do {
            data = try handle.read(upToCount: maxPlanSize.saturatingSuccessor) ?? Data()
        } catch {
            return refuse(PlanFileMessage.readingFailed(path: planFile).diagnostic(at: nil), ExitCodes.unreadable)
        }
        // A file that grew since its size was asked is held to the same limit.
        guard data.count <= maxPlanSize else {
            return refuse(tooLarge("larger than that"), ExitCodes.dataError)
        }
        return .success(data)
    }
}

/// How a run's results are printed.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// Whether a plan file is current: compiled from the rules now in the
/// directory it names. `apply --plan` refuses a stale one; `plan --plan` warns.
enum PlanFreshness {
    struct Problem {
        /// What is wrong, in a sentence.
        var message: String
        /// What to do about it.
        var remedy: String
    }

    /// Nil when the plan's digest is that of the rules in `sourceRules`.
    static func problem(_ plan: Plan, sourceRules: String) -> Problem? {
        guard let current = Compiler.sourceDigest(directory: sourceRules) else {
            return Problem(message: "cannot tell whether the plan file is current, because the rules in '\(sourceRules.escapedForTerminal)' cannot be read",
                           remedy: "give the rule directory it was compiled from with --source-rules DIR")
        }
        guard current == plan.digest else {
            return Problem(message: "the plan file was compiled from other rules than those in '\(sourceRules.escapedForTerminal)' now\n"
                               + "  plan file: \(plan.digest.excerpt)\n  rules now: \(current)",
                           remedy: "compile it again ('tillval compile \(sourceRules.escapedForTerminal) -o FILE')")
        }
        return nil
    }

    /// `apply` and `outbox requeue`: refuses a stale plan file (exit 3) unless
    /// `--allow-stale-plan` was given; `doing` completes "pass
    /// --allow-stale-plan to … it anyway".
    static func refuseIfStale(_ plan: Plan, from source: PlanSourceOptions, sourceRules: String,
                              allowed: Bool, doing: String) throws {
        guard source.planFile != nil, !allowed, let problem = problem(plan, sourceRules: sourceRules) else { return }
        Console.error("tillval: refused: \(problem.message)\n  \(problem.remedy)"
                      + ", or pass --allow-stale-plan to \(doing) it anyway\n\n")
        throw ExitCodes.refused
    }
}

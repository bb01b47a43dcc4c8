import ArgumentParser
import Foundation
import TillvalCompiler
import TillvalDiff
import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// `tillval diff BASE [HEAD]`: what a rule change does to customers. Each
/// side is a rule directory, a plan file, or `REV:PATH` (a rule directory in
/// a git revision, read with git without touching the working tree);
/// `TillvalDiff` compares the two plans, `DiffReport` prints the result.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a rule change does to customers: routing, requests, scenarios, declarations.",
        discussion: """
            BASE and HEAD are each a rule directory, a plan file written by 'tillval compile', or REV:PATH, a rule \
            directory in a git revision of the repository the command runs in (for example origin/main:Rules; read \
            with git, nothing is checked out or written). A path that exists is taken as a path. Both sides are \
            compiled with the same limits; when either has errors, its diagnostics are printed under its name and \
            nothing else. --format markdown is for a pull-request comment or a job summary, --format json is stable \
            (Schemas/diff.schema.json). With --requests, each request of the batch is planned against both sides.
            """ + ExitCodes.helpText(for: .diff)
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json
    }

    @Argument(help: "The rules before: a rule directory, a plan file, or REV:PATH.")
    var base: String

    @Argument(help: "The rules after: a rule directory, a plan file, or REV:PATH.")
    var head = "Rules"

    @Option(help: "How to write the report: text, markdown or json.")
    var format: Format = .text

    @Option(help: ArgumentHelp("A batch of requests (as 'plan' takes) to plan against both sides.", valueName: "file"))
    var requests: String?

    @Option(name: .long, help: ArgumentHelp("The largest plan file read as a side (default 256M).", valueName: "bytes"),
            transform: InputLimitOptions.size)
    var maxPlanSize: Int = PlanSourceOptions.defaultMaxPlanSize

    @OptionGroup(title: "Limits on the requests read")
    var input: InputLimitOptions

    @OptionGroup(title: "Limits on the rules compiled")
    var limits: LimitOptions

    func run() throws {
        let sides = [("base", base), ("head", head)].map { side in (name: side.0, spec: side.1, result: load(side.1)) }
        let refusals = sides.compactMap { side -> (String, SideRefusal)? in
            if case .failure(let refusal) = side.result { return ("\(side.name) (\(side.spec.escapedForTerminal))", refusal) }
            return nil
        }
        if !refusals.isEmpty {
            for (name, refusal) in refusals {
                Console.error("\(name):\n")
                if let message = refusal.message {
                    Console.error("tillval: \(message.escapedForTerminal)\n")
                } else if let compilation = refusal.compilation {
                    Console.report(compilation)
                    Console.error("\(Console.count(compilation))\n")
                } else {
                    Console.report(refusal.diagnostics, sources: SourceMap())
                    Console.error("\(Console.count(refusal.diagnostics))\n")
                }
            }
            let codes = refusals.map(\.1.exitCode)
            throw [ExitCodes.unreadable, ExitCodes.dataError].first(where: codes.contains) ?? ExitCodes.failure
        }
        guard case .success(let basePlan) = sides[0].result, case .success(let headPlan) = sides[1].result else { throw ExitCodes.failure }
        let customers = try requests.map { try Self.customers($0, limits: input.limits, base: basePlan, head: headPlan) }
        let diff = RuleSetDiff(base: basePlan, head: headPlan, customers: customers, routingLimit: limits.maximumCoverageRegions)
        let report = DiffReport(diff, base: base, head: head)
        switch format {
        case .text: Console.write(report.text.escapedForTerminalKeepingLines)
        case .markdown: Console.write(report.markdown.escapedForTerminalKeepingLines)
        case .json: Console.writeData(report.json)
        }
        if diff.isBreaking { throw ExitCodes.breaking }
        if !diff.isEmpty { throw ExitCodes.changed }
    }

    /// The customers section of a batch, read one request at a time (issue
    /// 11): each request is bound and planned once against each side and
    /// handed to `CustomerDiff.add`, which keeps only counts and the lines
    /// of the first changed requests; no request is kept. A request that
    /// does not read, or binds on neither side, makes the batch malformed
    /// (65): its diagnostics are printed as found (up to the run's cap, the
    /// rest only counted, once per request), the rest of the batch is still
    /// read for them, and no report is written. An input that stops being
    /// readable half-way is 66, after what was read before it.
    static func customers(_ path: String, limits: InputLimits, base: Plan, head: Plan) throws -> CustomerDiff {
        let input = try RequestRun.open(path, limits: limits)
        var customers = CustomerDiff()
        var errors = 0, warnings = 0, shown = 0
        var explained: Set<DiagnosticCode> = []
        func collect(_ found: [Diagnostic], sources: SourceMap) {
            let foundErrors = found.filter(\.isError).count
            errors += foundErrors
            warnings += found.count - foundErrors
            let kept = Array(found.prefix(max(0, RequestRun.maximumDiagnostics - shown)))
            shown += kept.count
            guard !kept.isEmpty else { return }
            Console.error(TextDiagnosticRenderer(sources: sources, colored: Console.colored(fileDescriptor: 2)).render(kept, explained: &explained))
        }
        let baseRunner = RequestRunner(plan: base), headRunner = RequestRunner(plan: head)
        let progress = Progress()
        while let item = input.next() {
            progress.tick(item.entry.start)
            defer { progress.clear() }
            guard item.entry.diagnostics.isEmpty, let document = item.entry.document else {
                collect(item.entry.diagnostics, sources: item.sources)
                continue
            }
            let old = baseRunner.prepare(document), new = headRunner.prepare(document)
            // Invalid on one side is what the customers section reports; on both, the batch is wrong.
            if old.request == nil, new.request == nil, case .failure(let failure) = old.plan {
                collect(failure.diagnostics, sources: item.sources)
            } else if errors + warnings == 0 {
                customers.add(item.entry, base: old.plan, head: new.plan)
            }
        }
        if let unreadable = input.unreadable {
            Console.report([unreadable], sources: SourceMap())
            throw ExitCodes.unreadable
        }
        guard errors + warnings == 0 else {
            Console.error("\(Console.count(errors: errors, warnings: warnings))\n")
            throw ExitCodes.dataError
        }
        return customers
    }

    /// Why a side gave no plan.
    struct SideRefusal: Error {
        /// A plan file's diagnostics.
        var diagnostics: [Diagnostic] = []
        /// A compilation with errors.
        var compilation: Compilation?
        /// What git could not do (a revision or path it does not have, an entry that is no plain file).
        var message: String?
        var exitCode: ExitCode
    }

    /// One side's plan: compiled from a directory (here or in a git
    /// revision), or read from a plan file.
    func load(_ spec: String) -> Result<Plan, SideRefusal> {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: spec, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? compile(directory: spec) : readPlanFile(spec)
        }
        if let revision = GitRevision(spec) {
            return revision.withCheckout(limits: limits.limits) { directory in
                compile(directory: directory)
            }.flatMap { $0 }
        }
        return compile(directory: spec)
    }

    func compile(directory: String) -> Result<Plan, SideRefusal> {
        let compilation = limits.compiler.compile(directory: directory)
        if let plan = compilation.plan, !compilation.hasErrors { return .success(plan) }
        let unreadable = compilation.diagnostics.contains { $0.code == .unreadableInput }
        return .failure(SideRefusal(compilation: compilation, exitCode: unreadable ? ExitCodes.unreadable : ExitCodes.failure))
    }

    func readPlanFile(_ path: String) -> Result<Plan, SideRefusal> {
        PlanSourceOptions.readPlanFile(path, maxPlanSize: maxPlanSize).mapError {
            SideRefusal(diagnostics: $0.diagnostics, exitCode: $0.exitCode)
        }
    }
}

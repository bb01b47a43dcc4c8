import ArgumentParser
import Foundation
import TillvalCompiler
import TillvalPlan

/// `tillval compile [DIR] -o plan.json`: the plan, for running where the rules are not.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a rule set into a plan (JSON).",
        discussion: "Writes nothing when there is an error." + ExitCodes.helpText(for: .compile)
    )

    @Argument(help: "The rule directory.")
    var directory = "Rules"

    @Option(name: .shortAndLong, help: "Where to write the plan; '-' for standard output.")
    var output = "-"

    @OptionGroup(title: "Limits")
    var limits: LimitOptions

    func run() throws {
        let compilation = limits.compiler.compile(directory: directory)
        Console.report(compilation)
        try RuleExit.check(compilation)
        guard let plan = compilation.plan else { throw ExitCodes.failure }
        let data = PlanCoding.encode(plan)
        if output == "-" {
            Console.writeData(data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            Console.error("tillval: cannot write '\(output.escapedForTerminal)': \(error.localizedDescription.escapedForTerminal)\n")
            throw ExitCodes.unreadable
        }
        Console.error("wrote \(output.escapedForTerminal) (\(plan.digest))\n")
    }
}

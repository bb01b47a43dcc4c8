import ArgumentParser
import TillvalCompiler
import TillvalSyntax

/// `tillval check [DIR]`: what CI runs on every pull request.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a rule set and report every problem.",
        discussion: "Exits 0 when there is no error (warnings allowed), 1 when there is, 66 when the directory cannot be read."
    )

    @Argument(help: "The rule directory.")
    var directory = "Rules"

    func run() throws {
        let compilation = Compiler().compile(directory: directory)
        Console.report(compilation.diagnostics, sources: compilation.sources)
        try RuleExit.check(compilation)
        let summary = compilation.plan.map { plan in
            let scenarios = plan.collaborations.reduce(0) { $0 + $1.scenarios.count }
            return "\(plan.sources.count) files, \(plan.products.count) products, \(plan.collaborations.count) collaboration\(plan.collaborations.count == 1 ? "" : "s"), \(scenarios) scenarios"
        } ?? ""
        Console.write("\(directory): ok (\(summary); \(Console.count(compilation.diagnostics)))\n")
    }
}

/// Shared by the commands that compile: the exit code a compilation earns.
enum RuleExit {
    static func check(_ compilation: Compilation) throws {
        guard compilation.hasErrors else { return }
        Console.error("\(Console.count(compilation.diagnostics))\n")
        if compilation.diagnostics.contains(where: { $0.code == .unreadableInput }) {
            throw ExitCodes.unreadable
        }
        throw ExitCodes.failure
    }
}

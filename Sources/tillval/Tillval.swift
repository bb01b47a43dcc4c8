import ArgumentParser

/// The command-line front of tillval: one subcommand per file, rendering
/// and exit codes here, all logic in the library modules.
@main
struct Tillval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tillval",
        abstract: "Compile, check and run declarative onboarding rules.",
        discussion: ExitCodes.helpText,
        version: TillvalVersion.current,
        subcommands: [
            CheckCommand.self, CompileCommand.self, PlanCommand.self, ApplyCommand.self,
            StatusCommand.self, ApproveCommand.self, OutboxCommand.self, ExplainCommand.self, TestCommand.self, DiffCommand.self,
        ]
    )
}

import ArgumentParser

/// The command-line front of tillval: one subcommand per file, rendering
/// and exit codes here, all logic in the library modules.
@main
struct Tillval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tillval",
        abstract: "Compile, check and run declarative onboarding rules.",
        discussion: """
            Exit codes: 0 success; 1 errors in the rules (or a failed request); \
            2 a precondition is unmet; 3 refused (apply, outbox requeue); 64 misuse; 65 a malformed request or plan file; \
            66 unreadable input.
            """,
        subcommands: [
            CheckCommand.self, CompileCommand.self, PlanCommand.self, ApplyCommand.self,
            StatusCommand.self, ApproveCommand.self, OutboxCommand.self, ExplainCommand.self,
        ]
    )
}

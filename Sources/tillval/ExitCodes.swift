import ArgumentParser

/// The documented exit codes, in one place (README "Exit codes").
enum ExitCodes {
    static let success = ExitCode(0)
    /// Errors in the rules, or (for many requests) any request that failed.
    static let failure = ExitCode(1)
    /// `plan`/`apply`: a precondition is unmet.
    static let preconditionUnmet = ExitCode(2)
    /// `apply`: refused because it conflicts with the store or the plan is stale.
    static let refused = ExitCode(3)
    /// Misuse: bad arguments or options (ArgumentParser uses the same code).
    static let usage = ExitCode(64)
    /// A malformed request or plan file.
    static let dataError = ExitCode(65)
    /// Input that cannot be read: a missing directory or file.
    static let unreadable = ExitCode(66)
}

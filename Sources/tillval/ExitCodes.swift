import ArgumentParser
import TillvalRuntime

/// The documented exit codes, in one place (README "Exit codes").
enum ExitCodes {
    static let success = ExitCode(0)
    /// Errors in the rules; for `status` and `approve`, nothing to show or approve.
    static let failure = ExitCode(1)
    /// `plan`/`apply`: a precondition is unmet.
    static let preconditionUnmet = ExitCode(2)
    /// `apply`: refused because it conflicts with the store or the plan is stale.
    static let refused = ExitCode(3)
    /// Misuse: bad arguments or options (ArgumentParser uses the same code).
    static let usage = ExitCode(64)
    /// A malformed request or plan file.
    static let dataError = ExitCode(65)
    /// Input that cannot be read: a missing directory, request, plan or store file.
    static let unreadable = ExitCode(66)
    /// The store failed while applying (disk full, locked database).
    static let storeFailure = ExitCode(74)

    /// The exit code of a `plan` or `apply` run: its most serious result.
    static func of(_ results: [RequestResult]) -> ExitCode {
        let statuses = Set(results.map(\.status))
        if statuses.contains(.failed) { return storeFailure }
        if statuses.contains(.invalid) { return dataError }
        if statuses.contains(.refused) { return refused }
        if statuses.contains(.unmet) { return preconditionUnmet }
        return success
    }
}

import ArgumentParser
import TillvalRuntime

/// The documented exit codes, in one place: the commands throw these, the
/// top-level help lists `documented` (README "Exit codes" has the same
/// codes, a test compares them).
enum ExitCodes {
    static let success = ExitCode(0)
    /// Errors in the rules; for `status` and `approve`, nothing to show or approve.
    static let failure = ExitCode(1)
    /// `plan`/`apply`: a precondition is unmet.
    static let preconditionUnmet = ExitCode(2)
    /// `apply`, `outbox requeue`: refused (a store conflict, a stale plan, a delivered email).
    static let refused = ExitCode(3)
    /// Misuse: bad arguments or options (ArgumentParser uses the same code).
    static let usage = ExitCode(64)
    /// A malformed request or plan file.
    static let dataError = ExitCode(65)
    /// Input that cannot be read: a missing directory, request, plan or store file.
    static let unreadable = ExitCode(66)
    /// The store failed while applying (disk full, locked database), or
    /// `outbox deliver` could not write an email's file.
    static let storeFailure = ExitCode(74)

    /// Every exit code tillval uses, with what it means, in ascending order.
    static let documented: [(code: ExitCode, meaning: String)] = [
        (success, "success (warnings allowed)"),
        (failure, "errors in the rules; status, approve, requeue: nothing to show or do"),
        (preconditionUnmet, "plan, apply: a precondition is unmet; nothing is applied"),
        (refused, "refused: a store conflict, a stale plan, a delivered email"),
        (usage, "misuse: bad option or argument, unknown code, no sender known"),
        (dataError, "a malformed request or plan file"),
        (unreadable, "unreadable input: missing rules, request, plan or store; not a store"),
        (storeFailure, "the store or a file write failed (disk, lock); nothing half-done"),
    ]

    /// The list for `tillval --help`: one line per code, short enough not to
    /// be wrapped in 80 columns.
    static var helpText: String {
        "Exit codes:\n" + documented.map { entry in
            let number = String(entry.code.rawValue)
            return "  " + number + String(repeating: " ", count: max(1, 4 - number.count)) + entry.meaning
        }.joined(separator: "\n")
    }

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

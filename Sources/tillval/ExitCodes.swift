import ArgumentParser
import TillvalRuntime
import TillvalPlan

/// The documented exit codes, in one place: the commands throw these, the
/// top-level help lists `documented` (README "Exit codes" has the same
/// codes, a test compares them), and each command's help ends with what
/// they mean for it (`uses(of:)`, `helpText(for:)`); no help text lists
/// exit codes by hand.
enum ExitCodes {
    static let success = ExitCode(0)
    /// Errors in the rules; for `status` and `approve`, nothing to show or approve.
    static let failure = ExitCode(1)
    /// `plan`/`apply`: a precondition is unmet.
    static let preconditionUnmet = ExitCode(2)
    /// `diff`: the rules change (none of the changes breaking).
    static let changed = ExitCode(2)
    /// `apply`, `outbox requeue`: refused (a store conflict, a stale plan, a delivered email).
    static let refused = ExitCode(3)
    /// `diff`: a change makes a request that was valid invalid.
    static let breaking = ExitCode(3)
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
        (failure, "errors in the rules, a failed test; status, approve, requeue: nothing"),
        (preconditionUnmet, "plan, apply: a precondition is unmet; diff: the rules change"),
        (refused, "refused: store conflict, stale plan, delivered email; diff: breaking"),
        (usage, "misuse: bad option or argument, unknown code, no sender known"),
        (dataError, "a malformed request or plan file"),
        (unreadable, "unreadable input: missing rules, request, plan or store; not a store"),
        (storeFailure, "the store, a file or standard output failed (disk, lock)"),
    ]

    /// The list for `tillval --help`: one line per code, short enough not to
    /// be wrapped in 80 columns.
    static var helpText: String { list(documented) }

    /// The commands whose help lists the codes they exit with.
    enum Command: String, CaseIterable {
        case check, compile, plan, apply, status, approve, explain, test, diff
        case outbox = "outbox list"
        case outboxDeliver = "outbox deliver"
        case outboxRequeue = "outbox requeue"
    }

    /// What each code means for `command`: every code it can exit with, in
    /// ascending order, each one of `documented`. Its help lists them
    /// (`helpText(for:)`); a test checks them against `documented` and
    /// against real runs.
    static func uses(of command: Command) -> [(code: ExitCode, meaning: String)] {
        // Every command prints: standard output that cannot be written ends any run with 74 (`Console`).
        let uses = ownUses(of: command)
        guard !uses.contains(where: { $0.code == storeFailure }) else { return uses }
        return uses + [(storeFailure, "standard output could not be written (a full disk)")]
    }

    /// What each code means for `command`, but for standard output that cannot be written.
    private static func ownUses(of command: Command) -> [(code: ExitCode, meaning: String)] {
        let misuse = (usage, "misuse: bad option or argument")
        let misuseOrClock = (usage, "misuse: bad option or argument, or an unreadable TILLVAL_NOW")
        let noStore = (unreadable, "no store at --store ('apply' creates it), or not a tillval store")
        switch command {
        case .check:
            return [(success, "no error (warnings allowed, unless --strict)"), (failure, "the rules have errors (or warnings, with --strict)"), misuse,
                    (unreadable, "the path cannot be read")]
        case .compile:
            return [(success, "the plan was written (warnings allowed)"), (failure, "the rules have errors; nothing is written"),
                    misuse, (unreadable, "the rule directory cannot be read, or the plan cannot be written")]
        case .plan:
            return [(success, "every request is runnable"), (failure, "the rules have errors"),
                    (preconditionUnmet, "a precondition is unmet (the whole plan is still printed)"), misuse,
                    (dataError, "a malformed request or plan file"),
                    (unreadable, "the request, the rule directory or the plan file cannot be read")]
        case .apply:
            return [(success, "applied, or applied before (then nothing changed)"), (failure, "the rules have errors"),
                    (preconditionUnmet, "a precondition is unmet; nothing is applied"),
                    (refused, "refused: a conflict with the store, or a stale plan file"), misuseOrClock,
                    (dataError, "a malformed request or plan file"),
                    (unreadable, "unreadable request, rules or plan; a file that is not a store"),
                    (storeFailure, "the store failed (disk, lock); that request was rolled back")]
        case .status:
            return [(success, "printed"), (failure, "the store does not know the customer"), misuseOrClock,
                    (unreadable, "no store at --store, not a tillval store, or it cannot be read")]
        case .approve:
            return [(success, "approved"), (failure, "nothing to approve: no such customer or nothing pending"), misuseOrClock,
                    (unreadable, "no store at --store, not a tillval store, or it cannot be updated")]
        case .outbox:
            return [(success, "listed"), misuseOrClock, (unreadable, "no store at --store, not a tillval store, or it cannot be read")]
        case .outboxDeliver:
            return [(success, "every email was delivered"),
                    (usage, "misuse, or an email has no sender (give --from); nothing is written"), noStore,
                    (storeFailure, "a file could not be written (the email stays queued), or the store failed")]
        case .outboxRequeue:
            return [(success, "replaced, or already current"),
                    (failure, "a request was never applied, or sends no such email"),
                    (refused, "refused: delivered, another recipient, a store conflict, a stale plan"), misuseOrClock,
                    (dataError, "a malformed request or plan file"),
                    (unreadable, "unreadable request, rules or plan; no store"),
                    (storeFailure, "the store failed (disk, lock)")]
        case .test:
            return [(success, "every test passed (warnings allowed)"), (failure, "a test failed or none was selected, low coverage, or rules with errors"),
                    misuse, (unreadable, "the rule or tests directory cannot be read")]
        case .diff:
            return [(success, "no change"), (failure, "the rules on either side have errors"), (changed, "changes, none of them breaking"),
                    (breaking, "breaking: a request that was valid is refused now"), misuse,
                    (dataError, "a malformed request or plan file"),
                    (unreadable, "unreadable input: rules, plan, request file, git revision")]
        case .explain:
            return [(success, "explained"), (usage, "misuse: an unknown diagnostic code, or bad arguments")]
        }
    }

    /// The end of `command`'s help: a blank line and its exit codes.
    static func helpText(for command: Command) -> String {
        "\n\n" + list(uses(of: command))
    }

    /// "Exit codes:" and one line per code, short enough not to be wrapped in 80 columns.
    private static func list(_ entries: [(code: ExitCode, meaning: String)]) -> String {
        "Exit codes:\n" + entries.map { entry in
            let number = String(entry.code.rawValue)
            return "  " + number + String(repeating: " ", count: max(1, 4 - number.count)) + entry.meaning
        }.joined(separator: "\n")
    }

    /// The exit code of a `plan` or `apply` run: its most serious result.
    static func of(_ results: [RequestResult]) -> ExitCode {
        of(Set(results.map(\.status)))
    }

    /// The exit code of a run whose results had `statuses`.
    static func of(_ statuses: Set<RequestStatus>) -> ExitCode {
        if statuses.contains(.failed) { return storeFailure }
        if statuses.contains(.invalid) { return dataError }
        if statuses.contains(.refused) { return refused }
        if statuses.contains(.unmet) { return preconditionUnmet }
        return success
    }
}

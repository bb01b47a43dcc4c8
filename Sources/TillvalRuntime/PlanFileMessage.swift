import Foundation
import TillvalPlan
import TillvalSyntax

/// Reading a plan file (`tillval plan|apply|outbox requeue --plan FILE`) and
/// validating what it holds (`PlanValidator`): each case makes its code,
/// its text and its help. `path` is the file as the user gave it; the
/// message escapes it for the terminal.
public enum PlanFileMessage: RuntimeMessage, Equatable {
    /// The plan holds something no rule could have compiled to: one problem.
    case invalid(PlanProblem)
    /// More problems than `PlanValidator.problemLimit`: how many are not shown.
    case moreProblems(Int)
    /// The file is not a regular file that can be opened.
    case unreadable(path: String)
    /// Reading the file failed after it was opened.
    case readingFailed(path: String)
    /// The file is larger than `--max-plan-size`; `size` says how large ("300 bytes", "larger than that").
    case tooLarge(path: String, size: String, limit: Int)
    case unsupportedFormat(path: String, format: Int)
    case notAPlan(path: String, why: String)
    case unknownKey(path: String, key: String)
    case integrityMissing(path: String)
    case integrityMismatch(path: String, recorded: String, actual: String)

    public var code: DiagnosticCode {
        switch self {
        case .invalid, .moreProblems: return .invalidPlan
        case .unreadable, .readingFailed: return .unreadableInput
        case .tooLarge, .notAPlan, .unknownKey: return .unreadablePlan
        case .unsupportedFormat: return .unsupportedPlanFormat
        case .integrityMissing, .integrityMismatch: return .planIntegrityMismatch
        }
    }

    public var text: String {
        switch self {
        case .invalid(let problem):
            return "the plan is invalid: \(problem.text)"
        case .moreProblems(let count):
            return "the plan is invalid: and \(count) more problems, not shown"
        case .unreadable(let path), .readingFailed(let path):
            return "cannot read plan file '\(path.escapedForTerminal)'"
        case .tooLarge(let path, let size, let limit):
            return "plan file '\(path.escapedForTerminal)' is \(size); plan files are limited to \(InputLimits.describe(limit)), so it is not read"
        case .unsupportedFormat(let path, let format):
            return "plan file '\(path.escapedForTerminal)' has format \(format); this tillval reads format \(Plan.currentFormat)"
        case .notAPlan(let path, let why):
            return "'\(path.escapedForTerminal)' is not a tillval plan: \(why)"
        case .unknownKey(let path, let key):
            return "'\(path.escapedForTerminal)' is not a tillval plan: it has the key '\(key.excerpt)', which the plan format does not have"
        case .integrityMissing(let path):
            return "plan file '\(path.escapedForTerminal)' has no 'integrity' field, so it cannot be told from an edited one"
        case .integrityMismatch(let path, let recorded, let actual):
            return "plan file '\(path.escapedForTerminal)' was changed after it was compiled: its content does not match its 'integrity' field\n"
                + "  integrity: \(recorded)\n  content:   \(actual)"
        }
    }

    public var help: Suggestion? {
        switch self {
        case .invalid, .moreProblems:
            return Suggestion("compile the plan again from its rules instead of editing it")
        case .unreadable:
            return Suggestion("give a plan file written by 'tillval compile DIR -o FILE' (a regular file)")
        case .readingFailed:
            return nil
        case .tooLarge:
            return Suggestion("raise the limit with --max-plan-size if the plan is really this large")
        case .unsupportedFormat:
            return Suggestion("compile the rules again with this tillval")
        case .notAPlan:
            return Suggestion("write plans with 'tillval compile DIR -o FILE'")
        case .unknownKey, .integrityMissing, .integrityMismatch:
            return Suggestion("compile the plan again from its rules ('tillval compile DIR -o FILE') instead of editing it")
        }
    }
}

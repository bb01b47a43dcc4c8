import Foundation
import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// The dry run as Markdown, for pasting into a ticket or a pull request.
public struct MarkdownReport: Sendable {
    public init() {}

    /// Control characters from the request or the plan are shown escaped
    /// (line breaks and tabs kept), so pasting or printing it is safe.
    public func render(_ result: RequestResult) -> String {
        renderRaw(result).escapedForTerminalKeepingLines
    }

    private func renderRaw(_ result: RequestResult) -> String {
        var out = "## Request `\(result.source.description)`"
        if let customer = result.customerID { out += " — customer \(customer)" }
        out += "\n\n"
        guard let plan = result.plan else {
            out += "**\(result.status.rawValue)**" + (result.message.map { ": \($0)" } ?? "") + "\n\n"
            for diagnostic in result.diagnostics {
                let place = diagnostic.range.map { "`\($0.start.description)` " } ?? ""
                out += "- \(place)**\(diagnostic.code.rawValue)** \(diagnostic.message)"
                    + (diagnostic.suggestion.map { " (\($0.message))" } ?? "") + "\n"
            }
            return out + "\n"
        }
        switch result.status {
        case .refused, .failed:
            if let message = result.message { out += "**error:** \(message)\n\n" }
        case .unchanged:
            if let message = result.message { out += "**\(result.status.rawValue)**: \(message)\n\n" }
        default:
            break
        }
        out += "| | |\n|---|---|\n"
        out += "| Collaboration | \(plan.collaboration.name) (`\(plan.collaboration.id)`) |\n"
        out += "| Product | \(plan.product.name) (`\(plan.product.id)`) |\n"
        out += "| Service | \(plan.serviceDescription) |\n"
        out += "| Task | \(plan.task ?? "(no task)") |\n"
        out += "| Scenario | \(plan.scenario.title) (`\(plan.scenario.id)`, `\(plan.scenario.origin.description)`) |\n\n"
        if !plan.scenario.matched.isEmpty {
            out += "Picked because " + plan.scenario.matched.map { "\($0.test) (`\($0.origin.description)`)" }.joined(separator: "; ") + ".\n\n"
        }
        out += "### Preconditions\n\n"
        for precondition in plan.preconditions {
            out += "- [\(precondition.holds ? "x" : " ")] **\(precondition.id)**: \(precondition.summary)"
            out += precondition.unmet.map { " — *unmet*: \($0)" } ?? ""
            out += "\n"
        }
        out += "\n### Steps in Visma Advisor\n\n"
        for step in plan.steps { out += "\(step.number). \(step.text)\n" }
        out += "\n### Effects\(plan.isRunnable ? "" : " (not run: a precondition is unmet)")\n\n"
        for (index, effect) in plan.effects.enumerated() {
            out += "\(index + 1). \(effect.summary)"
            if index < result.outcomes.count, result.outcomes[index].status != .planned {
                out += " — \(result.outcomes[index].message)"
            }
            out += "\n"
            if case .sendEmail(let email) = effect.action {
                // The body in a fenced block, so its line breaks survive rendering.
                out += "\n   **To:** \(email.to)  \n   **Subject:** \(email.subject)\n\n"
                out += Self.fenced(email.body, indent: "   ") + "\n"
            }
        }
        if let awaits = plan.awaits {
            out += "\n### Then\n\nWaits for the \(awaits.who.rawValue) to approve the \(awaits.approves.rawValue) in \(awaits.place).\n"
        }
        if let outcome = plan.outcome { out += "\n\(outcome)\n" }
        if !plan.then.isEmpty { out += "\n" + plan.then.map { "- \($0)\n" }.joined() }
        if let message = result.message, ![.refused, .failed, .unchanged].contains(result.status) {
            out += "\n\(message)\n"
        }
        return out + "\n"
    }

    /// `text` as a fenced code block (info string `text`), each line
    /// indented by `indent`; the fence is longer than any run of backticks
    /// in the text, so the text cannot close it.
    public static func fenced(_ text: String, indent: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return ([fence + "text"] + lines + [fence]).map { $0.isEmpty ? "" : indent + $0 }.joined(separator: "\n") + "\n"
    }
}

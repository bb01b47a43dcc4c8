import Foundation
import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// The dry run and apply report for people. Its layout may change between
/// versions; scripts should read the JSON form.
public struct TextReport: Sendable {
    public var sources: SourceMap
    public var colored: Bool

    public init(sources: SourceMap, colored: Bool) {
        self.sources = sources
        self.colored = colored
    }

    public func render(_ result: RequestResult) -> String {
        var explained: Set<DiagnosticCode> = []
        return render(result, explained: &explained)
    }

    /// As `render(_:)` within a run of many requests: `explained` holds the
    /// diagnostic codes whose `tillval explain` line the run already printed.
    public func render(_ result: RequestResult, explained: inout Set<DiagnosticCode>) -> String {
        var out = "Request \(result.source.description.escapedForTerminal)"
        if let customer = result.customerID { out += " — customer \(customer.escapedForTerminal)" }
        out += "\n"
        if result.status == .invalid {
            out += "  not planned: the request is malformed\n"
            out += TextDiagnosticRenderer(sources: sources, colored: colored).render(result.diagnostics, explained: &explained)
            return out
        }
        if !result.diagnostics.isEmpty {
            out += TextDiagnosticRenderer(sources: sources, colored: colored).render(result.diagnostics, explained: &explained)
        }
        guard let plan = result.plan else {
            if let message = result.message { out += "  \(message.escapedForTerminalKeepingLines)\n" }
            return out
        }
        // A refusal or a failure comes first, labelled, so it is not lost
        // below the plan; so does what an unchanged request was applied under.
        switch result.status {
        case .refused, .failed:
            if let message = result.message { out += "  " + label("error:") + " \(message.escapedForTerminalKeepingLines)\n" }
        case .unchanged:
            if let message = result.message { out += "  \(message.escapedForTerminalKeepingLines)\n" }
        default:
            break
        }
        // Everything below comes from the plan and the request: control
        // characters in it are shown escaped (line breaks and tabs kept).
        var body = "\n"
        body += field("Collaboration", "\(plan.collaboration.name) (\(plan.collaboration.id))")
        body += field("Product", "\(plan.product.name) (\(plan.product.id))")
        body += field("Service", plan.serviceDescription)
        body += field("Task", plan.task ?? "(no task)")
        body += "\nScenario: \(plan.scenario.title) (\(plan.scenario.id)), \(plan.scenario.origin.description)\n"
        for match in plan.scenario.matched {
            let value = match.test.hasSuffix(" \(match.value)") ? "" : " (the request has \(match.value))"
            body += "  picked because \(match.test)\(value), \(match.origin.description)\n"
        }
        if plan.scenario.matched.isEmpty { body += "  picked because its 'when' matches every request\n" }

        body += "\nPreconditions\n"
        for precondition in plan.preconditions {
            body += "  [\(precondition.holds ? "ok" : "UNMET")] \(precondition.id): \(precondition.summary)\n"
            if let unmet = precondition.unmet { body += indent(wrap(unmet), by: 9) }
        }
        if plan.preconditions.isEmpty { body += "  (none)\n" }

        body += "\nSteps in Visma Advisor\n"
        for step in plan.steps {
            body += "  \(pad(step.number)). \(step.text)\n"
        }

        body += "\nEffects\(plan.isRunnable ? "" : " (not run: a precondition is unmet)")\n"
        let outcomes = Dictionary(result.outcomes.enumerated().map { ($0.offset, $0.element) }, uniquingKeysWith: { a, _ in a })
        for (index, effect) in plan.effects.enumerated() {
            body += "  \(pad(index + 1)). \(effect.summary)\n"
            if let outcome = outcomes[index], outcome.status != .planned {
                body += "      -> \(Self.word(outcome.status)): \(outcome.message)\n"
            }
            if case .sendEmail(let email) = effect.action {
                body += "      To:      \(email.to)\n"
                body += "      Subject: \(email.subject)\n"
                body += "\n" + indent(email.body, by: 6)
            }
        }

        if let awaits = plan.awaits {
            body += "\nThen waits for\n  the \(awaits.who.rawValue) to approve the \(awaits.approves.rawValue) in \(awaits.place)\n"
        }
        if let outcome = plan.outcome {
            body += "\nOutcome\n" + indent(wrap(outcome), by: 2)
        }
        if !plan.then.isEmpty {
            body += "\nFollow-ups\n" + plan.then.map { "  - \($0)\n" }.joined()
        }
        if let message = result.message, ![.refused, .failed, .unchanged].contains(result.status) {
            body += "\n\(message)\n"
        }
        return out + body.escapedForTerminalKeepingLines
    }

    /// How the report names what an effect did: its status word, except
    /// that an effect the store already held reads as the request would,
    /// "unchanged".
    static func word(_ status: EffectStatus) -> String {
        switch status {
        case .alreadyDone: return RequestStatus.unchanged.rawValue
        case .planned, .done, .skipped: return status.rawValue
        }
    }

    /// `error:` in bold red on a terminal.
    private func label(_ text: String) -> String {
        colored ? "\u{1B}[1;31m\(text)\u{1B}[0m" : text
    }

    private func field(_ name: String, _ value: String) -> String {
        name + String(repeating: " ", count: max(1, 15 - name.count)) + value + "\n"
    }

    private func pad(_ number: Int) -> String {
        number < 10 ? " \(number)" : "\(number)"
    }

    private func indent(_ text: String, by width: Int) -> String {
        if Self.isOneScalarPerCharacter(text) {
            var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            while lines.last?.isEmpty == true { lines.removeLast() }
            var out: [UInt8] = []
            out.reserveCapacity(text.utf8.count + lines.count * (width + 1))
            for line in lines {
                if !line.isEmpty {
                    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width))
                    out.append(contentsOf: line)
                }
                out.append(UInt8(ascii: "\n"))
            }
            return String(decoding: out, as: UTF8.self)
        }
        let prefix = String(repeating: " ", count: width)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        return lines.map { $0.isEmpty ? "\n" : prefix + $0 + "\n" }.joined()
    }

    /// Whether every character of `text` is one Unicode scalar, so that it
    /// can be split and measured by bytes: no scalar from U+0300 on (where
    /// combining marks and every other extending scalar start) and no `\r`
    /// (which joins a following `\n` into one character).
    static func isOneScalarPerCharacter(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0xCC && $0 != UInt8(ascii: "\r") }
    }

    /// Folds long paragraphs at word boundaries so prose reads on a terminal;
    /// line breaks the author wrote are kept.
    private func wrap(_ text: String, width: Int = 72) -> String {
        if Self.isOneScalarPerCharacter(text) {
            // The same folding over bytes: a character is a scalar, its width one.
            var out: [UInt8] = []
            out.reserveCapacity(text.utf8.count + 8)
            for (index, paragraph) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
                if index > 0 { out.append(UInt8(ascii: "\n")) }
                var length = 0
                var empty = true
                for word in paragraph.split(separator: UInt8(ascii: " ")) {
                    let count = word.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
                    if !empty, length + 1 + count > width {
                        out.append(UInt8(ascii: "\n"))
                        length = 0
                        empty = true
                    }
                    if !empty {
                        out.append(UInt8(ascii: " "))
                        length += 1
                    }
                    out.append(contentsOf: word)
                    length += count
                    empty = false
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { paragraph in
            var lines: [String] = []
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty, line.count + 1 + word.count > width {
                    lines.append(line)
                    line = ""
                }
                line += (line.isEmpty ? "" : " ") + word
            }
            lines.append(line)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

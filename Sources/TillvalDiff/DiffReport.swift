import Foundation

/// The report of a `RuleSetDiff` around its sections: text for a terminal,
/// Markdown for a pull-request comment or a job summary, and stable JSON
/// (`Schemas/diff.schema.json`). The sections write their own lines; this
/// adds headings, the summary table, `<details>` and the JSON envelope.
/// Texts are as the sections wrote them: the command escapes control
/// characters for a terminal.
public struct DiffReport: Sendable {
    /// The version of the JSON shape; a reader refuses versions it does not know.
    public static let format = 1

    public var diff: RuleSetDiff
    /// How the two sides were named on the command line, e.g. `origin/main:Rules`.
    public var base: String
    public var head: String

    public init(_ diff: RuleSetDiff, base: String, head: String) {
        self.diff = diff
        self.base = base
        self.head = head
    }

    /// The sections in print order, each with its heading.
    public var titledSections: [(title: String, section: any DiffSection)] {
        var sections: [(String, any DiffSection)] = [
            ("Routing", diff.routing), ("Requests", diff.requests), ("Scenarios", diff.scenarios), ("Declarations", diff.declarations),
        ]
        if let customers = diff.customers { sections.append(("Customers", customers)) }
        return sections
    }

    /// For a terminal: a first line naming both sides and the verdict, then
    /// each section under its heading, "no change" when it found nothing.
    public var text: String {
        var lines = ["tillval diff \(base) → \(head): \(verdict)"]
        for (title, section) in titledSections {
            lines.append("")
            lines.append(title + (section.isBreaking ? " (breaking)" : ""))
            let summary = section.summaryLeadsText ? section.summary.map { [$0] } ?? [] : []
            lines += (section.isEmpty ? (summary.isEmpty ? ["no change"] : summary) : summary + section.textLines).map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// For a pull request: a heading, a summary table with one row per
    /// section, then each changed section collapsed under `<details>`.
    public var markdown: String {
        // The sides are as typed (a branch name may hold a backtick): each in a code span no text can close.
        var lines = ["### Rule changes: \(DiffMarkdown.code(base)) → \(DiffMarkdown.code(head))", "", "**\(verdict.prefix(1).uppercased() + verdict.dropFirst())**", "",
                     "| section | change |", "|---|---|"]
        for (title, section) in titledSections {
            let summary = section.summary.map(Self.cell) ?? "no change"
            lines.append("| \(title) | \(section.isBreaking ? "**breaking:** " : "")\(summary) |")
        }
        for (title, section) in titledSections where !section.isEmpty {
            lines += ["", "<details><summary>\(Self.html(title))\(section.summary.map { ": " + Self.html($0) } ?? "")</summary>", ""]
            lines += section.markdownLines
            lines += ["", "</details>"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The stable JSON: `format`, `base`, `head`, `breaking`, `changed` and one key per section.
    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, integers, booleans and arrays of them: encoding cannot fail (no floating-point value to be non-finite).
        var data = (try? encoder.encode(Envelope(report: self))) ?? Data()
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// "no change", "changes" or "breaking changes".
    public var verdict: String {
        diff.isBreaking ? "breaking changes" : diff.isEmpty ? "no change" : "changes"
    }

    private struct Envelope: Encodable {
        var report: DiffReport

        enum CodingKeys: String, CodingKey { case format, base, head, breaking, changed, routing, requests, scenarios, declarations, customers }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(DiffReport.format, forKey: .format)
            try container.encode(report.base, forKey: .base)
            try container.encode(report.head, forKey: .head)
            try container.encode(report.diff.isBreaking, forKey: .breaking)
            try container.encode(!report.diff.isEmpty, forKey: .changed)
            try container.encode(report.diff.routing, forKey: .routing)
            try container.encode(report.diff.requests, forKey: .requests)
            try container.encode(report.diff.scenarios, forKey: .scenarios)
            try container.encode(report.diff.declarations, forKey: .declarations)
            try container.encodeIfPresent(report.diff.customers, forKey: .customers)
        }
    }

    /// A table cell: a `|` would end it, a line break the row.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// Text inside HTML (the `<summary>`).
    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

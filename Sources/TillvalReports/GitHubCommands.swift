import TillvalSyntax

/// `tillval check --format github`: one GitHub Actions workflow command per
/// diagnostic, which the runner shows as an annotation on the line:
///
///     ::error file=Rules/a.yaml,line=4,col=12,endLine=4,endColumn=18,title=E0301::unknown product 'min-lonn'
///
/// `::warning` for warnings. The message is the diagnostic's, then a line per
/// note (`note: …`, with its place) and the suggestion (`help: …`), as the
/// text form has them. `endColumn` is the last column of the problem
/// (GitHub counts it in), `col` itself for a place of no width. A diagnostic
/// without a place has only a `title`. Diagnostics the caps left out are
/// counted in one `::notice::` each, as the text form's `note: and N more`.
///
/// Escaping, as the workflow command format requires: in the message `%` →
/// `%25`, CR → `%0D`, LF → `%0A`; in a property value also `:` → `%3A` and
/// `,` → `%2C`. Other control characters are shown as `\u{1B}`, as on a
/// terminal, so a rule file cannot colour or rewrite the log.
public enum GitHubCommands {
    /// The message (data) part of a workflow command.
    public static func escapeData(_ text: String) -> String {
        var out = ""
        for scalar in visible(text).unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A property value (`file=…`, `title=…`) of a workflow command.
    public static func escapeProperty(_ text: String) -> String {
        var out = ""
        for scalar in escapeData(text).unicodeScalars {
            switch scalar {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Control characters other than CR, LF and tab shown as `\u{…}`.
    private static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.isControlCharacter && !["\r", "\n", "\t"].contains($0) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isControlCharacter, !["\r", "\n", "\t"].contains(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One workflow command for `diagnostic`, with its line break.
    static func command(_ diagnostic: Diagnostic) -> String {
        var properties: [(String, String)] = []
        if let range = diagnostic.range {
            let start = range.start
            var endLine = max(start.line, range.end.line)
            var endColumn = range.end.column - 1
            if range.end.file != start.file || range.end < start {
                endLine = start.line
            }
            if endLine == start.line { endColumn = max(start.column, endColumn) }
            properties += [("file", start.file), ("line", String(start.line)), ("col", String(start.column)),
                           ("endLine", String(endLine)), ("endColumn", String(max(1, endColumn)))]
        }
        properties.append(("title", diagnostic.code.rawValue))
        var lines = [diagnostic.message]
        for note in diagnostic.notes {
            lines.append("note: " + note.message + (note.range.map { " (\($0.start.description))" } ?? ""))
        }
        if let suggestion = diagnostic.suggestion { lines.append("help: " + suggestion.message) }
        let list = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(diagnostic.severity.rawValue) \(list)::\(escapeData(lines.joined(separator: "\n")))\n"
    }
}

extension CheckReport {
    /// The report as GitHub workflow commands, one line per diagnostic.
    public func githubCommands() -> String {
        diagnostics.map(GitHubCommands.command).joined()
            + omittedLines.map { "::notice::\(GitHubCommands.escapeData($0))\n" }.joined()
    }
}

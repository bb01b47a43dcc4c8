/// Renders diagnostics the way a good compiler does: a `file:line:column`
/// header, the source line with a caret under the problem, then notes and
/// help. Colour is the caller's choice (a terminal, and no `NO_COLOR`).
public struct TextDiagnosticRenderer: Sendable {
    public var sources: SourceMap
    public var colored: Bool
    /// The most columns of a source line shown; a longer line is cut to a
    /// window around the problem, with `…` where it was cut.
    public var snippetWidth: Int

    public init(sources: SourceMap, colored: Bool, snippetWidth: Int = 120) {
        self.sources = sources
        self.colored = colored
        self.snippetWidth = max(20, snippetWidth)
    }

    private enum Style: String {
        case bold = "1"
        case red = "1;31"
        case yellow = "1;33"
        case cyan = "1;36"
        case blue = "1;34"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        colored ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// A list of diagnostics, as one run reports them: the first diagnostic
    /// of each code ends with where to read more (`tillval explain CODE`),
    /// later ones of the same code do not repeat it.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var explained: Set<DiagnosticCode> = []
        return render(diagnostics, explained: &explained)
    }

    /// As `render(_:)`, for a run that reports in several lists (one per
    /// request): `explained` holds the codes whose explain line was already printed.
    public func render(_ diagnostics: [Diagnostic], explained: inout Set<DiagnosticCode>) -> String {
        diagnostics.map { diagnostic in
            render(diagnostic, explain: explained.insert(diagnostic.code).inserted)
        }.joined()
    }

    /// The closing notes for diagnostics a cap left out: one line per file,
    /// then one for the run ("and N more diagnostics in this run").
    public func render(_ omitted: OmittedDiagnostics) -> String {
        var output = ""
        let files = omitted.byFile.sorted { ($0.key ?? "").utf8.lexicographicallyPrecedes(($1.key ?? "").utf8) }
        for (file, count) in files where count > 0 {
            let place = file.map { "in \($0.escapedForTerminal)" } ?? "without a place"
            output += paint("note", .cyan) + ": and \(count) more diagnostic\(count == 1 ? "" : "s") \(place) (at most \(omitted.perFile) are shown per file; see --max-diagnostics-per-file)\n"
        }
        if omitted.inRun > 0 {
            output += paint("note", .cyan) + ": and \(omitted.inRun) more diagnostic\(omitted.inRun == 1 ? "" : "s") in this run (at most \(omitted.perRun) are shown; see --max-diagnostics)\n"
        }
        return output
    }

    /// One diagnostic on its own, with its explain line.
    public func render(_ diagnostic: Diagnostic) -> String {
        render(diagnostic, explain: true)
    }

    private func render(_ diagnostic: Diagnostic, explain: Bool) -> String {
        let severityStyle: Style = diagnostic.severity == .error ? .red : .yellow
        let label = paint("\(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]", severityStyle)
        let place = diagnostic.range.map { "\($0.start.description.escapedForTerminal): " } ?? "tillval: "
        var output = paint(place, .bold) + label + paint(": \(diagnostic.message.escapedForTerminalKeepingLines)", .bold) + "\n"
        var gutter = 2
        if let range = diagnostic.range {
            let lines = snippet(range, marker: "^", style: severityStyle)
            output += lines
            if !lines.isEmpty { gutter = String(range.start.line).count + 1 }
        }
        let equals = paint(String(repeating: " ", count: gutter) + "= ", .blue)
        for note in diagnostic.notes {
            let place = note.range.map { " (\($0.start.description))" } ?? ""
            output += equals + paint("note", .cyan) + ": \(note.message.escapedForTerminalKeepingLines)\(place)\n"
        }
        if let suggestion = diagnostic.suggestion {
            output += equals + paint("help", .cyan) + ": \(suggestion.message.escapedForTerminalKeepingLines)\n"
            for edit in suggestion.edits {
                output += equals + paint("fix", .cyan) + ": \(describe(edit))\n"
            }
        }
        if explain {
            output += equals + paint("help", .cyan) + ": for more, run 'tillval explain \(diagnostic.code.rawValue)'\n"
        }
        return output
    }

    /// One edit of a fix-it in words, quoting the text it replaces:
    /// "replace 'efects' with 'effects'", "insert the line '---' above line 3".
    private func describe(_ edit: SourceEdit) -> String {
        let range = edit.range
        let replacement = edit.replacement
        if range.start == range.end {
            if range.start.column == 1, replacement.hasSuffix("\n"), !replacement.dropLast().contains("\n") {
                return "insert the line '\(String(replacement.dropLast()).excerpt(limit: snippetWidth))' above line \(range.start.line)"
            }
            if range.start.column == 1, !replacement.isEmpty, replacement.allSatisfy({ $0 == " " }) {
                return "indent line \(range.start.line) by \(replacement.count) space\(replacement.count == 1 ? "" : "s")"
            }
            return "insert '\(replacement.excerpt(limit: snippetWidth))' at \(range.start.line):\(range.start.column)"
        }
        let written: String
        if range.start.line == range.end.line, range.start.column >= 1, range.end.column >= range.start.column,
           let text = sources.file(range.file, line: range.start.line)?.line(range.start.line, scalars: (range.start.column - 1)..<(range.end.column - 1)) {
            written = "'\(text.escapedForTerminal(limit: snippetWidth))'"
        } else {
            written = "\(range.start.line):\(range.start.column)-\(range.end.line):\(range.end.column)"
        }
        return replacement.isEmpty ? "remove \(written)" : "replace \(written) with '\(replacement.excerpt(limit: snippetWidth))'"
    }

    /// The source line of `range` with its span underlined; empty when the
    /// file or line is not known (a deleted file, a place beyond the end).
    private func snippet(_ range: SourceRange, marker: String, style: Style) -> String {
        guard let file = sources.file(range.file, line: range.start.line), let lineLength = file.lineLength(range.start.line) else { return "" }
        // Tabs become one space (so carets line up); other control characters
        // are shown as U+FFFD rather than sent to the terminal.
        func printable(_ raw: String) -> String {
            String(String.UnicodeScalarView(raw.unicodeScalars.map { scalar -> Unicode.Scalar in
                if scalar == "\t" { return " " }
                return scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar
            }))
        }
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: number.count + 1)
        let startColumn = max(1, range.start.column)
        let endColumn: Int
        if range.end.line == range.start.line, range.end.column > startColumn {
            endColumn = range.end.column
        } else {
            endColumn = max(lineLength + 1, startColumn + 1)
        }
        var width = max(1, min(endColumn, max(lineLength + 1, startColumn + 1)) - startColumn)
        // A long line (a one-line list of thousands of ids) is cut to a window
        // that starts a little before the problem, so each diagnostic quotes
        // at most `snippetWidth` columns, not the whole line again.
        var shown: String
        var padding = startColumn - 1
        if lineLength <= snippetWidth {
            shown = printable(file.line(range.start.line, scalars: 0..<lineLength) ?? "")
        } else {
            let start = min(startColumn - 1, lineLength)
            let from = max(0, min(start - snippetWidth / 4, lineLength - snippetWidth))
            let to = min(lineLength, from + snippetWidth)
            shown = (from > 0 ? "…" : "") + printable(file.line(range.start.line, scalars: from..<to) ?? "") + (to < lineLength ? "…" : "")
            padding = start - from + (from > 0 ? 1 : 0)
            width = max(1, min(width, to + 1 - start))
        }
        let pad = String(repeating: " ", count: padding)
        return paint("\(gutter)|", .blue) + "\n"
            + paint("\(number) |", .blue) + " \(shown)\n"
            + paint("\(gutter)|", .blue) + " \(pad)" + paint(String(repeating: marker, count: width), style) + "\n"
    }
}

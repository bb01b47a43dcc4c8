/// Renders diagnostics the way a good compiler does: a `file:line:column`
/// header, the source line with a caret under the problem, then notes and
/// help. Colour is the caller's choice (a terminal, and no `NO_COLOR`).
public struct TextDiagnosticRenderer: Sendable {
    public var sources: SourceMap
    public var colored: Bool

    public init(sources: SourceMap, colored: Bool) {
        self.sources = sources
        self.colored = colored
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

    /// One diagnostic on its own, with its explain line.
    public func render(_ diagnostic: Diagnostic) -> String {
        render(diagnostic, explain: true)
    }

    private func render(_ diagnostic: Diagnostic, explain: Bool) -> String {
        let severityStyle: Style = diagnostic.severity == .error ? .red : diagnostic.severity == .warning ? .yellow : .cyan
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
        }
        if explain {
            output += equals + paint("help", .cyan) + ": for more, run 'tillval explain \(diagnostic.code.rawValue)'\n"
        }
        return output
    }

    /// The source line of `range` with its span underlined; empty when the
    /// file or line is not known (a deleted file, a place beyond the end).
    private func snippet(_ range: SourceRange, marker: String, style: Style) -> String {
        guard let file = sources.file(range.file), let raw = file.line(range.start.line) else { return "" }
        // Tabs become one space (so carets line up); other control characters
        // are shown as U+FFFD rather than sent to the terminal.
        let line = String(String.UnicodeScalarView(raw.unicodeScalars.map { scalar -> Unicode.Scalar in
            if scalar == "\t" { return " " }
            return scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar
        }))
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: number.count + 1)
        let startColumn = max(1, range.start.column)
        let lineLength = line.unicodeScalars.count
        let endColumn: Int
        if range.end.line == range.start.line, range.end.column > startColumn {
            endColumn = range.end.column
        } else {
            endColumn = max(lineLength + 1, startColumn + 1)
        }
        let width = max(1, min(endColumn, max(lineLength + 1, startColumn + 1)) - startColumn)
        let pad = String(repeating: " ", count: startColumn - 1)
        return paint("\(gutter)|", .blue) + "\n"
            + paint("\(number) |", .blue) + " \(line)\n"
            + paint("\(gutter)|", .blue) + " \(pad)" + paint(String(repeating: marker, count: width), style) + "\n"
    }
}

import Testing
import TillvalSyntax

/// The text form of a diagnostic, as the issue shows it.
@Suite struct RendererTests {
    @Test func rendersTheSourceLineWithACaret() {
        let file = SourceFile(path: "Rules/scenarios/new.yaml", text: String(repeating: "\n", count: 13) + "  - activate-service: {product: min-lonn}\n")
        let start = SourceLocation(file: file.path, line: 14, column: 33)
        var end = start
        end.column += 8
        let diagnostic = Diagnostic(.unknownProduct, "unknown product 'min-lonn'", at: SourceRange(start: start, end: end),
                                    suggestion: .didYouMean("min-lon"))
        let text = TextDiagnosticRenderer(sources: SourceMap([file]), colored: false).render(diagnostic)
        #expect(text == """
            Rules/scenarios/new.yaml:14:33: error[E0301]: unknown product 'min-lonn'
               |
            14 |   - activate-service: {product: min-lonn}
               |                                 ^^^^^^^^
               = help: did you mean 'min-lon'?

            """)
    }

    @Test func colourOnlyWhenAsked() {
        let diagnostic = Diagnostic(.missingFacts, "no facts", at: nil)
        #expect(!TextDiagnosticRenderer(sources: SourceMap(), colored: false).render(diagnostic).contains("\u{1B}"))
        #expect(TextDiagnosticRenderer(sources: SourceMap(), colored: true).render(diagnostic).contains("\u{1B}[1;31m"))
    }
}

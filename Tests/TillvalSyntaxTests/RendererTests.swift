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
               = help: for more, run 'tillval explain E0301'

            """)
    }

    /// A run's list: header, snippet, notes, help, and the explain line only
    /// under the first diagnostic of each code.
    @Test func explainLineOncePerCodeInAList() {
        let file = SourceFile(path: "Rules/emails.yaml", text: """
            kind: email
            id: approve-collaboration
            to: customer.email
            subject: Hello
            body: |
              Hello {{customer.nmae}},
              from {{office.nme}}.
            id: again

            """)
        func at(_ line: Int, _ column: Int, _ length: Int) -> SourceRange {
            SourceRange(start: SourceLocation(file: file.path, line: line, column: column),
                        end: SourceLocation(file: file.path, line: line, column: column + length))
        }
        let diagnostics = [
            Diagnostic(.unknownPlaceholder, "unknown placeholder '{{customer.nmae}}'", at: at(6, 9, 17),
                       suggestion: Suggestion("did you mean '{{customer.name}}'?", replacing: at(6, 9, 17), with: "{{customer.name}}")),
            Diagnostic(.unknownPlaceholder, "unknown placeholder '{{office.nme}}'", at: at(7, 8, 14),
                       suggestion: Suggestion("did you mean '{{office.name}}'?", replacing: at(7, 8, 14), with: "{{office.name}}")),
            Diagnostic(.duplicateKey, "duplicate key 'id'", at: at(8, 1, 2), notes: [DiagnosticNote("first used here", at: at(2, 1, 2))],
                       suggestion: Suggestion("remove one of the two entries")),
            Diagnostic(.noRuleFiles, "no rule files", at: nil),
        ]
        let text = TextDiagnosticRenderer(sources: SourceMap([file]), colored: false).render(diagnostics)
        #expect(text == """
            Rules/emails.yaml:6:9: error[E0801]: unknown placeholder '{{customer.nmae}}'
              |
            6 |   Hello {{customer.nmae}},
              |         ^^^^^^^^^^^^^^^^^
              = help: did you mean '{{customer.name}}'?
              = fix: replace '{{customer.nmae}}' with '{{customer.name}}'
              = help: for more, run 'tillval explain E0801'
            Rules/emails.yaml:7:8: error[E0801]: unknown placeholder '{{office.nme}}'
              |
            7 |   from {{office.nme}}.
              |        ^^^^^^^^^^^^^^
              = help: did you mean '{{office.name}}'?
              = fix: replace '{{office.nme}}' with '{{office.name}}'
            Rules/emails.yaml:8:1: error[E0005]: duplicate key 'id'
              |
            8 | id: again
              | ^^
              = note: first used here (Rules/emails.yaml:2:1)
              = help: remove one of the two entries
              = help: for more, run 'tillval explain E0005'
            tillval: error[E0002]: no rule files
              = help: for more, run 'tillval explain E0002'

            """)
        // A run that renders several lists (one per request) names each code once in all of them.
        var explained: Set<DiagnosticCode> = []
        let renderer = TextDiagnosticRenderer(sources: SourceMap([file]), colored: false)
        let first = renderer.render(Array(diagnostics.prefix(1)), explained: &explained)
        let second = renderer.render(Array(diagnostics.dropFirst()), explained: &explained)
        #expect(first + second == text)
    }

    @Test func colourOnlyWhenAsked() {
        let diagnostic = Diagnostic(.missingFacts, "no facts", at: nil)
        #expect(!TextDiagnosticRenderer(sources: SourceMap(), colored: false).render(diagnostic).contains("\u{1B}"))
        #expect(TextDiagnosticRenderer(sources: SourceMap(), colored: true).render(diagnostic).contains("\u{1B}[1;31m"))
    }
}

import Testing
import TillvalSyntax

/// Positions inside a scalar's value, for every style: each `{{` of the value
/// is found where it was written, through indentation, folding, chomping,
/// `''` and escapes.
@Suite struct ScalarPositionTests {
    /// The line and column of every `{{` in the value of `key`, as loaded from `yaml`.
    func openings(_ yaml: String, key: String = "text") throws -> [String] {
        let (documents, diagnostics) = YAMLLoader().load(SourceFile(path: "t.yaml", text: yaml))
        #expect(diagnostics.isEmpty)
        let pair = try #require(documents.first?.root?.pairs?.first { $0.key == key })
        let scalar = try #require(pair.value.scalar)
        let value = Array(scalar.text.unicodeScalars)
        var result: [String] = []
        for index in value.indices.dropLast() where value[index] == "{" && value[index + 1] == "{" {
            let range = scalar.range(ofScalars: index, length: 2, whole: pair.value.range)
            result.append("\(range.start.line):\(range.start.column)-\(range.end.line):\(range.end.column)")
        }
        return result
    }

    @Test func literalBlock() throws {
        #expect(try openings("text: |\n  one {{a}}\n    two {{b}}\n\n  three {{c}}\n") == ["2:7-2:9", "3:9-3:11", "5:9-5:11"])
    }

    @Test func literalBlockWithHeaderCommentAndKeepChomping() throws {
        #expect(try openings("x: 1\ntext: |+ # {{not}} content\n   {{a}}\n   b {{c}}\n\n\nnext: 2\n") == ["3:4-3:6", "4:6-4:8"])
    }

    @Test func foldedBlock() throws {
        #expect(try openings("text: >-\n  one {{a}}\n  two\n     {{b}} more\n\n  {{c}}\n") == ["2:7-2:9", "4:6-4:8", "6:3-6:5"])
    }

    @Test func plainMultiLine() throws {
        #expect(try openings("text: one {{a}}\n  two\n     {{b}} three\n\n  {{c}}\nnext: 1\n") == ["1:11-1:13", "3:6-3:8", "5:3-5:5"])
    }

    @Test func singleQuotedWithDoubledQuotes() throws {
        #expect(try openings("text: 'it''s {{a}}\n  and ''{{b}}'''\n") == ["1:14-1:16", "2:9-2:11"])
    }

    @Test func doubleQuotedWithEscapes() throws {
        #expect(try openings("text: \"\\\"q\\\" \\u00e5 {{a}}\\n\\\n  \\x41{{b}} \\t{{c}}\"\n") == ["1:21-1:23", "2:7-2:9", "2:15-2:17"])
    }

    @Test func flowContext() throws {
        let (documents, _) = YAMLLoader().load(SourceFile(path: "t.yaml", text: "other: {a: 'b {{a}}', c: d}\n"))
        let value = try #require(documents.first?.root?.pairs?.first?.value.pairs?.first?.value)
        let range = try #require(value.scalar).range(ofScalars: 2, length: 5, whole: value.range)
        #expect((range.start.line, range.start.column, range.end.column) == (1, 15, 20))
    }

    /// A scalar whose source is unknown, or does not match its value, is located as a whole.
    @Test func unknownSourceFallsBackToTheWholeScalar() {
        let whole = SourceRange(start: SourceLocation(file: "t.yaml", line: 3, column: 7), end: SourceLocation(file: "t.yaml", line: 5, column: 1))
        #expect(YAMLScalar("a {{b}}", style: .literal).range(ofScalars: 2, length: 5, whole: whole) == whole)
        #expect(YAMLScalar("a {{b}}", style: .plain, raw: "a {{c}}").range(ofScalars: 2, length: 5, whole: whole) == whole)
        #expect(YAMLScalar("a {{b}}", style: .plain, raw: "a {{b}}").range(ofScalars: 9, length: 5, whole: whole) == whole)
    }
}

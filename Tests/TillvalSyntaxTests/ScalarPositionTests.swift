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

/// A scalar written on one line as its value reads (plain, or quoted without
/// escapes, in ASCII or not) is located from its offset alone, without mapping its
/// characters: every part of it must land where the full mapping
/// (`ScalarPositions.locations`) puts it, whitespace and edges included.
@Suite struct OneLineScalarPositionTests {
    /// The range the full mapping gives: the first located character of the
    /// part to just after its last located one; the whole scalar otherwise.
    func mapped(_ scalar: YAMLScalar, offset: Int, length: Int, whole: SourceRange) -> SourceRange {
        guard let raw = scalar.raw,
              let locations = ScalarPositions.locations(of: scalar.text, raw: raw, style: scalar.style, start: whole.start),
              offset < locations.count, let first = locations[offset] else { return whole }
        var last = first
        for index in stride(from: min(locations.count, offset + length) - 1, to: offset, by: -1) {
            if let found = locations[index] { last = found; break }
        }
        var end = last
        end.column += 1
        return SourceRange(start: first, end: end)
    }

    @Test(arguments: [
        "text: a {{b}}  c\n", "text: 'a {{b}}  c '\n", "text: \"  a {{b}}\tc\"\n", "  text:   x\n",
        "text: 'it''s {{a}}'\n", "text: \"\\\"{{a}}\\\"\"\n", "text: 'Mina tjänster {{a}}'\n", "text: ''\n", "text: \"\"\n",
        "other: {a: 'b {{a}}', c: 'd  e' }\n", "list: [x y, \"z  {{w}}\"]\n", "text: a\r\n", "text: 'a\n  b {{c}}'\n",
        // Characters of more than one byte: each one column, as libyaml counts; those it reads as line breaks, and a BOM.
        "where: Mina tjänster on {{portal}}\n", "text: \"Å {{a}} ö \"\n", "text: 😀 {{a}}  😀 é\n", "text: e\u{301} {{a}}\n",
        "text: 'ä  {{a}}'\n", "text: \"a\u{85}b {{c}}\"\n", "text: \"a\u{2028}b {{c}}\"\n", "text: 'a\u{2029}b {{c}}'\n",
        "text: a\u{FEFF}b {{c}}\n", "text: \"ä\\n{{a}}\"\n", "list: [ö x, 'å  {{b}}']\n",
        "text: 'ä\u{A0}{{a}}\u{3000}b'\n", "text: ö\u{2003} {{a}}\u{A0}\n",
    ])
    func everyPartLandsWhereTheMappingPutsIt(yaml: String) throws {
        let (documents, diagnostics) = YAMLLoader().load(SourceFile(path: "t.yaml", text: yaml))
        #expect(diagnostics.isEmpty)
        var scalars: [(YAMLScalar, SourceRange)] = []
        func collect(_ node: YAMLNode) {
            switch node.content {
            case .scalar(let scalar): scalars.append((scalar, node.range))
            case .mapping(let pairs): pairs.forEach { collect($0.value) }
            case .sequence(let items): items.forEach(collect)
            }
        }
        collect(try #require(documents.first?.root))
        #expect(!scalars.isEmpty)
        for (scalar, whole) in scalars {
            let count = scalar.text.unicodeScalars.count
            for offset in -1 ... count + 1 {
                for length in 0 ... 4 {
                    let expected = offset < 0 || length == 0 ? whole : mapped(scalar, offset: offset, length: length, whole: whole)
                    #expect(scalar.range(ofScalars: offset, length: length, whole: whole) == expected, "\(yaml) \(offset) \(length)")
                }
            }
        }
    }

    /// The source a scalar keeps is its text exactly as written, quotes and escapes included.
    @Test func rawIsTheTextAsWritten() throws {
        let (documents, _) = YAMLLoader().load(SourceFile(path: "t.yaml", text: "a: \"x\\\" å\"\nb: 'it''s'\nc: plain\n"))
        let pairs = try #require(documents.first?.root?.pairs)
        #expect(pairs.map { $0.value.scalar?.raw } == ["\"x\\\" å\"", "'it''s'", "plain"])
    }
}

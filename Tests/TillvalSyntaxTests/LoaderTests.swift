import Testing
import TillvalSyntax

/// The libyaml loader: positions are 1-based, scalars keep their text, and
/// every forbidden YAML feature is refused where it stands.
@Suite struct LoaderTests {
    func load(_ text: String) -> (documents: [YAMLDocument], diagnostics: [Diagnostic]) {
        YAMLLoader().load(SourceFile(path: "t.yaml", text: text))
    }

    @Test func positionsAreOneBased() throws {
        let (documents, diagnostics) = load("kind: product\nid: min-lon\nname: 'Visma Min Lön'\n")
        #expect(diagnostics.isEmpty)
        let pairs = try #require(documents.first?.root?.pairs)
        #expect(pairs.map(\.key) == ["kind", "id", "name"])
        #expect(pairs[1].keyRange.start == SourceLocation(file: "t.yaml", line: 2, column: 1))
        #expect(pairs[1].value.range.start == SourceLocation(file: "t.yaml", line: 2, column: 5))
        #expect(pairs[1].value.range.end == SourceLocation(file: "t.yaml", line: 2, column: 12))
        #expect(pairs[2].value.scalar == YAMLScalar("Visma Min Lön", style: .singleQuoted, raw: "'Visma Min Lön'"))
    }

    @Test func scalarsStayTextUntilAKeyAsksOtherwise() throws {
        let (documents, _) = load("task: 2026\nflag: yes\n")
        let pairs = try #require(documents.first?.root?.pairs)
        #expect(pairs[0].value.scalar?.text == "2026")
        #expect(pairs[1].value.scalar?.text == "yes")
    }

    @Test func severalDocumentsAndEmptyOnes() {
        let (documents, diagnostics) = load("%YAML 1.1\n---\nkind: facts\n---\n---\nkind: product\n")
        #expect(diagnostics.isEmpty)
        #expect(documents.count == 3)
        #expect(documents[1].root == nil)
    }

    @Test func duplicateKeyPointsAtBoth() throws {
        let (_, diagnostics) = load("kind: product\nid: a\nid: b\n")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.code == .duplicateKey)
        #expect(diagnostic.range?.start.line == 3)
        #expect(diagnostic.notes.first?.range?.start.line == 2)
    }

    /// A small mapping is searched key by key, a large one through a table
    /// built when it grows: a repeated key is found either way, each time
    /// pointing at its first occurrence.
    @Test func duplicateKeysAreFoundInSmallAndLargeMappings() throws {
        let keys = (0 ..< 40).map { "k\($0): v\n" }.joined()
        let (_, diagnostics) = load("kind: product\n" + keys + "k3: again\nk30: again\nkind: again\n")
        #expect(diagnostics.map(\.code) == [.duplicateKey, .duplicateKey, .duplicateKey])
        #expect(diagnostics.map { $0.range?.start.line } == [42, 43, 44])
        #expect(diagnostics.map { $0.notes.first?.range?.start.line } == [5, 32, 1])
        let (_, small) = load("a: 1\nb: 2\na: 3\n")
        #expect(small.map { $0.notes.first?.range?.start.line } == [1])
    }

    /// A message shows a bounded, escaped excerpt of what the file wrote,
    /// never a whole key or anchor name of any length.
    @Test func echoedKeysAndNamesAreBoundedExcerpts() throws {
        let long = String(repeating: "k", count: 1_000)
        for text in ["kind: product\n\(long): a\n\(long): b\n", "kind: product\nid: &\(long) a\n", "kind: product\nid: !\(long) a\n"] {
            let (_, diagnostics) = load(text)
            let diagnostic = try #require(diagnostics.first)
            #expect(diagnostic.message.contains("k…"), "\(diagnostic.message)")
            #expect(!diagnostic.message.contains(String(repeating: "k", count: String.excerptLimit + 1)), "\(diagnostic.message)")
            #expect(diagnostic.message.count < 200 && diagnostic.notes.allSatisfy { $0.message.count < 200 })
        }
    }

    @Test func emptyFileHasNoDocuments() {
        let (documents, diagnostics) = load("")
        #expect(documents.isEmpty && diagnostics.isEmpty)
    }

    @Test func invalidUTF8IsLocated() throws {
        let (_, diagnostics) = YAMLLoader().load(SourceFile(path: "t.yaml", bytes: Array("kind: facts\nname: ".utf8) + [0xC3, 0x28]))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.code == .invalidEncoding)
        #expect(diagnostic.range?.start.line == 2)
    }
}

import Testing
import TillvalSyntax
import TillvalTestSupport

/// libyaml's common problems in plain words: each snippet's whole rendered
/// diagnostic (message, place, notes with libyaml's own text, help) is pinned
/// in Tests/Fixtures/yaml-syntax/messages.rendered.
@Suite struct YAMLSyntaxMessageTests {
    static let cases: [(name: String, yaml: String)] = [
        ("dedented key after a value", "awaits:\n  who: customer\napproves: collaboration\n  where: Mina tjänster\n"),
        ("over-indented key after a value", "awaits:\n  who: customer\n  approves: collaboration\n    where: Mina tjänster\n"),
        ("': ' inside a plain value", "kind: product\nname: Note: this\n"),
        ("key between two levels", "awaits:\n    who: customer\n  approves: terms\n"),
        ("list item where a key is expected", "kind: scenario\neffects:\n  - activate-service\n - send-email\n"),
        ("text after a quoted value", "kind: product\nname: \"Visma\" Lön\n"),
        ("a line without ':'", "kind: product\nid: min-lon\nname\nincludes: []\n"),
        ("tab indentation", "kind: product\nid: min-lon\n\tname: x\n"),
        ("value starting with '@'", "kind: product\nid: @min-lon\n"),
        ("a key inside a list", "steps:\n  - Go to Customers.\n  then: x\n"),
        ("a tag", "id: !foo!bar x\n"),
        ("unclosed quote", "kind: product\nname: \"Visma\nid: x\n"),
        ("unclosed flow list", "kind: product\nincludes: [a, b\nid: x\n"),
        ("unclosed flow mapping", "kind: product\nwhen: {customer.relation: registered\nid: x\n"),
        ("backslash in double quotes", "kind: product\nname: \"C:\\Users\"\n"),
        ("unknown escape", "kind: product\nname: \"a\\qb\"\n"),
        ("list on the key's line", "kind: product\nincludes: - a\n"),
        ("text after a block indicator", "kind: email\nbody: | Hello\n  there\n"),
    ]

    @Test func commonProblemsInPlainWords() {
        var text = ""
        for (name, yaml) in Self.cases {
            let file = SourceFile(path: "t.yaml", text: yaml)
            let (_, diagnostics) = YAMLLoader().load(file)
            text += "== \(name)\n" + TextDiagnosticRenderer(sources: SourceMap([file]), colored: false).render(diagnostics)
            #expect(diagnostics.map(\.code) == [.yamlSyntax], "\(name)")
        }
        let mismatch = Repository.compareGolden(text, "Tests/Fixtures/yaml-syntax/messages.rendered")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}

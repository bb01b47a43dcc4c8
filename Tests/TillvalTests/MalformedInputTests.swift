import Foundation
import Testing
import TillvalCompiler
import TillvalSyntax

/// Nothing a user can put in a file may crash the process: each of these
/// must come back as diagnostics, in process and through the binary.
@Suite struct MalformedInputTests {
    static let nesting = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    static let deepFlow = String(repeating: "{a: ", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
    static let aliasBomb = """
        kind: facts
        a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]
        """

    static let cases: [(name: String, bytes: [UInt8], code: DiagnosticCode)] = [
        ("unclosed flow list", Array("kind: facts\ncustomer: [a, b\n".utf8), .yamlSyntax),
        ("unclosed flow mapping", Array("kind: facts\ncustomer: {a: text\n".utf8), .yamlSyntax),
        ("unclosed quote", Array("kind: product\nid: \"lon\nname: x\n".utf8), .yamlSyntax),
        ("tab indentation", Array("kind: facts\ncustomer:\n\tname: text\n".utf8), .yamlSyntax),
        ("invalid UTF-8", [0x6B, 0x69, 0x6E, 0x64, 0x3A, 0x20, 0xFF, 0xFE, 0x0A], .invalidEncoding),
        ("binary bytes", [0x00, 0x01, 0x02, 0x7F, 0x1B, 0x00], .invalidEncoding),
        ("10 000 levels of nesting", Array(("kind: facts\ncustomer: " + nesting + "\n").utf8), .nestingTooDeep),
        ("100 000 levels of flow mappings", Array(("kind: facts\ncustomer: " + deepFlow + "\n").utf8), .nestingTooDeep),
        ("block nesting", Array(("kind: facts\ncustomer:\n" + (1...70).map { String(repeating: "  ", count: $0) + "k\($0):\n" }.joined()).utf8), .nestingTooDeep),
        ("alias bomb", Array(aliasBomb.utf8), .anchorOrAlias),
        ("a bare scalar", Array("just text\n".utf8), .documentNotMapping),
        ("a list document", Array("- kind: facts\n".utf8), .documentNotMapping),
        ("a merge key", Array("kind: facts\n<<: {customer: {a: text}}\n".utf8), .mergeKey),
        ("a tag", Array("kind: !custom facts\n".utf8), .tag),
        ("a complex key", Array("kind: facts\n? customer\n: {name: text}\n".utf8), .complexKey),
    ]

    @Test(arguments: cases.indices)
    func malformedInputGivesDiagnostics(_ index: Int) {
        let input = Self.cases[index]
        let compilation = Compiler().compile(files: [SourceFile(path: "bad.yaml", bytes: input.bytes)])
        #expect(compilation.plan == nil, "\(input.name)")
        #expect(compilation.diagnostics.contains { $0.code == input.code }, "\(input.name): \(compilation.diagnostics.map(\.code.rawValue))")
        #expect(compilation.diagnostics.count < 60, "\(input.name): a bounded number of diagnostics")
    }

    @Test func theBinarySurvivesEveryCase() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (offset, input) in Self.cases.enumerated() {
            try Data(input.bytes).write(to: directory.appendingPathComponent(String(format: "case-%02d.yaml", offset)))
        }
        let result = try CommandRunner.run(["check", directory.path])
        #expect(result.status == 1, "exit \(result.status): \(result.stderr.suffix(2000))")
        for input in Self.cases {
            #expect(result.stderr.contains("[\(input.code.rawValue)]"), "\(input.name)")
        }
    }

    @Test func aByteOrderMarkIsNotContent() {
        let compilation = Compiler().compile(files: [SourceFile(path: "bom.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("kind: ruleset\nname: x\nformat: 1\n".utf8))])
        #expect(!compilation.diagnostics.contains { $0.code == .missingKey || $0.code == .yamlSyntax }, "\(compilation.diagnostics.map(\.code.rawValue))")
    }

    @Test func aLongChainOfProceduresIsRefusedNotFollowed() throws {
        var text = """
            kind: facts
            customer: {relation: {one-of: [a]}}
            ---
            kind: product
            id: p
            name: P
            ---
            kind: collaboration
            id: c
            title: C
            products: [p]
            ---
            kind: scenario
            id: s
            title: S
            collaboration: c
            when: {customer.relation: a}
            steps: [{use: level-1}]
            effects: [activate-collaboration]

            """
        for level in 1..<8_000 { text += "---\nkind: procedure\nid: level-\(level)\nsteps: [{use: level-\(level + 1)}]\n" }
        text += "---\nkind: procedure\nid: level-8000\nsteps: [Select Next.]\n"
        let compilation = Compiler().compile(files: [SourceFile(path: "chain.yaml", text: text)])
        #expect(compilation.diagnostics.map(\.code) == [.tooManySteps])
    }
}

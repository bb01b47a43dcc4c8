import Foundation
import Testing
import TillvalCompiler
import TillvalSyntax
import TillvalTestSupport

/// Nothing a user can put in a file may crash the process: each of these
/// must come back as diagnostics: here in process; through the binary in
/// TillvalEndToEndTests (MalformedInputCommandTests).
@Suite struct MalformedInputTests {
    static let cases = MalformedRuleInputs.all

    @Test(arguments: cases.indices)
    func malformedInputGivesDiagnostics(_ index: Int) {
        let input = Self.cases[index]
        let compilation = Compiler().compile(files: [SourceFile(path: "bad.yaml", bytes: input.bytes)])
        #expect(compilation.plan == nil, "\(input.name)")
        #expect(compilation.diagnostics.contains { $0.code == input.code }, "\(input.name): \(compilation.diagnostics.map(\.code.rawValue))")
        #expect(compilation.diagnostics.count < 60, "\(input.name): a bounded number of diagnostics")
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

import Testing
import TillvalCompiler
import TillvalSyntax

/// The text of the decoder's and the checks' messages that no compile
/// fixture pins, each raised by one change to a small clean rule set. The
/// expected texts are what tillval printed before the messages became
/// typed (`DecodeMessage`, `CheckMessage`): the move changed no word.
@Suite struct CompilerMessageTests {
    private static let facts = """
        kind: facts
        office:
          name: text
        customer:
          email: email
          flag: bool
          items: list
          relation:
            one-of: [a, b]

        """
    private static let scenario = """
        kind: scenario
        id: s
        title: S
        collaboration: c
        when: {}
        effects:
          - activate-collaboration

        """
    private static let base: [String: String] = [
        "facts.yaml": facts,
        "product.yaml": "kind: product\nid: p\nname: P\n",
        "collaboration.yaml": "kind: collaboration\nid: c\ntitle: C\nproducts: [p]\n",
        "scenario.yaml": scenario,
    ]

    /// Procedures `n0` … `n70`, each using the next.
    private static let chain = (0..<70).map { "---\nkind: procedure\nid: n\($0)\nsteps:\n  - use: n\($0 + 1)\n" }.joined()
        + "---\nkind: procedure\nid: n70\nsteps:\n  - Done.\n"
    /// Procedures `f0` … `f5`, each using the next ten times: a million uses.
    private static let fan = (0..<6).map { level in
        "---\nkind: procedure\nid: f\(level)\nsteps:\n" + String(repeating: "  - use: f\(level + 1)\n", count: 10)
    }.joined() + "---\nkind: procedure\nid: f6\nsteps:\n  - use: f7\n---\nkind: procedure\nid: f7\nsteps: []\n"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [String: String]
        var expected: [String]
        var testDescription: String { name }

        init(_ name: String, _ changes: [String: String], _ expected: String...) {
            self.name = name
            files = base.merging(changes) { $1 }
            self.expected = expected
        }
    }

    static let cases: [Case] = [
        Case("nesting", ["scenario.yaml": scenario + "steps:\n  - use: n0\n", "procedures.yaml": chain],
             "E0902 the steps of scenario 's' use procedures nested more than 64 deep"),
        Case("visits", ["scenario.yaml": scenario + "steps:\n  - use: f0\n", "procedures.yaml": fan],
             "E0902 the steps of scenario 's' use procedures more than 100000 times over"),
        Case("neither type nor one-of", ["facts.yaml": facts + "  x: {doc: hi}\n"],
             "E0112 fact 'customer.x' needs one of 'type' or 'one-of'"),
        Case("type and one-of", ["facts.yaml": facts + "  x: {type: text, one-of: [a]}\n"],
             "E0112 fact 'customer.x' has both 'type' and 'one-of'"),
        Case("format not a number", ["ruleset.yaml": "kind: ruleset\nname: R\nformat: one\n"],
             "E0105 'format' must be the number 1, found 'one'"),
        Case("group not a mapping", ["facts.yaml": "kind: facts\noffice: [a]\ncustomer:\n  email: email\n"],
             "E0105 'office' must map fact names to types, found a list"),
        Case("type not a word", ["facts.yaml": facts + "  x: [text]\n"],
             "E0105 the type of 'customer.x' must be a type word or a mapping, found a list"),
        Case("no type", ["facts.yaml": facts + "  x:\n"], "E0104 fact 'customer.x' has no type"),
        Case("unknown fact type", ["facts.yaml": facts + "  x: texts\n"], "E0107 unknown fact type 'texts'"),
        Case("one-of as a word", ["facts.yaml": facts + "  x: one-of\n"], "E0107 unknown fact type 'one-of'"),
        Case("condition not a mapping", ["scenario.yaml": scenario.replacingOccurrences(of: "when: {}", with: "when: yes")],
             "E0105 'when' must be a mapping from fact paths to tests, found 'yes'"),
        Case("test value not a scalar", ["scenario.yaml": scenario.replacingOccurrences(of: "when: {}", with: "when: {customer.relation: [[a]]}")],
             "E0105 a value in the test of 'customer.relation' must be a scalar, found a list"),
        Case("test not a value", ["scenario.yaml": scenario.replacingOccurrences(of: "when: {}", with: "when: {customer.relation: {a: b}}")],
             "E0105 the test of 'customer.relation' must be a value or a list of values, found a mapping"),
        Case("effect not a name", ["scenario.yaml": scenario + "  - [a]\n"],
             "E0105 an effect must be a name, or a mapping from one name to its arguments; found a list"),
        Case("create-administrator without arguments", ["scenario.yaml": scenario + "  - create-administrator\n"],
             "E0104 'create-administrator' needs 'portal' and 'email'"),
        Case("send-email without template", ["scenario.yaml": scenario + "  - send-email\n"],
             "E0104 'send-email' needs a 'template'"),
        Case("approves", ["scenario.yaml": scenario + "awaits: {who: customer, approves: termz, where: here}\n"],
             "E0107 'approves' must be collaboration or terms, found 'termz'"),
        Case("who", ["scenario.yaml": scenario + "awaits: {who: admin, approves: terms, where: here}\n"],
             "E0107 'who' must be customer or administrator, found 'admin'"),
        Case("facts twice", ["facts2.yaml": "kind: facts\ncustomer:\n  other: text\n"],
             "E0110 a rule set has exactly one 'facts' declaration"),
        Case("included twice", ["product.yaml": "kind: product\nid: p\nname: P\nincludes: [q, q]\n---\nkind: product\nid: q\nname: Q\n"],
             "E0204 'q' is included twice"),
        Case("activated through itself", ["product.yaml": "kind: product\nid: p\nname: P\nactivated-through: p\n"],
             "E0402 'p' cannot be activated through itself"),
        Case("bool tested with a list", ["scenario.yaml": scenario.replacingOccurrences(of: "when: {}", with: "when: {customer.flag: [true]}")],
             "E0502 'customer.flag' is a bool: test it with true or false, not a list"),
        Case("not a bool", ["scenario.yaml": scenario.replacingOccurrences(of: "when: {}", with: "when: {customer.flag: maybe}")],
             "E0501 'maybe' is not a bool; 'customer.flag' takes true or false"),
        Case("email tested", ["scenario.yaml": scenario.replacingOccurrences(of: "when: {}", with: "when: {customer.email: x}")],
             "E0502 'customer.email' is an email: a required text has no test: it is always present"),
        Case("list tested", ["scenario.yaml": scenario.replacingOccurrences(of: "when: {}", with: "when: {customer.items: emty}")],
             "E0502 'customer.items' is a list: test it with empty or non-empty"),
        Case("administrator fact", ["scenario.yaml": scenario + "  - create-administrator: {portal: x.se, email: administrator.name}\n"],
             "E0307 'administrator.name' is not a fact path: 'administrator' has no facts"),
        Case("placeholder as fact", ["scenario.yaml": scenario + "  - create-administrator: {portal: x.se, email: portal}\n"],
             "E0307 'portal' is not a fact path: it is a placeholder, for texts written as '{{portal}}'"),
        Case("not an email fact", ["scenario.yaml": scenario + "  - create-administrator: {portal: x.se, email: customer.flag}\n"],
             "E0706 'customer.flag' cannot be the administrator's email: it is of type bool"),
        Case("no scenario", ["collaboration.yaml": "kind: collaboration\nid: c\ntitle: C\nproducts: [p]\n---\nkind: collaboration\nid: c2\ntitle: C2\nproducts: [p]\n"],
             "E0601 no scenario handles collaboration 'c2'"),
        Case("tasks not a list", ["facts.yaml": facts + "  tasks: text\n"],
             "E0105 'customer.tasks' must be of type list: a request's task is picked from it",
             "W0102 fact 'customer.tasks' is never read by a rule"),
        Case("needs earlier", ["scenario.yaml": scenario.replacingOccurrences(of: "  - activate-collaboration\n", with: "  - activate-service\n  - activate-collaboration\n")],
             "E0702 'activate-service' needs 'activate-collaboration' earlier in the same scenario: a service is activated within a collaboration"),
        Case("awaits the administrator", ["scenario.yaml": scenario + "awaits: {who: administrator, approves: terms, where: here}\n"],
             "E0704 scenario 's' awaits the administrator, but creates none"),
    ]

    /// The diagnostics a case adds to those of the clean rule set (its unused facts).
    @Test(arguments: cases) func messageReadsAsBefore(_ example: Case) {
        let files = example.files.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, text: $0.value) }
        let compilation = Compiler().compile(files: files)
        let unused = Set(["office.name", "customer.email", "customer.flag", "customer.items", "customer.relation"].map { "fact '\($0)' is never read by a rule" })
        let said = compilation.diagnostics.filter { !($0.code == .unusedFact && unused.contains($0.message)) }.map { "\($0.code.rawValue) \($0.message)" }
        #expect(said == example.expected)
    }
}

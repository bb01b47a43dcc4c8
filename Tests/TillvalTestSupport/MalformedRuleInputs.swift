import TillvalSyntax

/// Rule files nothing may crash on, each with the code it must be reported
/// as: the compiler's tests read them in process, the binary's tests all at
/// once through `tillval check`.
public enum MalformedRuleInputs {
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

    public static let all: [(name: String, bytes: [UInt8], code: DiagnosticCode)] = [
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
}

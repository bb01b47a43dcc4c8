import Testing
@testable import TillvalRuntime
import TillvalSyntax
import TillvalTestSupport

/// Issue 11: a plain JSON Lines request is read without libyaml
/// (`PlainJSONLine`), and must load to exactly the nodes the loader makes
/// of it — every range, style, text and text as written — or be declined
/// and go through the loader, which then reports whatever is wrong.
@Suite struct PlainJSONLineTests {
    static let path = "batch.jsonl"

    /// The loader's documents and diagnostics for `line`, read as line `number` of a file.
    static func loaded(_ line: String, number: Int = 7) -> (documents: [YAMLDocument], diagnostics: [Diagnostic]) {
        let piece = SourceFile(path: path, bytes: Array(line.utf8), firstLine: number)
        return YAMLLoader().load(piece, bytes: piece.bytes[...], firstLine: number)
    }

    static func fast(_ line: String, number: Int = 7, loader: YAMLLoader = YAMLLoader()) -> [YAMLDocument]? {
        PlainJSONLine.load(Array(line.utf8), path: path, line: number, loader: loader)
    }

    /// Every scalar's text as written, in order: `ScalarSource` equality compares them too, but say which differs.
    static func raws(_ node: YAMLNode?) -> [String?] {
        guard let node else { return [] }
        switch node.content {
        case .scalar(let scalar): return [scalar.raw]
        case .sequence(let items): return items.flatMap(raws)
        case .mapping(let pairs): return pairs.flatMap { raws($0.value) }
        }
    }

    static func expectSame(_ line: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let loaded = loaded(line)
        guard let fast = fast(line) else {
            Issue.record("declined: \(line)", sourceLocation: sourceLocation)
            return
        }
        #expect(loaded.diagnostics.isEmpty, "\(line)", sourceLocation: sourceLocation)
        #expect(fast == loaded.documents, "\(line)", sourceLocation: sourceLocation)
        #expect(fast.map { raws($0.root) } == loaded.documents.map { raws($0.root) }, sourceLocation: sourceLocation)
    }

    static let request = #"{"office":{"name":"Byrå Invoice AB"},"customer":{"id":"000000000","name":"Kund 0 AB","email":"kund0@example.se","relation":"registered","tasks":["Löneadministration 2024"]},"product":"lon-anstalld","collaboration":"digitala-tillval","task":"Löneadministration 2024"}"#

    @Test func plainLinesLoadAsTheLoaderLoadsThem() {
        for line in [
            Self.request,
            #"{"office": {"name": "Byrå"}, "customer": {"id": "556456-7890", "name": "Snickeri Öst HB", "tasks": []}, "product": "min-lon"}"#,
            #"  {  "a"  :  "b"  ,  "c" : [ "d" , "e" ]  }  "#,
            #"{"a":{},"b":[],"c":[[]],"d":[{}],"e":[{"f":"g"}]}"#,
            ##"{"empty": "", "space": " ", "spaces": "  a  b  ", "hash": "#x", "colon": "a: b", "dash": "- x", "amp": "&a *b !t"}"##,
            #"{"bool": true, "no": false, "nothing": null, "n": 0, "m": -12, "x": 3.25, "e": 1e9, "f": -0.5E-3}"#,
            #"{"list": [true, false, null, 1, "a"]}"#,
            #"{"å": "€ 𝄞 日本 ÅÄÖ", "after": "x"}"#,
            #"{"kind": "<<", "<<": "~", "'q'": "it's", "[": "]", "{": "}"}"#,
            #"{}"#,
        ] {
            Self.expectSame(line)
        }
    }

    /// What the loader reports or reads otherwise is left to it.
    @Test func anythingElseIsDeclined() {
        for line in [
            #"{"a": "b\"c"}"#, #"{"a": "b\nc"}"#, #"{"a": "b\u0041"}"#,
            "{\"a\": \"b\tc\"}", "{\t\"a\": \"b\"}", "{\"a\": \"b\"}\r", "\u{FEFF}{\"a\": \"b\"}", "{\"a\": \"b\u{FEFF}\"}",
            "{\"a\": \"\u{7F}\"}", "{\"a\": \"\u{85}\"}", "{\"a\": \"\u{1}\"}", "{\"a\": \"\u{FFFF}\"}",
            #"{"a": "b", "a": "c"}"#, #"{"a": "b",}"#, #"["a"]"#, #""a""#, #"{"a": "b"} x"#, #"{"a": "b"}{"#,
            #"{"a": b}"#, #"{"a": 01}"#, #"{"a": 1.}"#, #"{"a": .5}"#, #"{"a": True}"#, #"{'a': 'b'}"#, #"{a: "b"}"#,
            #"{"a": ["b": "c"]}"#, #"{"a" "b"}"#, #"{"a": "b""#, #"{"a": ["b"}"#, "",
            String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
            "{\"a\": " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}",
        ] {
            #expect(Self.fast(line) == nil, "\(line)")
        }
        // Bad UTF-8: a lone continuation byte, an overlong form, a surrogate, a cut character.
        for bad: [UInt8] in [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82]] {
            let bytes = Array(#"{"a": ""#.utf8) + bad + Array(#""}"#.utf8)
            #expect(PlainJSONLine.load(bytes, path: Self.path, line: 1, loader: YAMLLoader()) == nil)
        }
        // YAML's line breaks U+2028 and U+2029 (they count lines and fold texts), in a value and in a key.
        for line in ["{\"a\": \"b\u{2028}c\"}", "{\"a\u{2029}\": \"b\"}"] {
            #expect(Self.fast(line) == nil, "\(line)")
        }
        // A key whose `:` comes more than libyaml's 1 024 characters after its start is refused by the
        // loader (E0004): declined past 1 000 bytes, spaces before the colon included.
        let key = String(repeating: "k", count: 990)
        Self.expectSame("{\"\(key)\"" + String(repeating: " ", count: PlainJSONLine.longestKey - 992) + ": \"b\"}")
        let spaced = "{\"\(key)\"" + String(repeating: " ", count: 200) + ": \"b\"}"
        #expect(Self.fast(spaced) == nil)
        #expect(Self.loaded(spaced).diagnostics.map(\.code.rawValue) == ["E0004"])
        // Counted in bytes: 600 two-byte characters are declined too, and the loader reads them.
        let wide = "{\"" + String(repeating: "å", count: 600) + "\": \"b\"}"
        #expect(Self.fast(wide) == nil)
        #expect(Self.loaded(wide).diagnostics.isEmpty)
        // A loader that cuts long scalars reads every line itself.
        #expect(Self.fast(Self.request, loader: YAMLLoader(maximumScalarLength: 1000)) == nil)
        #expect(Self.fast(Self.request) != nil)
    }

    /// Random lines from plain pieces and from pieces that are not: whatever is accepted is what the loader makes.
    @Test func randomLinesThatAreAcceptedLoadAsTheLoaderLoadsThem() {
        var random = SeededRandom(state: 11)
        let words = ["a", "Byrå", "", " x ", "€", "𝄞", "é", "a b", "it's", "#", ":", "-", "\\\"", "\t", "\u{85}", "\u{A0}"]
        let plains = ["true", "false", "null", "0", "-1", "2.5", "1e3", "yes", "~", "01"]
        let spaces = ["", " ", "  ", "\t"]
        func space() -> String { spaces[random.below(spaces.count)] }
        func value(_ depth: Int) -> String {
            switch random.below(depth > 3 ? 2 : 4) {
            case 0: return "\"" + words[random.below(words.count)] + "\""
            case 1: return plains[random.below(plains.count)]
            case 2: return "[" + space() + (0..<random.below(3)).map { _ in value(depth + 1) }.joined(separator: space() + "," + space()) + space() + "]"
            default: return object(depth + 1)
            }
        }
        func object(_ depth: Int) -> String {
            let keys = (0..<random.below(4)).map { _ in words[random.below(5)] }
            return "{" + space() + keys.map { "\"\($0)\"" + space() + ":" + space() + value(depth) }.joined(separator: space() + "," + space()) + space() + "}"
        }
        var accepted = 0
        for _ in 0..<3000 {
            let line = space() + object(0) + space()
            guard let fast = Self.fast(line) else { continue }
            accepted += 1
            let loaded = Self.loaded(line)
            #expect(loaded.diagnostics.isEmpty && fast == loaded.documents, "\(line)")
            #expect(fast.map { Self.raws($0.root) } == loaded.documents.map { Self.raws($0.root) }, "\(line)")
        }
        #expect(accepted > 300)
    }

    /// Through the stream: a file of plain and other lines reads as before, each line at its own line number.
    @Test func aStreamMixesBothPaths() throws {
        let lines = [Self.request, #"{"a": "b\"c"}"#, "", #"{"x": [1, 2]}"#, #"{"a": "b", "a": "c"}"#]
        let text = lines.joined(separator: "\n") + "\n"
        let file = SourceFile(path: Self.path, bytes: Array(text.utf8))
        let entries = RequestReader.read(file, layout: .jsonLines).entries
        #expect(entries.map(\.start.line) == [1, 2, 4, 5])
        for entry in entries {
            let line = lines[entry.start.line - 1]
            let loaded = Self.loaded(line, number: entry.start.line)
            #expect(entry.document?.root == loaded.documents.first?.root)
            #expect(entry.diagnostics == loaded.diagnostics)
        }
        #expect(entries.last?.diagnostics.first?.code == .duplicateKey)
    }
}

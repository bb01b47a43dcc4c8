import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// JSON written straight into bytes, exactly as `JSONEncoder` writes it with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` (two spaces per
/// level, `"key" : value`, an empty array as `[`, an empty line, `]`), for
/// the one value a batch writes per request (issue 11, point 5): the encoder
/// builds a tree of boxed values and sorts every object's keys each time,
/// which cost more than planning the request. Each type below writes its
/// keys in sorted order itself; `JSONReportWriterTests` pins the bytes against
/// `JSONEncoder` for every shape a result takes.
struct JSONBytes {
    var bytes: [UInt8] = []
    /// Per open container: whether nothing has been written in it yet.
    private var empty: [Bool] = []
    /// Spaces before every line of the value, for a value nested in a document written by hand.
    private let indent: Int

    init(indent: Int = 0) {
        self.indent = indent
    }

    /// A line break and the indentation of the current level.
    private static let breaks: [UInt8] = [UInt8(ascii: "\n")] + [UInt8](repeating: UInt8(ascii: " "), count: 64)

    private mutating func newline() {
        let spaces = indent + empty.count * 2
        if spaces <= 64 {
            Self.breaks.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0...spaces])) }
        } else {
            bytes.append(UInt8(ascii: "\n"))
            for _ in 0..<spaces { bytes.append(UInt8(ascii: " ")) }
        }
    }

    /// The place of the next member or element: after a comma, on its own line.
    private mutating func next() {
        if empty[empty.count - 1] {
            empty[empty.count - 1] = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
        newline()
    }

    mutating func open(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        empty.append(true)
    }

    mutating func close(_ bracket: Unicode.Scalar) {
        let wasEmpty = empty.removeLast()
        if wasEmpty { bytes.append(UInt8(ascii: "\n")) }
        newline()
        bytes.append(UInt8(ascii: bracket))
    }

    /// `"key" : ` in an object; `key` is plain ASCII that needs no escaping.
    mutating func key(_ key: StaticString) {
        next()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: " "))
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    /// The place of the next element of an array.
    mutating func element() {
        next()
    }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    // Members, each left out when nil, as the encoder's `encodeIfPresent` does.

    mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    mutating func member<Value: JSONBytesWritable>(_ name: StaticString, _ value: Value?) {
        guard let value else { return }
        key(name)
        value.write(to: &self)
    }

    mutating func member<Value: JSONBytesWritable>(_ name: StaticString, _ values: [Value]?) {
        guard let values else { return }
        key(name)
        array(values)
    }

    mutating func member(_ name: StaticString, _ values: [String]) {
        key(name)
        open("[")
        for value in values {
            element()
            string(value)
        }
        close("]")
    }

    mutating func array<Value: JSONBytesWritable>(_ values: [Value]) {
        open("[")
        for value in values {
            element()
            value.write(to: &self)
        }
        close("]")
    }
}

/// A value that writes itself as `JSONEncoder` would encode it.
protocol JSONBytesWritable {
    func write(to json: inout JSONBytes)
}

extension JSONBytesWritable where Self: RawRepresentable, RawValue == String {
    func write(to json: inout JSONBytes) { json.string(rawValue) }
}

extension RequestStatus: JSONBytesWritable {}
extension EffectKind: JSONBytesWritable {}
extension EffectStatus: JSONBytesWritable {}
extension ApprovalState: JSONBytesWritable {}
extension Approver: JSONBytesWritable {}
extension ApprovalSubject: JSONBytesWritable {}
extension DiagnosticCode: JSONBytesWritable {}
extension Severity: JSONBytesWritable {}

extension SourceLocation: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("column", column)
        json.member("file", file)
        json.member("line", line)
        json.close("}")
    }
}

extension Named: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("id", id)
        json.member("name", name)
        json.close("}")
    }
}

extension RenderedEmail: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("body", body)
        json.member("subject", subject)
        json.member("template", template)
        json.member("to", to)
        json.close("}")
    }
}

extension DiagnosticEntry: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("code", code)
        json.member("edits", edits)
        json.member("end", end)
        json.member("help", help)
        json.member("location", location)
        json.member("message", message)
        json.member("notes", notes)
        json.member("severity", severity)
        json.close("}")
    }
}

extension DiagnosticEntry.Note: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("end", end)
        json.member("location", location)
        json.member("message", message)
        json.close("}")
    }
}

extension DiagnosticEntry.Edit: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("end", end)
        json.member("replacement", replacement)
        json.member("start", start)
        json.close("}")
    }
}

extension JSONReport.Entry: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("applied-before", appliedBefore)
        json.member("customer-id", customerID)
        json.member("diagnostics", diagnostics)
        json.member("message", message)
        json.member("plan", plan)
        json.member("source", source)
        json.member("status", status)
        json.close("}")
    }
}

extension JSONReport.AppliedBefore: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("activated-at", activatedAt)
        json.member("approval", approval)
        json.member("approved-at", approvedAt)
        json.member("plan-digest", planDigest)
        json.close("}")
    }
}

extension JSONReport.PlanEntry: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("awaits", awaits)
        json.member("collaboration", collaboration)
        json.member("effects", effects)
        json.member("outcome", outcome)
        json.member("preconditions", preconditions)
        json.member("product", product)
        json.member("restricted-to", restrictedTo)
        json.member("runnable", runnable)
        json.member("scenario", scenario)
        json.member("service", service)
        json.member("service-description", serviceDescription)
        json.member("steps", steps)
        json.member("task", task)
        json.member("then", then)
        json.close("}")
    }
}

extension JSONReport.PlanEntry.Scenario: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("id", id)
        json.member("matched", matched)
        json.member("origin", origin)
        json.member("title", title)
        json.close("}")
    }
}

extension JSONReport.PlanEntry.Match: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("origin", origin)
        json.member("test", test)
        json.member("value", value)
        json.close("}")
    }
}

extension JSONReport.PlanEntry.Precondition: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("holds", holds)
        json.member("id", id)
        json.member("origin", origin)
        json.member("summary", summary)
        json.member("unmet", unmet)
        json.close("}")
    }
}

extension JSONReport.PlanEntry.Step: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("number", number)
        json.member("origin", origin)
        json.member("procedure", procedure)
        json.member("text", text)
        json.close("}")
    }
}

extension JSONReport.PlanEntry.Effect: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("collaboration", collaboration)
        json.member("effect", effect)
        json.member("email", email)
        json.member("origin", origin)
        json.member("portal", portal)
        json.member("product", product)
        json.member("rendered-email", renderedEmail)
        json.member("restricted-to", restrictedTo)
        json.member("result", result)
        json.member("service", service)
        json.member("status", status)
        json.member("summary", summary)
        json.close("}")
    }
}

extension JSONReport.PlanEntry.Awaits: JSONBytesWritable {
    func write(to json: inout JSONBytes) {
        json.open("{")
        json.member("approves", approves)
        json.member("where", `where`)
        json.member("who", who)
        json.close("}")
    }
}

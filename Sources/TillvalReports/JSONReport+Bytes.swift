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
    /// Where the bytes go: the storage of a buffer of the writer's, reused from one result to the next.
    private(set) var out: ByteWriter
    /// Per open container, one bit: whether nothing has been written in it yet (bit `depth - 1` the innermost).
    private var emptyBits: UInt64 = 0
    private var depth = 0
    /// Spaces before every line of the value, for a value nested in a document written by hand.
    private let indent: Int

    init(indent: Int = 0, into buffer: ByteBuffer = ByteBuffer()) {
        self.indent = indent
        out = ByteWriter(buffer)
    }

    /// Appends what was written to `bytes`, and starts again empty.
    mutating func drain(into bytes: inout [UInt8]) {
        out.drain(into: &bytes)
    }

    /// A line break and the indentation of the current level.
    private mutating func newline() {
        out.line(indentedBy: indent + depth * 2)
    }

    /// The place of the next member or element: after a comma, on its own line.
    @inline(__always)
    private mutating func next() {
        next(reserving: 0)
    }

    /// `next()`, with room for `extra` more bytes after it.
    @inline(__always)
    private mutating func next(reserving extra: Int) {
        let spaces = indent + depth * 2
        out.reserve(spaces + extra + 2 + ByteWriter.slack)
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if emptyBits & bit != 0 {
            emptyBits &= ~bit
        } else {
            out.put(UInt8(ascii: ","))
        }
        out.put(UInt8(ascii: "\n"))
        out.putSpaces(spaces)
    }

    mutating func open(_ bracket: Unicode.Scalar) {
        // The report's shapes nest a few levels deep, never near 64.
        precondition(depth < 64, "JSON nested too deep")
        out.append(UInt8(ascii: bracket))
        emptyBits |= 1 << UInt64(depth)
        depth += 1
    }

    mutating func close(_ bracket: Unicode.Scalar) {
        depth -= 1
        let bit: UInt64 = 1 << UInt64(depth)
        let wasEmpty = emptyBits & bit != 0
        emptyBits &= ~bit
        if wasEmpty { out.append(UInt8(ascii: "\n")) }
        newline()
        out.append(UInt8(ascii: bracket))
    }

    /// `"key" : ` in an object; `key` is plain ASCII that needs no escaping.
    /// One reservation for the separator, the indentation and the key (a batch writes some 130 keys per result).
    @inline(__always)
    mutating func key(_ key: StaticString) {
        guard key.hasPointerRepresentation else {
            next()
            out.append(UInt8(ascii: "\""))
            literal(key)
            out.append(UInt8(ascii: "\""), UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " "))
            return
        }
        let count = key.utf8CodeUnitCount
        next(reserving: count + 5)
        out.put(UInt8(ascii: "\""))
        out.put(key.utf8Start, count: count)
        out.put(UInt8(ascii: "\""))
        out.put(UInt8(ascii: " "))
        out.put(UInt8(ascii: ":"))
        out.put(UInt8(ascii: " "))
    }

    /// The place of the next element of an array.
    mutating func element() {
        next()
    }

    mutating func string(_ text: String) {
        out.append(UInt8(ascii: "\""))
        stringContent(text)
        out.append(UInt8(ascii: "\""))
    }

    /// The characters of a JSON string, escaped, without the quotes: a
    /// string written in pieces is the string of the pieces joined (each
    /// byte is escaped on its own).
    mutating func stringContent(_ text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ escaped($0) }) { return done }
        var text = text
        text.withUTF8 { escaped($0) }
    }

    /// A piece of a string's content that needs no escaping (the report's own words).
    mutating func literal(_ text: StaticString) {
        if text.hasPointerRepresentation {
            out.append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        } else {
            text.withUTF8Buffer { out.append($0) }
        }
    }

    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let bytes = utf8.baseAddress else { return }
        let count = utf8.count
        var start = 0
        var index = 0
        while index < count {
            // Eight bytes at a time while none of them needs escaping (most text).
            while index + 8 <= count, !Self.mayNeedEscaping(UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)) {
                index += 8
            }
            guard index < count else { break }
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            out.append(UnsafeBufferPointer(start: bytes + start, count: index - start))
            index += 1
            start = index
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\"), UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"), UInt8(ascii: "\\"))
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "\\"), UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "\\"), UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "\\"), UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "\\"), UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "\\"), UInt8(ascii: "f"))
            default:
                let hex = Array("0123456789abcdef".utf8)
                out.append(UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"))
                out.append(hex[Int(byte >> 4)], hex[Int(byte & 0xF)])
            }
        }
        out.append(UnsafeBufferPointer(start: bytes + start, count: count - start))
    }

    /// False when none of the eight bytes of `word` is below 0x20, a quote or a backslash (true may be wrong: look closer).
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let control = (word &- ones &* 0x20) & ~word & highs != 0
        return control || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
    }

    mutating func int(_ value: Int) {
        if value >= 0, value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            var text = String(value)
            text.withUTF8 { out.append($0) }
        }
    }

    mutating func bool(_ value: Bool) {
        literal(value ? "true" : "false")
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

/// The storage a writer's results are written into, kept from one result to the next.
final class ByteBuffer {
    fileprivate(set) var base: UnsafeMutablePointer<UInt8>
    fileprivate(set) var capacity: Int

    init(capacity: Int = 16 << 10) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Room for at least `needed` bytes, the first `count` kept.
    fileprivate func grow(to needed: Int, keeping count: Int) {
        var capacity = self.capacity * 2
        while capacity < needed { capacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        self.capacity = capacity
    }
}

/// Appends bytes through a pointer into a `ByteBuffer`'s storage: a value
/// held in place, so an append is a comparison and a store, where an
/// `Array`'s append checks its uniqueness and goes through its generic
/// sequence code each time (and a class's properties through exclusivity checks).
struct ByteWriter {
    private let storage: ByteBuffer
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(_ storage: ByteBuffer) {
        self.storage = storage
        base = storage.base
        capacity = storage.capacity
    }

    /// Bytes that may be written past what a `put` call reserved (`putSpaces` writes eight at a time).
    static let slack = 8

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    // `put`: appends into room already reserved.

    @inline(__always)
    mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func put(_ bytes: UnsafePointer<UInt8>, count length: Int) {
        var index = 0
        while index < length {
            base[count + index] = bytes[index]
            index += 1
        }
        count += length
    }

    /// `spaces` spaces, written eight at a time (up to `slack` bytes past them are overwritten, within the reservation).
    @inline(__always)
    mutating func putSpaces(_ spaces: Int) {
        var written = 0
        while written < spaces {
            UnsafeMutableRawPointer(base + count + written).storeBytes(of: 0x2020_2020_2020_2020 as UInt64, as: UInt64.self)
            written += 8
        }
        count += spaces
    }

    private mutating func grow(_ needed: Int) {
        storage.grow(to: needed, keeping: count)
        base = storage.base
        capacity = storage.capacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ first: UInt8, _ second: UInt8) {
        reserve(2)
        base[count] = first
        base[count + 1] = second
        count += 2
    }

    @inline(__always)
    mutating func append(_ first: UInt8, _ second: UInt8, _ third: UInt8, _ fourth: UInt8) {
        reserve(4)
        base[count] = first
        base[count + 1] = second
        base[count + 2] = third
        base[count + 3] = fourth
        count += 4
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    /// A line break and `spaces` spaces.
    @inline(__always)
    mutating func line(indentedBy spaces: Int) {
        reserve(spaces + 1)
        base[count] = UInt8(ascii: "\n")
        (base + count + 1).update(repeating: UInt8(ascii: " "), count: spaces)
        count += spaces + 1
    }

    /// Appends what was written to `bytes`, and starts again empty.
    mutating func drain(into bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        count = 0
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

// A result is written from the runtime's values themselves, not through the
// `Encodable` mirror types of `JSONReport` (`Entry`, `PlanEntry`, …), which
// copied every field of every result once more; the keys and shapes are
// those types' (`JSONReportWriterTests` compares the bytes).

extension RequestResult {
    func write(to json: inout JSONBytes) {
        json.open("{")
        if let appliedBefore {
            json.key("applied-before")
            json.open("{")
            json.member("activated-at", appliedBefore.activatedAt)
            json.member("approval", appliedBefore.status)
            json.member("approved-at", appliedBefore.approvedAt)
            json.member("plan-digest", appliedBefore.planDigest)
            json.close("}")
        }
        json.member("customer-id", customerID)
        json.key("diagnostics")
        json.open("[")
        for diagnostic in diagnostics {
            json.element()
            DiagnosticEntry(diagnostic).write(to: &json)
        }
        json.close("]")
        json.member("message", message)
        if let plan {
            json.key("plan")
            plan.write(to: &json, outcomes: outcomes)
        }
        json.member("source", source)
        json.member("status", status)
        json.close("}")
    }
}

extension RequestPlan {
    func write(to json: inout JSONBytes, outcomes: [EffectOutcome]) {
        json.open("{")
        if let awaits {
            json.key("awaits")
            json.open("{")
            json.member("approves", awaits.approves)
            json.member("where", awaits.place)
            json.member("who", awaits.who)
            json.close("}")
        }
        json.member("collaboration", collaboration)
        json.key("effects")
        json.open("[")
        for (index, effect) in effects.enumerated() {
            json.element()
            effect.write(to: &json, outcome: index < outcomes.count ? outcomes[index] : nil)
        }
        json.close("]")
        json.member("outcome", outcome)
        json.key("preconditions")
        json.open("[")
        for precondition in preconditions {
            json.element()
            json.open("{")
            json.member("holds", precondition.holds)
            json.member("id", precondition.id)
            json.member("origin", precondition.origin)
            json.member("summary", precondition.summary)
            json.member("unmet", precondition.unmet)
            json.close("}")
        }
        json.close("]")
        json.member("product", product)
        json.member("restricted-to", restrictedTo)
        json.member("runnable", isRunnable)
        json.key("scenario")
        json.open("{")
        json.member("id", scenario.id)
        json.key("matched")
        json.open("[")
        for match in scenario.matched {
            json.element()
            json.open("{")
            json.member("origin", match.origin)
            json.member("test", match.test)
            json.member("value", match.value)
            json.close("}")
        }
        json.close("]")
        json.member("origin", scenario.origin)
        json.member("title", scenario.title)
        json.close("}")
        json.member("service", service)
        json.key("service-description")
        json.serviceDescription(service.name, restrictedTo: restrictedTo?.name)
        json.key("steps")
        json.open("[")
        for step in steps {
            json.element()
            json.open("{")
            json.member("number", step.number)
            json.member("origin", step.origin)
            json.member("procedure", step.procedure)
            json.member("text", step.text)
            json.close("}")
        }
        json.close("]")
        json.member("task", task)
        json.member("then", then)
        json.close("}")
    }
}

extension JSONBytes {
    /// `Named.serviceDescription` as a JSON string, written in pieces.
    mutating func serviceDescription(_ service: String, restrictedTo: String?) {
        literal("\"")
        stringContent(service)
        if let restrictedTo {
            literal(", restricted to ")
            stringContent(restrictedTo)
        }
        literal("\"")
    }
}

extension PlannedEffect {
    func write(to json: inout JSONBytes, outcome: EffectOutcome?) {
        json.open("{")
        if case .activateCollaboration(let collaboration, _) = action { json.member("collaboration", collaboration) }
        json.member("effect", kind)
        if case .createAdministrator(_, let email) = action { json.member("email", email) }
        json.member("origin", origin)
        if case .createAdministrator(let portal, _) = action { json.member("portal", portal) }
        if case .activateCollaboration(_, let product) = action { json.member("product", product) }
        if case .sendEmail(let email) = action { json.member("rendered-email", email) }
        if case .activateService(_, let restrictedTo) = action { json.member("restricted-to", restrictedTo) }
        json.member("result", outcome?.message)
        if case .activateService(let service, _) = action { json.member("service", service) }
        json.member("status", outcome?.status)
        json.key("summary")
        // `summary`, written in pieces rather than made as a `String` first.
        json.literal("\"")
        switch action {
        case .activateCollaboration(let collaboration, let product):
            json.literal("Activate the collaboration ")
            json.stringContent(collaboration.name)
            json.literal(" for ")
            json.stringContent(product.name)
            json.literal(", pending approval")
        case .activateService(let service, let restrictedTo):
            json.literal("Activate the service ")
            json.stringContent(service.name)
            if let restrictedTo {
                json.literal(", restricted to ")
                json.stringContent(restrictedTo.name)
            }
        case .createAdministrator(let portal, let email):
            json.literal("Create the customer's administrator on ")
            json.stringContent(portal)
            json.literal(" for ")
            json.stringContent(email)
        case .sendEmail(let email):
            json.literal("Send the email '")
            json.stringContent(email.template)
            json.literal("' to ")
            json.stringContent(email.to)
        }
        json.literal("\"")
        json.close("}")
    }
}

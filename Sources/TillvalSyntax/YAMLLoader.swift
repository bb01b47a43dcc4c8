import CYAML

/// Reads one file's bytes through libyaml's event API into position-carrying
/// nodes. Everything the rule format forbids in YAML (anchors, aliases, tags,
/// merge keys, complex keys, duplicate keys, bad UTF-8, runaway nesting) is
/// rejected here, once, with a position, so later stages never see it.
public struct YAMLLoader: Sendable {
    /// How deep mappings and lists may nest; deeper input is refused rather
    /// than risking the stack of whatever walks the tree later.
    public var maximumDepth: Int
    /// How many diagnostics one file may produce before the rest are dropped,
    /// so an alias bomb yields a handful of errors, not thousands.
    public var maximumDiagnosticsPerFile: Int
    /// The longest scalar, in bytes of its value, that is read whole; a
    /// longer one is reported (E0014) and read cut to this length. Nil: no limit.
    public var maximumScalarLength: Int?

    public init(maximumDepth: Int = 64, maximumDiagnosticsPerFile: Int = 50, maximumScalarLength: Int? = nil) {
        self.maximumDepth = maximumDepth
        self.maximumDiagnosticsPerFile = maximumDiagnosticsPerFile
        self.maximumScalarLength = maximumScalarLength
    }

    /// The documents of `file` (empty ones included, with a nil root) and
    /// every problem found while reading it.
    public func load(_ file: SourceFile) -> (documents: [YAMLDocument], diagnostics: [Diagnostic]) {
        load(file, bytes: file.bytes[...], firstLine: 1)
    }

    /// Loads only `bytes`, a run of whole lines of `file` starting at line
    /// `firstLine`, with positions in the whole file: one line of a JSON
    /// Lines stream, say. A document that lacks its `---` is split where it
    /// repeats its first key (YAMLLoader+Separator.swift).
    public func load(_ file: SourceFile, bytes: ArraySlice<UInt8>, firstLine: Int) -> (documents: [YAMLDocument], diagnostics: [Diagnostic]) {
        loadSplittingDocuments(file, bytes: bytes, firstLine: firstLine)
    }

    func loadOnce(_ file: SourceFile, bytes: ArraySlice<UInt8>, firstLine: Int) -> (documents: [YAMLDocument], diagnostics: [Diagnostic]) {
        var text = bytes
        // A UTF-8 byte order mark is not content; libyaml, told the encoding, would read it as a character.
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        let source = Array(text)
        // First, parse, stopping at the first collection past `maximumDepth`:
        // libyaml reads at most about a thousand tokens ahead of the events it
        // hands out (its simple-key window), so a million `[` cost it a few
        // kilobytes and microseconds before the stop. A file read to its end
        // with no syntax error and no nesting past the limit is what the careful
        // path below would make of it, without walking every byte first.
        var fast = LoaderRun(file: file, bytes: source, lineOffset: firstLine - 1,
                             maximumDepth: maximumDepth, maximumDiagnostics: maximumDiagnosticsPerFile)
        fast.maximumScalarLength = maximumScalarLength
        fast.stopsPastMaximumDepth = true
        if fast.parse() {
            let parsed = fast.diagnostics
            fast.diagnostics = []
            // The scanner reads the same tokens the parse just read, all of them nested within the limit.
            fast.rejectExplicitKeys()
            return (fast.documents, Array((fast.diagnostics + parsed).prefix(maximumDiagnosticsPerFile)))
        }
        // Deep nesting or a syntax error: libyaml takes time quadratic in flow nesting, and a
        // syntax error leaves the rest of the file unread by the parse but not by the key scan.
        // Refuse runaway nesting before libyaml starts, then parse to the end, past the limit.
        var run = LoaderRun(file: file, bytes: source, lineOffset: firstLine - 1,
                            maximumDepth: maximumDepth, maximumDiagnostics: maximumDiagnosticsPerFile)
        run.maximumScalarLength = maximumScalarLength
        guard run.checkFlowDepth() else { return ([], run.diagnostics) }
        run.rejectExplicitKeys()
        run.parse()
        return (run.documents, run.diagnostics)
    }
}

/// The mutable state of one load; kept private so the loader itself stays a value.
private struct LoaderRun {
    let file: SourceFile
    /// `file.path`, interned once for every position of the file.
    let path: SourcePath
    /// What is parsed: the whole file, or some of its lines.
    let bytes: [UInt8]
    /// Lines of the file before `bytes`.
    let lineOffset: Int
    let maximumDepth: Int
    let maximumDiagnostics: Int
    var maximumScalarLength: Int?
    var documents: [YAMLDocument] = []
    var diagnostics: [Diagnostic] = []

    enum PendingKey {
        case none
        case key(String, SourceRange)
        case invalid
    }

    /// A collection being built. Its arrays are appended to in place
    /// (`stack[last].items.append`), never copied out and back: a copy per
    /// item made a list of n items cost n² (20 000 items: 5 s).
    struct Frame {
        enum Kind { case mapping, sequence }
        var kind: Kind
        var start: SourceLocation
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        /// The keys of `pairs` and where each is written, once a mapping has many (`firstRange`).
        var seen: [String: SourceRange] = [:]
        var pending: PendingKey = .none

        /// A mapping whose next scalar is a key.
        var awaitsKey: Bool {
            guard kind == .mapping, case .none = pending else { return false }
            return true
        }
    }

    private var stack: [Frame] = []
    private var documentStart: SourceLocation?
    private var documentRoot: YAMLNode?
    /// Collections opened below the depth limit, still to be closed.
    private var skipped = 0
    private var reportedDepth = false
    /// Whether `parse` stops (and fails) where a collection nests past `maximumDepth`, instead of reporting it and reading on.
    var stopsPastMaximumDepth = false
    private var stoppedPastMaximumDepth = false

    /// The last line that holds text: libyaml places "unexpected end" problems
    /// just past it, where no line can be quoted.
    let lastLine: Int
    let lastLineLength: Int
    /// The byte offset where each line of `bytes` starts.
    let lineStarts: [Int]
    /// Whether each line of `bytes` is all ASCII: a column there is a byte offset.
    let asciiLines: [Bool]

    init(file: SourceFile, bytes: [UInt8], lineOffset: Int, maximumDepth: Int, maximumDiagnostics: Int) {
        self.file = file
        self.path = SourcePath(file.path)
        self.bytes = bytes
        self.lineOffset = lineOffset
        var content = bytes[...]
        while let last = content.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { content = content.dropLast() }
        let lastBreak = content.lastIndex(of: UInt8(ascii: "\n"))
        lastLineLength = String(decoding: content[(lastBreak.map { $0 + 1 } ?? content.startIndex)...], as: UTF8.self).unicodeScalars.count
        self.maximumDepth = maximumDepth
        self.maximumDiagnostics = maximumDiagnostics
        var starts = [0]
        var ascii: [Bool] = []
        ByteScan.lines(of: bytes) { end in
            ascii.append(ByteScan.isASCII(bytes, starts[starts.count - 1] ..< end))
            if end < bytes.count { starts.append(end + 1) }
        }
        lineStarts = starts
        asciiLines = ascii
        // The line breaks of `content` are those of `bytes` before its end.
        let breaks = lastBreak.map { last in starts.count - 1 - starts.reversed().prefix { $0 > last + 1 }.count } ?? 0
        lastLine = lineOffset + 1 + breaks
    }

    mutating func report(_ message: LoadMessage, at range: SourceRange?, notes: [DiagnosticNote] = [], help: LoadMessage.Help? = nil) {
        guard diagnostics.count < maximumDiagnostics else { return }
        diagnostics.append(Diagnostic(message, at: range, notes: notes, suggestion: help.map { Suggestion($0) }))
    }

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        let line = Int(mark.line) + 1 + lineOffset
        if line > lastLine {
            return SourceLocation(path: path, line: lastLine, column: lastLineLength + 1)
        }
        return SourceLocation(path: path, line: line, column: Int(mark.column) + 1)
    }

    func range(_ start: yaml_mark_t, _ end: yaml_mark_t) -> SourceRange {
        SourceRange(start: location(start), end: location(end))
    }

    /// The text between two marks, as written: a run of `bytes`, shared,
    /// not copied. Marks count lines and characters; the byte offsets come
    /// from `lineStarts`.
    mutating func source(_ start: yaml_mark_t, _ end: yaml_mark_t) -> ScalarSource {
        let from = byteOffset(start), to = byteOffset(end)
        return ScalarSource(bytes: bytes, range: from ..< max(from, to))
    }

    /// Where the last mark was found: marks come in reading order, so each
    /// walk starts there and a long line is walked once, not once per scalar.
    private var cursor = (line: 0, column: 0, offset: 0)

    mutating func byteOffset(_ mark: yaml_mark_t) -> Int {
        let line = Int(mark.line), column = Int(mark.column)
        guard line < lineStarts.count else { return bytes.count }
        if asciiLines[line] { return min(lineStarts[line] + column, bytes.count) }
        var offset = lineStarts[line]
        var remaining = column
        if cursor.line == line, cursor.column <= column {
            offset = cursor.offset
            remaining = column - cursor.column
        }
        while remaining > 0, offset < bytes.count {
            offset += 1
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            remaining -= 1
        }
        cursor = (line, column, offset)
        return offset
    }

    /// libyaml reports reader errors by byte offset; turn that into line and column.
    func location(byteOffset: Int) -> SourceLocation {
        var line = 1 + lineOffset
        var column = 1
        let limit = min(byteOffset, bytes.count)
        var index = 0
        while index < limit {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return SourceLocation(path: path, line: line, column: column)
    }

    /// Counts `[`/`{` nesting outside quoted scalars, block scalars and
    /// comments. True when it stays within the limit; a deeper file is
    /// reported (E0011) and not parsed. A quote opens a quoted scalar only
    /// where YAML lets a scalar start (after indentation, `[`, `{`, `,`, `:`,
    /// `- ` or `? `): in a plain scalar (`doc: the customer's rules`), and at
    /// the start of a line that continues one, an apostrophe is a letter, and
    /// must not hide the brackets after it.
    mutating func checkFlowDepth() -> Bool {
        let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        let colon = UInt8(ascii: ":"), dash = UInt8(ascii: "-"), question = UInt8(ascii: "?")
        var depth = 0
        var quote: UInt8?
        var comment = false
        // Whether the previous byte was a space, tab or line break.
        var lastBlank = true
        // The last byte that was not blank: on this line in block context (a line break
        // at the start of a line), across lines inside `[ ]` and `{ }`.
        var significant = newline
        var lineStart = 0
        var indent = 0
        var inIndent = true
        // Where the node the line is at starts (its key, say), and the column of the last `- `.
        var nodeStart = 0
        var dashColumn = 0
        var afterDash = false
        // A block scalar's (`|`, `>`) content is the lines more indented than `blockParent`.
        var blockParent: Int?
        var pendingBlock: Int?
        // A plain scalar in block context, open at the end of the line, goes on in the lines
        // more indented than `plainParent`.
        var inPlain = false
        var plainParent = -1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            defer { index += 1 }
            if byte == newline {
                if comment || depth > 0 { inPlain = false }
                comment = false
                if quote == nil, let parent = pendingBlock { blockParent = parent }
                pendingBlock = nil
                lineStart = index + 1
                indent = 0
                inIndent = true
                if depth == 0, quote == nil { significant = newline }
                lastBlank = true
                continue
            }
            if inIndent, byte == space {
                indent += 1
                continue
            }
            if inIndent {
                inIndent = false
                nodeStart = indent
                if quote == nil, let parent = blockParent {
                    if indent > parent || byte == UInt8(ascii: "\r") {
                        while index + 1 < bytes.count, bytes[index + 1] != newline { index += 1 }
                        continue
                    }
                    blockParent = nil
                }
                if quote == nil, depth == 0, inPlain {
                    if indent > plainParent, byte != UInt8(ascii: "#") {
                        // The plain scalar of the line before goes on: this character is text.
                        significant = byte
                        lastBlank = false
                        continue
                    }
                    inPlain = false
                }
            }
            if comment { continue }
            if let open = quote {
                if open == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") { index += 1; continue }
                if byte == open {
                    // `''` inside a single-quoted scalar is an escaped quote.
                    if open == UInt8(ascii: "'"), index + 1 < bytes.count, bytes[index + 1] == open { index += 1; continue }
                    quote = nil
                    significant = byte
                    lastBlank = false
                }
                continue
            }
            let blank = byte == space || byte == tab || byte == UInt8(ascii: "\r")
            if blank {
                lastBlank = true
                continue
            }
            if afterDash {
                nodeStart = index - lineStart
                afterDash = false
            }
            // Where a scalar may start: at the start of a line, right after a flow indicator,
            // or after a blank that follows a key or entry indicator.
            // Inside a plain scalar (block context) nothing starts but a comment or, after `: `, a value.
            let scalarMayStart = !(inPlain && depth == 0) && (significant == newline
                || significant == UInt8(ascii: "[") || significant == UInt8(ascii: "{") || significant == UInt8(ascii: ",")
                || (lastBlank && (significant == colon || significant == dash || significant == question))
                || (significant == colon && depth > 0))
            let next = index + 1 < bytes.count ? bytes[index + 1] : newline
            let indicatorFollows = next == space || next == tab || next == newline || next == UInt8(ascii: "\r")
            switch byte {
            case UInt8(ascii: "#") where lastBlank:
                comment = true
            case UInt8(ascii: "\"") where scalarMayStart, UInt8(ascii: "'") where scalarMayStart:
                quote = byte
                inPlain = false
            case dash where scalarMayStart && indicatorFollows:
                dashColumn = index - lineStart
                afterDash = true
                inPlain = false
            case colon where indicatorFollows && depth == 0:
                // `key: ` ends the key; what follows is a new node.
                inPlain = false
            case UInt8(ascii: "|") where scalarMayStart && depth == 0, UInt8(ascii: ">") where scalarMayStart && depth == 0:
                pendingBlock = significant == dash ? dashColumn : significant == colon ? nodeStart : indent
                inPlain = false
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                inPlain = false
                if depth > maximumDepth {
                    let at = location(byteOffset: index)
                    report(.nestingTooDeep(maximum: maximumDepth), at: SourceRange(at: at),
                           help: .flatten)
                    return false
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
            default:
                if scalarMayStart, depth == 0 {
                    // A plain scalar starts: it may go on in the lines more indented than its
                    // key (after `: `), its entry (after `- `), or anywhere (a document's root).
                    inPlain = true
                    plainParent = significant == colon ? nodeStart : significant == dash ? dashColumn : -1
                }
            }
            significant = byte
            lastBlank = false
        }
        return true
    }

    /// `? key` is invisible in libyaml's events, but its KEY token has a width
    /// where an implicit key's has none: find those with the scanner.
    mutating func rejectExplicitKeys() {
        guard ByteScan.first(UInt8(ascii: "?"), in: bytes, from: 0) != nil else { return }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var token = yaml_token_t()
            while yaml_parser_scan(&parser, &token) == 1 {
                defer { yaml_token_delete(&token) }
                if token.type == YAML_KEY_TOKEN, token.end_mark.index > token.start_mark.index {
                    report(.complexKey, at: range(token.start_mark, token.end_mark),
                           help: .plainKey)
                }
                if token.type == YAML_STREAM_END_TOKEN { break }
            }
        }
    }

    /// Reads the events into `documents`. True when the stream was read to
    /// its end: false after a syntax error, or where it stopped past the
    /// maximum depth (`stopsPastMaximumDepth`).
    @discardableResult
    mutating func parse() -> Bool {
        guard !bytes.isEmpty else { return true }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            if stopsPastMaximumDepth { return false }
            report(.parserNotStarted, at: SourceRange(at: SourceLocation(path: path, line: 1 + lineOffset, column: 1)))
            return false
        }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    reportParserError(parser)
                    return false
                }
                let done = event.type == YAML_STREAM_END_EVENT
                handle(event)
                yaml_event_delete(&event)
                if stoppedPastMaximumDepth { return false }
                if done { return true }
            }
        }
    }

    mutating func reportParserError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        if parser.error == YAML_READER_ERROR {
            var offset = min(Int(parser.problem_offset), bytes.count)
            // For a bad trailing octet libyaml names that octet; point at the character's first byte.
            if problem.contains("trailing") {
                while offset > 0, offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
                if offset > 0, bytes[offset] & 0xC0 != 0xC0, bytes[offset - 1] & 0xC0 == 0xC0 { offset -= 1 }
            }
            let at = location(byteOffset: offset)
            report(problem.contains("control") ? .notText(problem: problem) : .notUTF8(problem: problem), at: SourceRange(at: at), help: .saveAsUTF8)
            return
        }
        let context = parser.context.map { String(cString: $0) }
        let error = YAMLSyntaxError(problem: problem, context: context, problemAt: location(parser.problem_mark),
                                    contextAt: context == nil ? nil : location(parser.context_mark), file: file)
        guard diagnostics.count < maximumDiagnostics else { return }
        diagnostics.append(error.diagnostic())
    }

    mutating func handle(_ event: yaml_event_t) {
        let eventRange = range(event.start_mark, event.end_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documentStart = eventRange.start
            documentRoot = nil
            stack = []
            skipped = 0
            reportedDepth = false
            let tags = event.data.document_start.tag_directives
            if tags.start != nil, tags.start != tags.end {
                report(.tagDirective, at: eventRange, help: .removeTagDirective)
            }
        case YAML_DOCUMENT_END_EVENT:
            // An empty document (or one that is only `~`) is skipped like an empty file.
            let root = documentRoot?.isNull == true ? nil : documentRoot
            documents.append(YAMLDocument(root: root, start: documentStart ?? eventRange.start))
            documentStart = nil
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            report(.alias(name), at: eventRange,
                   help: .writeOutValue)
            deliver(YAMLNode(.scalar(YAMLScalar("", style: .plain)), range: eventRange))
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            checkDecorations(anchor: data.anchor, tag: data.tag, at: eventRange)
            if skipped > 0 { return }
            var length = Int(data.length)
            var raw: ScalarSource?
            // A mapping's key is kept as its text and place (`YAMLPair`): no node is made for it.
            let isKey = !stack.isEmpty && stack[stack.count - 1].awaitsKey
            if let maximum = maximumScalarLength, length > maximum {
                report(.scalarTooLong(length: length, maximum: maximum), at: SourceRange(at: eventRange.start),
                       help: .shortenValue)
                // Read cut to the limit (at a character's start), so the rest of the file is still checked.
                length = maximum
                while length > 0, let pointer = data.value, pointer[length] & 0xC0 == 0x80 { length -= 1 }
            } else if !isKey {
                raw = source(event.start_mark, event.end_mark)
            }
            let text = data.value.map { pointer in
                String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
            } ?? ""
            if isKey {
                takeKey(text, plain: style(data.style) == .plain, at: eventRange)
                return
            }
            deliver(YAMLNode(.scalar(YAMLScalar(text, style: style(data.style), source: raw)), range: eventRange))
        case YAML_SEQUENCE_START_EVENT:
            checkDecorations(anchor: event.data.sequence_start.anchor, tag: event.data.sequence_start.tag, at: eventRange)
            open(Frame(kind: .sequence, start: eventRange.start), at: eventRange)
        case YAML_MAPPING_START_EVENT:
            checkDecorations(anchor: event.data.mapping_start.anchor, tag: event.data.mapping_start.tag, at: eventRange)
            open(Frame(kind: .mapping, start: eventRange.start), at: eventRange)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            close(at: eventRange.end)
        default:
            break
        }
    }

    mutating func checkDecorations(anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?, at range: SourceRange) {
        if let anchor {
            report(.anchor(String(cString: anchor)), at: range,
                   help: .removeAnchor)
        }
        if let tag {
            report(.tag(String(cString: tag)), at: range,
                   help: .removeTag)
        }
    }

    func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    mutating func open(_ frame: Frame, at range: SourceRange) {
        if skipped > 0 || stack.count >= maximumDepth {
            if stopsPastMaximumDepth {
                stoppedPastMaximumDepth = true
                return
            }
            if skipped == 0, !reportedDepth {
                reportedDepth = true
                report(.nestingTooDeep(maximum: maximumDepth), at: range,
                       help: .flatten)
            }
            skipped += 1
            return
        }
        stack.append(frame)
    }

    mutating func close(at end: SourceLocation) {
        if skipped > 0 {
            skipped -= 1
            if skipped == 0 {
                deliver(YAMLNode(.scalar(YAMLScalar("", style: .plain)), range: SourceRange(at: end)))
            }
            return
        }
        guard var frame = stack.popLast() else { return }
        // The frame's entries are moved into the node, not copied.
        switch frame.kind {
        case .mapping:
            var pairs: [YAMLPair] = []
            swap(&pairs, &frame.pairs)
            deliver(YAMLNode(.mapping(pairs), range: SourceRange(start: frame.start, end: end)))
        case .sequence:
            var items: [YAMLNode] = []
            swap(&items, &frame.items)
            deliver(YAMLNode(.sequence(items), range: SourceRange(start: frame.start, end: end)))
        }
    }

    /// Where key `key` was first written in the mapping `stack[top]`, if it
    /// was: each key taken is in its pairs (a key's value always follows it).
    /// A small mapping is walked; a large one gets a table, built once.
    mutating func firstRange(of key: String, in top: Int) -> SourceRange? {
        if stack[top].seen.isEmpty {
            guard stack[top].pairs.count >= 16 else { return stack[top].pairs.first { $0.key == key }?.keyRange }
            for pair in stack[top].pairs { stack[top].seen[pair.key] = pair.keyRange }
        }
        return stack[top].seen[key]
    }

    /// Takes the key `text` (written at `range`, plain or not) of the mapping
    /// at the top of the stack, which waits for one: a merge key or a key
    /// the mapping already has is reported, and the value that follows dropped.
    mutating func takeKey(_ text: String, plain: Bool, at range: SourceRange) {
        let top = stack.count - 1
        if text == "<<", plain {
            report(.mergeKey, at: range,
                   help: .writeOutMergedKeys)
            stack[top].pending = .invalid
            return
        }
        if let first = firstRange(of: text, in: top) {
            report(.duplicateKey(text), at: range,
                   notes: [DiagnosticNote(LoadMessage.Note.firstUsedHere, at: first)],
                   help: .removeOneEntry)
            stack[top].pending = .invalid
            return
        }
        if !stack[top].seen.isEmpty { stack[top].seen[text] = range }
        stack[top].pending = .key(text, range)
    }

    /// Hands a finished node to the collection that holds it, or makes it the document's root.
    mutating func deliver(_ node: consuming YAMLNode) {
        guard !stack.isEmpty else {
            documentRoot = node
            return
        }
        let top = stack.count - 1
        if stack[top].kind == .sequence {
            stack[top].items.append(node)
            return
        }
        // The pending key is taken out, not copied (the mapping waits for a key again, unless `takeKey` says otherwise).
        var pending = PendingKey.none
        swap(&pending, &stack[top].pending)
        switch consume pending {
        case .none:
            guard let scalar = node.scalar else {
                report(.keyNotAScalar(found: node.shapeName), at: node.range,
                       help: .textKey)
                stack[top].pending = .invalid
                return
            }
            takeKey(scalar.text, plain: scalar.style == .plain, at: node.range)
        case .key(let key, let keyRange):
            stack[top].pairs.append(YAMLPair(key: key, keyRange: keyRange, value: node))
        case .invalid:
            break
        }
    }
}

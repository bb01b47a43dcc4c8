import Foundation
import TillvalSyntax

/// Reads request files: YAML (one or more documents), JSON, or JSON Lines
/// (one request per line). JSON is read through the same libyaml loader, so
/// a JSON request's diagnostics have positions too.
///
/// Each request is loaded on its own — one line of JSON Lines, one `---`
/// document of YAML — so a broken request is reported with its position
/// and the ones after it are still read.
///
/// The input is a stream (`stream(path:)`, issue 11): it is read in pieces,
/// one request is cut from it at a time, loaded, handed on and forgotten,
/// so the memory of a run is bounded by its largest request, not by the
/// number of requests. Each request keeps only its own lines (a
/// `SourceFile` piece that starts at the request's first line), which is
/// all its diagnostics quote. Every command streams (`plan`, `apply`,
/// `diff --requests`, `outbox requeue`); `read(path:)` collects a whole
/// stream, for tests and tools that want every request at once.
public enum RequestReader {
    public struct Output: Sendable {
        /// Every request in file order; never empty unless the file was unreadable.
        public var entries: [RequestEntry]
        public var sources: SourceMap
        /// Set when the file itself cannot be read (exit 66, not a malformed request).
        public var unreadable: Diagnostic?

        /// The requests that were read cleanly.
        public var documents: [RequestDocument] {
            entries.compactMap { $0.diagnostics.isEmpty ? $0.document : nil }
        }

        /// Every problem found while reading.
        public var diagnostics: [Diagnostic] {
            entries.flatMap(\.diagnostics)
        }
    }

    /// One request as a stream hands it on: its entry and the lines it was
    /// read from (nil when it was not loaded: too large, or past the input limit).
    public struct Item: Sendable {
        public var entry: RequestEntry
        public var source: SourceFile?

        /// The lines of this request, for a renderer.
        public var sources: SourceMap { SourceMap(source.map { [$0] } ?? []) }
    }

    /// How the bytes of a request file are laid out.
    public enum Layout: Sendable {
        /// YAML, possibly several `---` documents.
        case yaml
        /// One JSON document.
        case json
        /// One JSON document per line.
        case jsonLines

        /// The layout a path's extension says.
        static func of(path: String) -> Layout {
            if path.hasSuffix(".jsonl") { return .jsonLines }
            if path.hasSuffix(".json") { return .json }
            return .yaml
        }

        /// How much of standard input `guess` looks at.
        public static let guessWindow = 1 << 16

        /// Standard input has no extension, and only a prefix is looked at
        /// (`LineReader.guessPrefix`): its first two complete lines that hold
        /// anything, or all of it when it ends before, or its first
        /// `guessWindow` bytes (64 KiB), whichever comes first, so a slow
        /// producer's first request runs as soon as its second line is
        /// written. When every line that starts in the prefix and holds
        /// anything starts with `{` (after blanks), and there are at least
        /// two such lines or the input goes on past the prefix (`cut`), it is
        /// JSON Lines; anything else is YAML. A leading byte order mark is
        /// skipped first.
        public static func guess(_ bytes: ArraySlice<UInt8>, cut: Bool = false) -> Layout {
            let lines = bytes.split(separator: UInt8(ascii: "\n")).map { line in
                line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            }.filter { !$0.allSatisfy { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: " ") } }
            let objects = lines.filter { $0.first == UInt8(ascii: "{") }
            let enough = lines.count > 1 || (cut && lines.count == 1)
            return enough && objects.count == lines.count ? .jsonLines : .yaml
        }
    }

    /// Reads all of `path` (`-` for standard input) through `stream(path:)`;
    /// the sources hold each request's lines.
    public static func read(path: String, limits: InputLimits = InputLimits(), loader: YAMLLoader = YAMLLoader()) -> Output {
        collect(stream(path: path, limits: limits, loader: loader), whole: nil)
    }

    /// Reads a file already in memory (tests, the fuzzer); the sources hold the whole file.
    public static func read(_ file: SourceFile, layout: Layout, limits: InputLimits = InputLimits(), loader: YAMLLoader = YAMLLoader()) -> Output {
        collect(stream(file, layout: layout, limits: limits, loader: loader), whole: file)
    }

    /// Every item of `stream`; the sources are `whole` or else each request's lines.
    private static func collect(_ stream: RequestStream, whole: SourceFile?) -> Output {
        var entries: [RequestEntry] = []
        var sources = SourceMap(whole.map { [$0] } ?? [])
        while let item = stream.next() {
            entries.append(item.entry)
            if whole == nil, let source = item.source { sources.add(source) }
        }
        return Output(entries: entries, sources: sources, unreadable: stream.unreadable)
    }

    /// The requests of `path` (`-` for standard input), one at a time.
    ///
    /// The input is read in pieces of 64 KiB. Past `limits.maxInputSize`
    /// bytes reading stops and the rest is refused with E1015 (a regular
    /// file larger than that is refused before any request runs), so
    /// `plan - < /dev/zero` ends instead of reading for ever. A request
    /// larger than `limits.maxRequestSize` is measured, not kept, and
    /// refused on its own with E1014.
    public static func stream(path: String, limits: InputLimits = InputLimits(), loader: YAMLLoader = YAMLLoader()) -> RequestStream {
        if path == "-" {
            let name = "<stdin>"
            let lines = LineReader(.handle(FileHandle.standardInput), inputLimit: limits.maxInputSize, keep: limits.maxRequestSize)
            let (prefix, cut) = lines.guessPrefix(Layout.guessWindow)
            // Past the limit already: the stream says so after the requests before it.
            if lines.failure == .failed {
                return RequestStream(unreadable: RequestReadingMessage.unreadableStandardInput.diagnostic(at: nil))
            }
            // A byte order mark is not a line's first byte: JSON Lines behind one is still JSON Lines.
            let unmarked = prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? prefix.dropFirst(3) : prefix
            return RequestStream(path: name, layout: Layout.guess(unmarked, cut: cut), lines: lines, limits: limits, loader: loader)
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        guard exists, !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: path) else {
            let why: RequestReadingMessage.Unreadable = !exists ? .doesNotExist : isDirectory.boolValue ? .isADirectory : .cannotBeRead
            return RequestStream(unreadable: RequestReadingMessage.unreadableFile(path: path, why).diagnostic(at: nil))
        }
        // A regular file's size is known: one too large is refused before any of it runs.
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           attributes[.type] as? FileAttributeType == .typeRegular,
           let size = (attributes[.size] as? NSNumber)?.intValue, size > limits.maxInputSize {
            try? handle.close()
            return RequestStream(tooLarge: path, limits: limits)
        }
        let lines = LineReader(.handle(handle), inputLimit: limits.maxInputSize, keep: limits.maxRequestSize)
        return RequestStream(path: path, layout: Layout.of(path: path), lines: lines, limits: limits, loader: loader)
    }

    /// The requests of a file already in memory, one at a time (no input limit: it is read already).
    public static func stream(_ file: SourceFile, layout: Layout, limits: InputLimits = InputLimits(), loader: YAMLLoader = YAMLLoader()) -> RequestStream {
        let lines = LineReader(.bytes(file.bytes), inputLimit: Int.max, keep: limits.maxRequestSize)
        return RequestStream(path: file.path, layout: layout, lines: lines, limits: limits, loader: loader)
    }

    /// The documents of one loaded chunk, each with the diagnostics that fall inside it;
    /// diagnostics outside every document (a document libyaml could not finish) make an entry of their own.
    static func entries(_ loaded: (documents: [YAMLDocument], diagnostics: [Diagnostic]), path: String, firstLine: Int) -> [RequestEntry] {
        var entries = loaded.documents.compactMap { document -> RequestEntry? in
            guard let root = document.root else { return nil }
            return RequestEntry(start: root.range.start, document: RequestDocument(root: root, start: root.range.start), diagnostics: [])
        }
        var orphans: [Diagnostic] = []
        for diagnostic in loaded.diagnostics {
            let at = diagnostic.range?.start
            if let at, let index = entries.firstIndex(where: { entry in
                guard let range = entry.document?.root.range else { return false }
                return (range.start.line, range.start.column) <= (at.line, at.column) && (at.line, at.column) < (range.end.line, range.end.column)
            }) {
                entries[index].diagnostics.append(diagnostic)
            } else {
                orphans.append(diagnostic)
            }
        }
        if !orphans.isEmpty {
            let start = orphans.first?.range?.start ?? SourceLocation(file: path, line: firstLine, column: 1)
            entries.append(RequestEntry(start: start, document: nil, diagnostics: orphans))
            entries.sort { ($0.start.line, $0.start.column) < ($1.start.line, $1.start.column) }
        }
        return entries
    }
}

/// The requests of one input, handed on one at a time (`RequestReader.stream`).
/// A malformed request is an entry with diagnostics like any other; only an
/// input that cannot be read sets `unreadable` (before the first request,
/// or when a read fails half-way: the stream then ends).
public final class RequestStream: IteratorProtocol, Sequence {
    /// Why the input cannot be read, or stopped being readable.
    public private(set) var unreadable: Diagnostic?
    /// How many entries the stream has handed on.
    public private(set) var count = 0
    /// How many bytes of the input have been read so far: never more than a
    /// piece (64 KiB) past the end of the request handed on last, or past
    /// the largest request kept.
    public var bytesRead: Int { lines?.total ?? 0 }
    /// Whether `next()` would wait for the input (a pipe with nothing to
    /// read right now): the caller prints or commits what it holds first.
    public var wouldWait: Bool {
        guard pendingIndex >= pending.count, !finished, let lines else { return false }
        return held == nil && lines.wouldWait
    }

    private let path: String
    private let layout: RequestReader.Layout
    private let lines: LineReader?
    private let limits: InputLimits
    private let loader: YAMLLoader
    /// Entries cut and loaded but not yet handed on (one chunk may hold several).
    private var pending: [RequestReader.Item] = []
    private var pendingIndex = 0
    /// A `---` line read while cutting a YAML chunk: it starts the next one.
    private var held: LineReader.Line?
    private var finished = false

    init(path: String, layout: RequestReader.Layout, lines: LineReader?, limits: InputLimits, loader: YAMLLoader,
         unreadable: Diagnostic? = nil, pending: [RequestReader.Item] = []) {
        self.path = path
        self.layout = layout
        self.lines = lines
        self.limits = limits
        self.loader = loader
        self.unreadable = unreadable
        self.pending = pending
        finished = lines == nil
    }

    /// A stream that cannot be read at all.
    convenience init(unreadable: Diagnostic) {
        self.init(path: "", layout: .yaml, lines: nil, limits: InputLimits(), loader: YAMLLoader(), unreadable: unreadable)
    }

    /// A stream refused whole (E1015), before any request runs.
    convenience init(tooLarge path: String, limits: InputLimits) {
        self.init(path: path, layout: .yaml, lines: nil, limits: limits, loader: YAMLLoader(),
                  pending: [Self.tooLarge(path, limits: limits, ran: 0)])
    }

    private static func tooLarge(_ path: String, limits: InputLimits, ran: Int) -> RequestReader.Item {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let diagnostic = RequestReadingMessage.inputTooLarge(path: path, limit: limits.maxInputSize, ran: ran).diagnostic(at: nil)
        return RequestReader.Item(entry: RequestEntry(start: start, document: nil, diagnostics: [diagnostic]), source: nil)
    }

    public func next() -> RequestReader.Item? {
        while true {
            if pendingIndex < pending.count {
                let item = pending[pendingIndex]
                pendingIndex += 1
                if pendingIndex == pending.count { pending.removeAll(keepingCapacity: true); pendingIndex = 0 }
                count += 1
                return item
            }
            guard !finished, let lines else { return nil }
            if let chunk = nextChunk(lines) {
                load(chunk)
                continue
            }
            finished = true
            switch lines.failure {
            case .tooLarge?:
                pending = [Self.tooLarge(path, limits: limits, ran: count)]
            case .failed?:
                unreadable = (path == "<stdin>" ? RequestReadingMessage.unreadableStandardInput : .readingFailed(path: path)).diagnostic(at: nil)
            case nil:
                if count == 0 {
                    let start = SourceLocation(file: path, line: 1, column: 1)
                    pending = [RequestReader.Item(entry: RequestEntry(start: start, document: nil, diagnostics: [
                        RequestReadingMessage.noRequests(path: path).diagnostic(at: SourceRange(at: start)),
                    ]), source: nil)]
                }
            }
        }
    }

    /// One request's bytes as cut from the input: nil bytes when it is larger than the limit.
    struct Chunk {
        var bytes: [UInt8]?
        var size: Int
        var firstLine: Int
    }

    private func load(_ chunk: Chunk) {
        guard let bytes = chunk.bytes else {
            // Not loaded at all: the others in the file still run.
            let start = SourceLocation(file: path, line: chunk.firstLine, column: 1)
            pending.append(RequestReader.Item(entry: RequestEntry(start: start, document: nil, diagnostics: [
                // No range: the renderer would print the whole oversized line.
                RequestReadingMessage.requestTooLarge(start: start, bytes: chunk.size, limit: limits.maxRequestSize).diagnostic(at: nil),
            ]), source: nil))
            return
        }
        let piece = SourceFile(path: path, bytes: bytes, firstLine: chunk.firstLine)
        // A plain JSON line is read without libyaml, into the same nodes (`PlainJSONLine`).
        let loaded: (documents: [YAMLDocument], diagnostics: [Diagnostic])
        if layout == .jsonLines, let documents = PlainJSONLine.load(bytes, path: path, line: chunk.firstLine, loader: loader) {
            loaded = (documents, [])
        } else {
            loaded = loader.load(piece, bytes: piece.bytes[...], firstLine: chunk.firstLine)
        }
        for entry in RequestReader.entries(loaded, path: path, firstLine: chunk.firstLine) {
            pending.append(RequestReader.Item(entry: entry, source: piece))
        }
    }

    /// The next request's bytes: one JSON Lines line that holds anything,
    /// one YAML document (cut before each `---` line in column 0; leading
    /// comments and directives stay with the document that follows them),
    /// or the whole of a JSON file; nil at the end of the input.
    private func nextChunk(_ lines: LineReader) -> Chunk? {
        switch layout {
        case .jsonLines:
            while let line = lines.next() {
                guard !line.shape.allWhitespace else { continue }
                return Chunk(bytes: line.bytes.map(Array.init), size: line.length, firstLine: line.number)
            }
            return nil
        case .json, .yaml:
            var chunk = Chunk(bytes: [], size: 0, firstLine: 0)
            var started = false
            var hasContent = false
            var hasMarker = false
            while let line = held ?? lines.next() {
                held = nil
                let shape = line.shape
                let marker = layout == .yaml && shape.isMarker(length: line.length)
                // A `---` or a directive (`%` in column 0, after a `...`) once the chunk holds a document starts the next one.
                if layout == .yaml, hasContent, marker || shape.isDirective(length: line.length) {
                    held = line
                    break
                }
                // A `---` after a `---` and nothing else: the first was an empty document, which is no request;
                // what was collected is let go, so a run of bare `---` lines is never one large chunk.
                if marker, hasMarker, !hasContent {
                    chunk = Chunk(bytes: [], size: 0, firstLine: 0)
                    started = false
                }
                if marker { hasMarker = true }
                if !started { started = true; chunk.firstLine = line.number }
                let size = line.length + (line.terminated ? 1 : 0)
                chunk.size += size
                if chunk.size > limits.maxRequestSize {
                    chunk.bytes = nil
                } else if let bytes = line.bytes {
                    chunk.bytes?.append(contentsOf: bytes)
                    if line.terminated { chunk.bytes?.append(UInt8(ascii: "\n")) }
                }
                if shape.isContent(length: line.length) { hasContent = true }
            }
            // A request cut short by the input limit or a failed read is not loaded.
            return started && lines.failure == nil ? chunk : nil
        }
    }
}

/// Reads an input in pieces and hands out its lines one at a time. A line
/// longer than `keep` bytes is measured, not kept; past `inputLimit` bytes
/// reading stops (`failure` says why the lines ended early).
final class LineReader {
    enum Source {
        case handle(FileHandle)
        case bytes([UInt8])
    }

    enum Failure {
        /// More than `inputLimit` bytes.
        case tooLarge
        /// A read failed (an I/O error, a descriptor that cannot be read).
        case failed
    }

    /// One line, without its line break.
    struct Line {
        /// 1-based, counted over the whole input.
        var number: Int
        /// Bytes, without the line break.
        var length: Int
        /// The bytes; nil when the line is longer than `keep`.
        var bytes: ArraySlice<UInt8>?
        /// Whether a line break ends it (the last line of an input may lack one).
        var terminated: Bool
        var shape: LineShape
    }

    private let source: Source
    private let inputLimit: Int
    private let keep: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var number = 0
    /// Bytes read so far.
    private(set) var total = 0
    private(set) var failure: Failure?
    /// A regular file (or bytes): reading it never waits for a producer.
    private var regularFile = false
    /// Where `read(2)` puts a piece.
    private var piece: [UInt8] = []

    static let pieceSize = 1 << 16

    init(_ source: Source, inputLimit: Int, keep: Int) {
        self.source = source
        self.inputLimit = inputLimit
        self.keep = keep
        switch source {
        case .bytes(let bytes):
            buffer = bytes
            total = bytes.count
            atEnd = true
            regularFile = true
        case .handle(let handle):
            var status = stat()
            regularFile = fstat(handle.fileDescriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        }
    }

    /// Reads ahead until the bytes read hold two complete lines that are
    /// not blank, or `window` bytes, or the whole input (fewer at the end):
    /// those bytes and whether the input goes on past them. Reads no more
    /// than it needs, so a slow producer is not waited for.
    func guessPrefix(_ window: Int) -> (bytes: ArraySlice<UInt8>, cut: Bool) {
        var lineStart = position
        var complete = 0
        while true {
            while complete < 2, let newline = Self.find(UInt8(ascii: "\n"), in: buffer, from: lineStart), newline < position + window {
                let blanks: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")]
                if !buffer[lineStart..<newline].allSatisfy(blanks.contains) { complete += 1 }
                lineStart = newline + 1
            }
            let end = complete >= 2 ? lineStart : min(buffer.count, position + window)
            if complete >= 2 || buffer.count - position >= window || !fill() {
                return (buffer[position..<end], end < buffer.count || !atEnd)
            }
        }
    }

    /// Whether reading the next line would wait for the input: no line is
    /// buffered and a pipe or terminal has nothing to read right now.
    /// Never for a regular file or bytes in memory.
    var wouldWait: Bool {
        guard !atEnd, failure == nil, case .handle(let handle) = source, !regularFile else { return false }
        if Self.find(UInt8(ascii: "\n"), in: buffer, from: position) != nil { return false }
        var descriptor = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    /// Reads one more piece; false when nothing more can be read: at the end
    /// of the input, or once reading stopped (the buffer then ends at the limit).
    private func fill() -> Bool {
        guard !atEnd, failure == nil, case .handle(let handle) = source else { return false }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        // One byte past the limit is enough to know it is passed (and cannot overflow).
        let remaining = inputLimit - total
        let want = remaining >= Self.pieceSize ? Self.pieceSize : remaining + 1
        // read(2) returns what is there (FileHandle.read(upToCount:) waits for all `want` bytes or the end),
        // so a request is handed on as soon as its line arrives.
        if piece.count < want { piece = [UInt8](repeating: 0, count: Self.pieceSize + 1) }
        let descriptor = handle.fileDescriptor
        var count: Int
        repeat {
            count = piece.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, want) }
        } while count < 0 && errno == EINTR
        guard count >= 0 else {
            failure = .failed
            return false
        }
        guard count > 0 else {
            atEnd = true
            return false
        }
        buffer.append(contentsOf: piece[0..<count])
        total += count
        if total > inputLimit {
            // The lines that end within the limit are still handed out; the byte past it is not.
            buffer.removeLast(total - inputLimit)
            failure = .tooLarge
        }
        return true
    }

    /// The next line; nil at the end of the input, or when reading stopped (see `failure`).
    func next() -> Line? {
        // Bytes after `position` already searched for a line break.
        var searched = 0
        var long: (length: Int, shape: LineShape)?
        while true {
            if let newline = Self.find(UInt8(ascii: "\n"), in: buffer, from: position + searched) {
                return take(upTo: newline, long: long, terminated: true)
            }
            if long == nil, buffer.count - position > keep {
                long = (0, LineShape())
            }
            if var measured = long {
                // Too long to keep: measure what is buffered and let it go.
                measured.shape.feed(buffer[position...])
                measured.length += buffer.count - position
                long = measured
                position = buffer.count
            }
            searched = buffer.count - position
            guard fill() else {
                // A line cut short by the limit or a failed read is not a line.
                guard failure == nil, long != nil || position < buffer.count else { return nil }
                return take(upTo: buffer.count, long: long, terminated: false)
            }
        }
    }

    /// The line from `position` to `end` (a line break, or the end of the input).
    private func take(upTo end: Int, long: (length: Int, shape: LineShape)?, terminated: Bool) -> Line {
        number += 1
        defer { position = terminated ? end + 1 : end }
        let bytes = buffer[position..<end]
        if var long {
            long.shape.feed(bytes)
            return Line(number: number, length: long.length + bytes.count, bytes: nil, terminated: terminated, shape: long.shape)
        }
        var shape = LineShape()
        shape.feed(bytes)
        return Line(number: number, length: bytes.count, bytes: bytes.count > keep ? nil : bytes, terminated: terminated, shape: shape)
    }

    private static func find(_ byte: UInt8, in buffer: [UInt8], from start: Int) -> Int? {
        guard start < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { pointer -> Int? in
            guard let base = pointer.baseAddress,
                  let found = memchr(base + start, Int32(byte), pointer.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }
}

/// What the cutting of a request input needs to know of a line, learnt
/// from its bytes as they pass (a long line is never kept whole).
struct LineShape {
    /// The first four bytes.
    private var head: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
    private var index = 0
    private var leading = true
    /// The first byte that is not a space or a tab.
    private(set) var firstNonBlank: UInt8?
    /// Nothing but `\r` after the leading spaces and tabs.
    private(set) var blankAfterLeading = true
    /// Only spaces, tabs and `\r` from the fourth byte on.
    private var blankAfterThree = true
    /// Only spaces, tabs and `\r`.
    private(set) var allWhitespace = true

    private var settled: Bool {
        index >= 4 && !leading && !blankAfterLeading && !blankAfterThree && !allWhitespace
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>) {
        for byte in bytes {
            if settled { return }
            switch index {
            case 0: head.0 = byte
            case 1: head.1 = byte
            case 2: head.2 = byte
            case 3: head.3 = byte
            default: break
            }
            let space = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            let white = space || byte == UInt8(ascii: "\r")
            if leading {
                if !space {
                    leading = false
                    firstNonBlank = byte
                    if byte != UInt8(ascii: "\r") { blankAfterLeading = false }
                }
            } else if byte != UInt8(ascii: "\r") {
                blankAfterLeading = false
            }
            if !white {
                allWhitespace = false
                if index >= 3 { blankAfterThree = false }
            }
            index += 1
        }
    }

    /// A `---` line in column 0 (alone, or followed by a blank).
    func isMarker(length: Int) -> Bool {
        guard length >= 3, head.0 == UInt8(ascii: "-"), head.1 == UInt8(ascii: "-"), head.2 == UInt8(ascii: "-") else { return false }
        return length == 3 || head.3 == UInt8(ascii: " ") || head.3 == UInt8(ascii: "\t") || head.3 == UInt8(ascii: "\r")
    }

    /// A directive: `%` in column 0.
    func isDirective(length: Int) -> Bool {
        length > 0 && head.0 == UInt8(ascii: "%")
    }

    /// Whether the line holds content: not blank, a comment, a directive or
    /// a bare `---` (one followed by content, `--- {a: 1}`, holds content).
    func isContent(length: Int) -> Bool {
        let marker = isMarker(length: length)
        if marker { return length > 3 && !blankAfterThree }
        let blank = blankAfterLeading
        let comment = firstNonBlank == UInt8(ascii: "#")
        return !blank && !comment && !isDirective(length: length)
    }
}

import Foundation
import TillvalSyntax

/// Reads request files: YAML (one or more documents), JSON, or JSON Lines
/// (one request per line). JSON is read through the same libyaml loader, so
/// a JSON request's diagnostics have positions too.
///
/// Each request is loaded on its own — one line of JSON Lines, one `---`
/// document of YAML — so a broken request is reported with its position
/// and the ones after it are still read.
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

        /// Standard input has no extension: several lines that each hold one
        /// JSON object are JSON Lines, anything else is YAML.
        static func guess(_ bytes: [UInt8]) -> Layout {
            let lines = bytes.split(separator: UInt8(ascii: "\n")).map { line in
                line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            }.filter { !$0.allSatisfy { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: " ") } }
            let objects = lines.filter { $0.first == UInt8(ascii: "{") }
            return lines.count > 1 && objects.count == lines.count ? .jsonLines : .yaml
        }
    }

    /// Reads `path` (`-` for standard input), in pieces: past
    /// `limits.maxInputSize` bytes reading stops and the input is refused
    /// with E1015, so `plan - < /dev/zero` ends at once instead of filling the memory.
    public static func read(path: String, limits: InputLimits = InputLimits(), loader: YAMLLoader = YAMLLoader()) -> Output {
        if path == "-" {
            let name = "<stdin>"
            let bytes: [UInt8]
            switch readBounded(FileHandle.standardInput, limit: limits.maxInputSize) {
            case .bytes(let read): bytes = read
            case .tooLarge: return tooLarge(name, limits: limits)
            case .failed: return unreadable(.unreadableStandardInput)
            }
            return read(SourceFile(path: name, bytes: bytes), layout: Layout.guess(bytes), limits: limits, loader: loader)
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        guard exists, !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: path) else {
            let why: RequestReadingMessage.Unreadable = !exists ? .doesNotExist : isDirectory.boolValue ? .isADirectory : .cannotBeRead
            return unreadable(.unreadableFile(path: path, why))
        }
        defer { try? handle.close() }
        let bytes: [UInt8]
        switch readBounded(handle, limit: limits.maxInputSize) {
        case .bytes(let read): bytes = read
        case .tooLarge: return tooLarge(path, limits: limits)
        case .failed: return unreadable(.readingFailed(path: path))
        }
        let file = SourceFile(path: path, bytes: bytes)
        return read(file, layout: Layout.of(path: path), limits: limits, loader: loader)
    }

    /// What reading an input in pieces gave.
    enum BoundedRead {
        case bytes([UInt8])
        /// More than the limit: reading stopped there.
        case tooLarge
        /// A read failed (an I/O error, a descriptor that cannot be read):
        /// the input is unreadable, never taken for what was read before it.
        case failed
    }

    /// Every byte of `handle`; `.tooLarge` as soon as there are more than
    /// `limit`; `.failed` when a read fails, even after some bytes were read.
    static func readBounded(_ handle: FileHandle, limit: Int) -> BoundedRead {
        var bytes: [UInt8] = []
        while true {
            // One byte past the limit is enough to know it is passed (and cannot overflow).
            let remaining = limit - bytes.count
            let want = remaining >= 1 << 16 ? 1 << 16 : remaining + 1
            let data: Data?
            do { data = try handle.read(upToCount: want) } catch { return .failed }
            guard let data, !data.isEmpty else { return .bytes(bytes) }
            bytes.append(contentsOf: data)
            if bytes.count > limit { return .tooLarge }
        }
    }

    private static func unreadable(_ message: RequestReadingMessage) -> Output {
        Output(entries: [], sources: SourceMap(), unreadable: message.diagnostic(at: nil))
    }

    private static func tooLarge(_ path: String, limits: InputLimits) -> Output {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let diagnostic = RequestReadingMessage.inputTooLarge(path: path, limit: limits.maxInputSize).diagnostic(at: nil)
        return Output(entries: [RequestEntry(start: start, document: nil, diagnostics: [diagnostic])], sources: SourceMap(), unreadable: nil)
    }

    public static func read(_ file: SourceFile, layout: Layout, limits: InputLimits = InputLimits(), loader: YAMLLoader = YAMLLoader()) -> Output {
        var entries: [RequestEntry] = []
        let chunks: [(bytes: ArraySlice<UInt8>, firstLine: Int)]
        switch layout {
        case .jsonLines: chunks = lines(of: file.bytes)
        case .json: chunks = [(file.bytes[...], 1)]
        case .yaml: chunks = documents(of: file.bytes)
        }
        for chunk in chunks {
            guard chunk.bytes.count <= limits.maxRequestSize else {
                // Not loaded at all: the others in the file still run.
                let start = SourceLocation(file: file.path, line: chunk.firstLine, column: 1)
                entries.append(RequestEntry(start: start, document: nil, diagnostics: [
                    // No range: the renderer would print the whole oversized line.
                    RequestReadingMessage.requestTooLarge(start: start, bytes: chunk.bytes.count, limit: limits.maxRequestSize).diagnostic(at: nil),
                ]))
                continue
            }
            entries += self.entries(loader.load(file, bytes: chunk.bytes, firstLine: chunk.firstLine), file: file, firstLine: chunk.firstLine)
        }
        if entries.isEmpty {
            let start = SourceLocation(file: file.path, line: 1, column: 1)
            entries.append(RequestEntry(start: start, document: nil, diagnostics: [
                RequestReadingMessage.noRequests(path: file.path).diagnostic(at: SourceRange(at: start)),
            ]))
        }
        return Output(entries: entries, sources: SourceMap([file]), unreadable: nil)
    }

    /// The documents of one loaded chunk, each with the diagnostics that fall inside it;
    /// diagnostics outside every document (a document libyaml could not finish) make an entry of their own.
    private static func entries(_ loaded: (documents: [YAMLDocument], diagnostics: [Diagnostic]), file: SourceFile, firstLine: Int) -> [RequestEntry] {
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
            let start = orphans.first?.range?.start ?? SourceLocation(file: file.path, line: firstLine, column: 1)
            entries.append(RequestEntry(start: start, document: nil, diagnostics: orphans))
            entries.sort { ($0.start.line, $0.start.column) < ($1.start.line, $1.start.column) }
        }
        return entries
    }

    /// Each line that holds anything but white space, with its line number.
    static func lines(of bytes: [UInt8]) -> [(bytes: ArraySlice<UInt8>, firstLine: Int)] {
        var result: [(bytes: ArraySlice<UInt8>, firstLine: Int)] = []
        var start = 0
        var number = 1
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let line = bytes[start..<end]
            if line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }) {
                result.append((line, number))
            }
            start = end + 1
            number += 1
        }
        return result
    }

    /// Cuts a YAML stream before each `---` line in column 0, so each
    /// document is loaded on its own. Leading comments and directives stay
    /// with the document that follows them.
    static func documents(of bytes: [UInt8]) -> [(bytes: ArraySlice<UInt8>, firstLine: Int)] {
        var chunks: [(bytes: ArraySlice<UInt8>, firstLine: Int)] = []
        var chunkStart = 0
        var chunkLine = 1
        var hasContent = false
        var start = 0
        var number = 1
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let line = bytes[start..<end]
            let isMarker = line.starts(with: Array("---".utf8))
                && (line.count == 3 || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(line[line.startIndex + 3]))
            if isMarker, hasContent {
                chunks.append((bytes[chunkStart..<start], chunkLine))
                chunkStart = start
                chunkLine = number
                hasContent = false
            }
            let trimmed = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            let isBlank = trimmed.allSatisfy { $0 == UInt8(ascii: "\r") }
            let isComment = trimmed.first == UInt8(ascii: "#")
            let isDirective = line.first == UInt8(ascii: "%")
            if !isBlank, !isComment, !isDirective, !isMarker {
                hasContent = true
            } else if isMarker, line.count > 3, !line.dropFirst(3).allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                hasContent = true
            }
            start = end + 1
            number += 1
        }
        if chunkStart < bytes.count {
            chunks.append((bytes[chunkStart..<bytes.count], chunkLine))
        }
        return chunks
    }
}

/// The text of one input file, kept so that renderers can quote the
/// offending line long after the compiler has finished with it.
///
/// Or the text of a piece of a file: one request of a request file that is
/// read as a stream (`RequestReader`) is a piece that starts at line
/// `firstLine`; line numbers are always those of the whole file, so a
/// piece quotes its own lines exactly where the file has them.
public struct SourceFile: Sendable {
    /// Path as shown in diagnostics.
    public let path: String
    /// The raw bytes, exactly as read; the plan digest is taken over these.
    public let bytes: [UInt8]
    /// The line of the whole file that `bytes` starts with: 1 for a whole file.
    public let firstLine: Int
    /// Where each line starts, so quoting a line costs nothing however many
    /// diagnostics a large file has.
    private let lineStarts: [Int]

    public init(path: String, bytes: [UInt8], firstLine: Int = 1) {
        self.path = path
        self.bytes = bytes
        self.firstLine = firstLine
        // A byte order mark is not part of the first line: libyaml counts
        // columns from the character after it, and so do snippets.
        var starts = [bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0]
        ByteScan.lines(of: bytes) { end in
            if end < bytes.count { starts.append(end + 1) }
        }
        lineStarts = starts
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// Whether line `number` of the file is in this piece.
    public func contains(line number: Int) -> Bool {
        number >= firstLine && number - firstLine < lineStarts.count
    }

    /// The 1-based line `number`, decoded leniently so that a file with bad
    /// UTF-8 can still be quoted; nil when out of range.
    public func line(_ number: Int) -> String? {
        let number = number - firstLine + 1
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = lineStarts[number - 1]
        let end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        guard start <= end else { return nil }
        return Self.decode(bytes[start..<end])
    }

    /// The bytes of line `number`, without its line break (and `\r`).
    private func lineBytes(_ number: Int) -> ArraySlice<UInt8>? {
        let number = number - firstLine + 1
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        guard start <= end else { return nil }
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return bytes[start..<end]
    }

    /// How many Unicode scalars line `number` has (bytes that start a
    /// character), found without decoding it.
    public func lineLength(_ number: Int) -> Int? {
        lineBytes(number).map { line in line.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
    }

    /// The Unicode scalars `columns` (0-based) of line `number`, decoded
    /// leniently: a window of a long line costs its bytes up to the window,
    /// not a decoding of the whole line.
    public func line(_ number: Int, scalars columns: Range<Int>) -> String? {
        guard let line = lineBytes(number) else { return nil }
        var index = line.startIndex
        var scalar = 0
        func advance(to target: Int) {
            while index < line.endIndex, scalar < target {
                index += 1
                while index < line.endIndex, line[index] & 0xC0 == 0x80 { index += 1 }
                scalar += 1
            }
        }
        advance(to: columns.lowerBound)
        let from = index
        advance(to: columns.upperBound)
        return Self.decode(line[from..<index])
    }

    private static func decode(_ slice: ArraySlice<UInt8>) -> String {
        var text = String(decoding: slice, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}

/// The files of one compilation, by path, handed to renderers at the edge.
/// A path may have several pieces (the requests of a request file read as a
/// stream), each holding its own lines.
public struct SourceMap: Sendable {
    /// The pieces of each path, by their first line.
    private var files: [String: [SourceFile]] = [:]

    public init(_ files: [SourceFile] = []) {
        for file in files { add(file) }
    }

    /// Adds `file`; it replaces what the map held for its path from the same first line.
    public mutating func add(_ file: SourceFile) {
        // Pieces of a stream come in order: appending is the common case.
        if let last = files[file.path]?.last, last.firstLine < file.firstLine {
            files[file.path]?.append(file)
            return
        }
        var pieces = files[file.path, default: []]
        pieces.removeAll { $0.firstLine == file.firstLine }
        let index = pieces.firstIndex { $0.firstLine > file.firstLine } ?? pieces.endIndex
        pieces.insert(file, at: index)
        files[file.path] = pieces
    }

    /// The file at `path` (its first piece).
    public func file(_ path: String) -> SourceFile? { files[path]?.first }

    /// The piece of `path` that holds line `line`.
    public func file(_ path: String, line: Int) -> SourceFile? {
        guard let pieces = files[path] else { return nil }
        if pieces.count == 1 { return pieces[0] }
        return pieces.last { $0.firstLine <= line && $0.contains(line: line) } ?? pieces.first
    }
}

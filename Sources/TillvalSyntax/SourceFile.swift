/// The text of one input file, kept so that renderers can quote the
/// offending line long after the compiler has finished with it.
public struct SourceFile: Sendable {
    /// Path as shown in diagnostics.
    public let path: String
    /// The raw bytes, exactly as read; the plan digest is taken over these.
    public let bytes: [UInt8]
    /// Where each line starts, so quoting a line costs nothing however many
    /// diagnostics a large file has.
    private let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        lineStarts = starts
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The 1-based line `number`, decoded leniently so that a file with bad
    /// UTF-8 can still be quoted; nil when out of range.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = lineStarts[number - 1]
        let end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        guard start <= end else { return nil }
        return Self.decode(bytes[start..<end])
    }

    /// The bytes of line `number`, without its line break (and `\r`).
    private func lineBytes(_ number: Int) -> ArraySlice<UInt8>? {
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
public struct SourceMap: Sendable {
    private var files: [String: SourceFile] = [:]

    public init(_ files: [SourceFile] = []) {
        for file in files { add(file) }
    }

    public mutating func add(_ file: SourceFile) {
        files[file.path] = file
    }

    public func file(_ path: String) -> SourceFile? { files[path] }
}

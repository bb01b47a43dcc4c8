/// The text of one input file, kept so that renderers can quote the
/// offending line long after the compiler has finished with it.
public struct SourceFile: Sendable {
    /// Path as shown in diagnostics.
    public let path: String
    /// The raw bytes, exactly as read; the plan digest is taken over these.
    public let bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The 1-based line `number`, decoded leniently so that a file with bad
    /// UTF-8 can still be quoted; nil when out of range.
    public func line(_ number: Int) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                if current == number { return Self.decode(bytes[start..<index]) }
                current += 1
                start = index + 1
            }
            index += 1
        }
        if current == number && start <= bytes.count {
            return Self.decode(bytes[start..<bytes.count])
        }
        return nil
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

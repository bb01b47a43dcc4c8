#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Scans of a file's bytes that run once per file and so cost per byte:
/// `memchr` for line breaks, eight bytes at a time for ASCII.
enum ByteScan {
    /// The offset of the first `byte` in `bytes` at or after `from`, if any.
    static func first(_ byte: UInt8, in bytes: [UInt8], from: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, from < buffer.count else { return nil }
            guard let found = memchr(base + from, Int32(byte), buffer.count - from) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Calls `body` with the end of each line of `bytes` (the offset of its
    /// `\n`, or `bytes.count` for the last line), in order.
    static func lines(of bytes: [UInt8], _ body: (Int) -> Void) {
        var start = 0
        while let end = first(UInt8(ascii: "\n"), in: bytes, from: start) {
            body(end)
            start = end + 1
        }
        body(bytes.count)
    }

    /// Whether `bytes[range]` is all ASCII.
    static func isASCII(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        bytes.withUnsafeBytes { raw in
            var index = range.lowerBound
            var high: UInt64 = 0
            while index + 8 <= range.upperBound {
                high |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < range.upperBound {
                high |= UInt64(raw[index])
                index += 1
            }
            return high & 0x8080_8080_8080_8080 == 0
        }
    }
}

/// How much request input one run reads (issue 7, point 8; issue 11). Nothing
/// a sender controls may fill the memory: a request file or standard input is
/// read as a stream, one request at a time, so memory is bounded by
/// `maxRequestSize` (a larger request is measured, not kept, and refused on
/// its own while the others still run). `maxInputSize` no longer guards the
/// memory: it bounds how much one run reads at all, so an endless producer
/// (`plan - < /dev/zero`) still ends; its default fits some fifteen million
/// requests of the generated kind (about 270 bytes each).
public struct InputLimits: Equatable, Sendable {
    /// The default size of one request: 1 MiB.
    public static let defaultMaxRequestSize = 1 << 20
    /// The default size of a request file or standard input: 4 GiB.
    public static let defaultMaxInputSize = 4 << 30

    /// Bytes of one request: one YAML document, one JSON file or one line of JSON Lines.
    public var maxRequestSize: Int
    /// Bytes of a whole request file or of standard input.
    public var maxInputSize: Int

    public init(maxRequestSize: Int = InputLimits.defaultMaxRequestSize, maxInputSize: Int = InputLimits.defaultMaxInputSize) {
        self.maxRequestSize = maxRequestSize
        self.maxInputSize = maxInputSize
    }

    /// `1048576`, `64K`, `1M`, `2G` (binary multiples, `KiB`/`MiB`/`GiB` too); nil when not a positive size.
    public static func parseSize(_ text: String) -> Int? {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)]
        var number = Substring(text)
        var multiple = 1
        for (suffix, value) in units where number.hasSuffix(suffix) {
            number = number.dropLast(suffix.count)
            multiple = value
            break
        }
        guard let count = Int(number), count > 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: multiple)
        return overflow ? nil : product
    }

    /// `1 MiB`, `300 bytes`: a size as a diagnostic says it.
    public static func describe(_ bytes: Int) -> String {
        for (unit, value) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= value && bytes % value == 0 {
            return "\(bytes / value) \(unit)"
        }
        return "\(bytes) byte\(bytes == 1 ? "" : "s")"
    }
}

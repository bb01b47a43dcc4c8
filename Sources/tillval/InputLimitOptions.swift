import ArgumentParser
import TillvalRuntime

/// How much request input `plan`, `apply` and `outbox requeue` read; past a
/// limit the input (E1015) or the one request (E1014) is refused.
struct InputLimitOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The largest request: one YAML document, JSON file or JSON Lines line (default 1M).", valueName: "bytes"),
            transform: InputLimitOptions.size)
    var maxRequestSize: Int = InputLimits.defaultMaxRequestSize

    @Option(name: .long, help: ArgumentHelp("The most a run reads of a request file or standard input (default 4G); requests are read one at a time, so memory does not grow with it.", valueName: "bytes"),
            transform: InputLimitOptions.size)
    var maxInputSize: Int = InputLimits.defaultMaxInputSize

    var limits: InputLimits {
        InputLimits(maxRequestSize: maxRequestSize, maxInputSize: maxInputSize)
    }

    static func size(_ text: String) throws -> Int {
        guard let size = InputLimits.parseSize(text) else {
            throw ValidationError("'\(text)' is not a size: write a positive number of bytes, optionally with K, M or G (binary multiples)")
        }
        return size
    }
}

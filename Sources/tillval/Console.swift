import Foundation
import TillvalCompiler
import TillvalSyntax

/// Where output goes and whether it may be coloured: only on a terminal,
/// and never when `NO_COLOR` is set (https://no-color.org).
struct Console {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { writeOutput(UnsafeRawBufferPointer($0)) }
    }

    static func writeData(_ data: Data) {
        data.withUnsafeBytes { writeOutput($0) }
    }

    /// Standard error: a failed write is dropped, there is nowhere left to say so.
    static func error(_ text: String) {
        var text = text
        text.withUTF8 { _ = writeAll(UnsafeRawBufferPointer($0), to: STDERR_FILENO) }
    }

    /// Standard output that cannot be written (a full disk, a file size
    /// limit, a closed descriptor) ends the run with exit 74, saying why on
    /// standard error; `FileHandle.write` would crash on it. What `apply`
    /// has committed before stays committed, and a group not yet committed
    /// is rolled back with the process, as when it is killed.
    private static func writeOutput(_ bytes: UnsafeRawBufferPointer) {
        guard let failure = writeAll(bytes, to: STDOUT_FILENO) else { return }
        error("tillval: cannot write to standard output: \(String(cString: strerror(failure)))\n")
        exit(ExitCodes.storeFailure.rawValue)
    }

    /// Writes every byte with write(2), again after an interruption; the
    /// `errno` of a failed write, nil when all were written.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        guard var next = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let written = Foundation.write(descriptor, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            next += written
            left -= written
        }
        return nil
    }

    static func colored(fileDescriptor: Int32) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(fileDescriptor) == 1
    }

    /// Renders diagnostics to standard error with a closing count.
    static func report(_ diagnostics: [Diagnostic], sources: SourceMap) {
        guard !diagnostics.isEmpty else { return }
        let renderer = TextDiagnosticRenderer(sources: sources, colored: colored(fileDescriptor: 2))
        error(renderer.render(diagnostics))
    }

    /// A compilation's diagnostics, then a note for those its caps left out.
    static func report(_ compilation: Compilation) {
        report(compilation.diagnostics, sources: compilation.sources)
        guard !compilation.omitted.isEmpty else { return }
        error(TextDiagnosticRenderer(sources: compilation.sources, colored: colored(fileDescriptor: 2)).render(compilation.omitted))
    }

    /// The closing count of a compilation, those left out by its caps included.
    static func count(_ compilation: Compilation) -> String {
        count(errors: compilation.diagnostics.filter { $0.severity == .error }.count + compilation.omitted.errors,
              warnings: compilation.diagnostics.filter { $0.severity == .warning }.count + compilation.omitted.warnings)
    }

    static func count(_ diagnostics: [Diagnostic]) -> String {
        count(errors: diagnostics.filter { $0.severity == .error }.count, warnings: diagnostics.filter { $0.severity == .warning }.count)
    }

    static func count(errors: Int, warnings: Int) -> String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}

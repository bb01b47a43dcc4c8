import Foundation
import TillvalSyntax

/// Where output goes and whether it may be coloured: only on a terminal,
/// and never when `NO_COLOR` is set (https://no-color.org).
struct Console {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func writeData(_ data: Data) {
        FileHandle.standardOutput.write(data)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
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

    static func count(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}

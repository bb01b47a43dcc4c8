import Foundation
import TillvalCompiler
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

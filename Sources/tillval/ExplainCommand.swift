import ArgumentParser
import TillvalSyntax

/// `tillval explain E0301`: the catalogue entry of a code.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a diagnostic code.",
        discussion: "With --all, prints the whole catalogue as Markdown (docs/diagnostics.md is this output)."
            + ExitCodes.helpText(for: .explain)
    )

    @Argument(help: "A code such as E0301.")
    var code: String?

    @Flag(help: "Print every code as Markdown.")
    var all = false

    func validate() throws {
        if !all, code == nil { throw ValidationError("give a code, such as E0301, or --all") }
    }

    func run() throws {
        if all {
            Console.write(DiagnosticCatalogue.markdown())
            return
        }
        guard let text = code, let known = DiagnosticCode(code: text) else {
            Console.error("tillval: unknown diagnostic code '\(code ?? "")'; 'tillval explain --all' lists them\n")
            throw ExitCodes.usage
        }
        Console.write(DiagnosticCatalogue.text(for: known))
    }
}

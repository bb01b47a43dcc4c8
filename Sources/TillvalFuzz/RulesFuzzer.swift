import Foundation
import TillvalCompiler
import TillvalPlan
import TillvalSyntax

/// The rules fuzz target: input bytes → a rule set (`RuleSetInput`) →
/// load → decode → check → lower, then every diagnostic rendered (plain and
/// coloured, with snippets) and the plan encoded, decoded and encoded again.
///
/// A crash anywhere is a finding; so is a broken invariant, which
/// `problems` names (the fuzz driver turns it into a crash).
public enum RulesFuzzer {
    public struct Outcome: Sendable {
        public var files: Int
        public var errors: Int
        public var hasPlan: Bool
        /// The invariants the input broke; empty when all hold.
        public var problems: [String]
    }

    /// The shipped rule set everything is laid over, read once.
    public struct Base: Sendable {
        public var files: [(path: String, bytes: [UInt8])]

        /// The rule files below `directory`, paths relative to it.
        public init(directory: String) {
            let (files, _) = RuleSetReader.read(directory: directory)
            let prefix = directory.hasSuffix("/") ? directory : directory + "/"
            self.files = files.map { file in
                (path: file.path.hasPrefix(prefix) ? String(file.path.dropFirst(prefix.count)) : file.path, bytes: file.bytes)
            }
        }
    }

    public static func run(_ bytes: [UInt8], base: Base) -> Outcome {
        let files = RuleSetInput.files(bytes, base: base.files)
        let compilation = Compiler().compile(files: files, relativeTo: RuleSetInput.directory)
        var problems: [String] = []

        if compilation.plan != nil, compilation.hasErrors {
            problems.append("a plan was made although there are errors")
        }
        if compilation.plan == nil, !compilation.hasErrors, !files.isEmpty {
            problems.append("no plan was made although there is no error")
        }
        problems += Invariants.positions(of: compilation.diagnostics, in: compilation.sources)

        // Rendering is where positions meet text: snippets, carets, tabs, bad UTF-8.
        for colored in [false, true] {
            var explained: Set<DiagnosticCode> = []
            let text = TextDiagnosticRenderer(sources: compilation.sources, colored: colored)
                .render(compilation.diagnostics, explained: &explained)
            if text.isEmpty != compilation.diagnostics.isEmpty {
                problems.append("the rendered diagnostics are empty exactly when there are some")
            }
        }

        if let plan = compilation.plan {
            let data = PlanCoding.encode(plan)
            switch PlanCoding.decode(data) {
            case .success(let decoded):
                if PlanCoding.encode(decoded) != data {
                    problems.append("the plan changes when it is encoded, decoded and encoded again")
                }
            case .failure(let error):
                problems.append("the plan file just written cannot be read back: \(error)")
            }
        }
        return Outcome(files: files.count, errors: compilation.diagnostics.filter(\.isError).count,
                       hasPlan: compilation.plan != nil, problems: problems)
    }
}

/// Invariants both targets check on diagnostics.
enum Invariants {
    /// Every position (of a diagnostic or of its notes) names a file of the
    /// compilation and a line inside it.
    static func positions(of diagnostics: [Diagnostic], in sources: SourceMap) -> [String] {
        var problems: [String] = []
        for diagnostic in diagnostics {
            for range in ([diagnostic.range] + diagnostic.notes.map(\.range)).compactMap({ $0 }) {
                guard let file = sources.file(range.start.file) else {
                    problems.append("\(diagnostic.code.rawValue) points into '\(range.start.file)', which is not a source")
                    continue
                }
                if file.line(range.start.line) == nil || range.start.column < 1 {
                    problems.append("\(diagnostic.code.rawValue) points at \(range.start.line):\(range.start.column), outside '\(range.start.file)'")
                }
            }
        }
        return problems
    }
}

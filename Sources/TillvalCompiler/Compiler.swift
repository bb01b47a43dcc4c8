import TillvalPlan
import TillvalSyntax

/// The result of compiling a rule set: every diagnostic, the sources (for
/// rendering them) and the plan when there was no error.
public struct Compilation: Sendable {
    public var plan: Plan?
    public var diagnostics: [Diagnostic]
    public var sources: SourceMap

    public var hasErrors: Bool { diagnostics.contains(where: \.isError) }
}

/// The compiler's entry point: load → decode → check → lower. It never
/// prints and never stops at the first error.
public struct Compiler: Sendable {
    public var loader: YAMLLoader

    public init(loader: YAMLLoader = YAMLLoader()) {
        self.loader = loader
    }

    /// Compiles the rule set in `directory`.
    public func compile(directory: String) -> Compilation {
        let (files, readDiagnostics) = RuleSetReader.read(directory: directory)
        var compilation = compile(files: files, relativeTo: directory)
        compilation.diagnostics = Diagnostic.sorted(readDiagnostics + compilation.diagnostics)
        if compilation.hasErrors { compilation.plan = nil }
        return compilation
    }

    /// Compiles files already in memory (tests, editors). `relativeTo` is the
    /// prefix stripped from paths for the digest, so moving a rule set does
    /// not change its digest.
    public func compile(files: [SourceFile], relativeTo directory: String = "") -> Compilation {
        var sink = DiagnosticSink()
        var decoder = DeclarationDecoder()
        for file in files {
            let (documents, diagnostics) = loader.load(file)
            sink.append(contentsOf: diagnostics)
            for document in documents {
                decoder.decode(document, sink: &sink)
            }
        }
        let symbols = SymbolTable(decoder.declarations, hasFiles: !files.isEmpty, sink: &sink)
        SemanticChecker.check(symbols: symbols, sink: &sink)

        let diagnostics = Diagnostic.sorted(sink.diagnostics)
        var plan: Plan?
        if !sink.hasErrors, !files.isEmpty {
            let prefix = directory.isEmpty || directory == "." ? "" : (directory.hasSuffix("/") ? directory : directory + "/")
            let relative = files.map { file in
                (path: prefix.isEmpty || !file.path.hasPrefix(prefix) ? file.path : String(file.path.dropFirst(prefix.count)), bytes: file.bytes)
            }
            let sources = relative.map { PlanSource(path: $0.path, sha256: PlanDigest.sha256($0.bytes)) }
            plan = Lowerer(symbols: symbols).lower(digest: PlanDigest.sources(relative), sources: sources)
        }
        return Compilation(plan: plan, diagnostics: diagnostics, sources: SourceMap(files))
    }
}

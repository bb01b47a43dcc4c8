import Foundation
import TillvalPlan
import TillvalSyntax

/// The result of compiling a rule set: every diagnostic, the sources (for
/// rendering them) and the plan when there was no error.
public struct Compilation: Sendable {
    public var plan: Plan?
    /// The diagnostics shown: at most `CompileLimits.maximumDiagnosticsPerFile`
    /// per file and `maximumDiagnostics` in all, errors first.
    public var diagnostics: [Diagnostic]
    public var sources: SourceMap
    /// What the caps left out, counted.
    public var omitted = OmittedDiagnostics()

    public init(plan: Plan?, diagnostics: [Diagnostic], sources: SourceMap, omitted: OmittedDiagnostics = OmittedDiagnostics()) {
        self.plan = plan
        self.diagnostics = diagnostics
        self.sources = sources
        self.omitted = omitted
    }

    public var hasErrors: Bool { omitted.errors > 0 || diagnostics.contains(where: \.isError) }

    /// Applies the caps of `limits` to `diagnostics`.
    mutating func cap(_ limits: CompileLimits) {
        (diagnostics, omitted) = OmittedDiagnostics.cap(diagnostics, perFile: limits.maximumDiagnosticsPerFile, perRun: limits.maximumDiagnostics)
    }
}

/// The check of one file of a rule set: the compilation of the whole set,
/// with only that file's diagnostics (and those without a place) in it.
public struct FileCompilation: Sendable {
    /// The file, as its diagnostics name it.
    public var file: String
    /// The rule set it belongs to.
    public var directory: String
    public var compilation: Compilation
    /// The diagnostics of the other files of the rule set, not reported.
    public var elsewhere: [Diagnostic]
}

/// The compiler's entry point: load → decode → check → lower. It never
/// prints and never stops at the first error.
public struct Compiler: Sendable {
    public var limits: CompileLimits

    public init(limits: CompileLimits = CompileLimits()) {
        self.limits = limits
    }

    /// Compiles the rule set in `directory`.
    public func compile(directory: String) -> Compilation {
        var compilation = uncapped(directory: directory)
        compilation.cap(limits)
        return compilation
    }

    private func uncapped(directory: String) -> Compilation {
        let (files, readDiagnostics) = RuleSetReader.read(directory: directory, limits: limits)
        var compilation = uncapped(files: files, relativeTo: directory, complete: readDiagnostics.isEmpty, directory: directory)
        compilation.diagnostics = Diagnostic.sorted(readDiagnostics + compilation.diagnostics)
        if compilation.hasErrors { compilation.plan = nil }
        return compilation
    }

    /// Checks one rule file: compiles the whole rule set it belongs to
    /// (`RuleSetReader.directory(containing:)`) and keeps the diagnostics of
    /// that file and those without a place (which concern the whole set).
    public func compile(file: String) -> FileCompilation {
        let directory = RuleSetReader.directory(containing: file, limits: limits)
        func refused(_ message: String, _ help: String) -> FileCompilation {
            let diagnostic = Diagnostic(.unreadableInput, message, at: nil, suggestion: Suggestion(help))
            return FileCompilation(file: file, directory: directory,
                                   compilation: Compilation(plan: nil, diagnostics: [diagnostic], sources: SourceMap()), elsewhere: [])
        }
        guard FileManager.default.fileExists(atPath: file) else {
            return refused("rule file '\(file)' does not exist", "give the path of a rule file or of a rule directory")
        }
        let notRead = ("'\(file)' is not a rule file of the rule set in '\(directory)'",
                       "give a .yaml or .yml file whose path has no name starting with '.' and no linked directory, or a rule directory")
        guard let path = RuleSetReader.ruleFilePath(file, in: directory) else { return refused(notRead.0, notRead.1) }
        var compilation = uncapped(directory: directory)
        // A file below a linked directory is not read with the rule set.
        guard compilation.sources.file(path) != nil || compilation.diagnostics.contains(where: { $0.range?.start.file == path }) else {
            return refused(notRead.0, notRead.1)
        }
        let (here, elsewhere) = compilation.diagnostics.reduce(into: ([Diagnostic](), [Diagnostic]())) { parts, diagnostic in
            if let place = diagnostic.range?.start.file, place != path {
                parts.1.append(diagnostic)
            } else {
                parts.0.append(diagnostic)
            }
        }
        compilation.diagnostics = here
        compilation.cap(limits)
        return FileCompilation(file: path, directory: directory, compilation: compilation, elsewhere: elsewhere)
    }

    /// Compiles files already in memory (tests, editors). `relativeTo` is the
    /// prefix stripped from paths for the digest, so moving a rule set does
    /// not change its digest.
    public func compile(files: [SourceFile], relativeTo directory: String = "", complete: Bool = true) -> Compilation {
        var compilation = uncapped(files: files, relativeTo: directory, complete: complete, directory: nil)
        compilation.cap(limits)
        return compilation
    }

    /// `directory` is the rule directory, when there is one: where a
    /// diagnostic about the whole rule set points when it has no better place.
    private func uncapped(files: [SourceFile], relativeTo directory: String, complete: Bool, directory ruleDirectory: String?) -> Compilation {
        let loader = limits.loader
        var sink = DiagnosticSink()
        var decoder = DeclarationDecoder()
        // What the rule set may lack because part of it could not be read: a file that could not be
        // read at all may have declared anything.
        var missing = MissingDeclarations()
        if !complete { missing.insertAll() }
        for file in files {
            let (documents, diagnostics) = loader.load(file)
            sink.append(contentsOf: diagnostics)
            // libyaml stops at a syntax or encoding error, and runaway nesting is not parsed at all:
            // the rest of that file is unknown, and may have declared what its `kind:` lines name.
            if diagnostics.contains(where: { [.yamlSyntax, .invalidEncoding, .nestingTooDeep].contains($0.code) }) {
                let readUpTo = documents.compactMap { $0.root?.range.end.line }.max() ?? 1
                missing.insert(unreadableFrom: file, line: readUpTo)
            }
            for document in documents {
                decoder.decode(document, sink: &sink)
            }
        }
        missing.formUnion(decoder.missing)
        let symbols = SymbolTable(decoder.declarations, missing: missing, expectFacts: !files.isEmpty, ruleDirectory: ruleDirectory, sink: &sink)
        let checked = SemanticChecker.check(symbols: symbols, complete: missing.isEmpty, sink: &sink)

        let diagnostics = Diagnostic.sorted(sink.diagnostics)
        var plan: Plan?
        if let checked, !files.isEmpty {
            let relative = Self.relative(files, to: directory)
            let sources = relative.map { PlanSource(path: $0.path, sha256: PlanDigest.sha256($0.bytes)) }
            plan = Lowerer.lower(checked, digest: PlanDigest.sources(relative), sources: sources)
        }
        return Compilation(plan: plan, diagnostics: diagnostics, sources: SourceMap(files))
    }

    /// The digest a plan compiled now from `directory` would carry, without
    /// compiling: how `apply` tells that a plan file is stale. Nil when the
    /// directory cannot be read.
    public static func sourceDigest(directory: String) -> String? {
        let (files, diagnostics) = RuleSetReader.read(directory: directory)
        guard diagnostics.isEmpty else { return nil }
        return PlanDigest.sources(relative(files, to: directory))
    }

    private static func relative(_ files: [SourceFile], to directory: String) -> [(path: String, bytes: [UInt8])] {
        let prefix = directory.isEmpty || directory == "." ? "" : (directory.hasSuffix("/") ? directory : directory + "/")
        return files.map { file in
            (path: prefix.isEmpty || !file.path.hasPrefix(prefix) ? file.path : String(file.path.dropFirst(prefix.count)), bytes: file.bytes)
        }
    }
}

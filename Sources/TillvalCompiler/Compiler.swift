import Foundation
import SystemPackage
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
    /// The rule set's tests (`kind: test`), checked; empty when there was an error.
    public var tests: [CheckedTest] = []
    /// What the plan holds, counted; present exactly when a plan is (or, for
    /// a compiler that does not lower, would be) made.
    public var summary: CompilationSummary?
    /// Errors a check counted but did not list (overlaps past the cap),
    /// added to `omitted` when the caps are applied.
    var unlistedErrors = 0

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
        omitted.inRun = omitted.inRun.addingSaturating(unlistedErrors)
        omitted.errors = omitted.errors.addingSaturating(unlistedErrors)
    }
}

/// The size of a rule set that compiled: what `tillval check` reports.
public struct CompilationSummary: Sendable, Hashable {
    /// The plan's `sources`: the rule files that are not only tests.
    public var files: Int
    public var products: Int
    public var collaborations: Int
    public var scenarios: Int

    public init(files: Int, products: Int, collaborations: Int, scenarios: Int) {
        (self.files, self.products, self.collaborations, self.scenarios) = (files, products, collaborations, scenarios)
    }
}

/// The check of one file of a rule set: the compilation of the whole set,
/// with only that file's diagnostics (and those without a place) in it.
public struct FileCompilation: Sendable {
    /// The file, as its diagnostics name it (`RuleSetReader.shown`).
    public var file: String
    /// The rule set it belongs to, as text (`FilePath.string`).
    public var directory: String
    public var compilation: Compilation
    /// The diagnostics of the other files of the rule set, not reported.
    public var elsewhere: [Diagnostic]
}

/// The compiler's entry point: load → decode → check → lower. It never
/// prints and never stops at the first error.
public struct Compiler: Sendable {
    public var limits: CompileLimits
    /// Whether a rule set without errors is lowered to a plan (and its
    /// sources digested). `tillval check` reports the diagnostics and the
    /// `summary` only, and skips that work.
    public var lowers: Bool
    /// Into how many slices the work of loading and decoding the files, and
    /// of checking the scenarios and proving each collaboration's coverage,
    /// is split, the slices run in parallel (`Parallel`); by default the
    /// number of cores, 1 for all of it on the calling thread. The result is
    /// the same, byte for byte, for any number (issue 11).
    public var threads: Int
    /// The most slices `threads` may ask for (`--threads`).
    public static let maximumThreads = 256
    /// The cores this process may use, at most `maximumThreads`.
    public static var defaultThreads: Int { min(Parallel.cores, maximumThreads) }

    public init(limits: CompileLimits = CompileLimits(), lowers: Bool = true, threads: Int = Compiler.defaultThreads) {
        self.limits = limits
        self.lowers = lowers
        self.threads = max(1, threads)
    }

    /// Compiles the rule set in `directory`.
    public func compile(directory: FilePath) -> Compilation {
        compile(directory: directory, given: directory.string)
    }

    /// `compile(directory:)` for a path given as text (a command-line
    /// argument); a message about the directory echoes it as written.
    public func compile(directory: String) -> Compilation {
        compile(directory: FilePath(directory), given: directory)
    }

    /// Compiles the rule set in `directory` with the tests of a separate
    /// directory (`tillval test --tests DIR`), which may hold only `kind: test`
    /// documents. Its files are never part of the plan.
    public func compile(directory: String, tests: String) -> Compilation {
        var compilation = uncapped(directory: FilePath(directory), given: directory, tests: tests)
        compilation.cap(limits)
        return compilation
    }

    private func compile(directory: FilePath, given: String) -> Compilation {
        var compilation = uncapped(directory: directory, given: given)
        compilation.cap(limits)
        return compilation
    }

    private func uncapped(directory: FilePath, given: String, tests: String? = nil) -> Compilation {
        let (files, readDiagnostics) = RuleSetReader.read(directory: directory, given: given, limits: limits, threads: threads)
        var testFiles: [SourceFile] = []
        var testDiagnostics: [Diagnostic] = []
        if let tests {
            (testFiles, testDiagnostics) = RuleSetReader.read(directory: FilePath(tests), given: tests, limits: limits)
            // A tests directory inside the rule directory (`test Rules --tests Rules/tests`): its files were read with the rules.
            let read = Set(files.map { Self.resolved($0.path) })
            testFiles.removeAll { read.contains(Self.resolved($0.path)) }
        }
        var compilation = uncapped(files: files, testFiles: testFiles, relativeTo: directory, complete: readDiagnostics.isEmpty, directory: given)
        compilation.diagnostics = Diagnostic.sorted(readDiagnostics + testDiagnostics + compilation.diagnostics)
        if compilation.hasErrors { (compilation.plan, compilation.summary) = (nil, nil) }
        return compilation
    }

    /// Checks one rule file: compiles the whole rule set it belongs to
    /// (`RuleSetReader.directory(containing:)`) and keeps the diagnostics of
    /// that file and those without a place (which concern the whole set).
    public func compile(file: FilePath) -> FileCompilation {
        compile(file: file, given: file.string)
    }

    /// `compile(file:)` for a path given as text; a message about the file
    /// echoes it as written.
    public func compile(file: String) -> FileCompilation {
        compile(file: FilePath(file), given: file)
    }

    private func compile(file: FilePath, given: String) -> FileCompilation {
        let directory = RuleSetReader.directory(containing: file, limits: limits)
        func refused(_ message: ReadMessage, _ help: ReadMessage.Help) -> FileCompilation {
            let diagnostic = Diagnostic(message, at: nil, suggestion: Suggestion(help))
            return FileCompilation(file: given, directory: directory.string,
                                   compilation: Compilation(plan: nil, diagnostics: [diagnostic], sources: SourceMap()), elsewhere: [])
        }
        guard FileManager.default.fileExists(atPath: file.string) else {
            return refused(.ruleFileMissing(given: given), .giveRuleFileOrDirectory)
        }
        let notRead = (ReadMessage.notARuleFile(given: given, directory: directory), ReadMessage.Help.giveReadableRuleFile)
        guard let path = RuleSetReader.ruleFilePath(file, in: directory) else { return refused(notRead.0, notRead.1) }
        var compilation = uncapped(directory: directory, given: directory.string)
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
        return FileCompilation(file: path, directory: directory.string, compilation: compilation, elsewhere: elsewhere)
    }

    /// Compiles files already in memory (tests, editors). `relativeTo` is the
    /// prefix stripped from paths for the digest, so moving a rule set does
    /// not change its digest.
    public func compile(files: [SourceFile], relativeTo directory: FilePath = FilePath(), complete: Bool = true) -> Compilation {
        var compilation = uncapped(files: files, testFiles: [], relativeTo: directory, complete: complete, directory: nil)
        compilation.cap(limits)
        return compilation
    }

    /// `compile(files:relativeTo:complete:)` with the prefix given as text.
    public func compile(files: [SourceFile], relativeTo directory: String, complete: Bool = true) -> Compilation {
        compile(files: files, relativeTo: FilePath(directory), complete: complete)
    }

    /// `directory` is the rule directory, when there is one: where a
    /// diagnostic about the whole rule set points when it has no better place.
    private func uncapped(files: [SourceFile], testFiles: [SourceFile], relativeTo directory: FilePath, complete: Bool,
                          directory ruleDirectory: String?) -> Compilation {
        var sink = DiagnosticSink()
        // What the rule set may lack because part of it could not be read: a file that could not be
        // read at all may have declared anything.
        var missing = MissingDeclarations()
        if !complete { missing.insertAll() }
        // Files that hold only tests are left out of the digest and the plan's `sources`.
        var planFiles: [SourceFile] = []
        // The files are loaded and decoded in slices of consecutive files, spread over the cores
        // (`Parallel`), and the slices taken in order: the same declarations and diagnostics, in the
        // same order, as one file after another.
        let all = files + testFiles
        var slices = Parallel.slices(all.count, width: threads) { range in
            DecodedFiles(all[range], testsFrom: files.count - range.lowerBound, loader: limits.loader)
        }
        var declarations = Declarations()
        for index in slices.indices {
            // The first slice's declarations are taken whole; each slice let go of once taken.
            if index == 0 { declarations = slices[index].declarations } else { declarations.append(contentsOf: slices[index].declarations) }
            planFiles += slices[index].planFiles
            sink.append(slices[index].sink)
            missing.formUnion(slices[index].missing)
            slices[index] = DecodedFiles()
        }
        let symbols = SymbolTable(declarations, missing: missing, expectFacts: !files.isEmpty, ruleDirectory: ruleDirectory, sink: &sink)
        // Without a plan to make, the checked scenarios are counted, not kept.
        let (checked, checkedScenarios) = SemanticChecker.check(symbols: symbols, complete: missing.isEmpty,
                                                                maximumCoverageRegions: limits.maximumCoverageRegions,
                                                                maximumOverlaps: limits.maximumDiagnostics,
                                                                keepsScenarios: lowers, threads: threads, sink: &sink)
        // Nothing below reads the declarations: they are freed on another thread, while this one goes on.
        if threads > 1 { Parallel.release((consume symbols, consume declarations)) }

        let diagnostics = Diagnostic.sorted(sink.diagnostics)
        var plan: Plan?
        var summary: CompilationSummary?
        if let checked, !files.isEmpty {
            summary = CompilationSummary(files: planFiles.count, products: checked.products.count, collaborations: checked.collaborations.count,
                                         scenarios: checkedScenarios)
            if lowers {
                let relative = Self.relative(planFiles, to: directory)
                let sources = relative.map { PlanSource(path: $0.path, sha256: PlanDigest.sha256($0.bytes)) }
                plan = Lowerer.lower(checked, digest: PlanDigest.sources(relative), sources: sources)
            }
        }
        var compilation = Compilation(plan: plan, diagnostics: diagnostics, sources: SourceMap(files + testFiles))
        compilation.unlistedErrors = sink.unlistedErrors
        compilation.tests = checked?.tests ?? []
        compilation.summary = summary
        return compilation
    }

    /// A file's path made absolute, with `.`, `..` and symbolic links resolved: two names of one file agree.
    private static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The digest a plan compiled now from `directory` would carry, without
    /// compiling: how `apply` tells that a plan file is stale. Nil when the
    /// directory cannot be read.
    public static func sourceDigest(directory: FilePath) -> String? {
        let (files, diagnostics) = RuleSetReader.read(directory: directory)
        guard diagnostics.isEmpty else { return nil }
        let loader = CompileLimits().loader
        let planFiles = files.filter { file in
            let (documents, diagnostics) = loader.load(file)
            return !holdsOnlyTests(documents, diagnostics)
        }
        return PlanDigest.sources(relative(planFiles, to: directory))
    }

    /// Whether a rule file holds only tests: it loads without a problem and
    /// has at least one document, each a mapping whose `kind` is `test`
    /// (empty documents aside). Such a file is left out of the plan's digest
    /// and `sources`, so adding or changing tests does not make a plan stale;
    /// a file that mixes tests with declarations counts whole.
    static func holdsOnlyTests(_ documents: [YAMLDocument], _ diagnostics: [Diagnostic]) -> Bool {
        guard diagnostics.isEmpty else { return false }
        let roots = documents.compactMap(\.root)
        return !roots.isEmpty && roots.allSatisfy { root in
            root.pairs?.first { $0.key == "kind" }?.value.scalar?.text == DeclarationKind.test.rawValue
        }
    }

    /// `sourceDigest(directory:)` for a path given as text.
    public static func sourceDigest(directory: String) -> String? {
        sourceDigest(directory: FilePath(directory))
    }

    /// Each file's path below `directory`, as the digest and the plan's
    /// `sources` name it: the directory's components are removed from the
    /// front of the file's path (compared by component, not as text), so
    /// `Rules`, `Rules/`, `./Rules` and `Rules/../Rules` give the same names.
    /// A path not below it (or any path, when the directory is empty or
    /// `.`) is kept whole.
    static func relative(_ files: [SourceFile], to directory: FilePath) -> [(path: String, bytes: [UInt8])] {
        files.map { file in
            var path = FilePath(file.path)
            if !directory.isEmpty, directory != ".", path.removePrefix(directory) {
                return (path: path.string, bytes: file.bytes)
            }
            return (path: file.path, bytes: file.bytes)
        }
    }
}

/// Consecutive rule files loaded and decoded, one after another, on one
/// thread (`Compiler`): what they declare, what they may lack, which count
/// for the plan, and their diagnostics in the order they were found (each
/// file's loader's, then its decoder's).
struct DecodedFiles {
    /// The files that count for the plan's digest and `sources`: those that
    /// do not hold only tests (`Compiler.holdsOnlyTests`).
    var planFiles: [SourceFile] = []
    var declarations = Declarations()
    var missing = MissingDeclarations()
    /// The files' diagnostics, in the order they were found.
    var sink = DiagnosticSink()

    /// Nothing: what a slice's place holds once taken.
    init() {}

    /// `files`, of which those from the `testsFrom`th on come from a tests
    /// directory (only `kind: test` read, never part of the plan).
    init(_ files: ArraySlice<SourceFile>, testsFrom: Int, loader: YAMLLoader) {
        var decoder = DeclarationDecoder()
        for (offset, file) in files.enumerated() {
            let testsOnly = offset >= testsFrom
            let (documents, loaded) = loader.load(file)
            if !testsOnly, !Compiler.holdsOnlyTests(documents, loaded) { planFiles.append(file) }
            sink.append(contentsOf: loaded)
            // libyaml stops at a syntax or encoding error, and runaway nesting is not parsed at all:
            // the rest of that file is unknown, and may have declared what its `kind:` lines name.
            if loaded.contains(where: { [.yamlSyntax, .invalidEncoding, .nestingTooDeep].contains($0.code) }) {
                let readUpTo = documents.compactMap { $0.root?.range.end.line }.max() ?? 1
                missing.insert(unreadableFrom: file, line: readUpTo)
            }
            for document in documents {
                decoder.decode(document, testsOnly: testsOnly, sink: &sink)
            }
        }
        missing.formUnion(decoder.missing)
        declarations = decoder.declarations
    }
}

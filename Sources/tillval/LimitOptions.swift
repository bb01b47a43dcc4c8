import ArgumentParser
import TillvalCompiler

/// The limits of `CompileLimits` as options, shared by every command that
/// compiles rules (`check`, `compile`, `plan`, `apply`).
struct LimitOptions: ParsableArguments {
    private static let defaults = CompileLimits()

    @Option(name: .customLong("max-file-size"), help: ArgumentHelp("The largest rule file read (E0012 past it).", valueName: "bytes"))
    var maximumFileSize = ByteCount(defaults.maximumFileSize)

    @Option(name: .customLong("max-rule-set-size"), help: ArgumentHelp("The largest rule set read, all files together (E0013 past it).", valueName: "bytes"))
    var maximumRuleSetSize = ByteCount(defaults.maximumRuleSetSize)

    @Option(name: .customLong("max-files"), help: "The most rule files a rule set may have (E0013 past it).")
    var maximumFiles = defaults.maximumFiles

    @Option(name: .customLong("max-scalar-size"), help: ArgumentHelp("The longest value read whole (E0014 past it).", valueName: "bytes"))
    var maximumScalarSize = ByteCount(defaults.maximumScalarSize)

    @Option(name: .customLong("max-diagnostics-per-file"), help: "The most diagnostics shown for one file; the rest are counted.")
    var maximumDiagnosticsPerFile = defaults.maximumDiagnosticsPerFile

    @Option(name: .customLong("max-diagnostics"), help: "The most diagnostics shown in one run; the rest are counted.")
    var maximumDiagnostics = defaults.maximumDiagnostics

    @Option(name: .customLong("max-coverage-regions"), help: "The most steps a collaboration's coverage proof (or diff's routing) may take: 1 per region of its facts plus 1 per scenario each filters (E0604 past it).")
    var maximumCoverageRegions = defaults.maximumCoverageRegions

    static let maximumThreads = Compiler.maximumThreads

    @Option(name: .customLong("threads"),
            help: "Into how many slices loading the rule files, checking the scenarios and proving coverage are split, run in parallel; 1 does all of it on one thread. The output is the same for any number. At most \(maximumThreads); the default is the number of cores this process may use.")
    var threads = Compiler.defaultThreads

    func validate() throws {
        guard (1 ... Self.maximumThreads).contains(threads) else {
            throw ValidationError("--threads must be between 1 and \(Self.maximumThreads)")
        }
        for (name, value) in [("--max-files", maximumFiles), ("--max-diagnostics-per-file", maximumDiagnosticsPerFile), ("--max-diagnostics", maximumDiagnostics),
                              ("--max-coverage-regions", maximumCoverageRegions)]
        where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
    }

    var limits: CompileLimits {
        CompileLimits(maximumFileSize: maximumFileSize.bytes, maximumRuleSetSize: maximumRuleSetSize.bytes, maximumFiles: maximumFiles,
                      maximumScalarSize: maximumScalarSize.bytes, maximumDiagnosticsPerFile: maximumDiagnosticsPerFile,
                      maximumDiagnostics: maximumDiagnostics, maximumCoverageRegions: maximumCoverageRegions)
    }

    var compiler: Compiler { Compiler(limits: limits, threads: threads) }
}

/// A size in bytes, written `1048576`, `1024KiB`, `10MiB` or `1GiB` (`K`, `M`, `G` too).
struct ByteCount: ExpressibleByArgument, CustomStringConvertible {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("", 1)]
        for (unit, factor) in units where argument.hasSuffix(unit) {
            guard let number = Int(argument.dropLast(unit.count)), number >= 1 else { continue }
            let (bytes, overflow) = number.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            self.bytes = bytes
            return
        }
        return nil
    }

    var description: String {
        for (unit, factor) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes % factor == 0 {
            return "\(bytes / factor)\(unit)"
        }
        return "\(bytes)"
    }

    var defaultValueDescription: String { description }
}

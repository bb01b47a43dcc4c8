import TillvalPlan
import TillvalSyntax

/// The bounds on what one compilation reads and reports, so that no rule
/// set, however large or hostile, exhausts memory or time, and no run
/// prints more than anyone can read. Every limit has a default and a
/// command-line option (`check`, `compile`, `plan`, `apply`); the table is
/// in docs/rules-format.md.
public struct CompileLimits: Sendable, Hashable {
    /// The largest rule file read, in bytes (E0012 past it).
    public var maximumFileSize: Int
    /// The largest rule set read, all files together, in bytes (E0013 past it).
    public var maximumRuleSetSize: Int
    /// The most rule files a rule set may have (E0013 past it).
    public var maximumFiles: Int
    /// The longest value (scalar) read whole, in bytes (E0014 past it).
    public var maximumScalarSize: Int
    /// The most diagnostics shown for one file; the rest are counted ("and N more").
    public var maximumDiagnosticsPerFile: Int
    /// The most diagnostics shown in one run; the rest are counted ("and N more").
    public var maximumDiagnostics: Int
    /// The most steps a collaboration's coverage proof may take: 1 per class
    /// and region of its space plus 1 per scenario each filters, and 1 per
    /// pair looked at for overlaps (E0604 past it; `CombinationSpace`).
    public var maximumCoverageRegions: Int

    public static let mebibyte = 1 << 20

    public init(maximumFileSize: Int = 10 * mebibyte, maximumRuleSetSize: Int = 100 * mebibyte, maximumFiles: Int = 10_000,
                maximumScalarSize: Int = mebibyte, maximumDiagnosticsPerFile: Int = 50, maximumDiagnostics: Int = 500,
                maximumCoverageRegions: Int = CombinationSpace.defaultRegionLimit) {
        self.maximumFileSize = maximumFileSize
        self.maximumRuleSetSize = maximumRuleSetSize
        self.maximumFiles = maximumFiles
        self.maximumScalarSize = maximumScalarSize
        self.maximumDiagnosticsPerFile = maximumDiagnosticsPerFile
        self.maximumDiagnostics = maximumDiagnostics
        self.maximumCoverageRegions = maximumCoverageRegions
    }

    /// The loader these limits ask for.
    var loader: YAMLLoader {
        YAMLLoader(maximumDiagnosticsPerFile: maximumDiagnosticsPerFile, maximumScalarLength: maximumScalarSize)
    }
}

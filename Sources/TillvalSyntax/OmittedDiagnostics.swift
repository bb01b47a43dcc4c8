/// Diagnostics past a cap on how many are shown (per file, per run): not
/// shown, but counted, so the summary and the exit code still tell the whole truth.
public struct OmittedDiagnostics: Sendable, Hashable {
    /// How many were left out of each file (nil: those without a place).
    public var byFile: [String?: Int] = [:]
    /// How many were left out because the run's cap was reached.
    public var inRun = 0
    public var errors = 0
    public var warnings = 0
    /// The caps that were applied, for saying so.
    public var perFile = 0
    public var perRun = 0

    public init() {}

    public var total: Int { byFile.values.reduce(0, +) + inRun }
    public var isEmpty: Bool { total == 0 }

    /// Keeps at most `perFile` diagnostics of each file and `perRun` in all,
    /// errors before warnings (so a capped list still shows that there are
    /// errors), in reading order; counts the rest.
    public static func cap(_ diagnostics: [Diagnostic], perFile: Int, perRun: Int) -> (kept: [Diagnostic], omitted: OmittedDiagnostics) {
        var omitted = OmittedDiagnostics()
        omitted.perFile = perFile
        omitted.perRun = perRun
        var shownPerFile: [String?: Int] = [:]
        var shown = 0
        var keep = [Bool](repeating: false, count: diagnostics.count)
        let bySeverity = diagnostics.indices.sorted { lhs, rhs in
            let a = diagnostics[lhs].severity == .error ? 0 : 1, b = diagnostics[rhs].severity == .error ? 0 : 1
            return a != b ? a < b : lhs < rhs
        }
        for index in bySeverity {
            let diagnostic = diagnostics[index]
            let file = diagnostic.range?.start.file
            if shownPerFile[file, default: 0] >= perFile {
                omitted.byFile[file, default: 0] += 1
            } else if shown >= perRun {
                omitted.inRun += 1
            } else {
                shownPerFile[file, default: 0] += 1
                shown += 1
                keep[index] = true
                continue
            }
            if diagnostic.isError { omitted.errors += 1 } else if diagnostic.severity == .warning { omitted.warnings += 1 }
        }
        let kept = diagnostics.indices.filter { keep[$0] }.map { diagnostics[$0] }
        return (kept, omitted)
    }
}

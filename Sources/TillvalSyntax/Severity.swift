/// How much a diagnostic matters: errors fail `check`, warnings are advice.
///
/// There is no third level. A diagnostic is a problem, and each problem is
/// an error or a warning (its code's letter, `DiagnosticCode.severity`);
/// what explains a problem is a `DiagnosticNote` attached to it (rendered
/// `= note:`), never a diagnostic of its own. SARIF (issue 9) maps `error`
/// and `warning` to its levels of the same names and a diagnostic's notes to
/// its `relatedLocations`; SARIF's level `note` is left for results that are
/// not problems, which tillval does not report.
public enum Severity: String, Sendable, Codable, Hashable, CaseIterable {
    case error
    case warning
}

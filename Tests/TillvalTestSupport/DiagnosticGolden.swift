import TillvalSyntax

/// The one-line-per-diagnostic goldens (`expected.diagnostics`, the request
/// fixtures' `.diagnostics`): severity, code, and place relative to a directory.
public enum DiagnosticGolden {
    public static func lines(_ diagnostics: [Diagnostic], relativeTo directory: String) -> String {
        diagnostics.map { diagnostic in
            let place: String
            if let range = diagnostic.range {
                var file = range.start.file
                if file.hasPrefix(directory + "/") { file = String(file.dropFirst(directory.count + 1)) }
                place = "\(file):\(range.start.line):\(range.start.column)"
            } else {
                place = "-"
            }
            return "\(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)] \(place)\n"
        }.joined()
    }
}

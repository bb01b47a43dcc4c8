/// Where each code's entry is in docs/diagnostics.md, for links into it
/// (SARIF's `helpUri`), and an entry as Markdown on its own.
extension DiagnosticCatalogue {
    /// The page the catalogue is generated into, relative to tillval's repository root.
    public static let page = "docs/diagnostics.md"

    /// The heading of a code's entry on the page, without its `### `: `E0301: unknown product`.
    public static func heading(for code: DiagnosticCode) -> String {
        "\(code.rawValue): \(code.explanation.title)"
    }

    /// The anchor GitHub (and most Markdown viewers) give the entry's
    /// heading: lower-cased, each space a `-`, every character other than a
    /// letter, digit, mark, `-` or `_` dropped (`E0203: customer.id is
    /// reserved` → `e0203-customerid-is-reserved`). Headings are unique, as
    /// codes are, so no `-1` suffix is ever needed.
    public static func anchor(for code: DiagnosticCode) -> String {
        var anchor = ""
        for scalar in heading(for: code).lowercased().unicodeScalars {
            let properties = scalar.properties
            if scalar == " " {
                anchor.append("-")
            } else if scalar == "-" || scalar == "_" || properties.isAlphabetic || properties.numericType != nil
                        || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark {
                anchor.unicodeScalars.append(scalar)
            }
        }
        return anchor
    }

    /// `docs/diagnostics.md#e0301-unknown-product`: the entry's place, a
    /// reference relative to tillval's repository root.
    public static func link(for code: DiagnosticCode) -> String {
        page + "#" + anchor(for: code)
    }

    /// The entry as Markdown, without its heading: explanation, example, fix.
    public static func markdown(for code: DiagnosticCode) -> String {
        markdownBlocks(for: code).dropFirst().joined(separator: "\n\n")
    }
}

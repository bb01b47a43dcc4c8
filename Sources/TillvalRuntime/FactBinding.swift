import TillvalPlan
import TillvalSyntax

/// Reads one request value as its declared fact type.
enum FactBinding {
    static func value(_ node: YAMLNode, fact: PlanFact, path: FactPath, sink: inout DiagnosticSink) -> FactValue? {
        switch fact.type {
        case .text:
            guard let scalar = node.scalar else { return wrong(node, path, "a text", sink: &sink) }
            guard isClean(scalar.text, "'\(path)'", at: node.range, sink: &sink) else { return nil }
            return .text(scalar.text)
        case .email:
            guard let scalar = node.scalar else { return wrong(node, path, "an email address", sink: &sink) }
            guard isClean(scalar.text, "'\(path)'", at: node.range, sink: &sink) else { return nil }
            guard isEmailAddress(scalar.text) else {
                sink.emit(.invalidEmailAddress, "'\(scalar.text.escapedForTerminal(limit: echoLimit))' is not an email address", at: node.range,
                          suggestion: Suggestion("an address has exactly one '@' with text on both sides and no white space"))
                return nil
            }
            return .text(scalar.text)
        case .bool:
            guard let scalar = node.scalar, scalar.style == .plain, scalar.text == "true" || scalar.text == "false" else {
                return wrong(node, path, "true or false", sink: &sink)
            }
            return .bool(scalar.text == "true")
        case .list:
            guard let items = node.items else { return wrong(node, path, "a list of texts", sink: &sink) }
            var texts: [String] = []
            for item in items {
                guard let scalar = item.scalar, !item.isNull else {
                    sink.emit(.requestWrongType, "the items of '\(path)' must be texts, found \(item.shapeName)", at: item.range)
                    return nil
                }
                guard isClean(scalar.text, "an item of '\(path)'", at: item.range, sink: &sink) else { return nil }
                texts.append(scalar.text)
            }
            return .list(texts)
        case .oneOf(let values):
            guard let scalar = node.scalar else { return wrong(node, path, "one of \(values.joined(separator: ", "))", sink: &sink) }
            guard isClean(scalar.text, "'\(path)'", at: node.range, sink: &sink) else { return nil }
            guard values.contains(scalar.text) else {
                sink.emit(.requestValueNotAllowed, "'\(scalar.text.escapedForTerminal(limit: echoLimit))' is not a value of '\(path)'", at: node.range,
                          suggestion: Spelling.closest(to: scalar.text, among: values).map(Suggestion.didYouMean)
                            ?? Suggestion("its values are \(values.joined(separator: ", "))"))
                return nil
            }
            return .text(scalar.text)
        }
    }

    /// How many characters of a rejected value a diagnostic shows, escaped.
    static let echoLimit = 80

    /// False, with a diagnostic, when `text` holds a control character (C0,
    /// DEL or C1; tabs and line breaks too): identifiers and names are one
    /// line of printable text (format decision: see docs/rules-format.md).
    static func isClean(_ text: String, _ what: String, at range: SourceRange, sink: inout DiagnosticSink) -> Bool {
        guard let bad = text.unicodeScalars.first(where: \.isControlCharacter) else { return true }
        let shown = "\\u{\(String(bad.value, radix: 16, uppercase: true))}"
        sink.emit(.controlCharacterInRequest, "\(what) holds the control character \(shown): '\(text.escapedForTerminal(limit: echoLimit))'",
                  at: range, suggestion: Suggestion("send it without control characters (no NUL, escape, tab or line break)"))
        return false
    }

    private static func wrong(_ node: YAMLNode, _ path: FactPath, _ expected: String, sink: inout DiagnosticSink) -> FactValue? {
        sink.emit(.requestWrongType, "'\(path)' must be \(expected), found \(node.shapeName)", at: node.range)
        return nil
    }

    /// Exactly one `@`, text on both sides, no white space (format decision 11).
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && !text.unicodeScalars.contains { $0.properties.isWhitespace }
    }
}

import Foundation
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

    /// False, with a diagnostic, when `text` is not one line of visible
    /// text: a control character (C0, DEL or C1; tabs and line breaks too),
    /// a hidden one (a format character such as a zero-width space, a byte
    /// order mark or a bidi override: Unicode category Cf; a line or
    /// paragraph separator: Zl, Zp), white space at either end, or only
    /// white space. Two values that print the same are then the same value
    /// (format decision: see docs/rules-format.md).
    static func isClean(_ text: String, _ what: String, at range: SourceRange, sink: inout DiagnosticSink) -> Bool {
        if let bad = text.unicodeScalars.first(where: \.isControlCharacter) {
            let shown = "\\u{\(String(bad.value, radix: 16, uppercase: true))}"
            sink.emit(.controlCharacterInRequest, "\(what) holds the control character \(shown): '\(text.escapedForTerminal(limit: echoLimit))'",
                      at: range, suggestion: Suggestion("send it without control characters (no NUL, escape, tab or line break)"))
            return false
        }
        if let bad = text.unicodeScalars.first(where: isHidden) {
            sink.emit(.controlCharacterInRequest, "\(what) holds the hidden character U+\(hex(bad)): '\(text.excerpt(limit: echoLimit))'",
                      at: range, suggestion: Suggestion("send it without invisible characters (zero-width spaces, byte order marks, direction marks, line separators)"))
            return false
        }
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
           first.properties.isWhitespace || last.properties.isWhitespace {
            let blank = text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
            sink.emit(.controlCharacterInRequest, blank ? "\(what) is only white space" : "\(what) starts or ends with white space: '\(text.excerpt(limit: echoLimit))'",
                      at: range, suggestion: Suggestion(blank ? "send a value with visible characters" : "send it without the white space around it"))
            return false
        }
        return true
    }

    /// `isClean`, and for an id (`customer.id`, `product`, `collaboration`)
    /// also no white space at all and the composed form (NFC): ids
    /// that look the same are the same id, byte for byte.
    static func isCleanID(_ text: String, _ what: String, at range: SourceRange, sink: inout DiagnosticSink) -> Bool {
        guard isClean(text, what, at: range, sink: &sink) else { return false }
        if let bad = text.unicodeScalars.first(where: \.properties.isWhitespace) {
            sink.emit(.controlCharacterInRequest, "\(what) holds the white space U+\(hex(bad)): '\(text.excerpt(limit: echoLimit))'",
                      at: range, suggestion: Suggestion("an id has no spaces: send it without them"))
            return false
        }
        guard text.unicodeScalars.allSatisfy(\.isASCII) || text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars) else {
            sink.emit(.controlCharacterInRequest, "\(what) is not in composed form (NFC): '\(text.excerpt(limit: echoLimit))'",
                      at: range, suggestion: Suggestion("write it in composed form: 'é' as one character, not 'e' and a combining accent"))
            return false
        }
        return true
    }

    /// A format character (Cf), a line separator (Zl) or a paragraph separator (Zp).
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
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

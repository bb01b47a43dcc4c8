import Foundation
import TillvalPlan
import TillvalSyntax

/// Reads one request value as its declared fact type.
enum FactBinding {
    static func value(_ node: YAMLNode, fact: PlanFact, path: FactPath, sink: inout DiagnosticSink) -> FactValue? {
        switch fact.type {
        case .text:
            guard let scalar = node.scalar else { return wrong(node, path, fact.type, sink: &sink) }
            guard isClean(scalar.text, "'\(path)'", at: node.range, sink: &sink) else { return nil }
            return .text(scalar.text)
        case .email:
            guard let scalar = node.scalar else { return wrong(node, path, fact.type, sink: &sink) }
            guard isClean(scalar.text, "'\(path)'", at: node.range, sink: &sink) else { return nil }
            guard isEmailAddress(scalar.text) else {
                sink.report(RequestBindingMessage.notAnEmailAddress(scalar.text), at: node.range)
                return nil
            }
            return .text(scalar.text)
        case .bool:
            guard let scalar = node.scalar, scalar.style == .plain, scalar.text == "true" || scalar.text == "false" else {
                return wrong(node, path, fact.type, sink: &sink)
            }
            return .bool(scalar.text == "true")
        case .list:
            guard let items = node.items else { return wrong(node, path, fact.type, sink: &sink) }
            var texts: [String] = []
            for item in items {
                guard let scalar = item.scalar, !item.isNull else {
                    sink.report(RequestBindingMessage.itemNotText(path, found: item.shapeName), at: item.range)
                    return nil
                }
                guard isClean(scalar.text, "an item of '\(path)'", at: item.range, sink: &sink) else { return nil }
                texts.append(scalar.text)
            }
            return .list(texts)
        case .oneOf(let values):
            guard let scalar = node.scalar else { return wrong(node, path, fact.type, sink: &sink) }
            guard isClean(scalar.text, "'\(path)'", at: node.range, sink: &sink) else { return nil }
            guard values.contains(scalar.text) else {
                sink.report(RequestBindingMessage.valueNotAllowed(scalar.text, path, values: values), at: node.range)
                return nil
            }
            return .text(scalar.text)
        }
    }

    /// False, with a diagnostic, when `text` is not one line of visible
    /// text: a control character (C0, DEL or C1; tabs and line breaks too),
    /// a hidden one (a format character such as a zero-width space, a byte
    /// order mark or a bidi override: Unicode category Cf; a line or
    /// paragraph separator: Zl, Zp), white space at either end, or only
    /// white space. Two values that print the same are then the same value
    /// (format decision: see docs/rules-format.md).
    static func isClean(_ text: String, _ what: @autoclosure () -> String, at range: SourceRange, sink: inout DiagnosticSink) -> Bool {
        // Most values are plainly clean: that is found without Unicode's tables.
        if isPlainlyClean(text) { return true }
        let what = what()
        if let bad = text.unicodeScalars.first(where: \.isControlCharacter) {
            sink.report(RequestBindingMessage.controlCharacter(what: what, bad, in: text), at: range)
            return false
        }
        if let bad = text.unicodeScalars.first(where: isHidden) {
            sink.report(RequestBindingMessage.hiddenCharacter(what: what, bad, in: text), at: range)
            return false
        }
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
           first.properties.isWhitespace || last.properties.isWhitespace {
            let blank = text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
            sink.report(blank ? RequestBindingMessage.onlyWhiteSpace(what: what) : .whiteSpaceAround(what: what, in: text), at: range)
            return false
        }
        return true
    }

    /// `isClean`, and for an id (`customer.id`, `product`, `collaboration`)
    /// also no white space at all and the composed form (NFC): ids
    /// that look the same are the same id, byte for byte.
    static func isCleanID(_ text: String, _ what: @autoclosure () -> String, at range: SourceRange, sink: inout DiagnosticSink) -> Bool {
        guard isClean(text, what(), at: range, sink: &sink) else { return false }
        // Printable ASCII without a space: no white space, and composed.
        if text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return true }
        if let bad = text.unicodeScalars.first(where: \.properties.isWhitespace) {
            sink.report(RequestBindingMessage.whiteSpaceInID(what: what(), bad, in: text), at: range)
            return false
        }
        guard text.unicodeScalars.allSatisfy(\.isASCII) || text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars) else {
            sink.report(RequestBindingMessage.notComposed(what: what(), in: text), at: range)
            return false
        }
        return true
    }

    /// True when `text` is certainly clean: no control character, every
    /// other character below U+0080 or not hidden (asked of Unicode's tables
    /// only for those), and neither end white space. False means "look
    /// closer", not "unclean".
    static func isPlainlyClean(_ text: String) -> Bool {
        var first: Unicode.Scalar?
        var last: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if first == nil { first = scalar }
            last = scalar
            if scalar.value < 0x80 {
                if scalar.value < 0x20 || scalar.value == 0x7F { return false }
            } else if scalar.isControlCharacter || isHidden(scalar) {
                return false
            }
        }
        guard let first, let last else { return true }
        return !isWhiteSpace(first) && !isWhiteSpace(last)
    }

    /// Unicode's white space, without its tables for ASCII.
    private static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    /// A format character (Cf), a line separator (Zl) or a paragraph separator (Zp).
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    private static func wrong(_ node: YAMLNode, _ path: FactPath, _ expected: PlanFactType, sink: inout DiagnosticSink) -> FactValue? {
        sink.report(RequestBindingMessage.wrongType(path, expected: expected, found: node.shapeName), at: node.range)
        return nil
    }

    /// Exactly one `@`, text on both sides, no white space (format decision 11).
    static func isEmailAddress(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let at = utf8.firstIndex(of: UInt8(ascii: "@")), at != utf8.startIndex,
              utf8.index(after: at) != utf8.endIndex, !utf8[utf8.index(after: at)...].contains(UInt8(ascii: "@")) else { return false }
        return !text.unicodeScalars.contains(where: isWhiteSpace)
    }
}

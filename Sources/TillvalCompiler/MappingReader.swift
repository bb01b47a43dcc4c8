import Foundation
import TillvalSyntax

/// Reads the keys of one YAML mapping against a known key set: unknown keys
/// get a did-you-mean, missing required keys are reported once, and each
/// accessor reports its own type errors, so decoding never stops early.
struct MappingReader {
    private let pairs: KeyedPairs

    /// The fix-it for entries indented like the key above them: two more
    /// spaces before each, when each is on one line (a value on lines of its
    /// own would need indenting too, which is left to a person).
    static func indent(_ pairs: [YAMLPair]) -> [SourceEdit] {
        guard pairs.allSatisfy({ $0.value.range.start.line == $0.keyRange.start.line && $0.value.range.end.line == $0.keyRange.start.line })
        else { return [] }
        return pairs.map { SourceEdit(range: SourceRange(at: $0.keyRange.start), replacement: "  ") }
    }

    /// Nil (with a diagnostic) when `node` is not a mapping.
    /// `nested` names keys whose value is a mapping, with a test of what may be
    /// a key of it: an unknown key right after such a key left empty is that
    /// key's entry, indented too little (`customer.relation:` at column 1
    /// under `when:`). It is reported once and read where it was meant.
    /// `context` is made only when a message needs it.
    init?(_ node: YAMLNode, context: @autoclosure () -> String, allowed: [String], required: [String],
          nested: [String: @Sendable (String) -> Bool] = [:], sink: inout DiagnosticSink) {
        guard let list = node.pairs else {
            // `template approve-collaboration` or `who:customer`: a known key and
            // its value, without the ':' or without the space after it.
            var suggestion: Suggestion?
            if let text = node.scalar?.text, let space = text.firstIndex(where: { $0 == " " || $0 == ":" }),
               allowed.contains(String(text[..<space])) {
                let value = text[text.index(after: space)...].drop { $0 == " " }
                if !value.isEmpty {
                    let written = "\(text[..<space]): \(value)"
                    suggestion = Suggestion(ReadMessage.Help.write(written), replacing: node.range.onOneLine, with: written)
                }
            }
            sink.emit(ReadMessage.notAMapping(context: context(), found: node.shapeName), at: node.range, suggestion: suggestion)
            return nil
        }
        var byKey = KeyedPairs(list)
        var misspelt: [(meant: String, index: Int)] = []
        var adopted: (parent: YAMLPair, pairs: [YAMLPair])?
        func adopt() {
            guard let (parent, pairs) = adopted, let last = pairs.last else { return }
            sink.emit(ReadMessage.indentedTooLittle(keys: pairs.map(\.key), parent: parent.key),
                      at: pairs[0].keyRange, notes: [DiagnosticNote(ReadMessage.Note.parentKeyIsHere(parent.key), at: parent.keyRange)],
                      suggestion: Suggestion(ReadMessage.Help.indentFurther(keys: pairs.map(\.key), than: parent.key), edits: Self.indent(pairs)))
            let value = YAMLNode(.mapping(pairs), range: SourceRange(start: pairs[0].keyRange.start, end: last.value.range.end))
            byKey.keep(parent.key, made: YAMLPair(key: parent.key, keyRange: parent.keyRange, value: value))
            adopted = nil
        }
        for index in list.indices {
            let known = KeyedPairs.contains(allowed, list[index].key)
            if !known, !nested.isEmpty, let parent = adopted?.parent ?? (index > 0 ? list[index - 1] : nil),
               parent.value.isNull, nested[parent.key]?(list[index].key) ?? false {
                adopted = (parent, (adopted?.pairs ?? []) + [list[index]])
                continue
            }
            if adopted != nil { adopt() }
            guard known else {
                let pair = list[index]
                let closest = Spelling.closest(to: pair.key, among: allowed)
                let suggestion = closest.map { Suggestion.didYouMean($0, replacing: pair.keyRange) }
                    ?? Suggestion(ReadMessage.Help.knownKeys(allowed))
                sink.emit(ReadMessage.unknownKey(pair.key, context: context()), at: pair.keyRange, suggestion: suggestion)
                if let closest { misspelt.append((closest, index)) }
                continue
            }
            byKey.keepNew(list[index].key, at: index)
        }
        adopt()
        // A misspelt key stands for the key it is close to, when that key is not there:
        // `efects:` is reported once (E0103), not also as a missing 'effects' and
        // everything that follows from having no effects.
        for (meant, index) in misspelt where byKey.index(of: meant) == nil {
            byKey.keep(meant, at: index)
        }
        pairs = byKey
        // A required key that is there with no value (`when:`, `when: ~`) is
        // said to be empty, at the key; one that is not there (or stands only
        // as a misspelling left empty) is missing, at the mapping.
        for key in required where byKey.value(key).map({ $0.isNull }) ?? true {
            if let pair = byKey[key], pair.key == key {
                sink.emit(ReadMessage.emptyKey(key, context: context()), at: pair.keyRange,
                          suggestion: Suggestion(ReadMessage.Help.giveValue(key)))
            } else {
                let at = byKey[key]?.keyRange ?? SourceRange(at: node.range.start)
                sink.emit(ReadMessage.missingKey(key, context: context()), at: at,
                          suggestion: Suggestion(ReadMessage.Help.addKey(key)))
            }
        }
    }

    /// The value of `key`, or nil when absent or null (`~`, `null`, empty).
    func value(_ key: String) -> YAMLNode? {
        guard let value = pairs.value(key), !value.isNull else { return nil }
        return value
    }

    func keyRange(_ key: String) -> SourceRange? { pairs[key]?.keyRange }

    func text(_ key: String, sink: inout DiagnosticSink) -> SourceText? {
        value(key).flatMap { ValueReader.text($0, what: "'\(key.excerpt)'", sink: &sink) }
    }

    /// A word of one of the vocabulary's enums, or an error naming the words
    /// allowed, with the closest as a suggestion.
    func word<Word: RawRepresentable & CaseIterable>(_ key: String, _: Word.Type, sink: inout DiagnosticSink) -> Located<Word>? where Word.RawValue == String {
        guard let text = text(key, sink: &sink) else { return nil }
        guard let word = Word(rawValue: text.text) else {
            let allowed = Word.allCases.map(\.rawValue)
            sink.emit(DecodeMessage.invalidWord(key: key, allowed: allowed, found: text.text), at: text.range,
                      suggestion: Spelling.closest(to: text.text, among: allowed).map { Suggestion.didYouMean($0, replacing: text.range) })
            return nil
        }
        return Located(word, at: text.range)
    }

    func identifier(_ key: String, sink: inout DiagnosticSink) -> Located<String>? {
        value(key).flatMap { ValueReader.identifier($0, what: "'\(key.excerpt)'", sink: &sink) }
    }

    func identifiers(_ key: String, sink: inout DiagnosticSink) -> [Located<String>] {
        guard let node = value(key) else { return [] }
        return ValueReader.identifiers(node, what: "'\(key.excerpt)'", sink: &sink)
    }

    func bool(_ key: String, sink: inout DiagnosticSink) -> Bool? {
        value(key).flatMap { ValueReader.bool($0, what: "'\(key.excerpt)'", sink: &sink) }
    }

    func list(_ key: String, sink: inout DiagnosticSink) -> [YAMLNode]? {
        value(key).flatMap { ValueReader.list($0, what: "'\(key.excerpt)'", sink: &sink) }
    }
}

/// Typed reads of single YAML values: each key decides how its scalar is read.
enum ValueReader {
    static func text(_ node: YAMLNode, what: @autoclosure () -> String, sink: inout DiagnosticSink) -> SourceText? {
        guard let scalar = node.scalar else {
            sink.emit(ReadMessage.notAText(what: what(), found: node.shapeName), at: node.range)
            return nil
        }
        return SourceText(text: scalar.text, range: node.range, style: scalar.style, source: scalar.source)
    }

    /// A malformed identifier is reported (E0106) and still returned.
    static func identifier(_ node: YAMLNode, what: @autoclosure () -> String, sink: inout DiagnosticSink) -> Located<String>? {
        guard let text = text(node, what: what(), sink: &sink) else { return nil }
        guard Identifier.isValid(text.text) else {
            let fixed = Identifier.suggestion(for: text.text)
            sink.emit(ReadMessage.notAnIdentifier(what: what(), value: text.text),
                      at: node.range, suggestion: fixed.map { Suggestion(ReadMessage.Help.write($0), replacing: node.range.onOneLine, with: $0) })
            // Kept after the report as the fix suggests (or as written, when there is none), so that
            // declarations and references that agree on the name, or on its fix, still meet, and a
            // reference is not also reported as unknown.
            return Located(fixed ?? text.text, at: node.range)
        }
        return Located(text.text, at: node.range)
    }

    static func identifiers(_ node: YAMLNode, what: @autoclosure () -> String, sink: inout DiagnosticSink) -> [Located<String>] {
        if node.scalar != nil, !node.isNull {
            // `products: lon-anstalld, min-lon` is reported once, with the list to write; the ids it
            // plainly names are still read, so they are not also reported as unused.
            let parts = separated(node)
            let list = "[\(parts.compactMap { $0.scalar?.text }.joined(separator: ", "))]"
            // The message echoes at most an excerpt; the fix-it's edit keeps the whole list.
            sink.emit(ReadMessage.notAList(what: what(), found: node.shapeName), at: node.range,
                      suggestion: Suggestion(ReadMessage.Help.writeAsList(list), replacing: node.range.onOneLine, with: list))
            return parts.compactMap { identifier($0, what: "an item of \(what())", sink: &sink) }
        }
        guard let items = list(node, what: what(), sink: &sink) else { return [] }
        return items.compactMap { identifier($0, what: "an item of \(what())", sink: &sink) }
    }

    /// The words of a scalar written where a list of ids was expected, split at
    /// commas and white space (an id has neither), each with its place.
    private static func separated(_ node: YAMLNode) -> [YAMLNode] {
        guard let scalar = node.scalar else { return [] }
        // Mapped once for all words: mapping per word is quadratic in a long scalar.
        let locator = ScalarLocator(text: scalar.text, source: scalar.source, style: scalar.style, whole: node.range)
        var parts: [YAMLNode] = []
        var word = String.UnicodeScalarView()
        var start = 0
        let scalars = Array(scalar.text.unicodeScalars) + [" "]
        for (offset, character) in scalars.enumerated() {
            if character == "," || character.properties.isWhitespace {
                if !word.isEmpty {
                    parts.append(YAMLNode(.scalar(YAMLScalar(String(word), style: .plain)),
                                          range: locator.range(ofScalars: start, length: offset - start)))
                }
                word = String.UnicodeScalarView()
                start = offset + 1
            } else {
                word.append(character)
            }
        }
        return parts
    }

    static func bool(_ node: YAMLNode, what: @autoclosure () -> String, sink: inout DiagnosticSink) -> Bool? {
        guard let scalar = node.scalar else {
            sink.emit(ReadMessage.notTrueOrFalse(what: what(), found: node.shapeName), at: node.range)
            return nil
        }
        if scalar.style == .plain, scalar.text == "true" { return true }
        if scalar.style == .plain, scalar.text == "false" { return false }
        sink.emit(ReadMessage.notTrueOrFalseValue(what: what(), value: scalar.text), at: node.range,
                  suggestion: Suggestion(ReadMessage.Help.writeTrueOrFalse))
        return nil
    }

    static func list(_ node: YAMLNode, what: @autoclosure () -> String, sink: inout DiagnosticSink) -> [YAMLNode]? {
        guard let items = node.items else {
            sink.emit(ReadMessage.notAList(what: what(), found: node.shapeName), at: node.range,
                      suggestion: node.scalar != nil ? Suggestion(ReadMessage.Help.writeAsListOf(node.scalar?.text ?? "")) : nil)
            return nil
        }
        return items
    }
}

/// The identifier rule of the format: `[a-z][a-z0-9-]*`, at most
/// `maxLength` characters (issue 7: an id is echoed in messages and hints).
enum Identifier {
    static let maxLength = 128

    static func isValid(_ text: String) -> Bool {
        guard text.utf8.count <= maxLength else { return false }
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// What the identifier rule asks of `text`, for an E0106 message.
    static func rule(_ text: String) -> String {
        text.count > maxLength
            ? "an identifier is at most \(maxLength) characters, this one has \(text.count)"
            : "use lower-case letters, digits and '-', starting with a letter"
    }

    /// A lower-case, kebab-case spelling of `text`, when one exists; letters
    /// outside ASCII are transliterated (`lön-anställd` → `lon-anstalld`).
    static func suggestion(for text: String) -> String? {
        var result = ""
        for scalar in transliterated(text).unicodeScalars {
            if ("A"..."Z").contains(scalar) {
                if !result.isEmpty, result.last != "-" { result.append("-") }
                result.append(Character(scalar).lowercased())
            } else if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                result.append(Character(scalar))
            } else if scalar == "_" || scalar == " " || scalar == "-" || scalar == "." {
                if !result.isEmpty, result.last != "-" { result.append("-") }
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return isValid(result) && result != text ? result : nil
    }

    /// Letters that do not decompose into an ASCII letter and marks.
    private static let letters: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe", "đ": "d", "Đ": "D",
        "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ı": "i",
    ]

    /// `text` with each non-ASCII letter replaced by its ASCII base letter:
    /// the canonical decomposition with its combining marks dropped (å, ä →
    /// a; ö → o; é → e), or a fixed spelling (ß → ss, æ → ae, ø → o).
    /// Anything else outside ASCII is left for `suggestion` to drop.
    static func transliterated(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else if let spelled = letters[scalar] {
                result += spelled
            } else {
                let base = String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars.filter(\.isASCII)
                result.unicodeScalars.append(contentsOf: base.isEmpty ? [scalar] : Array(base))
            }
        }
        return result
    }
}

/// The pairs a `MappingReader` kept, by key (a misspelt key's pair is kept
/// under the key it stands for): at most one per allowed key, so a handful,
/// looked up by a walk (cheaper than hashing for so few). Each entry is an
/// index into the mapping's own pairs, shared, not copied; the pairs made
/// for keys indented too little follow them.
private struct KeyedPairs {
    private var storage: [YAMLPair]
    private var entries: [(key: String, index: Int)] = []

    init(_ pairs: [YAMLPair]) {
        storage = pairs
        entries.reserveCapacity(pairs.count)
    }

    subscript(key: String) -> YAMLPair? {
        index(of: key).map { storage[$0] }
    }

    /// The value kept under `key`.
    func value(_ key: String) -> YAMLNode? {
        index(of: key).map { storage[$0].value }
    }

    /// Keeps `storage[index]` under `key`, which nothing is kept under yet
    /// (the keys of one mapping are distinct).
    mutating func keepNew(_ key: String, at index: Int) {
        entries.append((key, index))
    }

    /// Keeps `storage[index]` under `key`.
    mutating func keep(_ key: String, at index: Int) {
        if let existing = entries.firstIndex(where: { KeyedPairs.same($0.key, key) }) {
            entries[existing].index = index
        } else {
            entries.append((key, index))
        }
    }

    /// Keeps `pair`, made by the reader, under `key`.
    mutating func keep(_ key: String, made pair: YAMLPair) {
        storage.append(pair)
        keep(key, at: storage.count - 1)
    }

    func index(of key: String) -> Int? {
        for entry in entries where KeyedPairs.same(entry.key, key) { return entry.index }
        return nil
    }

    /// `a == b`, told apart by length first: most keys compared differ, and
    /// most differ in length, which costs no character comparison.
    static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b
    }

    /// Whether `keys` holds `key`.
    static func contains(_ keys: [String], _ key: String) -> Bool {
        for candidate in keys where same(candidate, key) { return true }
        return false
    }
}

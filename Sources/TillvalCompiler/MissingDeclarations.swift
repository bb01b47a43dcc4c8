import Foundation
import TillvalSyntax

/// The kinds of declaration the rule set may lack because part of it could
/// not be read: a file that failed to load, a document whose `kind` is
/// unknown, a declaration dropped for want of an `id`. A reference to such a
/// kind that does not resolve is not reported as unknown (the declaration may
/// be in the broken part), and the checks over the whole set (coverage,
/// unused declarations and facts) stay silent. Only the first error, at the
/// broken spot, is reported.
struct MissingDeclarations: Sendable {
    private(set) var kinds: Set<DeclarationKind> = []

    var isEmpty: Bool { kinds.isEmpty }

    func mayLack(_ kind: DeclarationKind) -> Bool { kinds.contains(kind) }

    mutating func insert(_ kind: DeclarationKind) { kinds.insert(kind) }

    mutating func insertAll() { kinds = Set(DeclarationKind.allCases) }

    mutating func formUnion(_ other: MissingDeclarations) { kinds.formUnion(other.kinds) }

    /// What the unread part of a file may declare, read from its text: the
    /// kinds named by the top-level `kind:` lines from `line` on. When a
    /// `kind:` line names no known kind, or there is none (a flow-style
    /// document, a misspelt key), it may declare anything.
    mutating func insert(unreadableFrom file: SourceFile, line: Int) {
        var found: Set<DeclarationKind> = []
        for word in DeclarationKind.words(ofKindLinesIn: String(decoding: file.bytes, as: UTF8.self), from: line) {
            guard let kind = DeclarationKind(rawValue: word) else {
                insertAll()
                return
            }
            found.insert(kind)
        }
        if found.isEmpty { insertAll() } else { kinds.formUnion(found) }
    }
}

extension DeclarationKind {
    /// The words of the top-level `kind:` lines of a rule file's text (quotes
    /// and a trailing comment removed), from line `line` on; found without
    /// parsing, so it also works on a file that is not valid YAML.
    static func words(ofKindLinesIn text: String, from line: Int = 1) -> [String] {
        var words: [String] = []
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            guard number >= line, rawLine.hasPrefix("kind:") else { continue }
            var word = rawLine.dropFirst("kind:".count)
            if let comment = word.range(of: " #") { word = word[..<comment.lowerBound] }
            words.append(word.trimmingCharacters(in: [" ", "\t", "\r", "\"", "'"]))
        }
        return words
    }
}

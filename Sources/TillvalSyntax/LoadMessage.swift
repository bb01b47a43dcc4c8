/// The messages of the loading stage: reading a file's bytes as YAML
/// (`YAMLLoader`, `YAMLLoader+Separator.swift`) and putting libyaml's syntax
/// errors in plain words (`YAMLSyntaxError`). Each case makes its code and
/// its text; call sites name a case with typed arguments.
///
/// Keys, anchors and tags are echoed as written, as they always were.
public enum LoadMessage: DiagnosticMessage {
    case nestingTooDeep(maximum: Int)
    case complexKey
    case keyNotAScalar(found: String)
    case parserNotStarted
    /// libyaml's reader refused the bytes: `problem` is its own words.
    case notText(problem: String)
    case notUTF8(problem: String)
    case tagDirective
    case tag(String)
    case anchor(String)
    case alias(String)
    case mergeKey
    case scalarTooLong(length: Int, maximum: Int)
    case duplicateKey(String)
    /// A top-level key repeats the document's first key (or `kind`): a `---` is missing above it.
    case missingSeparator(key: String)
    case yamlSyntax(YAMLSyntaxProblem)

    public var code: DiagnosticCode {
        switch self {
        case .nestingTooDeep: return .nestingTooDeep
        case .complexKey, .keyNotAScalar: return .complexKey
        case .parserNotStarted: return .unreadableInput
        case .notText, .notUTF8: return .invalidEncoding
        case .tagDirective, .tag: return .tag
        case .anchor, .alias: return .anchorOrAlias
        case .mergeKey: return .mergeKey
        case .scalarTooLong: return .scalarTooLong
        case .duplicateKey, .missingSeparator: return .duplicateKey
        case .yamlSyntax: return .yamlSyntax
        }
    }

    public var text: String {
        switch self {
        case .nestingTooDeep(let maximum): return "nesting deeper than \(maximum) levels"
        case .complexKey: return "complex keys ('?') are not allowed"
        case .keyNotAScalar(let found): return "keys must be plain scalars, not \(found)"
        case .parserNotStarted: return "libyaml could not start (out of memory)"
        case .notText(let problem): return "the file contains bytes that are not text (\(problem))"
        case .notUTF8(let problem): return "the file is not valid UTF-8 (\(problem))"
        case .tagDirective: return "%TAG directives are not allowed"
        case .tag(let tag): return "tags ('\(tag.excerpt)') are not allowed"
        case .anchor(let name): return "anchors ('&\(name.excerpt)') are not allowed"
        case .alias(let name): return "aliases ('*\(name.excerpt)') are not allowed"
        case .mergeKey: return "merge keys ('<<') are not allowed"
        case .scalarTooLong(let length, let maximum): return "this value is \(length) bytes long; values are limited to \(maximum) bytes"
        case .duplicateKey(let key): return "duplicate key '\(key.excerpt)'"
        case .missingSeparator(let key):
            return "'\(key.excerpt)' repeats at the top level: a new document probably starts here, and needs a '---' line above it"
        case .yamlSyntax(let problem): return "invalid YAML: \(problem.text)"
        }
    }
}

extension LoadMessage {
    /// The help lines of the loading stage.
    public enum Help: HelpMessage, Hashable {
        case flatten
        case plainKey
        case textKey
        case saveAsUTF8
        case removeTagDirective
        case removeTag
        case removeAnchor
        case writeOutValue
        case writeOutMergedKeys
        case shortenValue
        case removeOneEntry
        case insertSeparator
        // For YAML syntax errors (`YAMLSyntaxProblem`).
        case writeKeyValue
        case spacesOnly
        case noTabs
        case quoteValueStartingWith(Unicode.Scalar?)
        case listItems
        case quoteTagLikeValue
        case closeQuote
        case closeFlow(open: String, close: String)
        case escapeBackslash
        case listOnNextLine
        case blockOnNextLine
        case quoteValue
        case writeValue
        case quoteValueOf(key: String)
        case sameIndentationOrQuote
        case indentLike(key: String, like: String, spaces: Int)
        case indentLikeOrQuote(key: String, above: String)
        case addSpace(key: String, shownValue: String)
        case quoteWholeValue
        case indentListUnderKey
        case indentLikeEither(above: String, aboveSpaces: Int, outer: String, outerSpaces: Int)
        case sameIndentation
        case shorterKey

        public var text: String {
            switch self {
            case .flatten: return "rule files never need more than a few levels; flatten this value"
            case .plainKey: return "write the key as a plain 'key: value' entry"
            case .textKey: return "use a text key"
            case .saveAsUTF8: return "save the file as UTF-8 text"
            case .removeTagDirective: return "remove the %TAG directive"
            case .removeTag: return "remove the tag; every key already knows its type"
            case .removeAnchor: return "remove the anchor and repeat the value where it is needed"
            case .writeOutValue: return "write the value out in full"
            case .writeOutMergedKeys: return "write the merged keys out in full"
            case .shortenValue: return "shorten the value, or raise the limit with --max-scalar-size"
            case .removeOneEntry: return "remove one of the two entries"
            case .insertSeparator: return "insert a line '---' above this one"
            case .writeKeyValue:
                return "write it as 'key: value'; if it continues the value of the line above, indent it further than that line's key"
            case .spacesOnly: return "indent with spaces only; replace the tab with spaces"
            case .noTabs: return "YAML indentation must use spaces, not tabs"
            case .quoteValueStartingWith(let character): return "put the value in quotes, such as \"\(character.map(String.init) ?? "")…\""
            case .listItems:
                return "start every item of a list with '- ' at the same indentation, and indent an item's further keys under its first key"
            case .quoteTagLikeValue: return "put the value in quotes, such as \"!…\""
            case .closeQuote: return "close the quote; inside '…' write '' for a single quote, inside \"…\" write \\\" for a double quote"
            case .closeFlow(let open, let close): return "separate entries with ', ' and close the '\(open)' with '\(close)'"
            case .escapeBackslash: return "write '\\\\' for a backslash, or use single quotes, where '\\' is an ordinary character"
            case .listOnNextLine: return "start the list on the next line, indented under the key: 'key:' then '  - item'"
            case .blockOnNextLine: return "start the text of the block on the next line, indented"
            case .quoteValue: return "put the value in quotes"
            case .writeValue: return "write the value, or put a text that starts with a special character in quotes"
            case .quoteValueOf(let key): return "put the value in quotes: \(key.excerpt): \"…\""
            case .sameIndentationOrQuote: return "give keys of one mapping the same indentation; if a value contains ': ', put it in quotes"
            case .indentLike(let key, let like, let spaces): return "indent '\(key.excerpt)' like '\(like.excerpt)' (\(spaces) spaces)"
            case .indentLikeOrQuote(let key, let above):
                return "indent '\(key.excerpt)' like '\(above.excerpt)'; or, if the line continues the value of '\(above.excerpt)' and holds ': ', put that value in quotes"
            case .addSpace(let key, let value): return "write '\(key.excerpt): \(value.excerpt)'"
            case .quoteWholeValue: return "put the whole value in quotes, or remove what follows the closing quote"
            case .indentListUnderKey: return "indent the list under its key, further than the key itself"
            case .indentLikeEither(let above, let aboveSpaces, let outer, let outerSpaces):
                return "indent it like '\(above.excerpt)' (\(aboveSpaces) spaces) or like '\(outer.excerpt)' (\(outerSpaces) spaces)"
            case .sameIndentation: return "give all keys of one mapping the same indentation, with spaces"
            case .shorterKey: return "use a shorter key: no name in a rule file or a request comes near that length"
            }
        }
    }

    /// The notes of the loading stage.
    public enum Note: NoteMessage, Hashable {
        case firstUsedHere
        case keyFirstUsedHere(String)
        /// libyaml's own words for a syntax error.
        case libyamlSays(String)
        case listStartsHere
        case mappingStartsHere
        case opensHere(open: String)
        case readsOnInside(open: String)
        case readAsValueOf(key: String, above: String)
        case nextKeyCannotStart

        public var text: String {
            switch self {
            case .firstUsedHere: return "first used here"
            case .keyFirstUsedHere(let key): return "'\(key.excerpt)' is first used here"
            case .libyamlSays(let original): return "libyaml says: \(original)"
            case .listStartsHere: return "the list starts here"
            case .mappingStartsHere: return "the mapping starts here"
            case .opensHere(let open): return "'\(open)' opens here"
            case .readsOnInside(let open): return "YAML reads on to here, still inside the '\(open)'"
            case .readAsValueOf(let key, let above): return "'\(key.excerpt)' is indented more than '\(above.excerpt)', so YAML reads it as more of the value of '\(above.excerpt)'"
            case .nextKeyCannotStart: return "the next key cannot start after that text"
            }
        }
    }
}

/// What is wrong in a file libyaml cannot parse, in plain words
/// (`YAMLSyntaxError` finds it); E0004's message is "invalid YAML: " and
/// this text. Line numbers are 1-based; `shownLine` is a line's text cut to
/// 40 characters, `shownValue` a value's to 30, as the file has them.
public enum YAMLSyntaxProblem: Sendable, Hashable {
    /// Where a line stands, named by its key, or by its number when it has none.
    public enum Line: Sendable, Hashable {
        case key(String)
        case number(Int)

        var text: String {
            switch self {
            case .key(let name): return "'\(name)'"
            case .number(let number): return "line \(number)"
            }
        }
    }

    case noColon(line: Int, shownLine: String)
    case tabIndentation
    case plainValueStart(Unicode.Scalar?)
    case notAListItem(line: Int, listStartLine: Int?)
    case tagStart
    case unclosedQuote(line: Int)
    /// `opensAtLine` is the line of the bracket when libyaml says it.
    case unclosedFlow(open: String, close: String, opensAtLine: Int?)
    /// The same, reported at the opening bracket itself, on an earlier line.
    case unclosedFlowHere(open: String, close: String)
    case badHexEscape
    case unknownEscape(Unicode.Scalar?)
    case listItemOnKeyLine
    case blockScalarHeader
    case anchorStart
    case missingValue
    /// libyaml's own words, for a problem without a plainer explanation.
    case other(String)
    case colonWithoutKey
    case colonInValue(key: String)
    case keyCannotStart(key: String?)
    case outdentedKey(key: String, sibling: String, below: String)
    case overIndentedKey(key: String, above: String, aboveLine: Int)
    case missingSpace(key: String, shownValue: String, line: Int)
    case notAKeyInMapping(mappingStartLine: Int?)
    case textAfterValue
    case listItemInMapping(mappingStartLine: Int?)
    case betweenLevels(Line, above: String, aboveLine: Int, outer: String, outerLine: Int)
    case indentedDifferently(Line, mappingStartLine: Int?)
    case longKey(length: Int)

    public var text: String {
        func starting(_ line: Int?, _ verb: String) -> String { line.map { " that \(verb) at line \($0)" } ?? "" }
        switch self {
        case .noColon(let line, let shown):
            return "line \(line) ('\(shown)') has no ':', but it stands among the keys of a mapping"
        case .tabIndentation:
            return "a tab where YAML expects indentation"
        case .plainValueStart(let character):
            return "a plain value cannot start with \(character.map { "'\($0)'" } ?? "this character")"
        case .notAListItem(let line, let start):
            return "line \(line) is inside the list\(starting(start, "starts")) but is not an item of it; it is probably indented wrongly"
        case .tagStart:
            return "a '!' at the start of a value begins a YAML tag, which rule files do not use"
        case .unclosedQuote(let line):
            return "the quote that opens at line \(line) is never closed"
        case .unclosedFlow(let open, let close, let line):
            return "the '\(open)'\(starting(line, "opens")) is not closed with '\(close)', or two of its entries lack a ',' between them"
        case .unclosedFlowHere(let open, let close):
            return "this '\(open)' is not closed with '\(close)', or two of its entries lack a ',' between them"
        case .badHexEscape:
            return "a '\\x', '\\u' or '\\U' in a double-quoted text starts an escape, so hexadecimal digits must follow it"
        case .unknownEscape(let character):
            return "\(character.map { "'\\\($0)'" } ?? "this '\\'") is not an escape in a double-quoted text"
        case .listItemOnKeyLine:
            return "a list item ('- ') cannot start on the same line as its key"
        case .blockScalarHeader:
            return "only '-', '+' or an indentation digit may follow '|' or '>' on its line"
        case .anchorStart:
            return "'&' or '*' at the start of a value begins an anchor or alias, which rule files do not use"
        case .missingValue:
            return "a value is missing here"
        case .other(let problem):
            return problem.isEmpty ? "the file cannot be read as YAML" : problem
        case .colonWithoutKey:
            return "a ':' where no key can start"
        case .colonInValue(let key):
            return "the value of '\(key)' contains ': ', which YAML reads as a second key on the same line"
        case .keyCannotStart(let key):
            return "'\(key ?? "this key")' cannot start a key here: a key above it is probably indented wrongly, or a value contains ': '"
        case .outdentedKey(let key, let sibling, let below):
            return "'\(key)' is indented less than '\(sibling)' on the line before it, so '\(below)' below it cannot start a key"
        case .overIndentedKey(let key, let above, let line):
            return "'\(key)' is indented more than '\(above)' on line \(line), which already has a value"
        case .missingSpace(let key, let value, let line):
            return "a space is missing after ':' in '\(key):\(value)', so YAML reads line \(line) as one text, not as the key '\(key)'"
        case .notAKeyInMapping(let start):
            return "something other than a key inside the mapping\(starting(start, "starts"))"
        case .textAfterValue:
            return "more text after a complete value; a quoted value must end at its closing quote"
        case .listItemInMapping(let start):
            return "a list item ('- ') where the mapping\(starting(start, "starts")) expects a key; the list is probably indented too little, or its key is missing"
        case .betweenLevels(let line, let above, let aboveLine, let outer, let outerLine):
            return "\(line.text) is indented less than '\(above)' on line \(aboveLine) but more than '\(outer)' on line \(outerLine), so it belongs to neither mapping"
        case .indentedDifferently(let line, let start):
            return "\(line.text) is indented differently from the other keys of the mapping\(starting(start, "starts"))"
        case .longKey(let length):
            return "a key of \(length) characters; YAML reads keys of at most 1024 characters"
        }
    }
}

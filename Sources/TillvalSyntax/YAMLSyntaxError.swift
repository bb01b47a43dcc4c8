/// libyaml's parser and scanner problems in plain words: what is wrong, the
/// likely cause, where to fix it and a help line. libyaml's own text stays
/// in a note for people who know it. Pure: it reads only the file's lines.
struct YAMLSyntaxError {
    let problem: String
    let context: String?
    let problemAt: SourceLocation
    let contextAt: SourceLocation?
    let file: SourceFile

    func diagnostic() -> Diagnostic {
        var original = problem.isEmpty ? "invalid YAML" : problem
        if let context { original = "\(context): \(original)" }
        let (problem, range, notes, help) = explain()
        // libyaml's context position, unless a note already shows it.
        let contextRange = context == nil ? nil : contextAt.map { SourceRange(at: $0) }
        let libyaml = DiagnosticNote(LoadMessage.Note.libyamlSays(original), at: notes.contains { $0.range == contextRange } || range == contextRange ? nil : contextRange)
        return Diagnostic(LoadMessage.yamlSyntax(problem), at: range, notes: notes + [libyaml], suggestion: help.map { Suggestion($0) })
    }

    private typealias Explanation = (problem: YAMLSyntaxProblem, range: SourceRange, notes: [DiagnosticNote], help: LoadMessage.Help?)

    private func explain() -> Explanation {
        let here = SourceRange(at: problemAt)
        if let long = longKey() { return long }
        switch problem {
        case "mapping values are not allowed in this context":
            return mappingValueNotAllowed()
        case "did not find expected key":
            return unexpectedInMapping()
        case "could not find expected ':'":
            let at = contextAt ?? problemAt
            let text = line(at.line).map { $0.trimmingSpaces } ?? ""
            return (.noColon(line: at.line, shownLine: text.prefixed(40)),
                    keyRange(at.line) ?? SourceRange(at: at), [],
                    .writeKeyValue)
        case "found character that cannot start any token", "found a tab character that violates indentation",
             "found a tab character where an indentation space is expected":
            let character = self.character(at: problemAt)
            if character == "\t" || problem.contains("tab") {
                return (.tabIndentation, here, [], .spacesOnly)
            }
            return (.plainValueStart(character), here, [], .quoteValueStartingWith(character))
        case "did not find expected '-' indicator":
            return (.notAListItem(line: problemAt.line, listStartLine: contextAt?.line),
                    keyRange(problemAt.line) ?? here, contextNote(.listStartsHere), .listItems)
        case "found undefined tag handle", "did not find expected tag URI", "did not find URI escaped octet":
            return (.tagStart, SourceRange(at: contextAt ?? problemAt), [], .quoteTagLikeValue)
        case "found unexpected end of stream" where context == "while scanning a quoted scalar":
            let at = contextAt ?? problemAt
            return (.unclosedQuote(line: at.line), SourceRange(at: at), [], .closeQuote)
        case "did not find expected ',' or ']'", "did not find expected ',' or '}'":
            let (open, close) = problem.hasSuffix("']'") ? ("[", "]") : ("{", "}")
            let help = LoadMessage.Help.closeFlow(open: open, close: close)
            // On a later line than its '[': the line to fix is the one that opens it.
            if let contextAt, contextAt.line < problemAt.line {
                return (.unclosedFlowHere(open: open, close: close), SourceRange(at: contextAt),
                        [DiagnosticNote(LoadMessage.Note.readsOnInside(open: open), at: here)], help)
            }
            return (.unclosedFlow(open: open, close: close, opensAtLine: contextAt?.line), here, contextNote(.opensHere(open: open)), help)
        case "did not find expected hexdecimal number":
            return (.badHexEscape, here, [], .escapeBackslash)
        case "found unknown escape character":
            var next = problemAt
            if character(at: next) == "\\" { next.column += 1 }
            return (.unknownEscape(character(at: next)), here, [], .escapeBackslash)
        case "block sequence entries are not allowed in this context":
            return (.listItemOnKeyLine, here, [], .listOnNextLine)
        case "did not find expected comment or line break", "found a comment without whitespace":
            return (.blockScalarHeader, here, [], .blockOnNextLine)
        case "did not find expected alphabetic or numeric character":
            return (.anchorStart, SourceRange(at: contextAt ?? problemAt), [], .quoteValue)
        case "did not find expected node content":
            return (.missingValue, here, [], .writeValue)
        default:
            let tab = line(problemAt.line)?.contains("\t") == true
            return (.other(problem), here, [], tab ? .noTabs : nil)
        }
    }

    /// libyaml points at the ':' after a key. Either the line's value holds
    /// ': ' (a second key on one line), or the key is indented more than a
    /// line above that already has a value, because one of the two lines is
    /// indented wrongly.
    private func mappingValueNotAllowed() -> Explanation {
        let number = problemAt.line
        guard let text = line(number) else {
            return (.colonWithoutKey, SourceRange(at: problemAt), [], nil)
        }
        let before = String(String.UnicodeScalarView(text.unicodeScalars.prefix(max(0, problemAt.column - 1))))
        if let first = key(of: number), before.contains(": ") {
            return (.colonInValue(key: first.name),
                    SourceRange(at: problemAt), [], .quoteValueOf(key: first.name))
        }
        if let missing = missingSpace(before: number) { return missing }
        let here = keyRange(number) ?? SourceRange(at: problemAt)
        let written = key(of: number)?.name
        let name = written ?? "this key"
        guard let previous = previousContentLine(before: number), let above = key(of: previous), above.hasValue,
              indent(number) > indent(previous) else {
            return (.keyCannotStart(key: written), here, [], .sameIndentationOrQuote)
        }
        let reading = DiagnosticNote(LoadMessage.Note.readAsValueOf(key: name, above: above.name), at: here)
        if let earlier = previousContentLine(before: previous), let sibling = key(of: earlier), sibling.hasValue, indent(previous) < indent(earlier) {
            return (.outdentedKey(key: above.name, sibling: sibling.name, below: name),
                    keyRange(previous) ?? here, [reading], .indentLike(key: above.name, like: sibling.name, spaces: indent(earlier)))
        }
        return (.overIndentedKey(key: name, above: above.name, aboveLine: previous),
                here, [], .indentLikeOrQuote(key: name, above: above.name))
    }

    /// The content line above is `key:value`: without a space after the ':'
    /// YAML reads it as one text, so the key on the next line cannot start.
    private func missingSpace(before number: Int) -> Explanation? {
        guard let previous = previousContentLine(before: number), key(of: previous) == nil, let text = line(previous) else { return nil }
        let scalars = Array(text.unicodeScalars)
        var start = 0
        while start < scalars.count, scalars[start] == " " || (scalars[start] == "-" && start + 1 < scalars.count && scalars[start + 1] == " ") {
            start += 1
        }
        let isKeyScalar: (Unicode.Scalar) -> Bool = { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
        var colon = start
        while colon < scalars.count, isKeyScalar(scalars[colon]) { colon += 1 }
        guard colon > start, colon + 1 < scalars.count, scalars[colon] == ":",
              scalars[colon + 1].properties.isAlphabetic || ("0"..."9").contains(scalars[colon + 1]) else { return nil }
        let name = String(String.UnicodeScalarView(scalars[start..<colon]))
        let value = String(String.UnicodeScalarView(scalars[(colon + 1)...])).trimmingSpaces
        let at = SourceLocation(path: problemAt.path, line: previous, column: colon + 1)
        return (.missingSpace(key: name, shownValue: value.prefixed(30), line: previous),
                SourceRange(at: at), [DiagnosticNote(LoadMessage.Note.nextKeyCannotStart, at: keyRange(number) ?? SourceRange(at: problemAt))],
                .addSpace(key: name, shownValue: value.prefixed(30)))
    }

    /// libyaml expected another key of a block mapping and found something else.
    private func unexpectedInMapping() -> Explanation {
        let number = problemAt.line
        let start = contextAt?.line
        let notes = contextNote(.mappingStartsHere)
        guard let text = line(number) else {
            return (.notAKeyInMapping(mappingStartLine: start), SourceRange(at: problemAt), notes, nil)
        }
        if problemAt.column > indent(number) + 1 {
            return (.textAfterValue, SourceRange(at: problemAt), [], .quoteWholeValue)
        }
        if text.trimmingSpaces.hasPrefix("-") {
            return (.listItemInMapping(mappingStartLine: start),
                    SourceRange(at: problemAt), notes, .indentListUnderKey)
        }
        let name = key(of: number).map { YAMLSyntaxProblem.Line.key($0.name) } ?? .number(number)
        let range = keyRange(number) ?? SourceRange(at: problemAt)
        // Between two levels: deeper than its parent's key, shallower than the keys just above it.
        if let previous = previousContentLine(before: number), indent(previous) > indent(number), let above = key(of: previous) {
            var parent = previous
            while parent > 1, !(isContent(parent) && indent(parent) < indent(number)) { parent -= 1 }
            if isContent(parent), indent(parent) < indent(number), let outer = key(of: parent) {
                return (.betweenLevels(name, above: above.name, aboveLine: previous, outer: outer.name, outerLine: parent),
                        range, [], .indentLikeEither(above: above.name, aboveSpaces: indent(previous), outer: outer.name, outerSpaces: indent(parent)))
            }
        }
        return (.indentedDifferently(name, mappingStartLine: start), range, notes, .sameIndentation)
    }

    // MARK: Reading lines

    private func line(_ number: Int) -> String? { file.line(number) }

    private func indent(_ number: Int) -> Int {
        line(number)?.unicodeScalars.prefix(while: { $0 == " " }).count ?? 0
    }

    private func isContent(_ number: Int) -> Bool {
        guard let text = line(number)?.trimmingSpaces else { return false }
        return !text.isEmpty && !text.hasPrefix("#")
    }

    private func previousContentLine(before number: Int) -> Int? {
        var candidate = number - 1
        while candidate >= 1 {
            if isContent(candidate) { return candidate }
            candidate -= 1
        }
        return nil
    }

    /// The key a line starts with (after its indentation and any `- `), and
    /// whether a value follows it on the same line.
    private func key(of number: Int) -> (name: String, column: Int, hasValue: Bool)? {
        guard let text = line(number) else { return nil }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count, scalars[index] == " " || (scalars[index] == "-" && index + 1 < scalars.count && scalars[index + 1] == " ") {
            index += 1
        }
        let start = index
        while index < scalars.count, !(scalars[index] == ":" && (index + 1 == scalars.count || scalars[index + 1] == " ")) {
            index += 1
        }
        guard index < scalars.count, index > start else { return nil }
        var name = String.UnicodeScalarView()
        name.append(contentsOf: scalars[start..<index])
        let rest = String(String.UnicodeScalarView(scalars[(index + 1)...])).trimmingSpaces
        return (String(name).trimmingSpaces, start + 1, !rest.isEmpty && !rest.hasPrefix("#"))
    }

    private func keyRange(_ number: Int) -> SourceRange? {
        guard let key = key(of: number) else { return nil }
        let start = SourceLocation(path: problemAt.path, line: number, column: key.column)
        var end = start
        end.column += key.name.unicodeScalars.count
        return SourceRange(start: start, end: end)
    }

    /// libyaml reads a key of at most 1024 characters (its limit on
    /// implicit keys); a longer one ends up as a ':' it did not expect, which
    /// its own words blame on something else. Recognised by the ':' libyaml
    /// stopped at and the key before it on the same line.
    private func longKey() -> Explanation? {
        guard let text = line(problemAt.line), character(at: problemAt) == ":" else { return nil }
        let before = Array(text.unicodeScalars.prefix(max(0, problemAt.column - 1)))
        var start = before.count
        let length: Int
        if let quote = before.last, quote == "\"" || quote == "'" {
            start -= 1
            while start > 0, before[start - 1] != quote { start -= 1 }
            length = before.count - 1 - start
            start -= 1
        } else {
            while start > 0, !["{", ",", "[", "-"].contains(before[start - 1]) { start -= 1 }
            while start < before.count, before[start] == " " { start += 1 }
            length = before.count - start
        }
        guard length > 1024 else { return nil }
        var at = problemAt
        at.column = max(1, start + 1)
        return (.longKey(length: length), SourceRange(at: at), [], .shorterKey)
    }

    private func character(at location: SourceLocation) -> Unicode.Scalar? {
        guard let text = line(location.line) else { return nil }
        let scalars = Array(text.unicodeScalars)
        return location.column >= 1 && location.column <= scalars.count ? scalars[location.column - 1] : nil
    }

    private func contextNote(_ note: LoadMessage.Note) -> [DiagnosticNote] {
        guard let contextAt, contextAt != problemAt else { return [] }
        return [DiagnosticNote(note, at: SourceRange(at: contextAt))]
    }
}

private extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    func prefixed(_ count: Int) -> String {
        unicodeScalars.count <= count ? self : String(String.UnicodeScalarView(unicodeScalars.prefix(count))) + "…"
    }
}

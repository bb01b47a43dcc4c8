import TillvalPlan
import TillvalSyntax

/// Which built-in placeholders a text may use; facts are always visible.
struct TemplateScope {
    /// Where the text is, for messages ("a step", "an email template").
    var place: String
    var builtins: Set<PlanValue>
    /// Why `administrator.email` and `portal` are missing here, when they are.
    var administratorHint: CheckMessage.Help

    static let requestBuiltins: Set<PlanValue> = [.collaborationTitle, .productName, .serviceName, .task]

    static func request(_ place: String) -> TemplateScope {
        TemplateScope(place: place, builtins: requestBuiltins,
                      administratorHint: .administratorOnlyAfterCreation)
    }

    static let emailTemplate = TemplateScope(
        place: "an email template", builtins: requestBuiltins.union([.administratorEmail, .portal]), administratorHint: .notKnownThere)

    /// `outcome`, `then` and `awaits.where`: what the scenario's effects give.
    static func afterEffects(createsAdministrator: Bool) -> TemplateScope {
        TemplateScope(place: "this scenario's texts",
                      builtins: createsAdministrator ? requestBuiltins.union([.administratorEmail, .portal]) : requestBuiltins,
                      administratorHint: .noCreateAdministrator)
    }
}

/// The placeholders of every text the checks read, by the text's place:
/// the usage analysis and the order of effects read them here, so each
/// text goes through `PlaceholderScanner` once. A scenario checked in a
/// slice keeps its own texts only while it is checked and marked
/// (`startScenario`); nothing reads them after.
///
/// Kept by file (its interned path) and range: a `SourceRange` key hashed
/// its file's path twice per lookup when a location held the path as text.
struct ScannedTexts {
    /// Where a text is written: its file and range. A text's range lies in one file.
    private struct Place: Hashable {
        var path: SourcePath
        var line: Int
        var column: Int
        var endLine: Int
        var endColumn: Int

        init(_ range: SourceRange) {
            path = range.start.path
            line = range.start.line
            column = range.start.column
            endLine = range.end.line
            endColumn = range.end.column
        }
    }

    private var placeholders: [Place: [Located<String>]] = [:]
    /// For a slice of checks run on another thread (`forSlice`): what was
    /// scanned before it began, read and never written, so shared with the
    /// rule set's table and not copied; what the slice scans goes in
    /// `placeholders`.
    private var earlier: [Place: [Located<String>]] = [:]

    /// The placeholders written in `text`, in order, well-formed or not
    /// resolved; empty for a text that was never checked.
    subscript(_ text: SourceText) -> [Located<String>] {
        let place = Place(text.range)
        for scanned in current where scanned.place == place { return scanned.found }
        return placeholders[place] ?? earlier[place] ?? []
    }

    /// The first `{{administrator.email}}` or `{{portal}}` of each email
    /// template checked, by its id: looked for once, not for each effect that sends it.
    private var administratorPlaceholders: [String: Located<String>?] = [:]
    private var earlierAdministratorPlaceholders: [String: Located<String>?] = [:]

    /// The first `{{administrator.email}}` or `{{portal}}` of `email`'s
    /// subject and body, which must have been checked.
    mutating func administratorPlaceholder(in email: EmailDeclaration) -> Located<String>? {
        if let known = administratorPlaceholders[email.id.value] ?? earlierAdministratorPlaceholders[email.id.value] { return known }
        let found = EffectChecker.administratorPlaceholder(in: email, scanned: self)
        administratorPlaceholders[email.id.value] = .some(found)
        return found
    }

    /// What a slice of checks on another thread starts from: it reads
    /// everything scanned so far without copying it, and keeps only what it
    /// scans itself (a copy per slice cost memory and time in proportion to
    /// threads × texts checked before the scenarios).
    func forSlice() -> ScannedTexts {
        var slice = ScannedTexts()
        slice.earlier = earlier.isEmpty ? placeholders : earlier.merging(placeholders) { _, own in own }
        slice.earlierAdministratorPlaceholders = earlierAdministratorPlaceholders.isEmpty ? administratorPlaceholders
            : earlierAdministratorPlaceholders.merging(administratorPlaceholders) { _, own in own }
        return slice
    }

    /// Lets go of what a slice read from (`forSlice`), so that merging it
    /// into the table it was made from does not copy that table.
    mutating func forgetEarlier() {
        earlier = [:]
        earlierAdministratorPlaceholders = [:]
    }

    /// Takes what a slice (`forSlice`) found that outlives its scenarios:
    /// the administrator placeholders of the emails it looked into. Its
    /// scenarios' own texts were kept only while each was checked
    /// (`startScenario`), so it recorded nothing else.
    mutating func adopt(_ other: ScannedTexts) {
        assert(other.placeholders.isEmpty, "a slice records its scenarios' texts only while each is checked")
        administratorPlaceholders.merge(other.administratorPlaceholders) { _, theirs in theirs }
    }

    /// The texts scanned since `startScenario`, in a short list looked
    /// through in order; nothing else is recorded while `onlyCurrent`.
    private var current: [(place: Place, found: [Located<String>])] = []
    private var onlyCurrent = false

    /// From now on keeps only the texts scanned from here to the next call,
    /// in a short list, instead of hashing each into the table: for a slice
    /// of scenarios (`SemanticChecker`) whose own texts are read right after
    /// each scenario's checks (`UsageChecker.mark`) and never again. Hashing
    /// tens of thousands of texts into a table only to look each up once
    /// cost more than the rest of their reading.
    mutating func startScenario() {
        current.removeAll(keepingCapacity: true)
        onlyCurrent = true
    }

    fileprivate mutating func record(_ found: [Located<String>], of text: SourceText) {
        // A text without placeholders reads as one never checked: empty.
        guard !found.isEmpty else { return }
        if onlyCurrent {
            current.append((Place(text.range), found))
        } else {
            placeholders[Place(text.range)] = found
        }
    }
}

/// Checks every placeholder of a text against the facts and a scope, and
/// parses the text into a checked template.
enum TemplateChecker {
    /// The template, or nil when a placeholder is wrong (each reported).
    /// The text's placeholders are recorded in `scanned` either way.
    static func check(_ text: SourceText, scope: TemplateScope, symbols: SymbolTable, scanned: inout ScannedTexts,
                      sink: inout DiagnosticSink) -> CheckedTemplate? {
        var parts: [PlanTemplate.Part] = []
        var placeholders: [CheckedTemplate.Placeholder] = []
        var found: [Located<String>] = []
        var valid = true
        // Mapped once for all placeholders (mapping per placeholder is quadratic in a long text),
        // and only for a text that has one.
        var mapped: ScalarLocator?
        func locator() -> ScalarLocator {
            if let mapped { return mapped }
            let made = text.locator
            mapped = made
            return made
        }
        let pieces = PlaceholderScanner.scan(text.text)
        parts.reserveCapacity(pieces.count)
        for piece in pieces {
            switch piece {
            case .literal(let literal):
                parts.append(.text(literal))
            case .malformed(let offset, let length, let malformation):
                valid = false
                sink.emit(CheckMessage.malformedPlaceholder(malformation), at: locator().range(ofScalars: offset, length: length),
                          suggestion: Suggestion(CheckMessage.Help.writePlaceholdersLikeThis))
            case .placeholder(let placeholder):
                let range = locator().range(ofScalars: placeholder.offset, length: placeholder.length)
                found.append(Located(placeholder.path, at: range))
                guard let value = resolve(placeholder.path, at: range, length: placeholder.length, scope: scope, symbols: symbols, sink: &sink) else {
                    valid = false
                    continue
                }
                parts.append(.value(value))
                placeholders.append(CheckedTemplate.Placeholder(value: value, range: range, target: symbols.factsByPath[placeholder.path]?.name.range))
            }
        }
        scanned.record(found, of: text)
        guard valid else { return nil }
        return CheckedTemplate(text: text, template: PlanTemplate(source: text.text, parts: parts), placeholders: placeholders)
    }

    private static func resolve(_ path: String, at range: SourceRange, length: Int, scope: TemplateScope, symbols: SymbolTable, sink: inout DiagnosticSink) -> PlanValue? {
        if let builtin = PlanValue.builtins[path] {
            guard scope.builtins.contains(builtin) else {
                let why = (builtin == .administratorEmail || builtin == .portal) ? scope.administratorHint : .notKnownThere
                sink.emit(CheckMessage.placeholderNotAvailable(path, place: scope.place), at: range,
                          suggestion: Suggestion(why))
                return nil
            }
            return builtin
        }
        if let fact = symbols.factsByPath[path] {
            guard !fact.optional else {
                sink.emit(CheckMessage.optionalFactInPlaceholder(path), at: range,
                          notes: [DiagnosticNote(CheckMessage.Note.declaredOptionalHere, at: fact.name.range)],
                          suggestion: Suggestion(CheckMessage.Help.makeFactRequired))
                return nil
            }
            guard let factPath = FactPath(path: path) else { return nil }
            return .fact(factPath)
        }
        if symbols.isBrokenFact(path) { return nil }
        // A fact may be declared in facts that could not be read (or are missing, which E0111 reports once).
        if symbols.factsMayBeMissing, FactGroup.allCases.contains(where: { path.hasPrefix($0.rawValue + ".") }) { return nil }
        let known = Array(PlanValue.builtins.keys) + Array(symbols.factsByPath.keys)
        let suggestion = symbols.speller.closest(to: path, among: known, group: "placeholder").map { Suggestion(CheckMessage.Help.didYouMeanPlaceholder($0), replacing: Self.exactly(range, length: length), with: "{{\($0)}}") }
            ?? Suggestion(CheckMessage.Help.placeholdersAre)
        sink.emit(CheckMessage.unknownPlaceholder(path), at: range, suggestion: suggestion)
        return nil
    }

    /// The range of a placeholder as a fix-it may replace it: only when it is
    /// written on one line exactly as it reads (`length` columns, no escapes
    /// or folding inside it), not the whole text it was found in.
    private static func exactly(_ range: SourceRange, length: Int) -> SourceRange? {
        range.onOneLine.flatMap { $0.end.column - $0.start.column == length ? $0 : nil }
    }
}

import TillvalPlan
import TillvalSyntax

/// The declarations of a rule set indexed by id, first declaration winning;
/// later duplicates are reported once here and ignored by every other check.
struct SymbolTable {
    /// The declarations every check and the lowering work on: each id's first
    /// declaration only, in source order.
    private(set) var unique = Declarations()
    private(set) var products: [String: ProductDeclaration] = [:]
    private(set) var collaborations: [String: CollaborationDeclaration] = [:]
    private(set) var preconditions: [String: PreconditionDeclaration] = [:]
    private(set) var emails: [String: EmailDeclaration] = [:]
    private(set) var procedures: [String: ProcedureDeclaration] = [:]
    private(set) var scenarios: [String: ScenarioDeclaration] = [:]
    /// The facts declaration in force (the first), and the name of every fact in it.
    private(set) var facts: FactsDeclaration?
    private(set) var factsByPath: [String: FactDeclaration] = [:]
    /// The kinds that may be declared in a part of the rule set that could not
    /// be read: a reference to them that does not resolve is not reported.
    let missing: MissingDeclarations
    /// Did-you-mean over the declared names, answered once each, within a budget.
    private(set) var speller = Speller()
    /// The collaborations of scenarios whose id is declared more than once
    /// (E0201): one of the two is not checked, so their coverage is not proven.
    private(set) var collaborationsOfRepeatedScenarios: Set<String> = []

    /// The same table with a speller of its own: for checks run on another
    /// thread, whose results are kept only when they asked it nothing
    /// (`SemanticChecker`), since the budget is spent in the order questions come.
    func withOwnSpeller() -> SymbolTable {
        var copy = self
        copy.speller = Speller()
        return copy
    }

    /// Whether the facts in force may lack some: none declared (E0111 says
    /// so once), or the facts may be in a part that could not be read.
    var factsMayBeMissing: Bool { facts == nil || missing.mayLack(.facts) }

    /// Whether `path` names a fact whose declaration was broken (and reported).
    func isBrokenFact(_ path: String) -> Bool {
        guard let facts else { return false }
        return facts.broken.contains(path) || facts.broken.contains(String(path.prefix { $0 != "." }) + ".*")
    }

    /// `expectFacts` is false when there is nothing to expect them in (no
    /// files); E0111 is not reported either when they may be in a part that
    /// could not be read.
    /// `ruleDirectory` names the rule set in a diagnostic about what it lacks
    /// when it has no `ruleset` document to point at.
    init(_ declarations: Declarations, missing: MissingDeclarations = MissingDeclarations(), expectFacts: Bool,
         ruleDirectory: String? = nil, sink: inout DiagnosticSink) {
        self.missing = missing
        (unique.products, products) = Self.index(declarations.products, kind: .product, id: \.id, sink: &sink)
        (unique.collaborations, collaborations) = Self.index(declarations.collaborations, kind: .collaboration, id: \.id, sink: &sink)
        (unique.preconditions, preconditions) = Self.index(declarations.preconditions, kind: .precondition, id: \.id, sink: &sink)
        (unique.emails, emails) = Self.index(declarations.emails, kind: .email, id: \.id, sink: &sink)
        (unique.procedures, procedures) = Self.index(declarations.procedures, kind: .procedure, id: \.id, sink: &sink)
        // Scenarios are looked up by id only from tests: without tests, no table of them is kept.
        var repeated: [Int] = []
        (unique.scenarios, scenarios) = Self.index(declarations.scenarios, kind: .scenario, id: \.id, table: !declarations.tests.isEmpty,
                                                   repeated: &repeated, sink: &sink)
        unique.tests = Self.index(declarations.tests, kind: .test, id: \.id, sink: &sink).0
        for index in repeated {
            if let collaboration = declarations.scenarios[index].collaboration { collaborationsOfRepeatedScenarios.insert(collaboration.value) }
        }
        unique.rulesets = Array(declarations.rulesets.prefix(1))
        unique.facts = Array(declarations.facts.prefix(1))

        for extra in declarations.rulesets.dropFirst() {
            sink.emit(CheckMessage.repeatedRuleset, at: extra.range,
                      notes: declarations.rulesets.first.map { [DiagnosticNote(CheckMessage.Note.firstDeclaredHere, at: $0.range)] } ?? [],
                      suggestion: Suggestion(CheckMessage.Help.mergeIntoOne))
        }
        for extra in declarations.facts.dropFirst() {
            sink.emit(CheckMessage.repeatedFacts, at: extra.range,
                      notes: declarations.facts.first.map { [DiagnosticNote(CheckMessage.Note.firstDeclaredHere, at: $0.range)] } ?? [],
                      suggestion: Suggestion(CheckMessage.Help.mergeIntoOne))
        }
        facts = declarations.facts.first
        if let facts {
            for fact in facts.office + facts.customer { factsByPath[fact.path] = fact }
            // `task` is checked against `customer.tasks`, so that fact can only be a list (format decision 2).
            if let tasks = factsByPath["\(FactGroup.customer.rawValue).tasks"], tasks.type != .list {
                sink.emit(CheckMessage.tasksNotAList, at: tasks.name.range,
                          suggestion: Suggestion(CheckMessage.Help.writeTasksList))
            }
        } else if expectFacts, !missing.mayLack(.facts) {
            // What the rule set lacks is said where the rule set is declared: its `ruleset` document,
            // else (no such document) the rule directory, by name.
            let ruleset = declarations.rulesets.first.map { SourceRange(at: $0.range.start) }
            sink.emit(CheckMessage.missingFacts(ruleDirectory: ruleset == nil ? ruleDirectory : nil), at: ruleset,
                      suggestion: Suggestion(CheckMessage.Help.addFactsFile))
        }
    }

    /// The first declaration of each id, in order and by id (the table only
    /// when `table`); later ones are reported. Without repeated ids the
    /// declarations are kept as they came, not copied.
    private static func index<D>(_ items: [D], kind: DeclarationKind, id: KeyPath<D, Located<String>>, table: Bool = true,
                                 sink: inout DiagnosticSink) -> ([D], [String: D]) {
        var repeated: [Int] = []
        return index(items, kind: kind, id: id, table: table, repeated: &repeated, sink: &sink)
    }

    /// `index`, adding to `repeated` the index of every declaration whose
    /// id is declared more than once, the first of them included.
    private static func index<D>(_ items: [D], kind: DeclarationKind, id: KeyPath<D, Located<String>>, table: Bool,
                                 repeated: inout [Int], sink: inout DiagnosticSink) -> ([D], [String: D]) {
        var kept: [Int] = []
        var first: [String: Int] = [:]
        first.reserveCapacity(items.count)
        var firstRepeated: Set<Int> = []
        for (index, item) in items.enumerated() {
            let name = item[keyPath: id]
            if let earlier = first[name.value] {
                sink.emit(CheckMessage.declaredTwice(kind, id: name.value), at: name.range,
                          notes: [DiagnosticNote(CheckMessage.Note.firstDeclaredHere, at: items[earlier][keyPath: id].range)],
                          suggestion: Suggestion(CheckMessage.Help.renameOrRemoveCopy))
                if firstRepeated.insert(earlier).inserted { repeated.append(earlier) }
                repeated.append(index)
                continue
            }
            first[name.value] = index
            kept.append(index)
        }
        let unique = kept.count == items.count ? items : kept.map { items[$0] }
        return (unique, table ? first.mapValues { items[$0] } : [:])
    }

    /// The declaration `name` refers to, or nil after reporting an unknown
    /// reference with a did-you-mean. Silent when the declaration may be in
    /// a part of the rule set that could not be read, or when the name was
    /// already reported as not an identifier.
    @discardableResult
    func resolve<D>(_ name: Located<String>, in table: [String: D], as declaration: DeclarationKind, sink: inout DiagnosticSink) -> D? {
        if let found = table[name.value] { return found }
        guard !missing.mayLack(declaration), !sink.hasReported(.invalidIdentifier, at: name.range) else { return nil }
        let suggestion = meant(name.value, in: table).map { Suggestion.didYouMean($0, replacing: name.range) }
            ?? (table.isEmpty ? Suggestion(CheckMessage.Help.noneDeclared(declaration)) : Suggestion(CheckMessage.Help.known(speller.summary(of: "\(D.self)") { Self.first(8, of: table.keys) })))
        sink.emit(CheckMessage.unknownReference(declaration, name: name.value), at: name.range, suggestion: suggestion)
        return nil
    }

    /// The declared name `name` stands for: itself when declared, else the
    /// did-you-mean of an unknown reference (`lön-anställd` means
    /// `lon-anstalld`: a name outside the identifier rule is compared as its
    /// fix first), else nil. What a misspelt reference meant counts as used.
    func meant<D>(_ name: String, in table: [String: D]) -> String? {
        if table[name] != nil { return name }
        if let fixed = Identifier.suggestion(for: name), table[fixed] != nil { return fixed }
        return speller.closest(to: name, among: table.keys, group: "\(D.self)")
    }

    /// The declared fact a path names, with diagnostics for bad or unknown paths.
    /// `product` resolves to nil without a diagnostic: callers handle it.
    func fact(_ path: Located<String>, sink: inout DiagnosticSink) -> FactDeclaration? {
        // A declared fact's path is a well-formed one: found first, it needs no other look.
        if let fact = factsByPath[path.value] { return fact }
        // `group.name`, split at the first '.' (ASCII: found as a byte).
        let text = path.value
        let dot = text.utf8.firstIndex(of: UInt8(ascii: "."))
        let group = dot.map { String(text[..<$0]) } ?? text
        guard let dot, FactGroup(rawValue: group) != nil, Identifier.isValid(String(text[text.utf8.index(after: dot)...])) else {
            sink.emit(CheckMessage.notAFactPath(path.value), at: path.range,
                      suggestion: Suggestion(CheckMessage.Help.factPaths))
            return nil
        }
        guard !factsMayBeMissing, !isBrokenFact(path.value) else { return nil }
        let suggestion = speller.closest(to: path.value, among: factsByPath.keys, group: "fact").map { Suggestion.didYouMean($0, replacing: path.range) }
            ?? Suggestion(CheckMessage.Help.declareUnder(group))
        sink.emit(CheckMessage.unknownFact(path.value), at: path.range, suggestion: suggestion)
        return nil
    }

    /// The first `count` names in byte order, joined, with "…" when there are
    /// more: without sorting all of them (n log n for each of n diagnostics).
    static func first<S: Sequence>(_ count: Int, of names: S) -> String where S.Element == String {
        var smallest: [String] = []
        var total = 0
        for name in names {
            total += 1
            guard smallest.count < count || name.utf8.lexicographicallyPrecedes(smallest[smallest.count - 1].utf8) else { continue }
            let at = smallest.firstIndex { name.utf8.lexicographicallyPrecedes($0.utf8) } ?? smallest.endIndex
            smallest.insert(name, at: at)
            if smallest.count > count { smallest.removeLast() }
        }
        return smallest.map(\.excerpt).joined(separator: ", ") + (total > count ? " and \(total - count) more" : "")
    }
}

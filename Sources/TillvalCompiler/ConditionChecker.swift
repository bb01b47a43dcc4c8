import TillvalPlan
import TillvalSyntax

/// A condition entry whose meaning is known: the fact, its declaration and the
/// test, ready for coverage analysis and lowering. `range` is where the fact
/// path (the reference) is written; the declaration's name is its target.
public struct TypedTest: Sendable, Equatable {
    public var fact: FactPath
    /// Nil for `product`, which is not a declared fact.
    public var declaration: FactDeclaration?
    public var kind: PlanTest.Kind
    public var range: SourceRange
    /// For `product`: each product the test names, resolved.
    public var products: [Reference] = []
}

/// Interprets each entry of a condition against the fact it names.
enum ConditionChecker {
    /// The typed tests, or nil when any entry is wrong (each reported).
    /// `offered` is the collaboration's products, when checking a `when`.
    static func check(_ condition: Condition, offered: [String]?, symbols: SymbolTable, sink: inout DiagnosticSink) -> [TypedTest]? {
        var tests: [TypedTest] = []
        tests.reserveCapacity(condition.entries.count)
        var valid = !condition.hasErrors
        for entry in condition.entries {
            if let test = check(entry, offered: offered, symbols: symbols, sink: &sink) {
                tests.append(test)
            } else {
                valid = false
            }
        }
        return valid ? tests : nil
    }

    private static func values(_ test: Condition.Test) -> [Located<String>] {
        switch test {
        case .single(let value): return [value]
        case .list(let values, _): return values
        }
    }

    /// The did-you-mean of a list test written wrong (`emty`); a fix-it
    /// only for one word, since `[emty]` fixed to `[empty]` is still a list.
    private static func emptiness(_ test: Condition.Test) -> Suggestion? {
        switch test {
        case .single(let word):
            return Spelling.closest(to: word.value, among: TestKind.emptiness.map(\.rawValue)).map { Suggestion.didYouMean($0, replacing: word.range) }
        case .list(let values, _):
            return values.first.flatMap { Spelling.closest(to: $0.value, among: TestKind.emptiness.map(\.rawValue)) }.map(Suggestion.didYouMean)
        }
    }

    private static func testRange(_ test: Condition.Test) -> SourceRange {
        switch test {
        case .single(let value): return value.range
        case .list(_, let range): return range
        }
    }

    private static func check(_ entry: Condition.Entry, offered: [String]?, symbols: SymbolTable, sink: inout DiagnosticSink) -> TypedTest? {
        if entry.path.value == "product" {
            var valid = true
            var products: [Reference] = []
            let offeredSet = offered.map(Set.init)
            for value in values(entry.test) {
                guard let product = symbols.resolve(value, in: symbols.products, as: .product, sink: &sink) else {
                    valid = false
                    continue
                }
                products.append(Reference(value.value, at: value.range, target: product.id.range))
                if let offered, let offeredSet, !offeredSet.contains(value.value) {
                    valid = false
                    sink.emit(CheckMessage.productNotOffered(value.value), at: value.range,
                              suggestion: Suggestion(CheckMessage.Help.offers(offered)))
                }
            }
            return valid ? TypedTest(fact: .product, declaration: nil, kind: .anyOf(values(entry.test).map(\.value)), range: entry.range,
                                     products: products) : nil
        }
        guard let fact = symbols.fact(entry.path, sink: &sink) else { return nil }
        let path = FactPath(fact.group, fact.name.value)
        let make = { (kind: PlanTest.Kind) in TypedTest(fact: path, declaration: fact, kind: kind, range: entry.range) }

        // Only the presence words need a look here: compared by length first, most values are told apart without one.
        if case .single(let word) = entry.test,
           let presence = TestKind.presence.first(where: { $0.rawValue.utf8.count == word.value.utf8.count && $0.rawValue == word.value }) {
            guard fact.optional else {
                sink.emit(CheckMessage.presenceOfRequiredFact(fact.path), at: word.range,
                          notes: [DiagnosticNote(CheckMessage.Note.declaredHere, at: fact.name.range)],
                          suggestion: Suggestion(CheckMessage.Help.declareOptional))
                return nil
            }
            return make(presence == .present ? .present : .absent)
        }

        switch fact.type {
        case .oneOf(let allowed):
            // A set only for a long list: most facts have a handful of values, walked
            // (by length first); the names are listed only for a message.
            let known = allowed.count > 16 ? Set(allowed.map(\.value)) : nil
            var valid = true
            let tested = values(entry.test)
            for value in tested where !(known?.contains(value.value)
                ?? allowed.contains { $0.value.utf8.count == value.value.utf8.count && $0.value == value.value }) {
                valid = false
                let names = allowed.map(\.value)
                sink.emit(CheckMessage.notAValue(value.value, of: fact.path), at: value.range,
                          notes: [DiagnosticNote(CheckMessage.Note.valuesDeclaredHere, at: fact.name.range)],
                          suggestion: symbols.speller.closest(to: value.value, among: names, group: "value of \(fact.path)").map { Suggestion.didYouMean($0, replacing: value.range) }
                            ?? Suggestion(CheckMessage.Help.valuesAre(names)))
            }
            return valid ? make(.anyOf(tested.map(\.value))) : nil
        case .bool:
            guard case .single(let word) = entry.test else {
                sink.emit(CheckMessage.boolTestedWithList(fact.path), at: testRange(entry.test))
                return nil
            }
            switch word.value {
            case "true": return make(.equals(true))
            case "false": return make(.equals(false))
            default:
                sink.emit(CheckMessage.notABool(word.value, fact: fact.path), at: word.range,
                          suggestion: Suggestion(CheckMessage.Help.writeTrueOrFalse))
                return nil
            }
        case .list:
            guard case .single(let word) = entry.test, let emptiness = TestKind(rawValue: word.value), TestKind.emptiness.contains(emptiness) else {
                sink.emit(CheckMessage.listTestedWrongly(fact.path), at: testRange(entry.test),
                          suggestion: Self.emptiness(entry.test))
                return nil
            }
            return make(emptiness == .empty ? .empty : .nonEmpty)
        case .text, .email:
            sink.emit(CheckMessage.valueTestOfText(fact.path, fact.type.kind, optional: fact.optional), at: testRange(entry.test),
                      suggestion: Suggestion(CheckMessage.Help.finiteValuesOnly))
            return nil
        }
    }
}

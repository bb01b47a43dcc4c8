import TillvalPlan
import TillvalSyntax

/// What `DeclarationDecoder` says about the shape of a declaration. Each
/// case makes its code and its text here; call sites name a case.
enum DecodeMessage: DiagnosticMessage, Equatable {
    case documentNotMapping(found: String)
    case missingKind
    /// `kind:` there with no value (`kind:`, `kind: ~`).
    case emptyKind
    case unknownKind(String)
    case unsupportedFormat(Int)
    case formatNotANumber(found: String)
    case groupNotAMapping(FactGroup, found: String)
    case factNameNotIdentifier(String)
    case reservedCustomerID
    /// `fact` is the fact's path, `group.name`.
    case factTypeNotAWord(fact: String, found: String)
    case unknownFactType(String)
    case factWithoutType(fact: String)
    case emptyOneOf(fact: String)
    case valueListedTwice(String, fact: String)
    case typeAndOneOf(fact: String)
    case neitherTypeNorOneOf(fact: String)
    case noProducts(collaboration: String)
    case stepReadAsKey(String)
    /// `key` is the condition's key, `when` or `check`.
    case conditionNotAMapping(key: String, found: String)
    case emptyTest(fact: String)
    case testValueNotScalar(fact: String, found: String)
    case testNotAValue(fact: String, found: String)
    case effectNotANameOrMapping(found: String)
    case unknownEffect(String)
    case effectWithoutArguments(EffectKind)
    /// A plain scalar that holds ` - `: `next` are the items folded into it.
    case foldedEffects(String, next: [String])
    /// An effect item with several keys whose second key is itself an effect.
    case secondEffectWithoutDash(keys: [String])
    /// An effect item with several keys, the later ones its arguments indented too little.
    case argumentsIndentedTooLittle(keys: [String])
    case invalidWord(key: String, allowed: [String], found: String)
    /// A test's `expect` that says nothing.
    case emptyExpectation(test: String)
    /// `expect.rejected` beside other keys, which a refused request cannot meet.
    case rejectedWithOthers([ExpectationKey])
    /// A declaration other than a test in a tests directory.
    case notATest(DeclarationKind)

    var code: DiagnosticCode {
        switch self {
        case .documentNotMapping: return .documentNotMapping
        case .missingKind, .emptyKind: return .missingKind
        case .unknownKind, .notATest: return .unknownKind
        case .unsupportedFormat: return .unsupportedFormat
        case .formatNotANumber, .groupNotAMapping, .factTypeNotAWord, .stepReadAsKey, .conditionNotAMapping, .testValueNotScalar,
             .testNotAValue, .effectNotANameOrMapping, .secondEffectWithoutDash, .argumentsIndentedTooLittle:
            return .wrongType
        case .factNameNotIdentifier: return .invalidIdentifier
        case .reservedCustomerID: return .reservedFact
        case .unknownFactType, .invalidWord: return .invalidValue
        case .factWithoutType, .effectWithoutArguments: return .missingKey
        case .emptyOneOf, .noProducts: return .emptyList
        case .valueListedTwice: return .duplicateEnumValue
        case .typeAndOneOf, .neitherTypeNorOneOf: return .factTypeConflict
        case .emptyTest: return .emptyValueList
        case .unknownEffect, .foldedEffects: return .unknownEffect
        case .emptyExpectation: return .emptyExpectation
        case .rejectedWithOthers: return .rejectedWithOtherExpectations
        }
    }

    var text: String {
        let oneOf = FactKind.oneOf.rawValue
        switch self {
        case .documentNotMapping(let found):
            return "a rule document must be a mapping with a 'kind', found \(found)"
        case .missingKind:
            return "this document has no 'kind'"
        case .emptyKind:
            return "this document's 'kind' has no value"
        case .unknownKind(let word):
            return "unknown kind '\(word.excerpt)'"
        case .unsupportedFormat(let number):
            return "format \(number) is not supported; this tillval reads format 1"
        case .formatNotANumber(let found):
            return "'format' must be the number 1, found \(found)"
        case .groupNotAMapping(let group, let found):
            return "'\(group.rawValue.excerpt)' must map fact names to types, found \(found)"
        case .factNameNotIdentifier(let name):
            return "fact name '\(name.excerpt)' is not an identifier: \(Identifier.rule(name))"
        case .reservedCustomerID:
            return "'\(FactGroup.customer.rawValue).id' is reserved: every request carries it and it is not declared"
        case .factTypeNotAWord(let fact, let found):
            return "the type of '\(fact)' must be a type word or a mapping, found \(found)"
        case .unknownFactType(let word):
            return "unknown fact type '\(word.excerpt)'"
        case .factWithoutType(let fact):
            return "fact '\(fact)' has no type"
        case .emptyOneOf(let fact):
            return "'\(oneOf)' of fact '\(fact)' lists no values"
        case .valueListedTwice(let value, let fact):
            return "'\(value.excerpt)' is listed twice in fact '\(fact)'"
        case .typeAndOneOf(let fact):
            return "fact '\(fact)' has both 'type' and '\(oneOf)'"
        case .neitherTypeNorOneOf(let fact):
            return "fact '\(fact)' needs one of 'type' or '\(oneOf)'"
        case .noProducts(let collaboration):
            return "collaboration '\(collaboration.excerpt)' offers no products"
        case .stepReadAsKey(let key):
            return "this step's text contains ': ', which YAML reads as a key '\(key.excerpt)' with a value"
        case .conditionNotAMapping(let key, let found):
            return "'\(key)' must be a mapping from fact paths to tests, found \(found)"
        case .emptyTest(let fact):
            return "the test of '\(fact.excerpt)' lists no values"
        case .testValueNotScalar(let fact, let found):
            return "a value in the test of '\(fact.excerpt)' must be a scalar, found \(found)"
        case .testNotAValue(let fact, let found):
            return "the test of '\(fact.excerpt)' must be a value or a list of values, found \(found)"
        case .effectNotANameOrMapping(let found):
            return "an effect must be a name, or a mapping from one name to its arguments; found \(found)"
        case .unknownEffect(let word):
            return "unknown effect '\(word.excerpt)'"
        case .effectWithoutArguments(let kind):
            switch kind {
            case .createAdministrator: return "'\(kind.rawValue)' needs 'portal' and 'email'"
            case .sendEmail: return "'\(kind.rawValue)' needs a 'template'"
            case .activateCollaboration, .activateService: return "'\(kind.rawValue)' needs its arguments"
            }
        case .foldedEffects(let text, let next):
            let items = next.map { "'- \($0)'" }.joined(separator: ", ")
            return "the effect '\(text.excerpt)' holds ' - ': the next item, \(items), is probably indented too far, so YAML reads it as more of this one"
        case .secondEffectWithoutDash(let keys):
            return "\(Self.severalKeys(keys)); '\((keys.dropFirst().first ?? "").excerpt)' is probably a second effect that lacks its '- '"
        case .argumentsIndentedTooLittle(let keys):
            let moved = keys.dropFirst().map { "'\($0.excerpt)'" }
            let subject = moved.count == 1 ? "\(moved[0]) is" : "\(moved.joined(separator: ", ")) are"
            return "\(Self.severalKeys(keys)); \(subject) probably indented too little"
        case .invalidWord(let key, let allowed, let found):
            return "'\(key.excerpt)' must be \(allowed.joined(separator: " or ")), found '\(found.excerpt)'"
        case .notATest(let kind):
            return "a tests directory holds only '\(DeclarationKind.test.rawValue)' documents, found '\(kind.rawValue)'"
        case .emptyExpectation(let test):
            return "test '\(test.excerpt)' expects nothing: 'expect' names none of \(Self.expectationKeys)"
        case .rejectedWithOthers(let keys):
            let others = keys.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            return "'\(ExpectationKey.rejected.rawValue)' excludes every other expectation, but \(others) \(keys.count == 1 ? "is" : "are") given too: a refused request has no \(keys.count == 1 ? "such outcome" : "such outcomes")"
        }
    }

    /// The keys `expect` may have, for messages.
    static var expectationKeys: String { ExpectationKey.allCases.map(\.rawValue).joined(separator: ", ") }

    /// "this item has two keys, 'a' and 'b'"
    private static func severalKeys(_ keys: [String]) -> String {
        let counts = [2: "two", 3: "three", 4: "four"]
        let names = keys.map { "'\($0.excerpt)'" }
        let listed = names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        return "this item has \(counts[keys.count] ?? String(keys.count)) keys, \(listed)"
    }
}

extension DecodeMessage {
    /// The help lines of the decoder; a fix-it, when there is one, is the
    /// edits given with the help at the call site.
    enum Help: HelpMessage, Hashable {
        case startWithKind
        case addKind
        case giveKind
        case kindsAre
        case writeFormatOne
        /// The text to write instead, in full (an identifier).
        case write(String)
        case removeCustomerID
        case writeOneOfInsideMapping
        case typesAre
        case writeAType
        case listTheValues
        case removeOneOfThem
        case keepTypeOrOneOf
        case addTypeOrOneOf
        case listAProduct
        /// The step as a quoted text.
        case putInQuotes(String)
        case writeConditionExample
        case listAValueOrRemove
        case writeEffectExample
        case effectsAre
        /// How to write the arguments of an effect that needs them.
        case writeArguments(EffectKind)
        case indentEveryDash
        /// The second key of an item, itself an effect.
        case startOnItsOwnLine(String)
        /// Keys indented too little under `first`: indent them, or write the flow mapping.
        case indentUnder(keys: [String], first: String)
        case addAnExpectation
        case keepRejectedOrTheOthers
        case moveToRules

        private static var typeWords: [String] { FactKind.allCases.filter { $0 != .oneOf }.map(\.rawValue) }
        private static var kinds: String { DeclarationKind.allCases.map(\.rawValue).joined(separator: ", ") }

        var text: String {
            let oneOf = FactKind.oneOf.rawValue
            let typeWords = Self.typeWords
            switch self {
            case .startWithKind: return "start the document with 'kind: …'"
            case .addKind: return "add 'kind:' with one of \(Self.kinds)"
            case .giveKind: return "write one of \(Self.kinds) after 'kind:'"
            case .kindsAre: return "kinds are \(Self.kinds)"
            case .writeFormatOne: return "write 'format: 1'"
            case .write(let text): return "write '\(text)'"
            case .removeCustomerID: return "remove this fact; use another name for other identifiers"
            case .writeOneOfInsideMapping: return "write '\(oneOf): [value, …]' inside a mapping"
            case .typesAre: return "types are \(typeWords.joined(separator: ", ")) or '\(oneOf): [...]'"
            case .writeAType: return "write a type: \(typeWords.joined(separator: ", ")) or '\(oneOf): [...]'"
            case .listTheValues: return "list the values the fact can take"
            case .removeOneOfThem: return "remove one of them"
            case .keepTypeOrOneOf:
                return "keep one: 'type' for \(typeWords.dropLast().joined(separator: ", ")) or \(typeWords.last ?? ""); '\(oneOf)' for an enumeration"
            case .addTypeOrOneOf: return "add 'type: \(FactKind.text.rawValue)' or '\(oneOf): [...]'"
            case .listAProduct: return "list at least one product id"
            case .putInQuotes(let quoted): return "put the text in quotes: \(quoted)"
            case .writeConditionExample: return "write for example '{customer.relation: registered}'"
            case .listAValueOrRemove: return "list at least one value, or remove the entry"
            case .writeEffectExample:
                return "write '- \(EffectKind.activateCollaboration.rawValue)' or '- \(EffectKind.sendEmail.rawValue): {template: …}'"
            case .effectsAre: return "effects are \(EffectKind.allCases.map(\.rawValue).joined(separator: ", "))"
            case .writeArguments(let kind):
                switch kind {
                case .createAdministrator: return "write '- \(kind.rawValue): {portal: vismaspcs.se, email: customer.email}'"
                default: return "write '- \(kind.rawValue): {template: <email id>}'"
                }
            case .addAnExpectation: return "add at least one of \(DecodeMessage.expectationKeys), for example 'scenario: <scenario id>'"
            case .moveToRules: return "move this declaration into the rule directory"
            case .keepRejectedOrTheOthers: return "keep '\(ExpectationKey.rejected.rawValue)' alone, or remove it and keep the others"
            case .indentEveryDash: return "indent every '- ' of the list like the first"
            case .startOnItsOwnLine(let key): return "start each effect on its own line with '- ', as in '- \(key)'"
            case .indentUnder(let keys, let first):
                let moved = keys.map { "'\($0.excerpt)'" }.joined(separator: ", ")
                let indented = keys.map { "\($0): …" }.joined(separator: ", ")
                return "indent \(moved) under '\(first.excerpt)', further than '\(first.excerpt)' itself, or write '- \(first): {\(indented)}'"
            }
        }
    }

    /// The notes of the decoder.
    enum Note: NoteMessage, Hashable {
        case firstListedHere
        /// The first key of an item with several keys.
        case itemStartsWith(String)

        var text: String {
            switch self {
            case .firstListedHere: return "first listed here"
            case .itemStartsWith(let key): return "the item starts with '\(key.excerpt)' here"
            }
        }
    }
}

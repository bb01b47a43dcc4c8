import TillvalPlan
import TillvalSyntax

/// What the checks after decoding say: the symbol table, the product and
/// procedure graphs, conditions, effects, texts, coverage and usage. Each
/// case makes its code and its text here; call sites name a case.
enum CheckMessage: DiagnosticMessage, Equatable {
    // The symbol table
    case repeatedRuleset
    case repeatedFacts
    case tasksNotAList
    /// `ruleDirectory` names the rule set when it has no `ruleset` document to point at.
    case missingFacts(ruleDirectory: String?)
    case declaredTwice(DeclarationKind, id: String)
    case unknownReference(DeclarationKind, name: String)
    case notAFactPath(String)
    case unknownFact(String)
    // Lists of references
    case requiredTwice(precondition: String)
    case listedTwice(String, ListRole)
    // The product and procedure graphs
    case activatedThroughItself(product: String)
    case activatedThroughChain(through: String, chained: String)
    case activatedThroughNotIncluding(through: String, product: String)
    case includeCycle([String])
    case procedureCycle([String])
    case tooManySteps(scenario: String, StepLimit)
    // Conditions
    case productNotOffered(String)
    case presenceOfRequiredFact(String)
    case notAValue(String, of: String)
    case boolTestedWithList(String)
    case notABool(String, fact: String)
    case listTestedWrongly(String)
    /// A text or email fact tested by value; `optional` says what to test instead.
    case valueTestOfText(String, FactKind, optional: Bool)
    // Effects
    case effectTwice(EffectKind, template: String?, scenario: String)
    case effectNeedsEarlier(EffectKind, earlier: EffectKind, EffectNeed)
    case templateNeedsAdministrator(template: String, placeholder: String)
    case awaitsWithoutCollaboration(scenario: String)
    case awaitsWithoutAdministrator(scenario: String)
    case placeholderAsFactPath(String)
    case administratorFactPath(String)
    /// An address from a fact that is optional (`kind` nil) or not of type email.
    case notAnEmailFact(String, AddressRole, kind: FactKind?)
    // Texts
    case malformedPlaceholder(PlaceholderScanner.Malformation)
    case placeholderNotAvailable(String, place: String)
    case optionalFactInPlaceholder(String)
    case unknownPlaceholder(String)
    // Coverage and usage
    case noScenario(collaboration: String)
    case coverageTooLarge(collaboration: String, maximum: Int)
    case uncovered(collaboration: String, case: String)
    case overlap(String, String, case: String)
    case unused(DeclarationKind, id: String)
    case unusedFact(String)
    // Tests
    /// `expect.rejected` names a code that is not one of a request's (E10xx).
    case notARequestCode(String)

    /// What a list says twice.
    enum ListRole: String {
        case offered, included
    }

    /// Which limit on expanding a scenario's steps was passed.
    enum StepLimit: Equatable {
        case nesting(Int), visits(Int), steps(Int)
    }

    /// Why an effect needs an earlier one.
    enum EffectNeed: Equatable {
        case serviceWithinCollaboration
        case templateToAdministrator(String)
    }

    /// What an address from a fact is for.
    enum AddressRole: String {
        case recipient = "a recipient"
        case administratorEmail = "the administrator's email"
    }

    var code: DiagnosticCode {
        switch self {
        case .repeatedRuleset, .repeatedFacts: return .duplicateSingleton
        case .tasksNotAList: return .wrongType
        case .missingFacts: return .missingFacts
        case .declaredTwice: return .duplicateDeclaration
        case .unknownReference(let kind, _):
            switch kind {
            case .product: return .unknownProduct
            case .collaboration: return .unknownCollaboration
            case .precondition: return .unknownPrecondition
            case .email: return .unknownEmail
            case .procedure: return .unknownProcedure
            // Only a test's `expect.scenario` names a scenario.
            case .scenario: return .unknownScenario
            // Nothing names a test, the ruleset or the facts by id.
            case .test, .ruleset, .facts: return .unknownCollaboration
            }
        case .notAFactPath, .placeholderAsFactPath, .administratorFactPath: return .invalidFactPath
        case .unknownFact: return .unknownFact
        case .requiredTwice: return .repeatedPrecondition
        case .listedTwice: return .duplicateListItem
        case .activatedThroughItself, .activatedThroughNotIncluding: return .activatedThroughNotIncluding
        case .activatedThroughChain: return .activatedThroughChain
        case .includeCycle: return .includeCycle
        case .procedureCycle: return .procedureCycle
        case .tooManySteps: return .tooManySteps
        case .productNotOffered: return .productNotOffered
        case .presenceOfRequiredFact: return .presenceOfRequiredFact
        case .notAValue, .notABool: return .valueNotInType
        case .boolTestedWithList, .listTestedWrongly, .valueTestOfText: return .testNotForType
        case .effectTwice: return .duplicateEffect
        case .effectNeedsEarlier: return .effectNeedsEarlier
        case .templateNeedsAdministrator, .placeholderNotAvailable: return .placeholderNotAvailable
        case .awaitsWithoutCollaboration: return .awaitsNeedsCollaboration
        case .awaitsWithoutAdministrator: return .awaitsNeedsAdministrator
        case .notAnEmailFact: return .notAnEmailFact
        case .malformedPlaceholder: return .malformedPlaceholder
        case .optionalFactInPlaceholder: return .optionalFactInPlaceholder
        case .unknownPlaceholder: return .unknownPlaceholder
        case .noScenario, .uncovered: return .coverageGap
        case .coverageTooLarge: return .coverageTooLarge
        case .overlap: return .coverageOverlap
        case .unused: return .unusedDeclaration
        case .unusedFact: return .unusedFact
        case .notARequestCode: return .unknownRequestCode
        }
    }

    var text: String {
        switch self {
        case .repeatedRuleset:
            return "a rule set has at most one '\(DeclarationKind.ruleset.rawValue)' declaration"
        case .repeatedFacts:
            return "a rule set has exactly one '\(DeclarationKind.facts.rawValue)' declaration"
        case .tasksNotAList:
            return "'customer.tasks' must be of type \(FactKind.list.rawValue): a request's task is picked from it"
        case .missingFacts(let directory):
            let set = directory.map { "the rule set in '\($0)'" } ?? "the rule set"
            return "\(set) has no '\(DeclarationKind.facts.rawValue)' declaration, so nothing can be type-checked"
        case .declaredTwice(let kind, let id):
            return "\(kind.rawValue) '\(id.excerpt)' is declared twice"
        case .unknownReference(let kind, let name):
            return "unknown \(kind == .email ? "email template" : kind.rawValue) '\(name.excerpt)'"
        case .notAFactPath(let path):
            return "'\(path.excerpt)' is not a fact path"
        case .unknownFact(let path):
            return "unknown fact '\(path.excerpt)'"
        case .requiredTwice(let precondition):
            return "precondition '\(precondition.excerpt)' is required twice"
        case .listedTwice(let name, let role):
            return "'\(name.excerpt)' is \(role.rawValue) twice"
        case .activatedThroughItself(let product):
            return "'\(product.excerpt)' cannot be activated through itself"
        case .activatedThroughChain(let through, let chained):
            return "'\(through.excerpt)' is itself activated through '\(chained.excerpt)'; 'activated-through' may not chain"
        case .activatedThroughNotIncluding(let through, let product):
            return "'\(through.excerpt)' does not include '\(product.excerpt)', so it cannot be activated through it"
        case .includeCycle(let members):
            return "products include each other in a cycle: \(Self.cycle(members))"
        case .procedureCycle(let members):
            return "procedures use each other in a cycle: \(Self.cycle(members))"
        case .tooManySteps(let scenario, let limit):
            let why: String
            switch limit {
            case .nesting(let maximum): why = "use procedures nested more than \(maximum) deep"
            case .visits(let maximum): why = "use procedures more than \(maximum) times over"
            case .steps(let maximum): why = "expand to more than \(maximum) steps"
            }
            return "the steps of scenario '\(scenario.excerpt)' \(why)"
        case .productNotOffered(let product):
            return "the collaboration does not offer product '\(product.excerpt)'"
        case .presenceOfRequiredFact(let fact):
            return "'\(fact.excerpt)' is required, so it is always present"
        case .notAValue(let value, let fact):
            return "'\(value.excerpt)' is not a value of '\(fact.excerpt)'"
        case .boolTestedWithList(let fact):
            return "'\(fact.excerpt)' is a \(FactKind.bool.rawValue): test it with true or false, not a list"
        case .notABool(let word, let fact):
            return "'\(word.excerpt)' is not a \(FactKind.bool.rawValue); '\(fact.excerpt)' takes true or false"
        case .listTestedWrongly(let fact):
            return "'\(fact.excerpt)' is a \(FactKind.list.rawValue): test it with \(TestKind.empty.rawValue) or \(TestKind.nonEmpty.rawValue)"
        case .valueTestOfText(let fact, let kind, let optional):
            let how = optional ? "test it with \(TestKind.present.rawValue) or \(TestKind.absent.rawValue)" : "a required text has no test: it is always present"
            return "'\(fact.excerpt)' is \(kind == .text ? "a text" : "an email"): \(how)"
        case .effectTwice(let kind, let template, let scenario):
            let what = template.map { "'\(kind.rawValue)' with template '\($0.excerpt)'" } ?? "'\(kind.rawValue)'"
            return "\(what) appears twice in scenario '\(scenario.excerpt)'"
        case .effectNeedsEarlier(let kind, let earlier, let need):
            let why: String
            switch need {
            case .serviceWithinCollaboration: why = "a service is activated within a collaboration"
            case .templateToAdministrator(let template): why = "template '\(template.excerpt)' goes to the administrator"
            }
            return "'\(kind.rawValue)' needs '\(earlier.rawValue)' earlier in the same scenario: \(why)"
        case .templateNeedsAdministrator(let template, let placeholder):
            return "template '\(template.excerpt)' uses '{{\(placeholder)}}', but no administrator has been created yet"
        case .awaitsWithoutCollaboration(let scenario):
            return "scenario '\(scenario.excerpt)' awaits an approval but activates no collaboration"
        case .awaitsWithoutAdministrator(let scenario):
            return "scenario '\(scenario.excerpt)' awaits the \(Approver.administrator.rawValue), but creates none"
        case .placeholderAsFactPath(let path):
            return "'\(path.excerpt)' is not a fact path: it is a placeholder, for texts written as '{{\(path)}}'"
        case .administratorFactPath(let path):
            return "'\(path.excerpt)' is not a fact path: '\(Approver.administrator.rawValue)' has no facts"
        case .notAnEmailFact(let path, let role, let kind):
            return "'\(path.excerpt)' cannot be \(role.rawValue): it is \(kind.map { "of type \($0.rawValue)" } ?? "optional")"
        case .malformedPlaceholder(let malformation):
            return "malformed placeholder: \(malformation.reason)"
        case .placeholderNotAvailable(let path, let place):
            return "'{{\(path)}}' is not available in \(place)"
        case .optionalFactInPlaceholder(let path):
            return "'{{\(path)}}' names an optional fact, which may be missing"
        case .unknownPlaceholder(let path):
            return "unknown placeholder '{{\(path)}}'"
        case .noScenario(let collaboration):
            return "no scenario handles collaboration '\(collaboration.excerpt)'"
        case .coverageTooLarge(let collaboration, let maximum):
            return "proving the coverage of collaboration '\(collaboration.excerpt)' takes more than \(maximum) steps (regions of its tested facts, times the scenarios each filters); coverage cannot be proven"
        case .uncovered(let collaboration, let combination):
            return "no scenario of collaboration '\(collaboration.excerpt)' handles \(combination)"
        case .overlap(let first, let second, let combination):
            return "scenarios '\(first.excerpt)' and '\(second.excerpt)' both handle \(combination)"
        case .unused(let kind, let id):
            return "\(kind.rawValue) '\(id.excerpt)' is not used by any scenario"
        case .unusedFact(let path):
            return "fact '\(path.excerpt)' is never read by a rule"
        case .notARequestCode(let code):
            return "'\(code.excerpt)' is not a code a request is refused with (\(Self.requestCodeRange))"
        }
    }

    /// The codes of request diagnostics, for messages: "E1001 to E1015".
    static var requestCodeRange: String {
        let codes = DiagnosticCode.requestCodes.map(\.rawValue)
        return "\(codes.first ?? "") to \(codes.last ?? "")"
    }

    /// "'a' → 'b' → 'a'"
    private static func cycle(_ members: [String]) -> String {
        (members + [members.first ?? ""]).map { "'\($0.excerpt)'" }.joined(separator: " → ")
    }
}

extension CheckMessage {
    /// The help lines of the checks; a fix-it, when there is one, is the
    /// edits given with the help at the call site.
    enum Help: HelpMessage, Hashable {
        case removeRepetition
        case removeOneOfThem
        case removeSecondOne
        case mergeIntoOne
        case renameOrRemoveCopy
        case writeTasksList
        case addFactsFile
        /// No declaration of the kind at all.
        case noneDeclared(DeclarationKind)
        /// The declared names, already summarized.
        case known(String)
        case factPaths
        /// The group (`customer`, `office`) a fact path starts with.
        case declareUnder(String)
        case writePlaceholdersLikeThis
        case makeFactRequired
        /// A declared placeholder path close to the one written.
        case didYouMeanPlaceholder(String)
        case placeholdersAre
        /// Why `administrator.email` or `portal` is not available in a request's texts.
        case administratorOnlyAfterCreation
        /// Why they are not available in a scenario's texts.
        case noCreateAdministrator
        case notKnownThere
        case useOrRemove(DeclarationKind)
        case useFactOrRemove
        case removeOneUse
        case useProceduresOnce
        case removeOneInclude
        /// The product that includes itself through 'activated-through'.
        case nameIncludingProduct(String)
        case pointDirectly(at: String)
        case addToIncludes(product: String, of: String)
        case addBeforeThisEffect(EffectKind)
        case addToItsEffects(EffectKind)
        case addAdministratorOrAwaitCustomer
        /// The request codes, with one close to what was written when there is one.
        case requestCodes(closest: String?)
        case putBefore(EffectKind)
        case useRequiredEmailFact
        case sendToAdministrator
        case useEmailFact
        case addScenario(collaboration: String)
        case testFewerFacts
        case addScenarioForCase
        case narrowWhen
        /// The products a collaboration offers (the first eight shown).
        case offers([String])
        case declareOptional
        /// The values of a fact (the first eight shown).
        case valuesAre([String])
        case writeTrueOrFalse
        case finiteValuesOnly

        var text: String {
            switch self {
            case .removeRepetition: return "remove the repetition"
            case .removeOneOfThem: return "remove one of them"
            case .removeSecondOne: return "remove the second one"
            case .mergeIntoOne: return "merge the two into one"
            case .renameOrRemoveCopy: return "rename one of them, or remove the copy"
            case .writeTasksList: return "write 'tasks: list', or give the fact another name"
            case .addFactsFile: return "add a file with 'kind: facts' declaring the office and customer facts"
            case .noneDeclared(let kind): return "no \(kind == .email ? "email template" : kind.rawValue) is declared"
            case .known(let names): return "known: \(names)"
            case .factPaths: return "fact paths are 'product', 'customer.<name>' or 'office.<name>'"
            case .declareUnder(let group): return "declare it under '\(group.excerpt)' in the facts"
            case .writePlaceholdersLikeThis: return "write placeholders as {{customer.name}}; version 1 has no escape for '{{'"
            case .makeFactRequired: return "make the fact required, or leave it out of the text"
            case .didYouMeanPlaceholder(let path): return "did you mean '{{\(path)}}'?"
            case .placeholdersAre:
                return "placeholders are declared facts (customer.…, office.…) and \(PlanValue.builtins.keys.sorted().joined(separator: ", "))"
            case .administratorOnlyAfterCreation:
                return "only email templates, 'outcome', 'then' and 'awaits.where' can use it, after '\(EffectKind.createAdministrator.rawValue)'"
            case .noCreateAdministrator: return "this scenario has no '\(EffectKind.createAdministrator.rawValue)' effect"
            case .notKnownThere: return "it is not known there"
            case .useOrRemove(let kind):
                switch kind {
                case .product: return "offer it in a collaboration, or remove it"
                case .precondition: return "require it from a collaboration or scenario, or remove it"
                case .email: return "send it with '\(EffectKind.sendEmail.rawValue)', or remove it"
                case .procedure, .ruleset, .facts, .collaboration, .scenario, .test: return "use it in a scenario's steps, or remove it"
                }
            case .useFactOrRemove: return "use it in a condition or a text, or remove it"
            case .removeOneUse: return "remove one of these 'use' steps"
            case .useProceduresOnce: return "use each procedure once where it is needed instead of nesting repeated uses"
            case .removeOneInclude: return "remove one of these 'includes' entries"
            case .nameIncludingProduct(let product): return "name the product that includes '\(product.excerpt)', or remove 'activated-through'"
            case .pointDirectly(let product): return "point 'activated-through' at '\(product.excerpt)' directly"
            case .addToIncludes(let product, let through): return "add '\(product.excerpt)' to the 'includes' of '\(through.excerpt)'"
            case .addBeforeThisEffect(let kind): return "add '\(kind.rawValue)' before this effect"
            case .addToItsEffects(let kind): return "add '\(kind.rawValue)' to its effects"
            case .requestCodes(let closest):
                return (closest.map { "did you mean '\($0)'? " } ?? "") + "request codes are \(CheckMessage.requestCodeRange); 'tillval explain CODE' says what each means"
            case .addAdministratorOrAwaitCustomer:
                return "add '\(EffectKind.createAdministrator.rawValue)' to its effects, or await the customer"
            case .putBefore(let kind): return "put '\(kind.rawValue)' before it"
            case .useRequiredEmailFact: return "use a required fact of type \(FactKind.email.rawValue)"
            case .sendToAdministrator:
                return "to send to the administrator that '\(EffectKind.createAdministrator.rawValue)' creates, write 'to: \(Approver.administrator.rawValue)'; otherwise use a required email fact, such as 'customer.email'"
            case .useEmailFact: return "use a required email fact, such as 'customer.email'"
            case .addScenario(let collaboration): return "add a scenario with 'collaboration: \(collaboration)'"
            case .testFewerFacts: return "test fewer facts in the 'when' of its scenarios, or raise --max-coverage-regions"
            case .addScenarioForCase: return "add a scenario for this case, or widen the 'when' of an existing one"
            case .narrowWhen: return "narrow the 'when' of one of them so each case has exactly one scenario"
            case .offers(let products): return "it offers \(Self.firstEight(products))"
            case .declareOptional: return "declare it with 'optional: true', or test its value"
            case .valuesAre(let values): return "its values are \(Self.firstEight(values))"
            case .writeTrueOrFalse: return "write true or false"
            case .finiteValuesOnly: return "conditions can only test facts with a finite set of values"
            }
        }

        private static func firstEight(_ names: [String]) -> String {
            "\(names.prefix(8).joined(separator: ", "))\(names.count > 8 ? ", …" : "")"
        }
    }

    /// The notes of the checks.
    enum Note: NoteMessage, Hashable {
        case firstHere
        case firstRequiredHere
        case firstIncludedHere
        case firstDeclaredHere
        case declaredHere
        case declaredOptionalHere
        case valuesDeclaredHere
        case usedHere
        case cycleContinuesHere
        /// The effect a diagnosed one needs, written after it.
        case comesOnlyLater(EffectKind)
        case activatedThrough(String, chained: String)
        /// A product, named at its declaration.
        case isDeclaredHere(String)
        /// The scenario that also handles a case.
        case pickedHere(scenario: String)

        var text: String {
            switch self {
            case .firstHere: return "first here"
            case .firstRequiredHere: return "first required here"
            case .firstIncludedHere: return "first included here"
            case .firstDeclaredHere: return "first declared here"
            case .declaredHere: return "declared here"
            case .declaredOptionalHere: return "declared optional here"
            case .valuesDeclaredHere: return "its values are declared here"
            case .usedHere: return "used here"
            case .cycleContinuesHere: return "the cycle continues here"
            case .comesOnlyLater(let kind): return "'\(kind.rawValue)' comes only later, here"
            case .activatedThrough(let product, let chained): return "'\(product.excerpt)' is activated through '\(chained.excerpt)' here"
            case .isDeclaredHere(let product): return "'\(product.excerpt)' is declared here"
            case .pickedHere(let scenario): return "'\(scenario.excerpt)' is picked here"
            }
        }
    }
}

import TillvalPlan
import TillvalSyntax

// The runtime's diagnostics about requests, one message type per stage
// (read, bind, plan): each case makes its code, its text and its help (the
// suggestion, did-you-mean included). Call sites name a case; none builds a
// message or a suggestion string.

/// A message of the runtime: a `DiagnosticMessage` that also makes its help.
public protocol RuntimeMessage: DiagnosticMessage {
    /// The suggestion the diagnostic carries; nil when there is nothing to add.
    var help: Suggestion? { get }
}

extension RuntimeMessage {
    /// The diagnostic, with its help.
    public func diagnostic(at range: SourceRange?, notes: [DiagnosticNote] = []) -> Diagnostic {
        Diagnostic(self, at: range, notes: notes, suggestion: help)
    }
}

extension DiagnosticSink {
    /// Emits `message` with its help.
    mutating func report(_ message: some RuntimeMessage, at range: SourceRange?, notes: [DiagnosticNote] = []) {
        emit(message.diagnostic(at: range, notes: notes))
    }
}

/// Reading a request file or standard input (`RequestReader`, `InputLimits`).
public enum RequestReadingMessage: RuntimeMessage, Equatable {
    /// Why a request file cannot be opened.
    public enum Unreadable: String, Sendable {
        case doesNotExist = "does not exist"
        case isADirectory = "is a directory"
        case cannotBeRead = "cannot be read"
    }

    /// The path names no readable file.
    case unreadableFile(path: String, Unreadable)
    /// Reading the file failed after it was opened.
    case readingFailed(path: String)
    /// Reading standard input failed.
    case unreadableStandardInput
    /// The whole input passed `--max-input-size` (`limit` bytes); `ran`
    /// requests read before the limit (from a stream) had already run.
    case inputTooLarge(path: String, limit: Int, ran: Int = 0)
    /// One request, starting at `start`, passed `--max-request-size`.
    case requestTooLarge(start: SourceLocation, bytes: Int, limit: Int)
    /// The file holds no request at all.
    case noRequests(path: String)

    public var code: DiagnosticCode {
        switch self {
        case .unreadableFile, .readingFailed, .unreadableStandardInput: return .unreadableInput
        case .inputTooLarge: return .requestInputTooLarge
        case .requestTooLarge: return .requestTooLarge
        case .noRequests: return .noRequests
        }
    }

    public var text: String {
        switch self {
        case .unreadableFile(let path, let why):
            return "the request file '\(path.escapedForTerminal)' \(why.rawValue)"
        case .readingFailed(let path):
            return "the request file '\(path.escapedForTerminal)' cannot be read (reading failed)"
        case .unreadableStandardInput:
            return "standard input cannot be read"
        case .inputTooLarge(let path, let limit, let ran):
            let run = ran == 0 ? "nothing of it was run"
                : "the \(ran == 1 ? "request" : "\(ran) requests") before the limit ran, nothing after it"
            return "'\(path.escapedForTerminal)' is larger than \(InputLimits.describe(limit)), the limit for a request input; \(run)"
        case .requestTooLarge(let start, let bytes, let limit):
            return "the request at \(start.description) is \(bytes) bytes, more than \(InputLimits.describe(limit)), the limit for one request; it was not read"
        case .noRequests(let path):
            return "'\(path)' holds no request"
        }
    }

    public var help: Suggestion? {
        switch self {
        case .unreadableFile, .readingFailed, .unreadableStandardInput:
            return Suggestion("give the path of a .yaml, .json or .jsonl request file, or - for standard input")
        case .inputTooLarge:
            return Suggestion("split the input, or raise the limit with --max-input-size BYTES")
        case .requestTooLarge:
            return Suggestion("split it, or raise the limit with --max-request-size BYTES")
        case .noRequests:
            return Suggestion("write a request: office, customer, product (see Examples/)")
        }
    }
}

/// Binding a request to the plan's facts (`RequestBinder`, `FactBinding`).
/// `what` arguments name the value in the message's own words
/// ("'customer.id'", "an item of 'customer.tasks'").
public enum RequestBindingMessage: RuntimeMessage, Equatable {
    /// The request is not a mapping; `found` is its shape.
    case requestNotAMapping(found: String)
    case unknownKey(String)
    case groupNotAMapping(FactGroup, found: String)
    /// `known`: the names the plan declares in the group.
    case unknownFact(FactGroup, name: String, known: [String])
    /// `customer.id` is not a non-empty text; `found` is what it is.
    case customerIDNotText(found: String)
    case missingCustomerID
    case missingFact(FactPath, PlanFactType)
    case missingProduct
    /// `product`, `collaboration` or `task` is not a text.
    case notText(what: String, found: String)
    case unknownCollaboration(String, known: [String])
    case severalCollaborationsOffer(product: String, collaborations: [String])
    /// No collaboration offers the product; `offered`: the products any offers.
    case productNotOffered(String, offered: [String])
    case productNotOfferedBy(collaboration: String, product: String, offered: [String])
    case taskNotCustomers(task: String, tasks: [String])
    case taskRequired(tasks: [String])
    /// A fact's value is not of its declared type.
    case wrongType(FactPath, expected: PlanFactType, found: String)
    case itemNotText(FactPath, found: String)
    case notAnEmailAddress(String)
    case valueNotAllowed(String, FactPath, values: [String])
    case controlCharacter(what: String, Unicode.Scalar, in: String)
    case hiddenCharacter(what: String, Unicode.Scalar, in: String)
    case onlyWhiteSpace(what: String)
    case whiteSpaceAround(what: String, in: String)
    case whiteSpaceInID(what: String, Unicode.Scalar, in: String)
    case notComposed(what: String, in: String)

    /// How many characters of a rejected value a message shows, escaped.
    public static let echoLimit = 80

    public var code: DiagnosticCode {
        switch self {
        case .requestNotAMapping, .groupNotAMapping, .customerIDNotText, .notText, .wrongType, .itemNotText: return .requestWrongType
        case .unknownKey, .unknownFact: return .unknownRequestFact
        case .missingCustomerID, .missingFact, .missingProduct: return .missingRequestFact
        case .unknownCollaboration, .severalCollaborationsOffer: return .collaborationNotResolved
        case .productNotOffered, .productNotOfferedBy: return .requestProductNotOffered
        case .taskNotCustomers: return .taskNotCustomers
        case .taskRequired: return .taskRequired
        case .notAnEmailAddress: return .invalidEmailAddress
        case .valueNotAllowed: return .requestValueNotAllowed
        case .controlCharacter, .hiddenCharacter, .onlyWhiteSpace, .whiteSpaceAround, .whiteSpaceInID, .notComposed:
            return .controlCharacterInRequest
        }
    }

    public var text: String {
        let limit = Self.echoLimit
        switch self {
        case .requestNotAMapping(let found):
            return "a request must be a mapping with 'customer' and 'product', found \(found)"
        case .unknownKey(let key):
            return "unknown key '\(key.excerpt)' in the request"
        case .groupNotAMapping(let group, let found):
            return "'\(group.rawValue.excerpt)' must be a mapping of facts, found \(found)"
        case .unknownFact(let group, let name, _):
            return "unknown fact '\(group.rawValue).\(name.excerpt)'"
        case .customerIDNotText(let found):
            return "'\(FactPath.customerID)' must be a non-empty text, found \(found)"
        case .missingCustomerID:
            return "the request has no '\(FactPath.customerID)'"
        case .missingFact(let path, let type):
            return "the request has no '\(path.excerpt)' (\(Self.describe(type)))"
        case .missingProduct:
            return "the request has no '\(FactPath.product)'"
        case .notText(let what, let found):
            return "'\(what.excerpt)' must be a text, found \(found)"
        case .unknownCollaboration(let name, _):
            return "unknown collaboration '\(name.excerpt)'"
        case .severalCollaborationsOffer(let product, let collaborations):
            return "several collaborations offer '\(product.excerpt)': \(collaborations.joined(separator: ", "))"
        case .productNotOffered(let product, _):
            return "no collaboration offers product '\(product.excerpt)'"
        case .productNotOfferedBy(let collaboration, let product, _):
            return "collaboration '\(collaboration.excerpt)' does not offer product '\(product.excerpt)'"
        case .taskNotCustomers(let task, let tasks):
            let why = tasks.isEmpty ? "the customer has no task" : "the customer's tasks are \(Self.listed(tasks))"
            return "'\(task.excerpt)' is not one of the customer's tasks: \(why)"
        case .taskRequired(let tasks):
            return "the customer has \(tasks.count) tasks; the request must say which one is picked"
        case .wrongType(let path, let expected, let found):
            return "'\(path)' must be \(Self.expected(expected)), found \(found)"
        case .itemNotText(let path, let found):
            return "the items of '\(path)' must be texts, found \(found)"
        case .notAnEmailAddress(let value):
            return "'\(value.escapedForTerminal(limit: limit))' is not an email address"
        case .valueNotAllowed(let value, let path, _):
            return "'\(value.escapedForTerminal(limit: limit))' is not a value of '\(path)'"
        case .controlCharacter(let what, let scalar, let text):
            return "\(what) holds the control character \\u{\(String(scalar.value, radix: 16, uppercase: true))}: '\(text.escapedForTerminal(limit: limit))'"
        case .hiddenCharacter(let what, let scalar, let text):
            return "\(what) holds the hidden character U+\(Self.hex(scalar)): '\(text.excerpt(limit: limit))'"
        case .onlyWhiteSpace(let what):
            return "\(what) is only white space"
        case .whiteSpaceAround(let what, let text):
            return "\(what) starts or ends with white space: '\(text.excerpt(limit: limit))'"
        case .whiteSpaceInID(let what, let scalar, let text):
            return "\(what) holds the white space U+\(Self.hex(scalar)): '\(text.excerpt(limit: limit))'"
        case .notComposed(let what, let text):
            return "\(what) is not in composed form (NFC): '\(text.excerpt(limit: limit))'"
        }
    }

    public var help: Suggestion? {
        switch self {
        case .unknownKey(let key):
            return Spelling.closest(to: key, among: RequestBinder.topLevelKeys).map(Suggestion.didYouMean)
                ?? Suggestion("a request has \(RequestBinder.topLevelKeys.joined(separator: ", "))")
        case .unknownFact(let group, let name, let known):
            return Spelling.closest(to: name, among: known).map { Suggestion("did you mean '\(FactPath(group, $0))'?") }
                ?? Suggestion("the plan declares \(known.map { FactPath(group, $0).description }.joined(separator: ", "))")
        case .missingCustomerID:
            return Suggestion("add 'id:' under '\(FactGroup.customer.rawValue)': it is how the store knows the customer again")
        case .missingFact(let path, _):
            guard let group = path.group, let name = path.name else { return nil }
            return Suggestion("add '\(name):' under '\(group.rawValue.excerpt)'")
        case .missingProduct:
            return Suggestion("add '\(FactPath.product):' with the id of the product to activate")
        case .unknownCollaboration(let name, let known):
            return Spelling.closest(to: name, among: known).map(Suggestion.didYouMean)
                ?? Suggestion("the plan has \(known.joined(separator: ", "))")
        case .severalCollaborationsOffer:
            return Suggestion("add 'collaboration:' to the request")
        case .productNotOffered(let product, let offered):
            return Spelling.closest(to: product, among: offered).map(Suggestion.didYouMean)
        case .productNotOfferedBy(_, let product, let offered):
            return Spelling.closest(to: product, among: offered).map(Suggestion.didYouMean)
                ?? Suggestion("it offers \(offered.joined(separator: ", "))")
        case .taskNotCustomers(let task, let tasks):
            return Spelling.closest(to: task, among: tasks).map(Suggestion.didYouMean)
        case .taskRequired(let tasks):
            return Suggestion("add 'task:' with one of \(Self.listed(tasks))")
        case .notAnEmailAddress:
            return Suggestion("an address has exactly one '@' with text on both sides and no white space")
        case .valueNotAllowed(let value, _, let values):
            return Spelling.closest(to: value, among: values).map(Suggestion.didYouMean)
                ?? Suggestion("its values are \(values.joined(separator: ", "))")
        case .controlCharacter:
            return Suggestion("send it without control characters (no NUL, escape, tab or line break)")
        case .hiddenCharacter:
            return Suggestion("send it without invisible characters (zero-width spaces, byte order marks, direction marks, line separators)")
        case .onlyWhiteSpace:
            return Suggestion("send a value with visible characters")
        case .whiteSpaceAround:
            return Suggestion("send it without the white space around it")
        case .whiteSpaceInID:
            return Suggestion("an id has no spaces: send it without them")
        case .notComposed:
            return Suggestion("write it in composed form: 'é' as one character, not 'e' and a combining accent")
        case .requestNotAMapping, .groupNotAMapping, .customerIDNotText, .notText, .wrongType, .itemNotText:
            return nil
        }
    }

    /// How a missing fact's type reads: "email", "one of a, b".
    static func describe(_ type: PlanFactType) -> String {
        if case .oneOf(let values) = type { return "one of \(values.joined(separator: ", "))" }
        return type.kind.rawValue
    }

    /// What a value of `type` must be: "a text", "true or false".
    static func expected(_ type: PlanFactType) -> String {
        switch type {
        case .text: return "a text"
        case .email: return "an email address"
        case .bool: return "true or false"
        case .list: return "a list of texts"
        case .oneOf(let values): return "one of \(values.joined(separator: ", "))"
        }
    }

    /// At most eight values of a list the request gave, each excerpted, with
    /// "and N more": a message never repeats a whole list.
    static func listed(_ values: [String]) -> String {
        let shown = values.prefix(8).map { "'\($0.excerpt)'" }.joined(separator: ", ")
        return values.count > 8 ? "\(shown) and \(values.count - 8) more" : shown
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Planning a bound request (`RequestPlanner`): what a plan edited by hand,
/// or a value that would break an email, stops.
public enum RequestPlanningMessage: RuntimeMessage, Equatable {
    case productNotOffered(collaboration: String, product: String)
    /// `matching` scenarios (none, or several) match the request.
    case noSingleScenario(collaboration: String, matching: [String])
    /// A value with a line break would be placed into an email's subject.
    case lineBreakInSubject(PlanValue, template: String)

    public var code: DiagnosticCode {
        switch self {
        case .productNotOffered: return .requestProductNotOffered
        case .noSingleScenario: return .noScenarioMatches
        case .lineBreakInSubject: return .lineBreakInSubject
        }
    }

    public var text: String {
        switch self {
        case .productNotOffered(let collaboration, let product):
            return "collaboration '\(collaboration)' does not offer '\(product.excerpt)'"
        case .noSingleScenario(let collaboration, let matching):
            let what = matching.isEmpty ? "no scenario" : "\(matching.count) scenarios (\(matching.joined(separator: ", ")))"
            return "\(what) of collaboration '\(collaboration)' match this request"
        case .lineBreakInSubject(let value, let template):
            return "'\(value)' contains a line break, but it is placed into the subject of email '\(template)'"
        }
    }

    public var help: Suggestion? {
        switch self {
        case .productNotOffered: return nil
        case .noSingleScenario: return Suggestion("the plan file may have been edited by hand; compile it again from the rules")
        case .lineBreakInSubject: return Suggestion("write the value on one line")
        }
    }
}

extension FactPath {
    /// `id`, under `customer`: the customer's id, which every request gives.
    public static let customerIDKey = "id"
    /// `customer.id`.
    public static let customerID = FactPath.customer(customerIDKey)

    /// The fact's name within its group; nil for `product`.
    var name: String? {
        switch self {
        case .product: return nil
        case .office(let name), .customer(let name): return name
        }
    }
}

/// The catalogue of every diagnostic tillval can report. A code never changes
/// meaning once released; retired codes are not reused. `docs/diagnostics.md`
/// is generated from this list and `tillval explain CODE` prints one entry.
public enum DiagnosticCode: String, CaseIterable, Sendable, Codable, Hashable {
    // Reading and YAML (E00xx)
    case unreadableInput = "E0001"
    case noRuleFiles = "E0002"
    case invalidEncoding = "E0003"
    case yamlSyntax = "E0004"
    case duplicateKey = "E0005"
    case anchorOrAlias = "E0006"
    case tag = "E0007"
    case mergeKey = "E0008"
    case complexKey = "E0009"
    case documentNotMapping = "E0010"
    case nestingTooDeep = "E0011"
    case fileTooLarge = "E0012"
    case ruleSetTooLarge = "E0013"
    case scalarTooLong = "E0014"

    // Shape of declarations (E01xx)
    case missingKind = "E0101"
    case unknownKind = "E0102"
    case unknownKey = "E0103"
    case missingKey = "E0104"
    case wrongType = "E0105"
    case invalidIdentifier = "E0106"
    case invalidValue = "E0107"
    case emptyList = "E0108"
    case unsupportedFormat = "E0109"
    case duplicateSingleton = "E0110"
    case missingFacts = "E0111"
    case factTypeConflict = "E0112"
    case emptyExpectation = "E0113"
    case rejectedWithOtherExpectations = "E0114"

    // Declarations (E02xx)
    case duplicateDeclaration = "E0201"
    case duplicateEnumValue = "E0202"
    case reservedFact = "E0203"
    case duplicateListItem = "E0204"

    // References (E03xx)
    case unknownProduct = "E0301"
    case unknownCollaboration = "E0302"
    case unknownPrecondition = "E0303"
    case unknownEmail = "E0304"
    case unknownProcedure = "E0305"
    case unknownFact = "E0306"
    case invalidFactPath = "E0307"
    case unknownScenario = "E0308"
    case unknownRequestCode = "E0309"

    // Products (E04xx)
    case includeCycle = "E0401"
    case activatedThroughNotIncluding = "E0402"
    case activatedThroughChain = "E0403"

    // Conditions (E05xx)
    case valueNotInType = "E0501"
    case testNotForType = "E0502"
    case presenceOfRequiredFact = "E0503"
    case emptyValueList = "E0504"

    // Coverage (E06xx)
    case coverageGap = "E0601"
    case coverageOverlap = "E0602"
    case productNotOffered = "E0603"
    case coverageTooLarge = "E0604"

    // Effects (E07xx)
    case unknownEffect = "E0701"
    case effectNeedsEarlier = "E0702"
    case duplicateEffect = "E0703"
    case awaitsNeedsAdministrator = "E0704"
    case awaitsNeedsCollaboration = "E0705"
    case notAnEmailFact = "E0706"

    // Placeholders (E08xx)
    case unknownPlaceholder = "E0801"
    case placeholderNotAvailable = "E0802"
    case optionalFactInPlaceholder = "E0803"
    case malformedPlaceholder = "E0804"

    // Procedures (E09xx)
    case procedureCycle = "E0901"
    case tooManySteps = "E0902"

    // Requests (E10xx)
    case unknownRequestFact = "E1001"
    case missingRequestFact = "E1002"
    case requestWrongType = "E1003"
    case requestValueNotAllowed = "E1004"
    case requestProductNotOffered = "E1005"
    case taskNotCustomers = "E1006"
    case taskRequired = "E1007"
    case collaborationNotResolved = "E1008"
    case invalidEmailAddress = "E1009"
    case lineBreakInSubject = "E1010"
    case noScenarioMatches = "E1011"
    case noRequests = "E1012"
    case controlCharacterInRequest = "E1013"
    case requestTooLarge = "E1014"
    case requestInputTooLarge = "E1015"

    // Plan files (E11xx)
    case unreadablePlan = "E1101"
    case unsupportedPlanFormat = "E1102"
    case planIntegrityMismatch = "E1103"
    case invalidPlan = "E1104"

    // Warnings (W01xx)
    case unusedDeclaration = "W0101"
    case unusedFact = "W0102"
    case repeatedPrecondition = "W0103"

    /// The severity a diagnostic with this code has unless a stage says otherwise.
    public var severity: Severity { rawValue.hasPrefix("W") ? .warning : .error }

    /// The codes a request is refused with (E10xx), in order: what a rule
    /// test's `expect.rejected` may name.
    public static var requestCodes: [DiagnosticCode] { allCases.filter { $0.rawValue.hasPrefix("E10") } }

    /// A reading or YAML problem (E00xx): listed before everything else.
    public var isLoadProblem: Bool { rawValue.hasPrefix("E00") }

    /// Looks a code up by its text, case-insensitively (`e0301` works too).
    public init?(code: String) {
        self.init(rawValue: code.uppercased())
    }
}

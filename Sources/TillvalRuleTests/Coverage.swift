import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// Measures which parts of a rule set its tests reached (issue 9, "Coverage"):
/// every scenario, every value of every fact a scenario's `when` tests, every
/// offered product, every precondition both met and unmet, every email
/// template and every follow-up (`outcome` and each `then` item).
///
/// Pure: the compiled plan and what came of each test's request in, a
/// `CoverageReport` out. It reads the plan and the runtime's results only,
/// never the rule files.
public struct RuleCoverage: Sendable {
    /// What came of one test's request.
    public enum Run: Sendable {
        /// The request bound and was planned: the bound request and its plan
        /// (whether or not its preconditions hold).
        case planned(Request, RequestPlan)
        /// The request did not bind, or could not be planned: it reached nothing.
        case rejected
    }

    public let plan: Plan

    public init(plan: Plan) {
        self.plan = plan
    }

    /// The report over `runs`: every item of the plan, each marked reached
    /// when at least one run reached it.
    public func report(_ runs: [Run]) -> CoverageReport {
        let reached = Reached(runs, facts: plan.facts)
        var items: [CoverageItem] = []
        var whenItems: [CoverageItem] = []
        var productItems: [CoverageItem] = []
        // Each precondition and template once, in order of first use; the sets keep the look-ups linear.
        var preconditions: [PlanPrecondition] = []
        var emails: [PlanEmail] = []
        var seen: (preconditions: Set<String>, emails: Set<String>) = ([], [])
        var followUps: [CoverageItem] = []

        for collaboration in plan.collaborations {
            let space = CoverageSpace(collaboration, facts: plan.facts)
            for scenario in collaboration.scenarios {
                let subject = CoverageSubject.scenario(collaboration: collaboration.id, scenario: scenario.id)
                let isReached = reached.scenarios.contains(ScenarioKey(collaboration: collaboration.id, scenario: scenario.id))
                items.append(CoverageItem(subject: subject, origin: scenario.origin, reached: isReached,
                                          picking: isReached ? nil : space.picking(scenario, reached: reached)))
                for precondition in scenario.preconditions where seen.preconditions.insert(precondition.id).inserted {
                    preconditions.append(precondition)
                }
                for effect in scenario.effects {
                    if case .sendEmail(let email) = effect.action, seen.emails.insert(email.id).inserted { emails.append(email) }
                }
                let ran = reached.ran.contains(ScenarioKey(collaboration: collaboration.id, scenario: scenario.id))
                if scenario.outcome != nil {
                    followUps.append(CoverageItem(subject: .outcome(collaboration: collaboration.id, scenario: scenario.id),
                                                  origin: scenario.origin, reached: ran))
                }
                for index in scenario.then.indices {
                    followUps.append(CoverageItem(subject: .then(collaboration: collaboration.id, scenario: scenario.id, item: index + 1),
                                                  origin: scenario.origin, reached: ran))
                }
            }
            for dimension in space.dimensions where dimension.fact != .product {
                for value in dimension.values {
                    let setting = FactSetting(fact: dimension.fact, value: value)
                    whenItems.append(CoverageItem(subject: .when(collaboration: collaboration.id, setting),
                                                  origin: space.origin(of: setting) ?? collaboration.origin,
                                                  reached: reached.settings.contains(SettingKey(collaboration: collaboration.id, setting: setting))))
                }
            }
            for offer in collaboration.offers {
                let setting = FactSetting(fact: .product, value: .value(offer.product))
                productItems.append(CoverageItem(subject: .product(collaboration: collaboration.id, product: offer.product),
                                                 origin: space.origin(of: setting) ?? collaboration.origin,
                                                 reached: reached.settings.contains(SettingKey(collaboration: collaboration.id, setting: setting))))
            }
        }
        items += whenItems + productItems
        for precondition in preconditions {
            items.append(CoverageItem(subject: .precondition(precondition.id, met: true), origin: precondition.origin,
                                      reached: reached.metPreconditions.contains(precondition.id)))
            items.append(CoverageItem(subject: .precondition(precondition.id, met: false), origin: precondition.origin,
                                      reached: reached.unmetPreconditions.contains(precondition.id)))
        }
        items += emails.map { CoverageItem(subject: .email(template: $0.id), origin: $0.origin, reached: reached.emails.contains($0.id)) }
        items += followUps
        return CoverageReport(items: items, collaborations: plan.collaborations.count)
    }
}

/// One thing a test can reach.
public enum CoverageSubject: Hashable, Sendable {
    /// A scenario, picked by some test's request.
    case scenario(collaboration: String, scenario: String)
    /// One value of a fact that a scenario's `when` tests, taken by some
    /// test's request to the collaboration. (`product` is counted as `product`.)
    case when(collaboration: String, FactSetting)
    /// A product the collaboration offers, asked for by some test.
    case product(collaboration: String, product: String)
    /// A precondition seen to hold (`met`) or to fail by some test.
    case precondition(String, met: Bool)
    /// An email template, rendered by a test whose preconditions all hold.
    case email(template: String)
    /// A scenario's `outcome`, shown to a test whose preconditions all hold.
    case outcome(collaboration: String, scenario: String)
    /// A scenario's `then` item (1-based), likewise.
    case then(collaboration: String, scenario: String, item: Int)

    public var kind: CoverageKind {
        switch self {
        case .scenario: return .scenario
        case .when: return .when
        case .product: return .product
        case .precondition(_, let met): return met ? .preconditionMet : .preconditionUnmet
        case .email: return .email
        case .outcome: return .outcome
        case .then: return .then
        }
    }

    /// The collaboration the item belongs to; nil for preconditions and
    /// email templates, which are counted once however many scenarios use them.
    public var collaboration: String? {
        switch self {
        case .scenario(let collaboration, _), .when(let collaboration, _), .product(let collaboration, _),
             .outcome(let collaboration, _), .then(let collaboration, _, _):
            return collaboration
        case .precondition, .email:
            return nil
        }
    }

    /// The item in the words of the rules: `scenario registered`,
    /// `when customer.relation: registered`, `precondition connected-task unmet`,
    /// `then 1 of scenario registered`.
    public var description: String {
        switch self {
        case .scenario(_, let scenario): return "\(CoverageKind.scenario.rawValue) \(scenario)"
        case .when(_, let setting): return "\(CoverageKind.when.rawValue) \(setting)"
        case .product(_, let product): return "\(CoverageKind.product.rawValue) \(product)"
        case .precondition(let id, let met): return "precondition \(id) \(met ? "met" : "unmet")"
        case .email(let template): return "\(CoverageKind.email.rawValue) \(template)"
        case .outcome(_, let scenario): return "\(CoverageKind.outcome.rawValue) of \(CoverageKind.scenario.rawValue) \(scenario)"
        case .then(_, let scenario, let item): return "\(CoverageKind.then.rawValue) \(item) of \(CoverageKind.scenario.rawValue) \(scenario)"
        }
    }
}

/// One item of a coverage report.
public struct CoverageItem: Equatable, Sendable {
    public var subject: CoverageSubject
    /// Where the item is written: the scenario's id, the `when` entry that
    /// accepts the value (or the collaboration's id), the precondition's or
    /// template's id; follow-ups point at their scenario's id.
    public var origin: SourceLocation
    public var reached: Bool
    /// For a scenario no test reached: the facts of a request that would
    /// pick it, `product` first, then its `when` entries in order.
    public var picking: [FactSetting]?

    public init(subject: CoverageSubject, origin: SourceLocation, reached: Bool, picking: [FactSetting]? = nil) {
        self.subject = subject
        self.origin = origin
        self.reached = reached
        self.picking = picking
    }
}

/// What the tests of a rule set reached, item by item, in a fixed order:
/// scenarios, `when` values, products, preconditions (met, then unmet),
/// email templates, follow-ups.
public struct CoverageReport: Equatable, Sendable {
    public var items: [CoverageItem]
    /// How many collaborations the plan has: with more than one, the text
    /// names each item's collaboration.
    public var collaborations: Int

    public init(items: [CoverageItem], collaborations: Int) {
        self.items = items
        self.collaborations = collaborations
    }

    public var total: Int { items.count }
    public var reachedCount: Int { items.filter(\.reached).count }
    public var unreached: [CoverageItem] { items.filter { !$0.reached } }

    /// Reached items in percent of all; 100 when there is nothing to reach.
    public var percent: Double {
        total == 0 ? 100 : Double(reachedCount) * 100 / Double(total)
    }

    /// Whether the coverage is at least `minimum` percent (`--min-coverage`),
    /// compared exactly, not after rounding: 74 of 75 items do not meet 99.
    public func meets(minimum: Double) -> Bool {
        Double(reachedCount) * 100 >= minimum * Double(total)
    }

    /// The percentage with one decimal, rounded down, so that it reads
    /// `100.0` only when every item was reached: `97.3` for 73 of 75.
    public var percentText: String {
        guard total > 0 else { return "100.0" }
        let tenths = reachedCount * 1000 / total
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The report for people: `coverage: 97.3 % (73 of 75)`, then one line
    /// per item no test reached, `file:line:column: not reached: …`; for a
    /// scenario, with the facts of a request that would pick it.
    public var lines: [String] {
        var lines = ["coverage: \(percentText) % (\(reachedCount) of \(total))"]
        for item in unreached {
            var line = "\(item.origin.description.escapedForTerminal): not reached: \(item.subject.description)"
            if collaborations > 1, let collaboration = item.subject.collaboration {
                line += " (collaboration \(collaboration))"
            }
            if let picking = item.picking {
                line += "; a request with \(picking.map(\.description).joined(separator: ", ")) picks it"
            }
            lines.append(line)
        }
        return lines
    }
}

// MARK: - What the runs reached

private struct ScenarioKey: Hashable {
    var collaboration: String
    var scenario: String
}

private struct SettingKey: Hashable {
    var collaboration: String
    var setting: FactSetting
}

/// Everything the runs reached, as sets to look items up in.
private struct Reached {
    /// Scenarios picked.
    var scenarios: Set<ScenarioKey> = []
    /// Scenarios picked with every precondition met: their follow-ups were shown.
    var ran: Set<ScenarioKey> = []
    /// Each fact's value in each request, per collaboration, `product` included.
    var settings: Set<SettingKey> = []
    var metPreconditions: Set<String> = []
    var unmetPreconditions: Set<String> = []
    /// Templates rendered by runnable plans.
    var emails: Set<String> = []

    init(_ runs: [RuleCoverage.Run], facts: PlanFacts) {
        let declared = (facts.office.map { FactPath.office($0.name) } + facts.customer.map { FactPath.customer($0.name) })
        for run in runs {
            guard case .planned(let request, let plan) = run else { continue }
            let collaboration = plan.collaboration.id
            let key = ScenarioKey(collaboration: collaboration, scenario: plan.scenario.id)
            scenarios.insert(key)
            settings.insert(SettingKey(collaboration: collaboration, setting: FactSetting(fact: .product, value: .value(request.product))))
            for fact in declared {
                let values = request.facts[fact].map(FactDomainValue.values(standingFor:)) ?? [.presence(.absent)]
                for value in values {
                    settings.insert(SettingKey(collaboration: collaboration, setting: FactSetting(fact: fact, value: value)))
                }
            }
            for precondition in plan.preconditions {
                if precondition.holds { metPreconditions.insert(precondition.id) } else { unmetPreconditions.insert(precondition.id) }
            }
            guard plan.isRunnable else { continue }
            ran.insert(key)
            for effect in plan.effects {
                if case .sendEmail(let email) = effect.action { emails.insert(email.template) }
            }
        }
    }
}

// MARK: - A collaboration's space

/// The facts a collaboration's scenarios test in `when`, each with its
/// finite domain, as the compiler's coverage proof enumerates them.
private struct CoverageSpace {
    struct Dimension {
        var fact: FactPath
        var values: [FactDomainValue]
    }

    let collaboration: PlanCollaboration
    /// In order of first use in the scenarios' `when`.
    let dimensions: [Dimension]
    /// The `when` entries of the collaboration's scenarios, by fact, in order.
    let tests: [FactPath: [PlanTest]]

    init(_ collaboration: PlanCollaboration, facts: PlanFacts) {
        self.collaboration = collaboration
        var dimensions: [Dimension] = []
        var tests: [FactPath: [PlanTest]] = [:]
        for test in collaboration.scenarios.flatMap(\.when) {
            if tests[test.fact] == nil {
                dimensions.append(Dimension(fact: test.fact, values: FactDomainValue.domain(of: test.fact, facts: facts, offers: collaboration.offers)))
            }
            tests[test.fact, default: []].append(test)
        }
        self.dimensions = dimensions
        self.tests = tests
    }

    /// Whether `test` holds for a request whose fact has `value`.
    static func accepts(_ test: PlanTest, _ value: FactDomainValue) -> Bool {
        switch (test.test, value) {
        case (.anyOf(let values), .value(let given)): return values.contains(given)
        case (.equals(let expected), .bool(let given)): return expected == given
        case (.empty, .emptiness(let given)), (.nonEmpty, .emptiness(let given)): return given == test.test.kind
        case (.present, let given): return given != .presence(.absent)
        case (.absent, let given): return given == .presence(.absent)
        default: return false
        }
    }

    /// Where a value is written: the first `when` entry of the
    /// collaboration's scenarios that accepts it, else the first that tests its fact.
    func origin(of setting: FactSetting) -> SourceLocation? {
        let tests = self.tests[setting.fact] ?? []
        return (tests.first { Self.accepts($0, setting.value) } ?? tests.first)?.origin
    }

    /// The facts of a request that picks `scenario`: `product` first (the
    /// value its `when` names, else an offered product), then each `when`
    /// entry with a value it accepts, preferring values no test reached.
    func picking(_ scenario: PlanScenario, reached: Reached) -> [FactSetting] {
        func unreached(_ setting: FactSetting) -> Bool {
            !reached.settings.contains(SettingKey(collaboration: collaboration.id, setting: setting))
        }
        func choose(_ test: PlanTest?, fact: FactPath) -> FactSetting? {
            let domain = dimensions.first { $0.fact == fact }?.values ?? (fact == .product ? collaboration.offers.map { .value($0.product) } : [])
            let candidates = domain.filter { value in test.map { Self.accepts($0, value) } ?? true }.map { FactSetting(fact: fact, value: $0) }
            return candidates.first(where: unreached) ?? candidates.first
        }
        var settings: [FactSetting] = []
        if let product = choose(scenario.when.first { $0.fact == .product }, fact: .product) { settings.append(product) }
        for test in scenario.when where test.fact != .product {
            if let setting = choose(test, fact: test.fact) { settings.append(setting) }
        }
        return settings
    }
}

extension RuleCoverage {
    /// The coverage of a run of rule tests: each test whose request was
    /// planned reaches what its plan holds; a refused request reaches nothing.
    public func report(_ run: RuleTestRun) -> CoverageReport {
        report(run.results.map { result in
            guard let request = result.request, let planned = result.plan else { return .rejected }
            return .planned(request, planned)
        })
    }
}

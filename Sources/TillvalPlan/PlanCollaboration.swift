/// A collaboration with everything needed to run it: its offers, already
/// resolved to services, and its scenarios, which together cover every case.
public struct PlanCollaboration: Codable, Equatable, Sendable {
    public var id: String
    public var title: String
    public var doc: String?
    public var origin: SourceLocation
    /// One entry per offered product, in declaration order.
    public var offers: [PlanService]
    public var scenarios: [PlanScenario]

    public init(id: String, title: String, doc: String?, origin: SourceLocation, offers: [PlanService], scenarios: [PlanScenario]) {
        self.id = id
        self.title = title
        self.doc = doc
        self.origin = origin
        self.offers = offers
        self.scenarios = scenarios
    }

    public func offer(_ product: String) -> PlanService? {
        offers.first { $0.product == product }
    }
}

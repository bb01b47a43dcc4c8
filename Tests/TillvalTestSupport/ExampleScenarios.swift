/// Which example request goes to which scenario, and what that scenario
/// does: the one table the planner, the store and the binary's tests share.
public struct ExampleScenario: Sendable, CustomStringConvertible {
    /// The file in Examples/.
    public var example: String
    public var customer: String
    public var scenario: String
    /// The product asked for, and the one the service is restricted to (nil: unrestricted).
    public var product: String
    public var restrictedTo: String?
    /// The service activated for the collaboration: always Lön Anställd, restricted or not.
    public var service: String
    public var effects: [String]
    /// The restriction of the activated service ("" unrestricted), nil when no service is activated.
    public var serviceRestriction: String??
    public var administrator: String?
    public var awaits: String
    public var template: String
    public var recipient: String

    public var description: String { example }

    /// The example's name without `.yaml`.
    public var name: String { String(example.dropLast(".yaml".count)) }

    public static let all: [ExampleScenario] = [
        ExampleScenario(example: "has-subscription-lon-anstalld.yaml", customer: "556012-3456", scenario: "has-subscription",
                        product: "lon-anstalld", restrictedTo: nil, service: "lon-anstalld",
                        effects: ["activate-collaboration", "send-email"],
                        serviceRestriction: nil, administrator: nil, awaits: "customer",
                        template: "approve-collaboration", recipient: "lars.berg@fiskhandelvast.se"),
        ExampleScenario(example: "has-subscription-min-lon.yaml", customer: "556234-5678", scenario: "has-subscription",
                        product: "min-lon", restrictedTo: "min-lon", service: "lon-anstalld",
                        effects: ["activate-collaboration", "send-email"],
                        serviceRestriction: nil, administrator: nil, awaits: "customer",
                        template: "approve-collaboration", recipient: "karin@kafesolrosen.se"),
        ExampleScenario(example: "registered-lon-anstalld.yaml", customer: "556345-6789", scenario: "registered",
                        product: "lon-anstalld", restrictedTo: nil, service: "lon-anstalld",
                        effects: ["activate-collaboration", "activate-service", "send-email"],
                        serviceRestriction: .some(nil), administrator: nil, awaits: "customer",
                        template: "approve-collaboration", recipient: "erik.nystrom@cykelverkstan-umea.se"),
        ExampleScenario(example: "registered-min-lon.yaml", customer: "556456-7890", scenario: "registered",
                        product: "min-lon", restrictedTo: "min-lon", service: "lon-anstalld",
                        effects: ["activate-collaboration", "activate-service", "send-email"],
                        serviceRestriction: "min-lon", administrator: nil, awaits: "customer",
                        template: "approve-collaboration", recipient: "maja@snickeriost.se"),
        ExampleScenario(example: "not-registered-lon-anstalld.yaml", customer: "556567-8901", scenario: "not-registered",
                        product: "lon-anstalld", restrictedTo: nil, service: "lon-anstalld",
                        effects: ["activate-collaboration", "activate-service", "create-administrator", "send-email"],
                        serviceRestriction: .some(nil), administrator: "johan@lindqvistbygg.se", awaits: "administrator",
                        template: "approve-terms", recipient: "johan@lindqvistbygg.se"),
        ExampleScenario(example: "not-registered-min-lon.yaml", customer: "556677-8899", scenario: "not-registered",
                        product: "min-lon", restrictedTo: "min-lon", service: "lon-anstalld",
                        effects: ["activate-collaboration", "activate-service", "create-administrator", "send-email"],
                        serviceRestriction: "min-lon", administrator: "anna@bagerinord.se", awaits: "administrator",
                        template: "approve-terms", recipient: "anna@bagerinord.se"),
    ]
}

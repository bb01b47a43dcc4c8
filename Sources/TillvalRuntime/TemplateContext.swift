import TillvalPlan

/// The values placeholders render to for one request. `administrator` is
/// filled in as `create-administrator` is planned, in effect order.
struct TemplateContext {
    /// How `{{task}}` reads when the customer has no task (format decision 2).
    static let noTask = "(no task)"

    let plan: Plan
    let request: Request
    let collaboration: PlanCollaboration
    let offer: PlanService
    var administrator: (email: String, portal: String)?

    init(plan: Plan, request: Request, collaboration: PlanCollaboration, offer: PlanService) {
        self.plan = plan
        self.request = request
        self.collaboration = collaboration
        self.offer = offer
    }

    func named(_ product: String) -> Named {
        Named(id: product, name: plan.product(product)?.name ?? product)
    }

    func value(_ value: PlanValue) -> String {
        switch value {
        case .fact(let path): return path == .product ? offer.product : (request.facts[path]?.rendered ?? "")
        case .collaborationTitle: return collaboration.title
        case .productName: return named(offer.product).name
        case .serviceName: return named(offer.service).name
        case .task: return request.task ?? Self.noTask
        case .administratorEmail: return administrator?.email ?? ""
        case .portal: return administrator?.portal ?? ""
        }
    }

    func render(_ template: PlanTemplate) -> String {
        template.parts.map { part in
            switch part {
            case .text(let text): return text
            case .value(let placeholder): return value(placeholder)
            }
        }.joined()
    }
}

import TillvalPlan

/// The values placeholders render to for one request. `administrator` is
/// filled in as `create-administrator` is planned, in effect order. A class:
/// it is handed to every rendering of a request, not copied.
final class TemplateContext {
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
        let parts = template.parts
        if parts.count == 1, case .text(let text) = parts[0] { return text }
        // Room for the literal text and some for each value, so appending seldom grows the string.
        // (Joining bytes and making one String of them cost more: the bytes are then validated as UTF-8.)
        var capacity = 0
        for part in parts {
            switch part {
            case .text(let text): capacity += text.utf8.count
            case .value: capacity += 32
            }
        }
        var out = ""
        out.reserveCapacity(capacity)
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .value(let placeholder): out += value(placeholder)
            }
        }
        return out
    }
}

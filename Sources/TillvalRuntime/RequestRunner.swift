import TillvalPlan
import TillvalSyntax

/// Takes one request of a file through read → bind → plan → an action (the
/// dry run or the store). Whatever goes wrong becomes the request's result,
/// so one bad request never stops the others.
public struct RequestRunner: Sendable {
    public let plan: Plan
    private let binder: RequestBinder
    private let planner: RequestPlanner

    public init(plan: Plan) {
        self.plan = plan
        binder = RequestBinder(plan: plan)
        planner = RequestPlanner(plan: plan)
    }

    /// The plan for one request, or why there is none.
    public func prepare(_ entry: RequestEntry) -> Result<RequestPlan, RequestFailure> {
        guard entry.diagnostics.isEmpty, let document = entry.document else {
            return .failure(RequestFailure(diagnostics: entry.diagnostics))
        }
        return prepare(document).plan
    }

    /// One request document bound and planned: the bound request where it
    /// binds, and the plan or why there is none.
    public func prepare(_ document: RequestDocument) -> (request: Request?, plan: Result<RequestPlan, RequestFailure>) {
        let bound = binder.bind(document)
        guard case .success(let request) = bound else {
            return (nil, bound.flatMap(planner.plan))
        }
        return (request, planner.plan(request))
    }

    /// The result of one request: `invalid` when it cannot be read, bound or
    /// planned, otherwise whatever `perform` makes of its plan.
    public func run(_ entry: RequestEntry, perform: (RequestPlan, SourceLocation) -> RequestResult) -> RequestResult {
        switch prepare(entry) {
        case .success(let requestPlan):
            return perform(requestPlan, entry.start)
        case .failure(let failure):
            return RequestResult(source: entry.start, status: .invalid, diagnostics: failure.diagnostics)
        }
    }
}

import TillvalPlan
import TillvalSyntax

/// Checks a request against the plan's fact types, the way the compiler
/// checks rule files: every problem reported with a position and, where a
/// close name exists, a did-you-mean. A request with any error binds to nothing.
public struct RequestBinder: Sendable {
    public let plan: Plan

    public init(plan: Plan) {
        self.plan = plan
    }

    /// The keys of a request: the fact groups, then `product`, `task` and `collaboration`.
    static let topLevelKeys = FactGroup.allCases.map(\.rawValue) + [FactPath.product.description, "task", "collaboration"]

    public func bind(_ document: RequestDocument) -> Result<Request, RequestFailure> {
        var sink = DiagnosticSink()
        let request = bind(document, sink: &sink)
        if let request, !sink.hasErrors { return .success(request) }
        return .failure(RequestFailure(diagnostics: Diagnostic.sorted(sink.diagnostics)))
    }

    private func bind(_ document: RequestDocument, sink: inout DiagnosticSink) -> Request? {
        let root = document.root
        guard let pairs = root.pairs else {
            sink.report(RequestBindingMessage.requestNotAMapping(found: root.shapeName), at: root.range)
            return nil
        }
        var byKey: [String: YAMLPair] = [:]
        for pair in pairs {
            if Self.topLevelKeys.contains(pair.key) {
                byKey[pair.key] = pair
            } else {
                sink.report(RequestBindingMessage.unknownKey(pair.key), at: pair.keyRange)
            }
        }
        let start = SourceRange(at: root.range.start)
        var positions: [String: SourceRange] = [:]
        var facts: [FactPath: FactValue] = [:]
        var customerID: String?

        for group in FactGroup.allCases {
            let declared = declaredFacts(group)
            let pair = byKey[group.rawValue].flatMap { $0.value.isNull ? nil : $0 }
            var given: [String: YAMLPair] = [:]
            if let pair {
                if let entries = pair.value.pairs {
                    for entry in entries { given[entry.key] = entry }
                } else {
                    sink.report(RequestBindingMessage.groupNotAMapping(group, found: pair.value.shapeName), at: pair.value.range)
                    if declared.contains(where: { !$0.optional }) || group == .customer { continue }
                }
            }
            let known = declared.map(\.name) + (group == .customer ? [FactPath.customerIDKey] : [])
            for (name, entry) in given where !known.contains(name) {
                sink.report(RequestBindingMessage.unknownFact(group, name: name, known: known), at: entry.keyRange)
            }
            let missingAt = pair?.keyRange ?? start
            if group == .customer {
                if let entry = given[FactPath.customerIDKey], !entry.value.isNull {
                    if let scalar = entry.value.scalar, !scalar.text.isEmpty {
                        if FactBinding.isCleanID(scalar.text, "'\(FactPath.customerID)'", at: entry.value.range, sink: &sink) {
                            customerID = scalar.text
                            positions[FactPath.customerID.description] = entry.value.range
                        }
                    } else {
                        let found = entry.value.scalar != nil ? "an empty text" : entry.value.shapeName
                        sink.report(RequestBindingMessage.customerIDNotText(found: found), at: entry.value.range)
                    }
                } else {
                    sink.report(RequestBindingMessage.missingCustomerID, at: missingAt)
                }
            }
            for fact in declared {
                let path = FactPath(group, fact.name)
                guard let entry = given[fact.name], !entry.value.isNull else {
                    if !fact.optional {
                        sink.report(RequestBindingMessage.missingFact(path, fact.type), at: missingAt)
                    }
                    continue
                }
                if let value = FactBinding.value(entry.value, fact: fact, path: path, sink: &sink) {
                    facts[path] = value
                    positions[path.description] = entry.value.range
                }
            }
        }

        let collaboration = resolveCollaboration(byKey["collaboration"], product: byKey["product"], at: start, sink: &sink)
        let product = resolveProduct(byKey["product"], collaboration: collaboration, at: start, sink: &sink)
        if let node = byKey["product"]?.value { positions["product"] = node.range }
        let task = resolveTask(byKey["task"], facts: facts, positions: positions, at: start, sink: &sink)
        if let node = byKey["task"]?.value, !node.isNull { positions["task"] = node.range }

        guard let customerID, let collaboration, let product else { return nil }
        return Request(customerID: customerID, facts: facts, collaboration: collaboration.id, product: product, task: task,
                       origin: root.range.start, positions: positions)
    }

    /// The facts the plan declares in `group`.
    private func declaredFacts(_ group: FactGroup) -> [PlanFact] {
        switch group {
        case .office: return plan.facts.office
        case .customer: return plan.facts.customer
        }
    }

    private func text(_ pair: YAMLPair?, _ what: String, sink: inout DiagnosticSink) -> (String, SourceRange)? {
        guard let pair, !pair.value.isNull else { return nil }
        guard let scalar = pair.value.scalar else {
            sink.report(RequestBindingMessage.notText(what: what, found: pair.value.shapeName), at: pair.value.range)
            return nil
        }
        // `product` and `collaboration` are ids; a task is a name (`Löner och bokföring 2026`).
        let clean = what == "task" ? FactBinding.isClean(scalar.text, "'\(what.excerpt)'", at: pair.value.range, sink: &sink)
            : FactBinding.isCleanID(scalar.text, "'\(what.excerpt)'", at: pair.value.range, sink: &sink)
        guard clean else { return nil }
        return (scalar.text, pair.value.range)
    }

    private func resolveCollaboration(_ pair: YAMLPair?, product: YAMLPair?, at start: SourceRange, sink: inout DiagnosticSink) -> PlanCollaboration? {
        if let (name, range) = text(pair, "collaboration", sink: &sink) {
            if let found = plan.collaboration(name) { return found }
            sink.report(RequestBindingMessage.unknownCollaboration(name, known: plan.collaborations.map(\.id)), at: range)
            return nil
        }
        guard pair == nil || pair?.value.isNull == true else { return nil }
        guard let productName = product.flatMap({ $0.value.scalar?.text }) else {
            if plan.collaborations.count == 1 { return plan.collaborations.first }
            return nil
        }
        let offering = plan.collaborations.filter { $0.offer(productName) != nil }
        if offering.count == 1 { return offering.first }
        if offering.count > 1 {
            sink.report(RequestBindingMessage.severalCollaborationsOffer(product: productName, collaborations: offering.map(\.id)),
                        at: product?.value.range ?? start)
            return nil
        }
        // No collaboration offers it: reported as a product problem below.
        return plan.collaborations.count == 1 ? plan.collaborations.first : nil
    }

    private func resolveProduct(_ pair: YAMLPair?, collaboration: PlanCollaboration?, at start: SourceRange, sink: inout DiagnosticSink) -> String? {
        guard let (name, range) = text(pair, "product", sink: &sink) else {
            if pair == nil || pair?.value.isNull == true {
                sink.report(RequestBindingMessage.missingProduct, at: start)
            }
            return nil
        }
        guard let collaboration else {
            if plan.collaborations.allSatisfy({ $0.offer(name) == nil }) {
                let offered = plan.collaborations.flatMap { $0.offers.map(\.product) }
                sink.report(RequestBindingMessage.productNotOffered(name, offered: offered), at: range)
            }
            return nil
        }
        guard collaboration.offer(name) != nil else {
            let offered = collaboration.offers.map(\.product)
            sink.report(RequestBindingMessage.productNotOfferedBy(collaboration: collaboration.id, product: name, offered: offered), at: range)
            return nil
        }
        return name
    }

    private func resolveTask(_ pair: YAMLPair?, facts: [FactPath: FactValue], positions: [String: SourceRange], at start: SourceRange, sink: inout DiagnosticSink) -> String? {
        let given = text(pair, "task", sink: &sink)
        guard plan.facts.fact(Self.tasks)?.type == .list else {
            return given?.0
        }
        guard case .list(let tasks)? = facts[Self.tasks] else { return given?.0 }
        if let (task, range) = given {
            guard tasks.contains(task) else {
                sink.report(RequestBindingMessage.taskNotCustomers(task: task, tasks: tasks), at: range,
                            notes: positions[Self.tasks.description].map { [DiagnosticNote("the tasks are given here", at: $0)] } ?? [])
                return nil
            }
            return task
        }
        if tasks.count == 1 { return tasks[0] }
        if tasks.count > 1 {
            sink.report(RequestBindingMessage.taskRequired(tasks: tasks), at: positions[Self.tasks.description] ?? start)
        }
        return nil
    }
}

extension RequestBinder {
    /// `customer.tasks`: when the rules declare it as a list, the task a
    /// request names must be one of them (format decision: see docs/rules-format.md).
    static let tasks = FactPath.customer("tasks")
}

/// Why a request could not be bound or run.
public struct RequestFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]
}

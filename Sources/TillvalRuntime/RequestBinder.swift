import TillvalPlan
import TillvalSyntax

/// Checks a request against the plan's fact types, the way the compiler
/// checks rule files: every problem reported with a position and, where a
/// close name exists, a did-you-mean. A request with any error binds to nothing.
public struct RequestBinder: Sendable {
    public let plan: Plan
    /// What each group of facts expects, worked out once per plan rather than once per request.
    private let groups: [GroupFacts]

    /// One group's declared facts with their paths (and those as text: the keys of `Request.positions`)
    /// and every name the group may hold.
    private struct GroupFacts: Sendable {
        var group: FactGroup
        var declared: [PlanFact]
        var paths: [FactPath]
        var positionKeys: [String]
        var known: [String]
    }

    public init(plan: Plan) {
        self.plan = plan
        groups = FactGroup.allCases.map { group in
            let declared: [PlanFact]
            switch group {
            case .office: declared = plan.facts.office
            case .customer: declared = plan.facts.customer
            }
            let paths = declared.map { FactPath(group, $0.name) }
            return GroupFacts(group: group, declared: declared, paths: paths, positionKeys: paths.map(\.description),
                              known: declared.map(\.name) + (group == .customer ? [FactPath.customerIDKey] : []))
        }
    }

    /// The keys of a request: the fact groups, then `product`, `task` and `collaboration`.
    static let topLevelKeys = FactGroup.allCases.map(\.rawValue) + [FactPath.product.description, "task", "collaboration"]
    private static let productKey = FactGroup.allCases.count, taskKey = productKey + 1, collaborationKey = productKey + 2

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
        // The top-level pairs by the index of their key in `topLevelKeys` (a loaded mapping has no duplicate keys).
        var byKey = [YAMLPair?](repeating: nil, count: Self.topLevelKeys.count)
        // By index: iterating the pairs copied each one, its node and ranges included.
        for index in pairs.indices {
            if let slot = Self.topLevelKeys.firstIndex(of: pairs[index].key) {
                byKey[slot] = pairs[index]
            } else {
                sink.report(RequestBindingMessage.unknownKey(pairs[index].key), at: pairs[index].keyRange)
            }
        }
        let start = SourceRange(at: root.range.start)
        var positions: [String: SourceRange] = [:]
        positions.reserveCapacity(groups.reduce(0) { $0 + $1.declared.count } + 4)
        var facts: [FactPath: FactValue] = [:]
        facts.reserveCapacity(groups.reduce(0) { $0 + $1.declared.count })
        var customerID: String?

        for (groupIndex, expected) in groups.enumerated() {
            let group = expected.group
            let declared = expected.declared
            let pair = byKey[groupIndex].flatMap { $0.value.isNull ? nil : $0 }
            // The group's pairs, looked up by walking them: a group holds a few.
            var given: [YAMLPair] = []
            if let pair {
                if let entries = pair.value.pairs {
                    given = entries
                } else {
                    sink.report(RequestBindingMessage.groupNotAMapping(group, found: pair.value.shapeName), at: pair.value.range)
                    if declared.contains(where: { !$0.optional }) || group == .customer { continue }
                }
            }
            func lookUp(_ name: String) -> YAMLPair? {
                given.first { $0.key == name }
            }
            let known = expected.known
            for index in given.indices where !known.contains(given[index].key) {
                sink.report(RequestBindingMessage.unknownFact(group, name: given[index].key, known: known), at: given[index].keyRange)
            }
            let missingAt = pair?.keyRange ?? start
            if group == .customer {
                if let entry = lookUp(FactPath.customerIDKey), !entry.value.isNull {
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
            for (factIndex, fact) in declared.enumerated() {
                let path = expected.paths[factIndex]
                guard let entry = lookUp(fact.name), !entry.value.isNull else {
                    if !fact.optional {
                        sink.report(RequestBindingMessage.missingFact(path, fact.type), at: missingAt)
                    }
                    continue
                }
                if let value = FactBinding.value(entry.value, fact: fact, path: path, sink: &sink) {
                    facts[path] = value
                    positions[expected.positionKeys[factIndex]] = entry.value.range
                }
            }
        }

        let product = byKey[Self.productKey], task = byKey[Self.taskKey]
        let collaboration = resolveCollaboration(byKey[Self.collaborationKey], product: product, at: start, sink: &sink)
        let productName = resolveProduct(product, collaboration: collaboration, at: start, sink: &sink)
        if let node = product?.value { positions["product"] = node.range }
        let taskName = resolveTask(task, facts: facts, positions: positions, at: start, sink: &sink)
        if let node = task?.value, !node.isNull { positions["task"] = node.range }

        guard let customerID, let collaboration, let productName else { return nil }
        return Request(customerID: customerID, facts: facts, collaboration: collaboration.id, product: productName, task: taskName,
                       origin: root.range.start, positions: positions)
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

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

    static let topLevelKeys = ["office", "customer", "product", "task", "collaboration"]

    public func bind(_ document: RequestDocument) -> Result<Request, RequestFailure> {
        var sink = DiagnosticSink()
        let request = bind(document, sink: &sink)
        if let request, !sink.hasErrors { return .success(request) }
        return .failure(RequestFailure(diagnostics: Diagnostic.sorted(sink.diagnostics)))
    }

    private func bind(_ document: RequestDocument, sink: inout DiagnosticSink) -> Request? {
        let root = document.root
        guard let pairs = root.pairs else {
            sink.emit(.requestWrongType, "a request must be a mapping with 'customer' and 'product', found \(root.shapeName)", at: root.range)
            return nil
        }
        var byKey: [String: YAMLPair] = [:]
        for pair in pairs {
            if Self.topLevelKeys.contains(pair.key) {
                byKey[pair.key] = pair
            } else {
                sink.emit(.unknownRequestFact, "unknown key '\(pair.key.excerpt)' in the request", at: pair.keyRange,
                          suggestion: Spelling.closest(to: pair.key, among: Self.topLevelKeys).map(Suggestion.didYouMean)
                            ?? Suggestion("a request has \(Self.topLevelKeys.joined(separator: ", "))"))
            }
        }
        let start = SourceRange(at: root.range.start)
        var positions: [String: SourceRange] = [:]
        var facts: [FactPath: FactValue] = [:]
        var customerID: String?

        for (group, declared) in [("office", plan.facts.office), ("customer", plan.facts.customer)] {
            let pair = byKey[group].flatMap { $0.value.isNull ? nil : $0 }
            var given: [String: YAMLPair] = [:]
            if let pair {
                if let entries = pair.value.pairs {
                    for entry in entries { given[entry.key] = entry }
                } else {
                    sink.emit(.requestWrongType, "'\(group.excerpt)' must be a mapping of facts, found \(pair.value.shapeName)", at: pair.value.range)
                    if declared.contains(where: { !$0.optional }) || group == "customer" { continue }
                }
            }
            let known = declared.map(\.name) + (group == "customer" ? ["id"] : [])
            for (name, entry) in given where !known.contains(name) {
                sink.emit(.unknownRequestFact, "unknown fact '\(group).\(name.excerpt)'", at: entry.keyRange,
                          suggestion: Spelling.closest(to: name, among: known).map { Suggestion("did you mean '\(group).\($0)'?") }
                            ?? Suggestion("the plan declares \(known.map { "\(group).\($0)" }.joined(separator: ", "))"))
            }
            let missingAt = pair?.keyRange ?? start
            if group == "customer" {
                if let entry = given["id"], !entry.value.isNull {
                    if let scalar = entry.value.scalar, !scalar.text.isEmpty {
                        if FactBinding.isCleanID(scalar.text, "'customer.id'", at: entry.value.range, sink: &sink) {
                            customerID = scalar.text
                            positions["customer.id"] = entry.value.range
                        }
                    } else {
                        let found = entry.value.scalar != nil ? "an empty text" : entry.value.shapeName
                        sink.emit(.requestWrongType, "'customer.id' must be a non-empty text, found \(found)", at: entry.value.range)
                    }
                } else {
                    sink.emit(.missingRequestFact, "the request has no 'customer.id'", at: missingAt,
                              suggestion: Suggestion("add 'id:' under 'customer': it is how the store knows the customer again"))
                }
            }
            for fact in declared {
                let path = group == "office" ? FactPath.office(fact.name) : FactPath.customer(fact.name)
                guard let entry = given[fact.name], !entry.value.isNull else {
                    if !fact.optional {
                        sink.emit(.missingRequestFact, "the request has no '\(path.excerpt)' (\(describe(fact.type)))", at: missingAt,
                                  suggestion: Suggestion("add '\(fact.name):' under '\(group.excerpt)'"))
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

    private func describe(_ type: PlanFactType) -> String {
        if case .oneOf(let values) = type { return "one of \(values.joined(separator: ", "))" }
        return type.word
    }

    private func text(_ pair: YAMLPair?, _ what: String, sink: inout DiagnosticSink) -> (String, SourceRange)? {
        guard let pair, !pair.value.isNull else { return nil }
        guard let scalar = pair.value.scalar else {
            sink.emit(.requestWrongType, "'\(what.excerpt)' must be a text, found \(pair.value.shapeName)", at: pair.value.range)
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
            sink.emit(.collaborationNotResolved, "unknown collaboration '\(name.excerpt)'", at: range,
                      suggestion: Spelling.closest(to: name, among: plan.collaborations.map(\.id)).map(Suggestion.didYouMean)
                        ?? Suggestion("the plan has \(plan.collaborations.map(\.id).joined(separator: ", "))"))
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
            sink.emit(.collaborationNotResolved, "several collaborations offer '\(productName.excerpt)': \(offering.map(\.id).joined(separator: ", "))",
                      at: product?.value.range ?? start, suggestion: Suggestion("add 'collaboration:' to the request"))
            return nil
        }
        // No collaboration offers it: reported as a product problem below.
        return plan.collaborations.count == 1 ? plan.collaborations.first : nil
    }

    private func resolveProduct(_ pair: YAMLPair?, collaboration: PlanCollaboration?, at start: SourceRange, sink: inout DiagnosticSink) -> String? {
        guard let (name, range) = text(pair, "product", sink: &sink) else {
            if pair == nil || pair?.value.isNull == true {
                sink.emit(.missingRequestFact, "the request has no 'product'", at: start,
                          suggestion: Suggestion("add 'product:' with the id of the product to activate"))
            }
            return nil
        }
        guard let collaboration else {
            if plan.collaborations.allSatisfy({ $0.offer(name) == nil }) {
                let offered = plan.collaborations.flatMap { $0.offers.map(\.product) }
                sink.emit(.requestProductNotOffered, "no collaboration offers product '\(name.excerpt)'", at: range,
                          suggestion: Spelling.closest(to: name, among: offered).map(Suggestion.didYouMean))
            }
            return nil
        }
        guard collaboration.offer(name) != nil else {
            let offered = collaboration.offers.map(\.product)
            sink.emit(.requestProductNotOffered, "collaboration '\(collaboration.id.excerpt)' does not offer product '\(name.excerpt)'", at: range,
                      suggestion: Spelling.closest(to: name, among: offered).map(Suggestion.didYouMean)
                        ?? Suggestion("it offers \(offered.joined(separator: ", "))"))
            return nil
        }
        return name
    }

    private func resolveTask(_ pair: YAMLPair?, facts: [FactPath: FactValue], positions: [String: SourceRange], at start: SourceRange, sink: inout DiagnosticSink) -> String? {
        let given = text(pair, "task", sink: &sink)
        guard plan.facts.customer.contains(where: { $0.name == "tasks" && $0.type == .list }) else {
            return given?.0
        }
        guard case .list(let tasks)? = facts[.customer("tasks")] else { return given?.0 }
        if let (task, range) = given {
            guard tasks.contains(task) else {
                let why = tasks.isEmpty ? "the customer has no task" : "the customer's tasks are \(Self.listed(tasks))"
                sink.emit(.taskNotCustomers, "'\(task.excerpt)' is not one of the customer's tasks: \(why)", at: range,
                          notes: positions["customer.tasks"].map { [DiagnosticNote("the tasks are given here", at: $0)] } ?? [],
                          suggestion: Spelling.closest(to: task, among: tasks).map(Suggestion.didYouMean))
                return nil
            }
            return task
        }
        if tasks.count == 1 { return tasks[0] }
        if tasks.count > 1 {
            sink.emit(.taskRequired, "the customer has \(tasks.count) tasks; the request must say which one is picked",
                      at: positions["customer.tasks"] ?? start, suggestion: Suggestion("add 'task:' with one of \(Self.listed(tasks))"))
        }
        return nil
    }
}

extension RequestBinder {
    /// At most eight values of a list the request gave, each excerpted, with
    /// "and N more": a message never repeats a whole list.
    static func listed(_ values: [String]) -> String {
        let shown = values.prefix(8).map { "'\($0.excerpt)'" }.joined(separator: ", ")
        return values.count > 8 ? "\(shown) and \(values.count - 8) more" : shown
    }
}

/// Why a request could not be bound or run.
public struct RequestFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]
}

import TillvalPlan
import TillvalSyntax

/// Warns about declarations no scenario reaches and facts no rule reads:
/// usually a typo elsewhere, or a rule left behind. A reference that does not
/// resolve counts as a use of what it most likely meant (its did-you-mean),
/// so a typo is reported once, as the unknown reference, and not again as
/// an unused declaration.
///
/// What the scenarios reach is marked scenario by scenario (`mark`), so the
/// scenarios' slices can mark theirs where they are checked
/// (`SemanticChecker`); the slices' marks are then joined (`formUnion`, the
/// same sets whatever the slices were) and the warnings emitted once, in
/// declaration order (`warn`).
struct UsageChecker {
    private var products: Set<String> = []
    private var preconditions: Set<String> = []
    private var emails: Set<String> = []
    private var procedures: Set<String> = []
    private var facts: Set<String> = []
    private var collaborations: Set<String> = []

    /// Marks what `scenarios` reach. `scanned` must hold the placeholders of
    /// their texts and of the texts they reach (preconditions, procedures, emails).
    mutating func mark(_ scenarios: ArraySlice<ScenarioDeclaration>, symbols: SymbolTable, scanned: ScannedTexts) {
        // The facts a text's placeholders name, read as each text is met (not gathered first).
        func read(_ text: SourceText?) {
            guard let text else { return }
            for placeholder in scanned[text] { facts.insert(placeholder.value) }
        }
        func read(_ condition: Condition?) {
            for entry in condition?.entries ?? [] { facts.insert(entry.path.value) }
        }
        // Worklists, not recursion: a long chain of procedures or products must not exhaust the stack.
        func visit(_ steps: [Step]) {
            var pending = [steps]
            while let list = pending.popLast() {
                for step in list {
                    switch step {
                    case .text(let text): read(text)
                    case .use(let name):
                        // A name already marked is what it meant (every scenario uses the same procedures).
                        guard !procedures.contains(name.value) else { continue }
                        let meant = symbols.meant(name.value, in: symbols.procedures) ?? name.value
                        guard procedures.insert(meant).inserted, let procedure = symbols.procedures[meant] else { continue }
                        pending.append(procedure.steps)
                    }
                }
            }
        }
        func reach(product id: String) {
            var pending = [id]
            while let name = pending.popLast() {
                guard !products.contains(name) else { continue }
                let next = symbols.meant(name, in: symbols.products) ?? name
                guard products.insert(next).inserted, let product = symbols.products[next] else { continue }
                if let through = product.activatedThrough { pending.append(through.value) }
                pending += product.includes.map(\.value)
            }
        }
        func require(_ name: String) {
            guard !preconditions.contains(name) else { return }
            let id = symbols.meant(name, in: symbols.preconditions) ?? name
            guard preconditions.insert(id).inserted, let precondition = symbols.preconditions[id] else { return }
            read(precondition.check)
            read(precondition.unmet)
        }

        for scenario in scenarios {
            read(scenario.when)
            scenario.requires.forEach { require($0.value) }
            // What a collaboration reaches is marked once, not again for each of its scenarios.
            if let meant = scenario.collaboration.flatMap({ symbols.meant($0.value, in: symbols.collaborations) }),
               collaborations.insert(meant).inserted, let collaboration = symbols.collaborations[meant] {
                collaboration.products.forEach { reach(product: $0.value) }
                collaboration.requires.forEach { require($0.value) }
            }
            visit(scenario.steps)
            for effect in scenario.effects {
                switch effect {
                case .activateCollaboration, .activateService(nil, _), .sendEmail(nil, _):
                    break
                case .activateService(let product?, _):
                    reach(product: product.value)
                case .createAdministrator(let portal, let email, _):
                    if let email { facts.insert(email.value) }
                    read(portal)
                case .sendEmail(let template?, _):
                    guard !emails.contains(template.value) else { continue }
                    let id = symbols.meant(template.value, in: symbols.emails) ?? template.value
                    guard emails.insert(id).inserted, let email = symbols.emails[id] else { continue }
                    if case .fact(let to) = email.to { facts.insert(to.value) }
                    read(email.subject)
                    read(email.body)
                }
            }
            read(scenario.outcome)
            read(scenario.awaits?.place)
            for text in scenario.then { read(text) }
        }
    }

    /// Adds what `other` marked.
    mutating func formUnion(_ other: UsageChecker) {
        products.formUnion(other.products)
        preconditions.formUnion(other.preconditions)
        emails.formUnion(other.emails)
        procedures.formUnion(other.procedures)
        facts.formUnion(other.facts)
        collaborations.formUnion(other.collaborations)
    }

    /// Warns about each declaration not marked, in declaration order, once
    /// every scenario has been marked.
    func warn(symbols: SymbolTable, sink: inout DiagnosticSink) {
        var facts = facts
        // The outbox reads these as the sender of every email (`From:`):
        // office.name as the display name, office.email as the address.
        for fact in symbols.facts?.office ?? [] where SenderFact.allCases.contains(where: { $0.path == FactPath(.office, fact.name.value) && $0.kind == fact.type.kind }) {
            facts.insert(fact.path)
        }

        let declarations = symbols.unique
        func warn(_ kind: DeclarationKind, _ id: Located<String>, _ used: Set<String>) {
            guard !used.contains(id.value) else { return }
            sink.emit(CheckMessage.unused(kind, id: id.value), at: id.range,
                      suggestion: Suggestion(CheckMessage.Help.useOrRemove(kind)))
        }
        for product in declarations.products { warn(.product, product.id, products) }
        for precondition in declarations.preconditions { warn(.precondition, precondition.id, preconditions) }
        for email in declarations.emails { warn(.email, email.id, emails) }
        for procedure in declarations.procedures { warn(.procedure, procedure.id, procedures) }
        for fact in (symbols.facts?.office ?? []) + (symbols.facts?.customer ?? []) where !facts.contains(fact.path) {
            sink.emit(CheckMessage.unusedFact(fact.path), at: fact.name.range,
                      suggestion: Suggestion(CheckMessage.Help.useFactOrRemove))
        }
    }
}

import TillvalPlan
import TillvalSyntax

/// Proves a scenario's effects are in an order that can run: each effect's
/// needs come earlier, nothing repeats, and `awaits` waits for something the
/// effects actually start.
enum EffectChecker {
    /// What a scenario's effects give, for the texts that come after them.
    struct Gives {
        var collaboration = false
        var administrator = false
    }

    /// What a scenario's effects give, and its effects checked (nil when one is wrong, reported).
    static func check(_ scenario: ScenarioDeclaration, products: [String: CheckedProduct], emails: [String: CheckedEmail],
                      symbols: SymbolTable, scanned: inout ScannedTexts, sink: inout DiagnosticSink) -> (Gives, [CheckedEffect]?) {
        var gives = Gives()
        var checked: [CheckedEffect]? = []
        // The effects met so far, each with its template: a scenario has a handful, walked.
        var seen: [(kind: EffectKind, template: String?, range: SourceRange)] = []
        var firstCollaboration: SourceRange?
        var firstAdministrator: SourceRange?
        for effect in scenario.effects {
            var template: Located<String>?
            if case .sendEmail(let name, _) = effect { template = name }
            if let first = seen.first(where: { $0.kind == effect.kind && $0.template == template?.value }) {
                sink.emit(CheckMessage.effectTwice(effect.kind, template: template?.value, scenario: scenario.id.value), at: effect.range,
                          notes: [DiagnosticNote(CheckMessage.Note.firstHere, at: first.range)], suggestion: Suggestion(CheckMessage.Help.removeSecondOne))
            } else {
                seen.append((effect.kind, template?.value, effect.range))
            }
            var result: CheckedEffect?
            switch effect {
            case .activateCollaboration(let at):
                gives.collaboration = true
                firstCollaboration = firstCollaboration ?? at
                result = .activateCollaboration(at: at)
            case .activateService(let product, let at):
                if !gives.collaboration {
                    needs(effect, .activateCollaboration, why: .serviceWithinCollaboration, later: nil, sink: &sink)
                }
                if let product {
                    if symbols.resolve(product, in: symbols.products, as: .product, sink: &sink) != nil, let target = products[product.value] {
                        result = .activateService(product: Resolved(reference: Reference(product.value, at: product.range, target: target.id.range),
                                                                    target: target), at: at)
                    }
                } else {
                    result = .activateService(product: nil, at: at)
                }
            case .createAdministrator(let portal, let email, let at):
                let address = email.flatMap { checkEmailFact($0, role: .administratorEmail, symbols: symbols, sink: &sink) }
                let template = portal.flatMap { TemplateChecker.check($0, scope: .request("'portal'"), symbols: symbols, scanned: &scanned, sink: &sink) }
                gives.administrator = true
                firstAdministrator = firstAdministrator ?? at
                if let address, let template { result = .createAdministrator(portal: template, email: address, at: at) }
            case .sendEmail(let template, let at):
                guard let template, let email = symbols.resolve(template, in: symbols.emails, as: .email, sink: &sink) else { break }
                if let target = emails[template.value] {
                    result = .sendEmail(Resolved(reference: Reference(template.value, at: template.range, target: target.id.range), target: target), at: at)
                }
                if email.goesToAdministrator, !gives.administrator {
                    needs(effect, .createAdministrator, why: .templateToAdministrator(template.value),
                          later: firstAdministrator, sink: &sink)
                } else if !gives.administrator, let used = scanned.administratorPlaceholder(in: email) {
                    sink.emit(CheckMessage.templateNeedsAdministrator(template: template.value, placeholder: used.value), at: template.range, notes: [DiagnosticNote(CheckMessage.Note.usedHere, at: used.range)],
                              suggestion: Suggestion(CheckMessage.Help.addBeforeThisEffect(.createAdministrator)))
                }
            }
            if let result { checked?.append(result) } else { checked = nil }
        }
        if let awaits = scenario.awaits {
            if !gives.collaboration {
                sink.emit(CheckMessage.awaitsWithoutCollaboration(scenario: scenario.id.value), at: awaits.who.range, suggestion: Suggestion(CheckMessage.Help.addToItsEffects(.activateCollaboration)))
            }
            if awaits.who.value == .administrator, !gives.administrator {
                sink.emit(CheckMessage.awaitsWithoutAdministrator(scenario: scenario.id.value), at: awaits.who.range, suggestion: Suggestion(CheckMessage.Help.addAdministratorOrAwaitCustomer))
            }
        }
        return (gives, checked)
    }

    private static func needs(_ effect: Effect, _ earlier: EffectKind, why: CheckMessage.EffectNeed, later: SourceRange?, sink: inout DiagnosticSink) {
        let notes = later.map { [DiagnosticNote(CheckMessage.Note.comesOnlyLater(earlier), at: $0)] } ?? []
        sink.emit(CheckMessage.effectNeedsEarlier(effect.kind, earlier: earlier, why), at: effect.range, notes: notes,
                  suggestion: Suggestion(CheckMessage.Help.putBefore(earlier)))
    }

    /// The first `{{administrator.email}}` or `{{portal}}` of a template, if any.
    static func administratorPlaceholder(in email: EmailDeclaration, scanned: ScannedTexts) -> Located<String>? {
        func first(in text: SourceText?) -> Located<String>? {
            guard let text else { return nil }
            return scanned[text].first { placeholder in
                let value = PlanValue.builtins[placeholder.value]
                return value == .administratorEmail || value == .portal
            }
        }
        return first(in: email.subject) ?? first(in: email.body)
    }

    /// An address must come from a required fact of type `email`; the fact, or nil when it is not one (reported).
    static func checkEmailFact(_ path: Located<String>, role: CheckMessage.AddressRole, symbols: SymbolTable, sink: inout DiagnosticSink) -> FactReference? {
        // `administrator.email`, `portal` … are placeholders for texts, not facts: say what to write instead.
        if PlanValue.builtins[path.value] != nil || path.value.hasPrefix("\(Approver.administrator.rawValue).") {
            let instead: CheckMessage.Help = role == .recipient ? .sendToAdministrator : .useEmailFact
            let message: CheckMessage = PlanValue.builtins[path.value] != nil ? .placeholderAsFactPath(path.value) : .administratorFactPath(path.value)
            sink.emit(message, at: path.range, suggestion: Suggestion(instead))
            return nil
        }
        guard let fact = symbols.fact(path, sink: &sink) else { return nil }
        if fact.type != .email || fact.optional {
            sink.emit(CheckMessage.notAnEmailFact(path.value, role, kind: fact.optional ? nil : fact.type.kind), at: path.range,
                      notes: [DiagnosticNote(CheckMessage.Note.declaredHere, at: fact.name.range)],
                      suggestion: Suggestion(CheckMessage.Help.useRequiredEmailFact))
            return nil
        }
        return FactPath(path: fact.path).map { FactReference(path: $0, reference: Reference(fact.path, at: path.range, target: fact.name.range)) }
    }
}

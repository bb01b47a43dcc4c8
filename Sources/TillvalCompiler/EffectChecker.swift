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

    static func check(_ scenario: ScenarioDeclaration, symbols: SymbolTable, sink: inout DiagnosticSink) -> Gives {
        var gives = Gives()
        var seen: [String: SourceRange] = [:]
        var firstCollaboration: SourceRange?
        var firstAdministrator: SourceRange?
        for effect in scenario.effects {
            let key = effect.name.rawValue + (effect.template.map { ":" + $0.value } ?? "")
            if let first = seen[key] {
                let what = effect.template.map { "'send-email' with template '\($0.value.excerpt)'" } ?? "'\(effect.name.rawValue.excerpt)'"
                sink.emit(.duplicateEffect, "\(what) appears twice in scenario '\(scenario.id.value.excerpt)'", at: effect.range,
                          notes: [DiagnosticNote("first here", at: first)], suggestion: Suggestion("remove the second one"))
            } else {
                seen[key] = effect.range
            }
            switch effect.name {
            case .activateCollaboration:
                gives.collaboration = true
                firstCollaboration = firstCollaboration ?? effect.range
            case .activateService:
                if !gives.collaboration {
                    needs(effect, "activate-collaboration", why: "a service is activated within a collaboration", later: nil, sink: &sink)
                }
                if let product = effect.product {
                    _ = symbols.resolve(product, in: symbols.products, as: .product, sink: &sink)
                }
            case .createAdministrator:
                if let email = effect.email { checkEmailFact(email, role: "the administrator's email", symbols: symbols, sink: &sink) }
                if let portal = effect.portal {
                    _ = TemplateChecker.check(portal, scope: .request("'portal'"), symbols: symbols, sink: &sink)
                }
                gives.administrator = true
                firstAdministrator = firstAdministrator ?? effect.range
            case .sendEmail:
                guard let template = effect.template,
                      symbols.resolve(template, in: symbols.emails, as: .email, sink: &sink),
                      let email = symbols.emails[template.value] else { continue }
                if email.goesToAdministrator, !gives.administrator {
                    needs(effect, "create-administrator", why: "template '\(template.value.excerpt)' goes to the administrator",
                          later: firstAdministrator, sink: &sink)
                } else if !gives.administrator, let used = administratorPlaceholder(in: email) {
                    sink.emit(.placeholderNotAvailable, "template '\(template.value.excerpt)' uses '{{\(used.path)}}', but no administrator has been created yet",
                              at: template.range, notes: [DiagnosticNote("used here", at: used.range)],
                              suggestion: Suggestion("add 'create-administrator' before this effect"))
                }
            }
        }
        if let awaits = scenario.awaits {
            if !gives.collaboration {
                sink.emit(.awaitsNeedsCollaboration, "scenario '\(scenario.id.value.excerpt)' awaits an approval but activates no collaboration",
                          at: awaits.who.range, suggestion: Suggestion("add 'activate-collaboration' to its effects"))
            }
            if awaits.who.value == "administrator", !gives.administrator {
                sink.emit(.awaitsNeedsAdministrator, "scenario '\(scenario.id.value.excerpt)' awaits the administrator, but creates none",
                          at: awaits.who.range, suggestion: Suggestion("add 'create-administrator' to its effects, or await the customer"))
            }
        }
        return gives
    }

    private static func needs(_ effect: Effect, _ earlier: String, why: String, later: SourceRange?, sink: inout DiagnosticSink) {
        let notes = later.map { [DiagnosticNote("'\(earlier.excerpt)' comes only later, here", at: $0)] } ?? []
        sink.emit(.effectNeedsEarlier, "'\(effect.name.rawValue.excerpt)' needs '\(earlier.excerpt)' earlier in the same scenario: \(why)",
                  at: effect.range, notes: notes, suggestion: Suggestion("put '\(earlier.excerpt)' before it"))
    }

    /// The first `{{administrator.email}}` or `{{portal}}` of a template, if any.
    private static func administratorPlaceholder(in email: EmailDeclaration) -> (path: String, range: SourceRange)? {
        for text in [email.subject, email.body].compactMap({ $0 }) {
            for placeholder in PlaceholderScanner.placeholders(text.text) where placeholder.path == "administrator.email" || placeholder.path == "portal" {
                return (placeholder.path, text.range(ofScalars: placeholder.offset, length: placeholder.length))
            }
        }
        return nil
    }

    /// An address must come from a required fact of type `email`.
    static func checkEmailFact(_ path: Located<String>, role: String, symbols: SymbolTable, sink: inout DiagnosticSink) {
        // `administrator.email`, `portal` … are placeholders for texts, not facts: say what to write instead.
        if PlanValue.builtins[path.value] != nil || path.value.hasPrefix("administrator.") {
            let instead = role == "a recipient"
                ? "to send to the administrator that 'create-administrator' creates, write 'to: administrator'; otherwise use a required email fact, such as 'customer.email'"
                : "use a required email fact, such as 'customer.email'"
            sink.emit(.invalidFactPath, "'\(path.value.excerpt)' is not a fact path: \(PlanValue.builtins[path.value] != nil ? "it is a placeholder, for texts written as '{{\(path.value)}}'" : "'administrator' has no facts")",
                      at: path.range, suggestion: Suggestion(instead))
            return
        }
        guard let fact = symbols.fact(path, sink: &sink) else { return }
        if fact.type != .email || fact.optional {
            let what = fact.optional ? "optional" : "of type \(typeWord(fact.type))"
            sink.emit(.notAnEmailFact, "'\(path.value.excerpt)' cannot be \(role): it is \(what)", at: path.range,
                      notes: [DiagnosticNote("declared here", at: fact.name.range)],
                      suggestion: Suggestion("use a required fact of type email"))
        }
    }

    static func typeWord(_ type: FactDeclaration.FactType) -> String {
        switch type {
        case .text: return "text"
        case .email: return "email"
        case .bool: return "bool"
        case .list: return "list"
        case .oneOf: return "one-of"
        }
    }
}

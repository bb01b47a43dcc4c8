import TillvalPlan
import TillvalSyntax

/// Checks the rule set's tests (`kind: test`) against the declarations:
/// every scenario, precondition, email template and product an expectation
/// names must be declared, and `rejected` must name a request code (E10xx).
/// Ids were made unique by the symbol table. Tests never reach the plan.
enum TestChecker {
    /// The checked tests, or nil when any test had an error (reported).
    static func check(symbols: SymbolTable, sink: inout DiagnosticSink) -> [CheckedTest]? {
        var checked: [CheckedTest] = []
        var complete = true
        for test in symbols.unique.tests {
            let errorsBefore = sink.errorCount
            let expect = test.expect.flatMap { expectation($0, symbols: symbols, sink: &sink) }
            guard let request = test.request, let expect, sink.errorCount == errorsBefore else {
                complete = false
                continue
            }
            checked.append(CheckedTest(id: test.id, doc: test.doc, request: request, expect: expect, range: test.range))
        }
        return complete ? checked : nil
    }

    private static func expectation(_ expectation: TestExpectation, symbols: SymbolTable, sink: inout DiagnosticSink) -> CheckedExpectation? {
        if let rejected = expectation.rejected {
            guard let code = DiagnosticCode(code: rejected.value), DiagnosticCode.requestCodes.contains(code) else {
                let closest = Spelling.closest(to: rejected.value.uppercased(), among: DiagnosticCode.requestCodes.map(\.rawValue))
                sink.emit(CheckMessage.notARequestCode(rejected.value), at: rejected.range,
                          suggestion: closest.map { Suggestion(CheckMessage.Help.requestCodes(closest: $0), replacing: rejected.range.onOneLine, with: $0) }
                            ?? Suggestion(CheckMessage.Help.requestCodes(closest: nil)))
                return nil
            }
            return .rejected(Located(code, at: rejected.range))
        }
        var outcome = CheckedOutcome(keys: expectation.keys)
        var resolved = true
        if let scenario = expectation.scenario {
            if let target = symbols.resolve(scenario, in: symbols.scenarios, as: .scenario, sink: &sink) {
                outcome.scenario = Reference(scenario.value, at: scenario.range, target: target.id.range)
            } else {
                resolved = false
            }
        }
        if let unmet = expectation.unmet {
            outcome.unmet = unmet.compactMap { name in
                guard let target = symbols.resolve(name, in: symbols.preconditions, as: .precondition, sink: &sink) else {
                    resolved = false
                    return nil
                }
                return Reference(name.value, at: name.range, target: target.id.range)
            }
        }
        func product(_ name: Located<String>?) {
            guard let name else { return }
            if symbols.resolve(name, in: symbols.products, as: .product, sink: &sink) == nil { resolved = false }
        }
        func template(_ name: Located<String>?) {
            guard let name else { return }
            if symbols.resolve(name, in: symbols.emails, as: .email, sink: &sink) == nil { resolved = false }
        }
        for effect in expectation.effects ?? [] {
            switch effect {
            case .activateCollaboration(let name, _): product(name)
            case .activateService(let service, let restriction, _):
                product(service)
                if case .product(let name)? = restriction { product(name) }
            case .createAdministrator: break
            case .sendEmail(let name, _): template(name)
            }
        }
        for email in expectation.emails ?? [] { template(email.template) }
        guard resolved else { return nil }
        outcome.effects = expectation.effects
        outcome.emails = expectation.emails
        outcome.awaits = expectation.awaits
        outcome.thenContains = expectation.thenContains
        return .outcome(outcome)
    }
}

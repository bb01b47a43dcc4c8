import TillvalPlan
import TillvalSyntax

/// Decodes the `expect` of a `kind: test` document: its shape, each key's
/// type, the effect names; the references in it are checked by
/// `TestChecker`.
enum TestDecoder {
    static func expectation(_ node: YAMLNode, test: String, sink: inout DiagnosticSink) -> TestExpectation? {
        let keys = ExpectationKey.allCases.map(\.rawValue)
        guard let reader = MappingReader(node, context: "'expect'", allowed: keys, required: [], sink: &sink) else { return nil }
        var given: [ExpectationKey: SourceRange] = [:]
        for key in ExpectationKey.allCases {
            if let range = reader.keyRange(key.rawValue) { given[key] = range }
        }
        var expectation = TestExpectation(keys: given, range: node.range)
        expectation.scenario = reader.identifier(ExpectationKey.scenario.rawValue, sink: &sink)
        if let unmet = reader.value(ExpectationKey.unmet.rawValue) {
            // One id, or a list of them.
            expectation.unmet = unmet.scalar != nil
                ? ValueReader.identifier(unmet, what: "'\(ExpectationKey.unmet.rawValue)'", sink: &sink).map { [$0] } ?? []
                : ValueReader.identifiers(unmet, what: "'\(ExpectationKey.unmet.rawValue)'", sink: &sink)
        } else if given[.unmet] != nil {
            expectation.unmet = []
        }
        expectation.rejected = reader.text(ExpectationKey.rejected.rawValue, sink: &sink).map { Located($0.text, at: $0.range) }
        expectation.effects = reader.list(ExpectationKey.effects.rawValue, sink: &sink)?.compactMap { effect($0, sink: &sink) }
        expectation.emails = reader.list(ExpectationKey.emails.rawValue, sink: &sink)?.compactMap { email($0, sink: &sink) }
        expectation.awaits = reader.value(ExpectationKey.awaits.rawValue).flatMap { awaits($0, sink: &sink) }
        expectation.thenContains = reader.value(ExpectationKey.thenContains.rawValue).map {
            texts($0, what: "'\(ExpectationKey.thenContains.rawValue)'", sink: &sink)
        }
        if given.isEmpty {
            sink.emit(DecodeMessage.emptyExpectation(test: test), at: node.range, suggestion: Suggestion(DecodeMessage.Help.addAnExpectation))
        } else if let rejected = given[.rejected], given.count > 1 {
            let others = ExpectationKey.allCases.filter { $0 != .rejected && given[$0] != nil }
            sink.emit(DecodeMessage.rejectedWithOthers(others), at: rejected, suggestion: Suggestion(DecodeMessage.Help.keepRejectedOrTheOthers))
        }
        return expectation
    }

    /// A text, or a list of texts.
    private static func texts(_ node: YAMLNode, what: String, sink: inout DiagnosticSink) -> [SourceText] {
        if node.scalar != nil { return ValueReader.text(node, what: what, sink: &sink).map { [$0] } ?? [] }
        guard let items = ValueReader.list(node, what: what, sink: &sink) else { return [] }
        return items.compactMap { ValueReader.text($0, what: "an item of \(what)", sink: &sink) }
    }

    /// One item of `expect.effects`: a name, or a one-key mapping from the name to the arguments to compare.
    private static func effect(_ node: YAMLNode, sink: inout DiagnosticSink) -> ExpectedEffect? {
        guard let entry = EffectEntry.read(node, sink: &sink) else { return nil }
        let (kind, word, arguments) = (entry.kind, entry.word, entry.arguments)
        let at = entry.nameRange
        let context = "the expected arguments of '\(word)'"
        func reader(_ allowed: [String]) -> MappingReader? {
            guard let arguments else { return nil }
            return MappingReader(arguments, context: context, allowed: allowed, required: [], sink: &sink)
        }
        switch kind {
        case .activateCollaboration:
            let reader = reader(["product"])
            return .activateCollaboration(product: reader?.identifier("product", sink: &sink), at: at)
        case .activateService:
            let reader = reader(["service", "restricted-to"])
            let restriction = reader?.text("restricted-to", sink: &sink).flatMap { text -> ExpectedRestriction? in
                if text.text == ExpectedRestriction.noneWord { return .none(text.range) }
                guard let node = reader?.value("restricted-to") else { return nil }
                return ValueReader.identifier(node, what: "'restricted-to'", sink: &sink).map(ExpectedRestriction.product)
            }
            return .activateService(service: reader?.identifier("service", sink: &sink), restrictedTo: restriction, at: at)
        case .createAdministrator:
            let reader = reader(["portal", "email"])
            return .createAdministrator(portal: reader?.text("portal", sink: &sink), email: reader?.text("email", sink: &sink), at: at)
        case .sendEmail:
            let reader = reader(["template"])
            return .sendEmail(template: reader?.identifier("template", sink: &sink), at: at)
        }
    }

    private static func email(_ node: YAMLNode, sink: inout DiagnosticSink) -> ExpectedEmail? {
        guard let reader = MappingReader(node, context: "an expected email", allowed: ["template", "to", "subject", "body-contains"],
                                         required: [], sink: &sink) else { return nil }
        return ExpectedEmail(
            template: reader.identifier("template", sink: &sink), to: reader.text("to", sink: &sink),
            subject: reader.text("subject", sink: &sink),
            bodyContains: reader.value("body-contains").map { texts($0, what: "'body-contains'", sink: &sink) } ?? [],
            range: node.range)
    }

    private static func awaits(_ node: YAMLNode, sink: inout DiagnosticSink) -> ExpectedAwaits? {
        guard let reader = MappingReader(node, context: "the expected 'awaits'", allowed: ["who", "approves", "where"], required: [], sink: &sink) else {
            return nil
        }
        return ExpectedAwaits(who: reader.word("who", Approver.self, sink: &sink), approves: reader.word("approves", ApprovalSubject.self, sink: &sink),
                              place: reader.text("where", sink: &sink), range: node.range)
    }
}

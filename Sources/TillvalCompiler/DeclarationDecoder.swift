import TillvalPlan
import TillvalSyntax

/// Turns loaded YAML documents into declarations, checking the shape of
/// every key. A broken key is reported and skipped; the rest of the
/// declaration is still decoded so later checks can see it.
struct DeclarationDecoder {
    private(set) var declarations = Declarations()
    /// The kinds a document that could not be decoded may have declared.
    private(set) var missing = MissingDeclarations()

    /// `testsOnly`: the document comes from a tests directory (`tillval test
    /// --tests DIR`), where only `kind: test` is read.
    mutating func decode(_ document: YAMLDocument, testsOnly: Bool = false, sink: inout DiagnosticSink) {
        guard let root = document.root else { return }
        guard let pairs = root.pairs else {
            sink.emit(DecodeMessage.documentNotMapping(found: root.shapeName), at: root.range,
                      suggestion: Suggestion(DecodeMessage.Help.startWithKind))
            missing.insertAll()
            return
        }
        guard let kindPair = pairs.first(where: { $0.key == "kind" }) else {
            sink.emit(DecodeMessage.missingKind, at: SourceRange(at: root.range.start),
                      suggestion: Suggestion(DecodeMessage.Help.addKind))
            missing.insertAll()
            return
        }
        // `kind:` or `kind: ~`: the key is there, its value is not (as for every other required key, see MappingReader).
        guard !kindPair.value.isNull else {
            sink.emit(DecodeMessage.emptyKind, at: kindPair.keyRange, suggestion: Suggestion(DecodeMessage.Help.giveKind))
            missing.insertAll()
            return
        }
        guard let word = kindPair.value.scalar?.text, let kind = DeclarationKind(rawValue: word) else {
            let text = kindPair.value.scalar?.text ?? kindPair.value.shapeName
            let closest = Spelling.closest(to: text, among: DeclarationKind.allCases.map(\.rawValue))
            let suggestion = closest.map { Suggestion.didYouMean($0, replacing: kindPair.value.range) }
                ?? Suggestion(DecodeMessage.Help.kindsAre)
            sink.emit(DecodeMessage.unknownKind(text), at: kindPair.value.range, suggestion: suggestion)
            // `kind: emial` most likely declares an email: only that kind may be missing.
            if let closest, let meant = DeclarationKind(rawValue: closest) { missing.insert(meant) } else { missing.insertAll() }
            return
        }
        if testsOnly, kind != .test {
            sink.emit(DecodeMessage.notATest(kind), at: kindPair.value.range, suggestion: Suggestion(DecodeMessage.Help.moveToRules))
            return
        }
        switch kind {
        case .ruleset: decodeRuleset(root, sink: &sink)
        case .facts: decodeFacts(root, sink: &sink)
        case .product: decodeProduct(root, sink: &sink)
        case .collaboration: decodeCollaboration(root, sink: &sink)
        case .precondition: decodePrecondition(root, sink: &sink)
        case .email: decodeEmail(root, sink: &sink)
        case .procedure: decodeProcedure(root, sink: &sink)
        case .scenario: decodeScenario(root, sink: &sink)
        case .test: decodeTest(root, sink: &sink)
        }
    }

    private static func keys(_ keys: String...) -> [String] { ["kind", "doc"] + keys }
    // Made once: a scenario is read for each of thousands of documents.
    private static let scenarioKeys = keys("id", "title", "collaboration", "when", "requires", "steps", "effects", "awaits", "outcome", "then")
    private static let scenarioRequired = ["id", "title", "collaboration", "when", "effects"]
    private static let scenarioNested: [String: @Sendable (String) -> Bool] = ["when": isConditionKey, "awaits": { awaitsKeys.contains($0) }]
    private static let awaitsKeys = ["who", "approves", "where"]
    private static let none: [String] = []
    private static let productKey = ["product"]
    private static let administratorKeys = ["portal", "email"]
    private static let templateKey = ["template"]
    private static let useKey = ["use"]
    private static func keys(_ keys: [String]) -> [String] { ["kind", "doc"] + keys }

    /// The declaration's id. A malformed id is reported but kept, so the
    /// declaration is still checked and references to it still resolve.
    /// Without an id the declaration is dropped, so references to its kind
    /// may fail to resolve through no fault of theirs.
    private mutating func declarationID(_ reader: MappingReader, kind: DeclarationKind, sink: inout DiagnosticSink) -> Located<String>? {
        let id = reader.identifier("id", sink: &sink)
        if id == nil { missing.insert(kind) }
        return id
    }

    private func doc(_ reader: MappingReader, sink: inout DiagnosticSink) -> String? {
        reader.text("doc", sink: &sink)?.text
    }

    private mutating func decodeRuleset(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard let reader = MappingReader(node, context: DeclarationKind.ruleset.rawValue, allowed: Self.keys("name", "format"), required: ["name"], sink: &sink) else { return }
        var format: Located<Int>?
        if let value = reader.value("format") {
            if let scalar = value.scalar, scalar.style == .plain, let number = Int(scalar.text) {
                if number == 1 {
                    format = Located(number, at: value.range)
                } else {
                    sink.emit(DecodeMessage.unsupportedFormat(number), at: value.range,
                              suggestion: Suggestion(DecodeMessage.Help.writeFormatOne, replacing: value.range.onOneLine, with: "1"))
                }
            } else {
                sink.emit(DecodeMessage.formatNotANumber(found: value.shapeName), at: value.range,
                          suggestion: Suggestion(DecodeMessage.Help.writeFormatOne, replacing: value.range.onOneLine, with: "1"))
            }
        }
        declarations.rulesets.append(RulesetDeclaration(
            name: reader.text("name", sink: &sink), format: format, doc: doc(reader, sink: &sink), range: SourceRange(at: node.range.start)))
    }

    private mutating func decodeFacts(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard let reader = MappingReader(node, context: DeclarationKind.facts.rawValue, allowed: Self.keys(FactGroup.allCases.map(\.rawValue)), required: [], sink: &sink) else { return }
        var groups: [FactGroup: [FactDeclaration]] = [:]
        var broken: Set<String> = []
        for group in FactGroup.allCases {
            guard let value = reader.value(group.rawValue) else { continue }
            guard let pairs = value.pairs else {
                sink.emit(DecodeMessage.groupNotAMapping(group, found: value.shapeName), at: value.range)
                broken.insert("\(group.rawValue).*")
                continue
            }
            groups[group] = pairs.compactMap { pair in
                let fact = decodeFact(pair, group: group, sink: &sink)
                if fact == nil { broken.insert("\(group.rawValue).\(pair.key)") }
                return fact
            }
        }
        var facts = FactsDeclaration(office: groups[.office] ?? [], customer: groups[.customer] ?? [], range: SourceRange(at: node.range.start))
        facts.broken = broken
        declarations.facts.append(facts)
    }

    private func decodeFact(_ pair: YAMLPair, group: FactGroup, sink: inout DiagnosticSink) -> FactDeclaration? {
        guard Identifier.isValid(pair.key) else {
            sink.emit(DecodeMessage.factNameNotIdentifier(pair.key), at: pair.keyRange, suggestion: Identifier.suggestion(for: pair.key).map { Suggestion(DecodeMessage.Help.write($0), replacing: pair.keyRange, with: $0) })
            return nil
        }
        let name = Located(pair.key, at: pair.keyRange)
        let path = "\(group.rawValue).\(pair.key)"
        if group == .customer, pair.key == "id" {
            sink.emit(DecodeMessage.reservedCustomerID, at: pair.keyRange,
                      suggestion: Suggestion(DecodeMessage.Help.removeCustomerID))
            return nil
        }
        // The type words a bare word or `type:` may be; `one-of` is a key of its own.
        let typeWords = FactKind.allCases.filter { $0 != .oneOf }.map(\.rawValue)
        let oneOf = FactKind.oneOf.rawValue
        func word(_ node: YAMLNode) -> FactDeclaration.FactType? {
            guard let text = node.scalar?.text else {
                sink.emit(DecodeMessage.factTypeNotAWord(fact: path, found: node.shapeName), at: node.range)
                return nil
            }
            switch FactKind(rawValue: text) {
            case .text: return .text
            case .email: return .email
            case .bool: return .bool
            case .list: return .list
            case .oneOf, nil:
                let suggestion = text == oneOf
                    ? Suggestion(DecodeMessage.Help.writeOneOfInsideMapping)
                    : Spelling.closest(to: text, among: typeWords).map { Suggestion.didYouMean($0, replacing: node.range) } ?? Suggestion(DecodeMessage.Help.typesAre)
                sink.emit(DecodeMessage.unknownFactType(text), at: node.range, suggestion: suggestion)
                return nil
            }
        }
        if pair.value.isNull {
            sink.emit(DecodeMessage.factWithoutType(fact: path), at: pair.keyRange,
                      suggestion: Suggestion(DecodeMessage.Help.writeAType))
            return nil
        }
        if pair.value.pairs == nil {
            return word(pair.value).map { FactDeclaration(group: group, name: name, type: $0, optional: false, doc: nil) }
        }
        let context = "fact '\(path)'"
        guard let reader = MappingReader(pair.value, context: context, allowed: ["type", oneOf, "doc", "optional"], required: [], sink: &sink) else { return nil }
        let optional = reader.bool("optional", sink: &sink) ?? false
        let doc = reader.text("doc", sink: &sink)?.text
        switch (reader.value("type"), reader.value(oneOf)) {
        case (let typeNode?, nil):
            return word(typeNode).map { FactDeclaration(group: group, name: name, type: $0, optional: optional, doc: doc) }
        case (nil, let valuesNode?):
            guard let items = ValueReader.list(valuesNode, what: "'\(oneOf)'", sink: &sink) else { return nil }
            if items.isEmpty {
                sink.emit(DecodeMessage.emptyOneOf(fact: path), at: valuesNode.range,
                          suggestion: Suggestion(DecodeMessage.Help.listTheValues))
                return nil
            }
            var values: [Located<String>] = []
            for item in items {
                guard let value = ValueReader.identifier(item, what: "a value of '\(oneOf)'", sink: &sink) else { continue }
                if let first = values.first(where: { $0.value == value.value }) {
                    sink.emit(DecodeMessage.valueListedTwice(value.value, fact: path), at: value.range,
                              notes: [DiagnosticNote(DecodeMessage.Note.firstListedHere, at: first.range)], suggestion: Suggestion(DecodeMessage.Help.removeOneOfThem))
                    continue
                }
                values.append(value)
            }
            return FactDeclaration(group: group, name: name, type: .oneOf(values), optional: optional, doc: doc)
        case (.some, .some):
            sink.emit(DecodeMessage.typeAndOneOf(fact: path), at: reader.keyRange(oneOf) ?? pair.value.range,
                      suggestion: Suggestion(DecodeMessage.Help.keepTypeOrOneOf))
            return nil
        case (nil, nil):
            sink.emit(DecodeMessage.neitherTypeNorOneOf(fact: path), at: pair.keyRange,
                      suggestion: Suggestion(DecodeMessage.Help.addTypeOrOneOf))
            return nil
        }
    }

    private mutating func decodeProduct(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard let reader = MappingReader(node, context: DeclarationKind.product.rawValue, allowed: Self.keys("id", "name", "includes", "activated-through"),
                                         required: ["id", "name"], sink: &sink),
              let id = declarationID(reader, kind: .product, sink: &sink) else { return }
        declarations.products.append(ProductDeclaration(
            id: id, name: reader.text("name", sink: &sink), includes: reader.identifiers("includes", sink: &sink),
            activatedThrough: reader.identifier("activated-through", sink: &sink), doc: doc(reader, sink: &sink)))
    }

    private mutating func decodeCollaboration(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard let reader = MappingReader(node, context: DeclarationKind.collaboration.rawValue, allowed: Self.keys("id", "title", "products", "requires"),
                                         required: ["id", "title", "products"], sink: &sink),
              let id = declarationID(reader, kind: .collaboration, sink: &sink) else { return }
        let products = reader.identifiers("products", sink: &sink)
        if let list = reader.value("products")?.items, list.isEmpty, let range = reader.value("products")?.range {
            sink.emit(DecodeMessage.noProducts(collaboration: id.value), at: range,
                      suggestion: Suggestion(DecodeMessage.Help.listAProduct))
        }
        declarations.collaborations.append(CollaborationDeclaration(
            id: id, title: reader.text("title", sink: &sink), products: products,
            requires: reader.identifiers("requires", sink: &sink), doc: doc(reader, sink: &sink)))
    }

    private mutating func decodePrecondition(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard let reader = MappingReader(node, context: DeclarationKind.precondition.rawValue, allowed: Self.keys("id", "summary", "check", "unmet"),
                                         required: ["id", "summary", "check", "unmet"], nested: ["check": Self.isConditionKey], sink: &sink),
              let id = declarationID(reader, kind: .precondition, sink: &sink) else { return }
        declarations.preconditions.append(PreconditionDeclaration(
            id: id, summary: reader.text("summary", sink: &sink),
            check: reader.value("check").flatMap { decodeCondition($0, key: "check", sink: &sink) },
            unmet: reader.text("unmet", sink: &sink), doc: doc(reader, sink: &sink)))
    }

    private mutating func decodeEmail(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard let reader = MappingReader(node, context: DeclarationKind.email.rawValue, allowed: Self.keys("id", "to", "subject", "body"),
                                         required: ["id", "to", "subject", "body"], sink: &sink),
              let id = declarationID(reader, kind: .email, sink: &sink) else { return }
        let to = reader.text("to", sink: &sink).map { to -> EmailDeclaration.Recipient in
            to.text == Approver.administrator.rawValue ? .administrator(to.range) : .fact(Located(to.text, at: to.range))
        }
        declarations.emails.append(EmailDeclaration(
            id: id, to: to, subject: reader.text("subject", sink: &sink), body: reader.text("body", sink: &sink), doc: doc(reader, sink: &sink)))
    }

    private mutating func decodeProcedure(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard let reader = MappingReader(node, context: DeclarationKind.procedure.rawValue, allowed: Self.keys("id", "steps"),
                                         required: ["id", "steps"], sink: &sink),
              let id = declarationID(reader, kind: .procedure, sink: &sink) else { return }
        declarations.procedures.append(ProcedureDeclaration(
            id: id, steps: decodeSteps(reader.list("steps", sink: &sink) ?? [], sink: &sink), doc: doc(reader, sink: &sink)))
    }

    private mutating func decodeScenario(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard let reader = MappingReader(
            node, context: DeclarationKind.scenario.rawValue, allowed: Self.scenarioKeys, required: Self.scenarioRequired,
            nested: Self.scenarioNested, sink: &sink),
            let id = declarationID(reader, kind: .scenario, sink: &sink) else { return }
        // `when: {}` matches everything; a missing or null `when` was reported above.
        let when = reader.value("when").flatMap { decodeCondition($0, key: "when", sink: &sink) }
        declarations.scenarios.append(ScenarioDeclaration(
            id: id, title: reader.text("title", sink: &sink), collaboration: reader.identifier("collaboration", sink: &sink),
            when: when, requires: reader.identifiers("requires", sink: &sink),
            steps: decodeSteps(reader.list("steps", sink: &sink) ?? [], sink: &sink),
            effects: effects(reader.list("effects", sink: &sink) ?? [], sink: &sink),
            awaits: reader.value("awaits").flatMap { decodeAwaits($0, sink: &sink) },
            outcome: reader.text("outcome", sink: &sink),
            then: (reader.list("then", sink: &sink) ?? []).compactMap { ValueReader.text($0, what: "an item of 'then'", sink: &sink) },
            doc: doc(reader, sink: &sink)))
    }

    private mutating func decodeTest(_ node: YAMLNode, sink: inout DiagnosticSink) {
        guard let reader = MappingReader(node, context: DeclarationKind.test.rawValue, allowed: Self.keys("id", "request", "expect"),
                                         required: ["id", "request", "expect"], sink: &sink),
              let id = declarationID(reader, kind: .test, sink: &sink) else { return }
        declarations.tests.append(TestDeclaration(
            id: id, request: reader.value("request"),
            expect: reader.value("expect").flatMap { TestDecoder.expectation($0, test: id.value, sink: &sink) },
            doc: doc(reader, sink: &sink), range: SourceRange(at: node.range.start)))
    }

    /// What may be a key of a `when` or `check`: a fact path or `product`.
    @Sendable static func isConditionKey(_ key: String) -> Bool {
        key == "product" || FactGroup.allCases.contains { key.hasPrefix($0.rawValue + ".") }
    }

    private func decodeSteps(_ items: [YAMLNode], sink: inout DiagnosticSink) -> [Step] {
        items.compactMap { item in
            if item.scalar != nil {
                return ValueReader.text(item, what: "a step", sink: &sink).map(Step.text)
            }
            // `- Select Next: now.` is a text with ': ' that YAML read as a key.
            if let pairs = item.pairs, pairs.count == 1, let pair = pairs.first, pair.key != "use",
               Spelling.closest(to: pair.key, among: ["use"]) == nil, let value = pair.value.scalar, !pair.value.isNull {
                let text = pair.key + ": " + value.text
                let quoted = "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
                sink.emit(DecodeMessage.stepReadAsKey(pair.key), at: item.range,
                          suggestion: Suggestion(DecodeMessage.Help.putInQuotes(quoted), replacing: SourceRange(start: pair.keyRange.start, end: pair.value.range.end).onOneLine, with: quoted))
                return Step.text(SourceText(text: text, range: item.range, style: .plain))
            }
            guard let reader = MappingReader(item, context: "a step", allowed: Self.useKey, required: Self.useKey, sink: &sink) else { return nil }
            return reader.identifier("use", sink: &sink).map(Step.use)
        }
    }

    private func decodeCondition(_ node: YAMLNode, key: String, sink: inout DiagnosticSink) -> Condition? {
        guard let pairs = node.pairs else {
            sink.emit(DecodeMessage.conditionNotAMapping(key: key, found: node.shapeName), at: node.range,
                      suggestion: Suggestion(DecodeMessage.Help.writeConditionExample))
            return nil
        }
        var entries: [Condition.Entry] = []
        entries.reserveCapacity(pairs.count)
        var hasErrors = false
        for pair in pairs {
            let path = Located(pair.key, at: pair.keyRange)
            let value = pair.value
            if let items = value.items {
                if items.isEmpty {
                    sink.emit(DecodeMessage.emptyTest(fact: pair.key), at: value.range,
                              suggestion: Suggestion(DecodeMessage.Help.listAValueOrRemove))
                    hasErrors = true
                    continue
                }
                let values = items.compactMap { item -> Located<String>? in
                    guard let scalar = item.scalar, !item.isNull else {
                        sink.emit(DecodeMessage.testValueNotScalar(fact: pair.key, found: item.shapeName), at: item.range)
                        return nil
                    }
                    return Located(scalar.text, at: item.range)
                }
                guard values.count == items.count else {
                    hasErrors = true
                    continue
                }
                entries.append(Condition.Entry(path: path, test: .list(values, value.range), range: pair.keyRange))
            } else if let scalar = value.scalar, !value.isNull {
                entries.append(Condition.Entry(path: path, test: .single(Located(scalar.text, at: value.range)), range: pair.keyRange))
            } else {
                sink.emit(DecodeMessage.testNotAValue(fact: pair.key, found: value.shapeName), at: value.range)
                hasErrors = true
            }
        }
        return Condition(entries: entries, range: node.range, hasErrors: hasErrors)
    }

    private func decodeEffect(_ node: YAMLNode, sink: inout DiagnosticSink) -> Effect? {
        guard let entry = EffectEntry.read(node, sink: &sink) else { return nil }
        let (name, word, arguments) = (entry.kind, entry.word, entry.arguments)
        let at = entry.nameRange
        func context() -> String { "the arguments of '\(word.excerpt)'" }
        switch name {
        case .activateCollaboration:
            if let arguments {
                _ = MappingReader(arguments, context: context(), allowed: Self.none, required: Self.none, sink: &sink)
            }
            return .activateCollaboration(at: at)
        case .activateService:
            guard let arguments, let reader = MappingReader(arguments, context: context(), allowed: Self.productKey, required: Self.none, sink: &sink) else {
                return .activateService(product: nil, at: at)
            }
            return .activateService(product: reader.identifier("product", sink: &sink), at: at)
        case .createAdministrator:
            guard let arguments else {
                sink.emit(DecodeMessage.effectWithoutArguments(name), at: entry.nameRange,
                          suggestion: Suggestion(DecodeMessage.Help.writeArguments(name)))
                return .withoutArguments(name, at: at)
            }
            guard let reader = MappingReader(arguments, context: context(), allowed: Self.administratorKeys, required: Self.administratorKeys, sink: &sink) else {
                return .withoutArguments(name, at: at)
            }
            let portal = reader.text("portal", sink: &sink)
            let email = reader.text("email", sink: &sink).map { Located($0.text, at: $0.range) }
            return .createAdministrator(portal: portal, email: email, at: at)
        case .sendEmail:
            guard let arguments else {
                sink.emit(DecodeMessage.effectWithoutArguments(name), at: entry.nameRange,
                          suggestion: Suggestion(DecodeMessage.Help.writeArguments(name)))
                return .withoutArguments(name, at: at)
            }
            guard let reader = MappingReader(arguments, context: context(), allowed: Self.templateKey, required: Self.templateKey, sink: &sink) else {
                return .withoutArguments(name, at: at)
            }
            return .sendEmail(template: reader.identifier("template", sink: &sink), at: at)
        }
    }

    /// The effects of the items of `effects`, in an array sized for one per item.
    private func effects(_ items: [YAMLNode], sink: inout DiagnosticSink) -> [Effect] {
        var effects: [Effect] = []
        effects.reserveCapacity(items.count)
        for item in items { effects += decodeEffects(item, sink: &sink) }
        return effects
    }

    /// One item of `effects`. An item with several keys is nearly always an
    /// argument indented as deep as its effect's name (`- send-email:` over
    /// `  template: …`), or a second effect that lost its `- `: that is
    /// reported once, at the key to move, and the item is read as meant, so
    /// the rest of the scenario is checked without a cascade.
    private func decodeEffects(_ node: YAMLNode, sink: inout DiagnosticSink) -> [Effect] {
        if let folded = foldedItems(node, sink: &sink) { return folded }
        guard let pairs = node.pairs, pairs.count > 1 else { return decodeEffect(node, sink: &sink).map { [$0] } ?? [] }
        let secondIsEffect = reportSeveralKeys(pairs, sink: &sink)
        func item(_ pair: YAMLPair) -> YAMLNode {
            YAMLNode(.mapping([pair]), range: SourceRange(start: pair.keyRange.start, end: pair.value.range.end))
        }
        if secondIsEffect {
            return pairs.compactMap { decodeEffect(item($0), sink: &sink) }
        }
        guard let first = pairs.first, first.value.isNull, let last = pairs.last else {
            return pairs.first.flatMap { decodeEffect(item($0), sink: &sink) }.map { [$0] } ?? []
        }
        let arguments = YAMLNode(.mapping(Array(pairs.dropFirst())), range: SourceRange(start: pairs[1].keyRange.start, end: last.value.range.end))
        return decodeEffect(item(YAMLPair(key: first.key, keyRange: first.keyRange, value: arguments)), sink: &sink).map { [$0] } ?? []
    }

    /// `- activate-collaboration` over `    - activate-service`: the second
    /// item, indented too far, is folded into the first plain scalar as
    /// ' - activate-service'. Reported once; when every part is an effect,
    /// the parts are read as the items meant, so nothing follows from them.
    private func foldedItems(_ node: YAMLNode, sink: inout DiagnosticSink) -> [Effect]? {
        guard let scalar = node.scalar, scalar.style == .plain, EffectKind(rawValue: scalar.text) == nil,
              scalar.raw.map({ $0.contains("\n") }) ?? true else { return nil }
        let parts = scalar.text.components(separatedBy: " - ")
        guard parts.count > 1 else { return nil }
        sink.emit(DecodeMessage.foldedEffects(scalar.text, next: Array(parts.dropFirst())), at: node.range, suggestion: Suggestion(DecodeMessage.Help.indentEveryDash))
        let names = parts.compactMap(EffectKind.init(rawValue:))
        return names.count == parts.count ? names.map { Effect.withoutArguments($0, at: node.range) } : []
    }

    /// Reports an effect item with several keys; true when the second key is
    /// itself an effect.
    private func reportSeveralKeys(_ pairs: [YAMLPair], sink: inout DiagnosticSink) -> Bool {
        let first = pairs[0], second = pairs[1]
        let note = DiagnosticNote(DecodeMessage.Note.itemStartsWith(first.key), at: first.keyRange)
        if EffectKind(rawValue: second.key) != nil {
            sink.emit(DecodeMessage.secondEffectWithoutDash(keys: pairs.map(\.key)), at: second.keyRange,
                      notes: [note], suggestion: Suggestion(DecodeMessage.Help.startOnItsOwnLine(second.key)))
            return true
        } else {
            sink.emit(DecodeMessage.argumentsIndentedTooLittle(keys: pairs.map(\.key)), at: second.keyRange, notes: [note],
                      suggestion: Suggestion(DecodeMessage.Help.indentUnder(keys: pairs.dropFirst().map(\.key), first: first.key)))
            return false
        }
    }

    private func decodeAwaits(_ node: YAMLNode, sink: inout DiagnosticSink) -> Awaits? {
        guard let reader = MappingReader(node, context: "'awaits'", allowed: Self.awaitsKeys, required: Self.awaitsKeys, sink: &sink) else { return nil }
        let who = reader.word("who", Approver.self, sink: &sink)
        let approves = reader.word("approves", ApprovalSubject.self, sink: &sink)
        let place = reader.text("where", sink: &sink)
        guard let who, let approves, let place else { return nil }
        return Awaits(who: who, approves: approves, place: place, range: node.range)
    }
}

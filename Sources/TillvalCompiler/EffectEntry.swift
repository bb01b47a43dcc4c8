import TillvalPlan
import TillvalSyntax

/// The head of one effect entry, as rules (`then.effects`) and rule tests (`expect.effects`) write it:
/// a name, or a one-key mapping from the name to its arguments. Decoding the arguments is the caller's.
struct EffectEntry {
    let kind: EffectKind
    /// The name as written, and where.
    let word: String
    let nameRange: SourceRange
    /// The arguments mapping, nil where the entry is a bare name or its value is null.
    let arguments: YAMLNode?

    /// Reads the head of an entry, or reports why it is not one (not a name or one-key mapping, or an unknown effect).
    static func read(_ node: YAMLNode, sink: inout DiagnosticSink) -> EffectEntry? {
        let nameNode: YAMLNode
        var arguments: YAMLNode?
        if node.scalar != nil {
            nameNode = node
        } else if let pairs = node.pairs, pairs.count == 1, let pair = pairs.first {
            nameNode = YAMLNode(.scalar(YAMLScalar(pair.key, style: .plain)), range: pair.keyRange)
            arguments = pair.value.isNull ? nil : pair.value
        } else {
            sink.emit(DecodeMessage.effectNotANameOrMapping(found: node.shapeName), at: node.range,
                      suggestion: Suggestion(DecodeMessage.Help.writeEffectExample))
            return nil
        }
        let word = nameNode.scalar?.text ?? ""
        guard let kind = EffectKind(rawValue: word) else {
            let known = EffectKind.allCases.map(\.rawValue)
            sink.emit(DecodeMessage.unknownEffect(word), at: nameNode.range,
                      suggestion: Spelling.closest(to: word, among: known).map { Suggestion.didYouMean($0, replacing: nameNode.range) }
                        ?? Suggestion(DecodeMessage.Help.effectsAre))
            return nil
        }
        return EffectEntry(kind: kind, word: word, nameRange: nameNode.range, arguments: arguments)
    }
}

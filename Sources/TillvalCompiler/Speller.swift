import TillvalSyntax

/// Did-you-mean over the rule set's own names (products, facts, values …),
/// for one compilation. Each question is answered once (the checks that
/// report an unknown name and the one that counts what it meant as used get
/// the same answer), and the comparisons of a run have a budget: n unknown
/// names among n declared ones would otherwise cost n², so once the budget
/// is spent, new questions get no suggestion.
final class Speller {
    private struct Question: Hashable {
        var group: String
        var word: String
    }

    private var answers: [Question: String?] = [:]
    /// Whether `closest` was ever called: its answers depend on the order of
    /// the questions (the budget), so checks run in parallel are redone in
    /// order when they asked (`SemanticChecker`).
    private(set) var asked = false
    private var budget: Int

    /// `budget` counts candidates looked at, over all questions.
    init(budget: Int = 2_000_000) {
        self.budget = budget
    }

    /// The closest of `candidates` to `word` (`Spelling.closest`); `group`
    /// names the candidate set, for remembering the answer.
    /// `candidates` is only built when the question is new and the budget not spent.
    func closest<C: Collection>(to word: String, among candidates: @autoclosure () -> C, group: String) -> String? where C.Element == String {
        asked = true
        let question = Question(group: group, word: word)
        if let answer = answers[question] { return answer }
        guard budget > 0 else { return nil }
        let names = candidates()
        budget -= max(1, names.count)
        let answer = Spelling.closest(to: word, among: names)
        answers[question] = answer
        return answer
    }

    private var summaries: [String: String] = [:]

    /// A text about a whole candidate set ("known: a, b, …"), made once per `group`.
    func summary(of group: String, _ make: () -> String) -> String {
        if let known = summaries[group] { return known }
        let made = make()
        summaries[group] = made
        return made
    }
}

import TillvalSyntax

/// Finds the elementary cycles of a small named graph, each once, starting
/// from its first member in source order. Shared by the product graph and
/// the procedure graph. The search is bounded so a hostile rule set cannot
/// make it run for long.
struct CycleFinder {
    /// One cycle: its members in order and the edges (references) that close it.
    struct Cycle {
        var members: [String]
        var edges: [SourceRange]
    }

    var maximumSteps = 100_000
    var maximumCycles = 20

    func cycles(nodes: [String], edges: (String) -> [Located<String>]?) -> [Cycle] {
        let order = Dictionary(nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [Cycle] = []
        var steps = 0
        for node in nodes {
            guard let start = order[node], let first = edges(node) else { continue }
            var path: [(id: String, edge: SourceRange?)] = [(node, nil)]
            var onPath: Set<String> = [node]
            var iterators = [first.makeIterator()]
            while !iterators.isEmpty {
                steps += 1
                if steps > maximumSteps || found.count >= maximumCycles { return found }
                guard let next = iterators[iterators.count - 1].next() else {
                    iterators.removeLast()
                    onPath.remove(path.removeLast().id)
                    continue
                }
                guard let index = order[next.value], index >= start else { continue }
                if next.value == node {
                    found.append(Cycle(members: path.map(\.id), edges: path.dropFirst().compactMap(\.edge) + [next.range]))
                    continue
                }
                guard !onPath.contains(next.value), let targets = edges(next.value) else { continue }
                path.append((next.value, next.range))
                onPath.insert(next.value)
                iterators.append(targets.makeIterator())
            }
        }
        return found
    }
}

import TillvalPlan

/// A shortest edit script between two sequences (Myers, "An O(ND)
/// difference algorithm", 1986), and the unified diff made from it.
///
/// The common head and tail are cut off first; past `maxCost` differences
/// the rest is reported as replaced whole (all removed, then all added), so
/// two long, wholly different texts cost time and memory in proportion to
/// their length, never to its square.
enum LineDiff {
    /// One step of the script: indices into the base (`old`) and the head (`new`).
    enum Edit: Equatable {
        case same(old: Int, new: Int)
        case removed(old: Int)
        case added(new: Int)
    }

    /// The differences beyond which the script gives up being shortest.
    static let maxCost = 1_000

    static func edits<T: Equatable>(_ a: [T], _ b: [T], maxCost: Int = LineDiff.maxCost) -> [Edit] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let oldMiddle = Array(a[prefix..<(a.count - suffix)])
        let newMiddle = Array(b[prefix..<(b.count - suffix)])
        var script = (0..<prefix).map { Edit.same(old: $0, new: $0) }
        for edit in middle(oldMiddle, newMiddle, maxCost: maxCost) {
            switch edit {
            case .same(let old, let new): script.append(.same(old: old + prefix, new: new + prefix))
            case .removed(let old): script.append(.removed(old: old + prefix))
            case .added(let new): script.append(.added(new: new + prefix))
            }
        }
        for offset in 0..<suffix {
            script.append(.same(old: a.count - suffix + offset, new: b.count - suffix + offset))
        }
        return script
    }

    /// Myers' forward search, keeping each round's frontier for the way back.
    private static func middle<T: Equatable>(_ a: [T], _ b: [T], maxCost: Int) -> [Edit] {
        let n = a.count, m = b.count
        if n == 0 || m == 0 || min(n + m, maxCost) == 0 {
            return (0..<n).map { Edit.removed(old: $0) } + (0..<m).map { Edit.added(new: $0) }
        }
        let limit = min(n + m, maxCost)
        let offset = limit + 1
        var frontier = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var cost: Int?
        search: for d in 0...limit {
            trace.append(Array(frontier[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]))
                    ? frontier[offset + k + 1] : frontier[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                frontier[offset + k] = x
                if x >= n, y >= m { cost = d; break search }
            }
        }
        guard let cost else {
            return (0..<n).map { Edit.removed(old: $0) } + (0..<m).map { Edit.added(new: $0) }
        }
        var script: [Edit] = []
        var x = n, y = m
        for d in stride(from: cost, through: 0, by: -1) {
            let round = trace[d]
            func at(_ k: Int) -> Int {
                let index = k + d
                return round.indices.contains(index) ? round[index] : 0
            }
            let k = x - y
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = at(previousK), previousY = previousX - previousK
            while x > previousX, y > previousY {
                script.append(.same(old: x - 1, new: y - 1))
                x -= 1
                y -= 1
            }
            if d > 0 {
                if x == previousX { script.append(.added(new: y - 1)) } else { script.append(.removed(old: x - 1)) }
            }
            x = previousX
            y = previousY
        }
        return script.reversed()
    }

    /// A text as the lines a diff compares: a final line break ends the last
    /// line rather than starting an empty one.
    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A unified diff (`---`/`+++` headers, `@@` hunks with `context` lines
    /// around each change); no lines when the texts are the same.
    static func unified(_ old: [String], _ new: [String], oldName: String, newName: String, context: Int = 3) -> [String] {
        let script = edits(old, new)
        let changed = script.indices.filter { if case .same = script[$0] { return false } else { return true } }
        guard let first = changed.first else { return [] }
        // Hunks: runs of changes less than two contexts apart, widened by the context.
        var ranges: [ClosedRange<Int>] = []
        var start = first, end = first
        for index in changed.dropFirst() {
            if index - end > 2 * context + 1 {
                ranges.append(start...end)
                start = index
            }
            end = index
        }
        ranges.append(start...end)
        var output = ["--- \(oldName)", "+++ \(newName)"]
        // Lines of each side before the current hunk, counted as the hunks
        // advance (once over the script, not once per hunk).
        var scanned = 0, oldBefore = 0, newBefore = 0
        for span in ranges {
            let lower = max(0, span.lowerBound - context), upper = min(script.count - 1, span.upperBound + context)
            let hunk = script[lower...upper]
            var body: [String] = []
            var oldCount = 0, newCount = 0
            for edit in hunk {
                switch edit {
                case .same(let o, _): body.append(" " + old[o]); oldCount += 1; newCount += 1
                case .removed(let o): body.append("-" + old[o]); oldCount += 1
                case .added(let n): body.append("+" + new[n]); newCount += 1
                }
            }
            // Lines of each side before the hunk: the hunk starts one after
            // them, or, when it holds none of that side, is named by them.
            while scanned < lower {
                switch script[scanned] {
                case .same: oldBefore += 1; newBefore += 1
                case .removed: oldBefore += 1
                case .added: newBefore += 1
                }
                scanned += 1
            }
            func numbers(_ before: Int, _ count: Int) -> String {
                count == 1 ? "\(before + 1)" : "\(count == 0 ? before : before + 1),\(count)"
            }
            output.append("@@ -\(numbers(oldBefore, oldCount)) +\(numbers(newBefore, newCount)) @@")
            output += body
        }
        return output
    }
}

/// One change of an ordered list (steps, effects, follow-ups), found with
/// the line diff: a run of removals and additions pairs up as `changed`,
/// and an item removed in one place and added unchanged in another is
/// `moved`, so a reordered step reads as one move, not as a list rewritten.
struct ListChange: Equatable {
    var change: DiffChange
    /// 1-based positions in the base and the head.
    var base: Int?
    var head: Int?
    var old: String?
    var new: String?

    static func changes(_ old: [String], _ new: [String]) -> [ListChange] {
        let script = LineDiff.edits(old, new)
        // Runs of removals and additions between unchanged items.
        var runs: [(removed: [Int], added: [Int])] = []
        var current: (removed: [Int], added: [Int]) = ([], [])
        for edit in script {
            switch edit {
            case .same:
                if !current.removed.isEmpty || !current.added.isEmpty { runs.append(current) }
                current = ([], [])
            case .removed(let o): current.removed.append(o)
            case .added(let n): current.added.append(n)
            }
        }
        if !current.removed.isEmpty || !current.added.isEmpty { runs.append(current) }

        // Moves first: the same text removed in one run and added in any.
        var removedLeft = Set(runs.flatMap(\.removed)), addedLeft = Set(runs.flatMap(\.added))
        var result: [ListChange] = []
        var addedByText: [String: [Int]] = [:]
        for n in runs.flatMap(\.added).reversed() { addedByText[new[n], default: []].append(n) }
        for o in runs.flatMap(\.removed) {
            guard let n = addedByText[old[o]]?.popLast() else { continue }
            removedLeft.remove(o)
            addedLeft.remove(n)
            result.append(ListChange(change: .moved, base: o + 1, head: n + 1, old: old[o], new: nil))
        }
        // Then, within a run, what is left pairs up in order as changed.
        for run in runs {
            let removed = run.removed.filter(removedLeft.contains), added = run.added.filter(addedLeft.contains)
            for (o, n) in zip(removed, added) {
                result.append(ListChange(change: .changed, base: o + 1, head: n + 1, old: old[o], new: new[n]))
            }
            for o in removed.dropFirst(added.count) {
                result.append(ListChange(change: .removed, base: o + 1, head: nil, old: old[o], new: nil))
            }
            for n in added.dropFirst(removed.count) {
                result.append(ListChange(change: .added, base: nil, head: n + 1, old: nil, new: new[n]))
            }
        }
        // In the order of the head, removals where they were.
        return result.sorted { ($0.head ?? $0.base ?? 0, $0.base ?? 0) < ($1.head ?? $1.base ?? 0, $1.base ?? 0) }
    }
}

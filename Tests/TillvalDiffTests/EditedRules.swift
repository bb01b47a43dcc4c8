import Foundation
import Testing
import TillvalCompiler
import TillvalPlan
import TillvalTestSupport

/// A copy of the frozen shipped rule set (Tests/Fixtures/baselines/shipped)
/// in a temporary directory, edited text by text, compiled by the real
/// compiler: the base is the copy as it was, the head the copy after the edits.
struct EditedRules {
    /// Replace `old` (which must occur) by `new` in `file`, relative to the rule directory.
    struct Edit {
        var file: String
        var old: String
        var new: String
    }

    static let baseline = "Tests/Fixtures/baselines/shipped"

    /// The base and head plans of the shipped rules with `edits` applied to the head.
    /// `moves` renames files of the head (old path → new path) before editing.
    static func plans(_ edits: [Edit], moves: [(String, String)] = []) throws -> (base: Plan, head: Plan) {
        let base = try #require(Compiler().compile(directory: Repository.path(baseline)).plan)
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("tillval-diff-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: directory) }
        try manager.copyItem(at: URL(fileURLWithPath: Repository.path(baseline)), to: directory)
        for (from, to) in moves {
            try manager.moveItem(at: directory.appendingPathComponent(from), to: directory.appendingPathComponent(to))
        }
        for edit in edits {
            let url = directory.appendingPathComponent(edit.file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(edit.old), "\(edit.file) has no '\(edit.old)'")
            try text.replacingOccurrences(of: edit.old, with: edit.new).write(to: url, atomically: true, encoding: .utf8)
        }
        let compilation = Compiler().compile(directory: directory.path)
        let head = try #require(compilation.plan, "\(compilation.diagnostics.map(\.message))")
        return (base, head)
    }
}

import Foundation
import Testing
@testable import TillvalCompiler
import TillvalPlan
import TillvalSyntax
import TillvalTestSupport

/// Issue 11: the compiler loads and decodes the files, checks the scenarios
/// and proves each collaboration's coverage in slices run in parallel
/// (`Compiler.threads`). What it reports and the plan it makes must be the
/// same, byte for byte, for any number of slices: compared here against one
/// slice (everything on the calling thread) for every compile fixture, and
/// for a rule set large enough to be sliced (300 scenarios in 5 files),
/// clean and with mistakes in several slices at once — among them misspelt
/// names, whose did-you-mean depends on the order questions are asked, so
/// the scenarios are then checked again one after another.
@Suite struct ParallelCompileTests {
    /// Everything a compilation gives that a user or a plan file sees.
    struct Outcome: Equatable, CustomStringConvertible {
        var rendered: String
        var unlistedErrors: Int
        var summary: CompilationSummary?
        var plan: Data?

        init(_ compilation: Compilation) {
            rendered = TextDiagnosticRenderer(sources: compilation.sources, colored: false).render(compilation.diagnostics)
            unlistedErrors = compilation.unlistedErrors
            summary = compilation.summary
            plan = compilation.plan.map(PlanCoding.encode)
        }

        var description: String { rendered + "\(unlistedErrors) unlisted, \(String(describing: summary)), plan: \(plan?.count ?? 0) bytes" }
    }

    static let threads = [2, 3, 8]

    @Test(arguments: CompileFixtureTests.fixtures)
    func eachFixtureCompilesAlikeInAnyNumberOfSlices(_ name: String) throws {
        let rules = CompileFixtures.rules(name)
        var compiler = CompileFixtureTests.compiler(name)
        compiler.threads = 1
        let alone = Outcome(compiler.compile(directory: rules))
        for threads in Self.threads {
            compiler.threads = threads
            let sliced = Outcome(compiler.compile(directory: rules))
            #expect(sliced == alone, "\(threads) slices:\n\(sliced)\nalone:\n\(alone)")
        }
    }

    /// A rule set of 3 collaborations × 100 scenarios (each scenario one
    /// cell of 5·5·4 values), in files of 100 scenarios each, so every
    /// number of slices cuts through files and collaborations.
    static func ruleSet() -> [String: String] {
        var files: [String: String] = [:]
        files["ruleset.yaml"] = "kind: ruleset\nname: Sliced\nformat: 1\n"
        files["facts.yaml"] = """
            kind: facts
            office:
              name: text
            customer:
              name: text
              email: email
              tasks: list
              segment:
                one-of: [s0, s1, s2, s3, s4]
              size:
                one-of: [z0, z1, z2, z3, z4]
              region:
                one-of: [r0, r1, r2, r3]
            ---
            kind: precondition
            id: connected-task
            summary: The customer has a task connected to it.
            check:
              customer.tasks: non-empty
            unmet: Connect a task to {{customer.name}} first.
            ---
            kind: email
            id: welcome
            to: customer.email
            subject: "{{office.name}} has activated {{product.name}}"
            body: |
              Hello {{customer.name}},
              {{office.name}} has invited you.

            """
        for collaboration in 0 ..< 3 {
            var text = """
                kind: collaboration
                id: c\(collaboration)
                title: "Collaboration \(collaboration)"
                products: [c\(collaboration)-a]
                requires: [connected-task]
                ---
                kind: product
                id: c\(collaboration)-a
                name: "Product of \(collaboration)"

                """
            var index = 0
            for segment in 0 ..< 5 {
                for size in 0 ..< 5 {
                    for region in 0 ..< 4 {
                        text += """
                            ---
                            kind: scenario
                            id: c\(collaboration)-s\(index)
                            title: "Scenario \(index)"
                            collaboration: c\(collaboration)
                            when:
                              customer.segment: s\(segment)
                              customer.size: z\(size)
                              customer.region: r\(region)
                            steps:
                              - "Select a task: {{task}}."
                            effects:
                              - activate-collaboration
                              - send-email:
                                  template: welcome
                            outcome: "Done for {{customer.name}} ({{office.name}})."

                            """
                        index += 1
                    }
                }
            }
            files["c\(collaboration).yaml"] = text
        }
        return files
    }

    /// The mistakes, each a text replaced once in one file (`file`, `old`, `new`).
    static let variants: [(String, [(String, String, String)])] = [
        ("clean", []),
        ("malformed placeholders in two slices", [
            ("c0.yaml", "Select a task: {{task}}.", "Select a task: {{task}."),
            ("c2.yaml", "Done for {{customer.name}}", "Done for {{customer.name"),
        ]),
        ("a gap and an overlap in two collaborations", [
            ("c0.yaml", "id: c0-s7\ntitle: \"Scenario 7\"\ncollaboration: c0\nwhen:\n  customer.segment: s0\n  customer.size: z1\n  customer.region: r3",
             "id: c0-s7\ntitle: \"Scenario 7\"\ncollaboration: c0\nwhen:\n  customer.segment: s0\n  customer.size: z1\n  customer.region: r2"),
            ("c2.yaml", "  customer.region: r3\n", "  customer.region: [r2, r3]\n"),
        ]),
        ("misspelt names in three slices", [
            ("c0.yaml", "Done for {{customer.name}}", "Done for {{customer.nmae}}"),
            ("c1.yaml", "customer.size: z3", "customer.size: z33"),
            ("c2.yaml", "template: welcome", "template: welcom"),
        ]),
        // Only the last file's slices ask their speller: the slices before are kept, the rest checked again.
        ("a misspelt name in the last collaboration only", [
            ("c2.yaml", "customer.size: z3", "customer.size: z33"),
            ("c1.yaml", "Done for {{customer.name}}", "Done for {{customer.name"),
        ]),
        ("a misspelt name and a malformed placeholder", [
            ("c1.yaml", "Done for {{customer.name}}", "Done for {{ customer.name"),
            ("c2.yaml", "customer.segment: s4", "customer.segmnet: s4"),
        ]),
        // What no scenario reaches is warned about once its slices' marks are joined.
        ("an email and a procedure no scenario uses", [
            ("ruleset.yaml", "format: 1\n", """
                format: 1
                ---
                kind: email
                id: never-sent
                to: administrator
                subject: "Hello {{customer.name}}"
                body: "For {{office.name}}"
                ---
                kind: procedure
                id: never-used
                steps:
                  - "Nothing for {{task}}"

                """),
        ]),
    ]

    @Test(arguments: variants.indices)
    func aLargeRuleSetCompilesAlikeInAnyNumberOfSlices(_ variant: Int) throws {
        let (name, edits) = Self.variants[variant]
        var texts = Self.ruleSet()
        for (file, old, new) in edits {
            let text = try #require(texts[file])
            let range = try #require(text.range(of: old), "\(name): '\(old)' not in \(file)")
            texts[file] = text.replacingCharacters(in: range, with: new)
        }
        let files = texts.keys.sorted().map { SourceFile(path: "rules/\($0)", text: texts[$0] ?? "") }
        for lowers in [true, false] {
            let alone = Outcome(Compiler(lowers: lowers, threads: 1).compile(files: files))
            // The variant is what it says: clean, or with as many errors as mistakes (and a plan only when clean).
            if name.hasPrefix("an email and a procedure") {
                #expect(alone.rendered.components(separatedBy: ": warning[W0101]").count - 1 == 2 && !alone.rendered.contains(": error[")
                        && alone.summary?.scenarios == 300, "\(alone)")
            } else if edits.isEmpty {
                #expect(alone.rendered.isEmpty && alone.summary?.scenarios == 300, "\(alone)")
                #expect((alone.plan != nil) == lowers)
            } else {
                #expect(alone.plan == nil && alone.rendered.components(separatedBy: ": error[").count - 1 >= edits.count,
                        "\(name):\n\(alone)")
            }
            for threads in Self.threads {
                let sliced = Outcome(Compiler(lowers: lowers, threads: threads).compile(files: files))
                #expect(sliced == alone, "\(name), \(threads) slices:\n\(sliced)\nalone:\n\(alone)")
            }
        }
    }

    /// Reading the files is split too: what each file gave — its bytes, or
    /// why it could not be read (too large, not a regular file, a broken
    /// link, past the rule set's size) — is taken in file order, whatever
    /// the number of slices.
    @Test(arguments: [1_000_000, 50_000])
    func filesAreReadAlikeInAnyNumberOfSlices(_ maximumRuleSetSize: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tillval-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in Self.ruleSet() {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        for number in 0 ..< 16 {
            try "kind: product\nid: extra-\(number)\nname: \"Extra \(number)\"\n"
                .write(to: directory.appendingPathComponent("a\(String(format: "%02d", number)).yaml"), atomically: true, encoding: .utf8)
        }
        try String(repeating: "# padding\n", count: 6_000).write(to: directory.appendingPathComponent("b-big.yaml"), atomically: true, encoding: .utf8)
        #expect(mkfifo(directory.appendingPathComponent("b-pipe.yaml").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("b-gone.yaml").path, withDestinationPath: "nowhere.yaml")
        var compiler = Compiler(limits: CompileLimits(maximumFileSize: 50_000, maximumRuleSetSize: maximumRuleSetSize), lowers: false, threads: 1)
        let alone = Outcome(compiler.compile(directory: directory.path))
        // The big file, the pipe and the broken link (all before the collaborations' files); with
        // the smaller size, the rule set's end from the second collaboration's file on.
        for code in ["error[E0012]", "b-pipe.yaml", "b-gone.yaml"] + (maximumRuleSetSize < 1_000_000 ? ["error[E0013]"] : []) {
            #expect(alone.rendered.contains(code), "\(code) not reported:\n\(alone)")
        }
        for threads in Self.threads {
            compiler.threads = threads
            let sliced = Outcome(compiler.compile(directory: directory.path))
            #expect(sliced == alone, "\(threads) slices:\n\(sliced)\nalone:\n\(alone)")
        }
    }
}

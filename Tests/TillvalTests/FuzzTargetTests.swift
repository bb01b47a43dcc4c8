import Foundation
import Testing
import TillvalCompiler
import TillvalFuzz
import TillvalRuntime
import TillvalTestSupport

/// The fuzz targets' entry points (`make fuzz`) run once over their whole
/// seed corpus in an ordinary build, so the harness cannot rot between fuzzing
/// runs: every seed must keep every invariant, and the seeds must reach the
/// stages they are meant to reach.
@Suite struct FuzzTargetTests {
    static let base = RulesFuzzer.Base(directory: Repository.path("Rules"))

    @Test func ruleSetInputLaysFilesOverTheBaseOrStandsAlone() {
        let base: [(path: String, bytes: [UInt8])] = [("a.yaml", Array("a\n".utf8)), ("b.yaml", Array("b\n".utf8))]
        let over = RuleSetInput.files(Array("lead\n#>> b.yaml\nnew b\n#>> c.yaml\nc\n".utf8), base: base)
        #expect(over.map(\.path) == ["rules/a.yaml", "rules/b.yaml", "rules/input.yaml", "rules/c.yaml"])
        #expect(over.map { String(decoding: $0.bytes, as: UTF8.self) } == ["a\n", "new b\n", "lead\n", "c\n"])

        let alone = RuleSetInput.files(Array("#>> -\n#>> b.yaml\nx".utf8), base: base)
        #expect(alone.map(\.path) == ["rules/b.yaml"])
        #expect(alone.map { String(decoding: $0.bytes, as: UTF8.self) } == ["x"])

        let files: [(path: String, bytes: [UInt8])] = [("x/y.yaml", Array("k: v".utf8))]
        let roundTrip = RuleSetInput.files(RuleSetInput.encode(files, standalone: true), base: base)
        #expect(roundTrip.map(\.path) == ["rules/x/y.yaml"])
        #expect(roundTrip.map { String(decoding: $0.bytes, as: UTF8.self) } == ["k: v\n"])
    }

    @Test func everyRulesSeedKeepsTheInvariantsAndReachesItsStage() {
        let seeds = FuzzSeeds.rules(root: Repository.root.path)
        #expect(seeds.filter { $0.name.hasPrefix("rules-") }.count == Self.base.files.count)
        #expect(seeds.filter { $0.name.hasPrefix("fixture-") }.count >= 50)
        for seed in seeds {
            let outcome = RulesFuzzer.run(seed.bytes, base: Self.base)
            #expect(outcome.problems.isEmpty, "\(seed.name): \(outcome.problems)")
            if seed.name.hasPrefix("rules-") {
                // One shipped file laid over the shipped rule set is the shipped rule set: it lowers to a plan.
                #expect(outcome.hasPlan && outcome.files == Self.base.files.count, "\(seed.name)")
            }
        }
    }

    /// A fixture's seed stands for the fixture's rule set: it has as many errors as the fixture itself.
    @Test func aFixtureSeedCompilesLikeItsFixture() {
        let fixtures = CompileFixtures.names
        let seeds = Dictionary(FuzzSeeds.rules(root: Repository.root.path).map { ($0.name, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        var compared = 0
        for name in fixtures {
            let rules = CompileFixtures.rules(name)
            let (_, readProblems) = RuleSetReader.read(directory: rules)
            guard readProblems.isEmpty, let seed = seeds["fixture-" + name] else { continue }
            let expected = Compiler().compile(directory: rules).diagnostics.filter(\.isError).count
            #expect(RulesFuzzer.run(seed, base: Self.base).errors == expected, "\(name)")
            compared += 1
        }
        #expect(compared >= 50)
    }

    @Test func everyRequestSeedKeepsTheInvariantsAndBinds() throws {
        let plan = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        let seeds = FuzzSeeds.requests(root: Repository.root.path)
        #expect(seeds.count >= 20)
        for seed in seeds {
            let outcome = RequestsFuzzer.run(seed.bytes, plan: plan)
            #expect(outcome.problems.isEmpty, "\(seed.name): \(outcome.problems)")
            if seed.name.hasPrefix("Examples-") {
                // The examples are well-formed: each request reads and binds (JSON Lines included).
                #expect(!outcome.statuses.isEmpty && !outcome.statuses.contains(.invalid), "\(seed.name): \(outcome.statuses)")
            }
        }
    }

    @Test func theLayoutIsPickedFromTheFirstByte() {
        #expect(RequestsFuzzer.layout(of: Array("customer: {}\n".utf8)) == .yaml)
        #expect(RequestsFuzzer.layout(of: Array("{\"a\": 1,\n \"b\": 2}".utf8)) == .json)
        #expect(RequestsFuzzer.layout(of: Array("{\"a\": 1}\n{\"a\": 2}\n".utf8)) == .jsonLines)
    }
}

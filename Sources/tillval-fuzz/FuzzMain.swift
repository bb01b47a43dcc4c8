import Foundation
import TillvalCompiler
import TillvalFuzz
import TillvalPlan
#if FUZZING
import CFuzzDriver
#endif

/// `tillval-fuzz`: the two fuzz targets and their seed corpora.
///
///     tillval-fuzz seeds rules|requests DIR     write the seed corpus into DIR
///     tillval-fuzz rules|requests ARGS...       fuzz (built by `make fuzz`): ARGS go to libFuzzer
///     tillval-fuzz rules|requests FILE...       replay (an ordinary build): run each input once
///
/// Both targets read the rule set in $TILLVAL_FUZZ_RULES (default `Rules`).
/// A broken invariant is a crash, so libFuzzer saves the input that broke it.
@main
struct FuzzMain {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        // libFuzzer's fork mode starts its workers with the options alone; the
        // target they run comes with them in the environment.
        if let inherited = ProcessInfo.processInfo.environment[targetVariable],
           arguments.first.flatMap(Target.init(rawValue:)) == nil, arguments.first != "seeds" {
            arguments.insert(inherited, at: 0)
        }
        guard let command = arguments.first else { usage() }
        switch command {
        case "seeds":
            guard arguments.count == 3, let target = Target(rawValue: arguments[1]) else { usage() }
            let root = FileManager.default.currentDirectoryPath
            let seeds = target == .rules ? FuzzSeeds.rules(root: root) : FuzzSeeds.requests(root: root)
            do {
                try FuzzSeeds.write(seeds, to: arguments[2])
                print("\(seeds.count) seeds for \(target.rawValue) in \(arguments[2])")
            } catch {
                fail("cannot write the seeds: \(error)")
            }
        default:
            guard let target = Target(rawValue: command) else { usage() }
            selected = target
            setenv(targetVariable, target.rawValue, 1)
            _ = target.prepare()
            #if FUZZING
            exit(runLibFuzzer(Array(arguments.dropFirst())))
            #else
            replay(Array(arguments.dropFirst()))
            #endif
        }
    }

    static func usage() -> Never {
        fail("usage: tillval-fuzz rules|requests [libFuzzer options | FILE...]\n       tillval-fuzz seeds rules|requests DIR")
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(64)
    }

    /// Runs each file once, as the fuzz target would, and says how it went.
    static func replay(_ paths: [String]) {
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
            let outcome = selected.run([UInt8](data))
            guard outcome.problems.isEmpty else {
                FileHandle.standardError.write(Data("\(path): broken invariant: \(outcome.problems.joined(separator: "; "))\n".utf8))
                exit(1)
            }
            print("\(path): \(outcome.summary)")
        }
    }
}

enum Target: String {
    case rules, requests

    /// Reads what the target needs once, before the first input.
    func prepare() -> Bool {
        switch self {
        case .rules: return !shippedRules.files.isEmpty
        case .requests: return shippedPlan != nil
        }
    }

    /// Runs one input: what it gave, and the invariants it broke.
    func run(_ bytes: [UInt8]) -> (summary: String, problems: [String]) {
        let problems: [String]
        let summary: String
        switch self {
        case .rules:
            let outcome = RulesFuzzer.run(bytes, base: shippedRules)
            problems = outcome.problems
            summary = "\(outcome.files) files, \(outcome.errors) errors, \(outcome.hasPlan ? "a plan" : "no plan")"
        case .requests:
            guard let plan = shippedPlan else { FuzzMain.fail("the rules in \(rulesDirectory) do not compile") }
            let outcome = RequestsFuzzer.run(bytes, plan: plan)
            problems = outcome.problems
            summary = outcome.statuses.map(\.rawValue).joined(separator: ", ")
        }
        return (summary, problems)
    }
}

/// Names the target for the workers of libFuzzer's fork mode.
let targetVariable = "TILLVAL_FUZZ_TARGET"
let rulesDirectory = ProcessInfo.processInfo.environment["TILLVAL_FUZZ_RULES"] ?? "Rules"
let shippedRules = RulesFuzzer.Base(directory: rulesDirectory)
let shippedPlan: Plan? = Compiler().compile(directory: rulesDirectory).plan
nonisolated(unsafe) var selected = Target.rules

#if FUZZING
/// Hands the arguments after the target's name to libFuzzer's driver.
func runLibFuzzer(_ options: [String]) -> Int32 {
    let strings = [CommandLine.arguments[0]] + options
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    var argc = Int32(strings.count)
    return pointers.withUnsafeMutableBufferPointer { buffer in
        var argv = buffer.baseAddress
        return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = data.map { [UInt8](UnsafeBufferPointer(start: $0, count: size)) } ?? []
            // A broken invariant stops the process: that is how libFuzzer records a finding.
            let problems = selected.run(bytes).problems
            if !problems.isEmpty { fatalError("broken invariant: " + problems.joined(separator: "; ")) }
            return 0
        }
    }
}
#endif

import Foundation
import TillvalCompiler
import TillvalPlan
import TillvalRuntime
import TillvalStore

/// Request plans made by the real pipeline (the shipped rules compiled,
/// an example request read, bound and planned), and stores opened in a
/// sandbox: the set-up of the suites that use the store in process.
public enum ExamplePlans {
    /// The plan of the shipped rules, Rules/.
    public static let plan: Plan? = Compiler().compile(directory: Repository.path("Rules")).plan

    /// What went wrong setting a test up (the rules do not compile, a request does not read).
    public struct SetUpFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The plan of Examples/`example`.
    public static func requestPlan(_ example: String) throws -> RequestPlan {
        try requestPlan(path: Repository.path("Examples/\(example)"))
    }

    /// The request in `text`, written to a file in `sandbox` and read like any other.
    public static func requestPlan(yaml text: String, in sandbox: StoreSandbox) throws -> RequestPlan {
        try requestPlan(path: sandbox.write(text, "request-\(UUID().uuidString).yaml"))
    }

    /// The plan of the (first) request in the file at `path`, under `compiled`.
    public static func requestPlan(path: String, plan compiled: Plan? = ExamplePlans.plan) throws -> RequestPlan {
        guard let plan = compiled else { throw SetUpFailure(description: "the rules do not compile") }
        let input = RequestReader.read(path: path)
        guard input.diagnostics.isEmpty, let document = input.documents.first else {
            throw SetUpFailure(description: "\(path) does not read: \(input.diagnostics.map(\.message))")
        }
        let request = try RequestBinder(plan: plan).bind(document).get()
        return try RequestPlanner(plan: plan).plan(request).get()
    }

    /// Examples/`name` with `old` replaced by `new`; it fails when `old` is not there.
    public static func example(_ name: String, replacing old: String, with new: String) throws -> String {
        let text = try Repository.text("Examples/\(name)")
        guard text.contains(old) else { throw SetUpFailure(description: "\(name) no longer contains '\(old)'") }
        return text.replacingOccurrences(of: old, with: new)
    }

    /// The error `body` throws, or nil.
    public static func error(_ body: () throws -> Void) -> Error? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }
}

extension StoreSandbox {
    /// The sandbox's store, opened in process, its clock fixed at `time`.
    public func store(at time: String = StoreSandbox.applyTime) throws -> Store {
        guard let date = Store.parseTime(time) else { throw ExamplePlans.SetUpFailure(description: "not a time: \(time)") }
        return try Store(path: storePath, now: { date })
    }
}

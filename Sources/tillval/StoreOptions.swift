import ArgumentParser
import TillvalRuntime

/// `--store PATH`, shared by every command that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite store (default: \(Store.defaultPath)); created on first use.")
    var store: String = Store.defaultPath

    /// The store, or an exit after saying why it cannot be opened. Only
    /// `apply` creates a store; the other commands read an existing one.
    func open(creating: Bool) throws -> Store {
        if let problem = Store.clockValidationError() {
            Console.error("tillval: \(problem)\n")
            throw ExitCodes.usage
        }
        do {
            if creating {
                return try Store(path: store, now: Store.clockFromEnvironment())
            }
            return try Store(existingAt: store, now: Store.clockFromEnvironment())
        } catch let error as StoreError {
            Console.error("tillval: \(error.message)\n")
            throw ExitCodes.unreadable
        } catch {
            Console.error("tillval: cannot open the store '\(store)': \(error)\n")
            throw ExitCodes.unreadable
        }
    }
}

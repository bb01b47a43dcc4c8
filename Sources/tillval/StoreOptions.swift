import ArgumentParser
import TillvalRuntime

/// `--store PATH`, shared by every command that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite store (default: \(Store.defaultPath)); created on first use.")
    var store: String = Store.defaultPath

    /// The store, or an exit after saying why it cannot be opened.
    func open() throws -> Store {
        do {
            return try Store(path: store, now: Store.clockFromEnvironment())
        } catch {
            Console.error("tillval: cannot open the store '\(store)': \(error)\n")
            throw ExitCodes.unreadable
        }
    }
}

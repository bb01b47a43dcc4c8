import ArgumentParser
import TillvalRuntime
import TillvalStore

/// `--store PATH` for `apply`, the one command that creates a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite store; created, with its directory, on first use.")
    var store: String = Store.defaultPath

    @Option(name: .long, help: ArgumentHelp(
        "How many requests commit together, at least 1; each request is still applied all or nothing.",
        discussion: "A request's result is printed once its group is committed to disk."))
    var groupSize: Int = ApplyBatch<Void>.defaultGroupSize

    func validate() throws {
        if groupSize < 1 { throw ValidationError("--group-size must be at least 1") }
    }

    /// The store, created and migrated when missing, or an exit after saying why it cannot be opened.
    func open() throws -> Store {
        try StoreOpening.open(store, creating: true)
    }
}

/// `--store PATH` for the commands that only read or update what `apply`
/// recorded (`status`, `approve`, `outbox`): they never create a store.
struct ExistingStoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite store; it must exist: only 'apply' creates one.")
    var store: String = Store.defaultPath

    /// The existing store, or an exit (66) after saying why it cannot be opened.
    func open() throws -> Store {
        try StoreOpening.open(store, creating: false)
    }

    /// The existing store, opened read-only: for `status` and the `outbox`
    /// listing, which never write (an older store is upgraded in memory).
    func openForReading() throws -> Store {
        try StoreOpening.open(store, creating: false, readOnly: true)
    }
}

enum StoreOpening {
    /// The store at `path`, or an exit after saying why it cannot be opened.
    static func open(_ path: String, creating: Bool, readOnly: Bool = false) throws -> Store {
        if let problem = Store.clockValidationError() {
            Console.error("tillval: \(problem)\n")
            throw ExitCodes.usage
        }
        do {
            if creating {
                return try Store(path: path, now: Store.clockFromEnvironment())
            }
            if readOnly {
                return try Store(readingAt: path, now: Store.clockFromEnvironment())
            }
            return try Store(existingAt: path, now: Store.clockFromEnvironment())
        } catch let error as StoreError {
            Console.error("tillval: \(error.message)\n")
            throw ExitCodes.unreadable
        } catch {
            Console.error("tillval: cannot open the store '\(Excerpt.of(path, limit: 256))': \(Excerpt.of(String(describing: error), limit: 200))\n")
            throw ExitCodes.unreadable
        }
    }
}

import ArgumentParser
import TillvalRuntime

/// `tillval outbox` lists queued emails; `tillval outbox deliver` writes them out.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List queued emails, or deliver them as .eml files.",
        subcommands: [OutboxListCommand.self, OutboxDeliverCommand.self],
        defaultSubcommand: OutboxListCommand.self
    )
}

/// `tillval outbox [list]`.
struct OutboxListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List queued emails (oldest first).")

    @Flag(help: "Include delivered emails.")
    var all = false

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(creating: false)
        let entries: [OutboxEntry]
        do {
            entries = try store.outbox(includeDelivered: all)
        } catch {
            Console.error("tillval: cannot read the store: \(error)\n")
            throw ExitCodes.unreadable
        }
        for entry in entries { Console.write(entry.line + "\n") }
        Console.write("\(entries.count) email\(entries.count == 1 ? "" : "s")\(all ? "" : " queued")\n")
    }
}

/// `tillval outbox deliver --to-dir DIR`.
struct OutboxDeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Write each queued email as an RFC 5322 .eml file and mark it delivered, once."
    )

    @Option(name: .customLong("to-dir"), help: "The directory to write .eml files into (created if missing).")
    var directory: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(creating: false)
        do {
            let delivered = try OutboxDelivery.deliver(store: store, toDirectory: directory)
            for item in delivered { Console.write("delivered \(item.path)\n") }
            Console.write("\(delivered.count) email\(delivered.count == 1 ? "" : "s") delivered\n")
        } catch {
            Console.error("tillval: delivery stopped: \(error)\n")
            throw ExitCodes.unreadable
        }
    }
}

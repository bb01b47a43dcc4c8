import ArgumentParser
import TillvalRuntime
import TillvalStore
import TillvalSyntax

/// `tillval approve CUSTOMER-ID`: records what the customer or the new
/// administrator does in Mina tjänster.
struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Record the approval a pending collaboration waits for.",
        discussion: "Opens an existing store only ('apply' creates it)." + ExitCodes.helpText(for: .approve)
    )

    @Argument(help: "The customer's id.")
    var customerID: String

    @Option(help: "The collaboration to approve, when the customer has several pending.")
    var collaboration: String?

    @OptionGroup var storeOptions: ExistingStoreOptions

    func run() throws {
        let store = try storeOptions.open()
        do {
            let result = try store.approve(customerID: customerID, collaboration: collaboration)
            Console.write(result.summary.escapedForTerminalKeepingLines + "\n")
        } catch let error as ApprovalError {
            Console.error("tillval: \(error.message)\n")
            throw ExitCodes.failure
        } catch {
            Console.error("tillval: cannot update the store: \(Excerpt.of(String(describing: error), limit: 200))\n")
            throw ExitCodes.unreadable
        }
    }
}

import ArgumentParser
import TillvalRuntime

/// `tillval status CUSTOMER-ID`: what the store holds for one customer.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print what the store holds for a customer.",
        discussion: "Exits 1 when the store does not know the customer."
    )

    @Argument(help: "The customer's id (customer.id in requests).")
    var customerID: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(creating: false)
        let status: CustomerStatus?
        do {
            status = try store.status(customerID: customerID)
        } catch {
            Console.error("tillval: cannot read the store: \(error)\n")
            throw ExitCodes.unreadable
        }
        guard let status else {
            Console.error("tillval: the store knows no customer '\(customerID)'\n")
            throw ExitCodes.failure
        }
        Console.write(status.text)
    }
}

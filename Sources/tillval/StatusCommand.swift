import ArgumentParser
import TillvalReports
import TillvalRuntime
import TillvalStore
import TillvalSyntax

/// `tillval status [CUSTOMER-ID]`: what the store holds for one customer,
/// or every customer with what is pending approval.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print what the store holds for a customer, or what is pending for every customer.",
        discussion: """
            Without a customer, lists every customer with the collaborations pending approval: who must approve what, \
            where, and since when. --format json prints everything the store holds for the customer (or for every customer) \
            as stable JSON (Schemas/status.schema.json). Opens an existing store only ('apply' creates it).
            """ + ExitCodes.helpText(for: .status)
    )

    @Argument(help: "The customer's id (customer.id in requests); leave it out for every customer.")
    var customerID: String?

    @Option(help: "Output format: text (for people) or json (stable).")
    var format: StoreReportFormat = .text

    @OptionGroup var storeOptions: ExistingStoreOptions

    func run() throws {
        let store = try storeOptions.openForReading()
        let statuses: [CustomerStatus]
        do {
            if let customerID {
                guard let status = try store.status(customerID: customerID) else {
                    Console.error("tillval: the store knows no customer '\(customerID.escapedForTerminal)'\n")
                    throw ExitCodes.failure
                }
                statuses = [status]
            } else {
                statuses = try store.statuses()
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Console.error("tillval: cannot read the store: \(Excerpt.of(String(describing: error), limit: 200))\n")
            throw ExitCodes.unreadable
        }
        switch format {
        case .json: Console.writeData(StatusJSON(statuses).encoded())
        // Names and ids the store holds are shown with control characters escaped.
        case .text: Console.write((customerID == nil ? CustomerStatus.overview(statuses) : statuses.map(\.text).joined()).escapedForTerminalKeepingLines)
        }
    }
}

/// How `status` and `outbox` print.
enum StoreReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

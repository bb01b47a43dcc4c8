import Foundation
import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// The stable JSON of `tillval status --format json`, described by
/// Schemas/status.schema.json: one customer, or every customer the store
/// holds, each with everything it holds for them. Fields are only ever
/// added within a format version; a change of meaning bumps `format`.
public struct StatusJSON: Encodable, Sendable {
    public static let currentFormat = 1

    public var format = StatusJSON.currentFormat
    public var customers: [Customer]

    public init(_ statuses: [CustomerStatus]) {
        customers = statuses.map(Customer.init)
    }

    public func encoded() -> Data { StoreJSON.encode(self) }

    public struct Customer: Encodable, Sendable {
        var customerID: String
        var firstSeen: String
        var collaborations: [Collaboration]
        var services: [Service]
        var administrators: [Administrator]
        var emails: [OutboxJSON.Email]

        enum CodingKeys: String, CodingKey {
            case collaborations, services, administrators, emails
            case customerID = "customer-id"
            case firstSeen = "first-seen"
        }

        init(_ status: CustomerStatus) {
            customerID = status.customerID
            firstSeen = status.firstSeen
            collaborations = status.collaborations.map(Collaboration.init)
            services = status.services.map {
                Service(service: $0.service, restrictedTo: $0.restrictedTo, collaboration: $0.collaborationID, activatedAt: $0.activatedAt)
            }
            administrators = status.administrators.map { Administrator(portal: $0.portal, email: $0.email, createdAt: $0.createdAt) }
            emails = status.emails.map(OutboxJSON.Email.init)
        }
    }

    struct Collaboration: Encodable, Sendable {
        var collaboration: Named
        var product: Named
        var service: Named
        var restrictedTo: Named?
        var scenario: String
        var approval: ApprovalState
        var awaits: Awaits?
        var planDigest: String
        var activatedAt: String
        var approvedAt: String?

        enum CodingKeys: String, CodingKey {
            case collaboration, product, service, scenario, approval, awaits
            case restrictedTo = "restricted-to"
            case planDigest = "plan-digest"
            case activatedAt = "activated-at"
            case approvedAt = "approved-at"
        }

        struct Awaits: Encodable, Sendable {
            var who: Approver
            var approves: ApprovalSubject
            var `where`: String
        }

        init(_ item: CustomerStatus.Collaboration) {
            collaboration = item.collaboration
            product = item.product
            service = item.service
            restrictedTo = item.restrictedTo
            scenario = item.scenario
            approval = item.status
            awaits = item.awaits.map { Awaits(who: $0.who, approves: $0.approves, where: $0.place) }
            planDigest = item.planDigest
            activatedAt = item.activatedAt
            approvedAt = item.approvedAt
        }
    }

    struct Service: Encodable, Sendable {
        var service: Named
        var restrictedTo: Named?
        var collaboration: String
        var activatedAt: String

        enum CodingKeys: String, CodingKey {
            case service, collaboration
            case restrictedTo = "restricted-to"
            case activatedAt = "activated-at"
        }
    }

    struct Administrator: Encodable, Sendable {
        var portal: String
        var email: String
        var createdAt: String

        enum CodingKeys: String, CodingKey {
            case portal, email
            case createdAt = "created-at"
        }
    }
}

/// The stable JSON of `tillval outbox --format json`, described by
/// Schemas/outbox.schema.json.
public struct OutboxJSON: Encodable, Sendable {
    public static let currentFormat = 1

    public var format = OutboxJSON.currentFormat
    public var emails: [Email]

    public init(_ entries: [OutboxEntry]) {
        emails = entries.map(Email.init)
    }

    public func encoded() -> Data { StoreJSON.encode(self) }

    /// One email of the outbox, delivered or not.
    public struct Email: Encodable, Sendable {
        var id: Int64
        var customerID: String
        var collaboration: String
        var template: String
        var to: String
        var subject: String
        var body: String
        var senderName: String?
        var senderEmail: String?
        var state: EmailState
        var queuedAt: String
        var deliveredAt: String?

        enum CodingKeys: String, CodingKey {
            case id, collaboration, template, to, subject, body, state
            case customerID = "customer-id"
            case senderName = "sender-name"
            case senderEmail = "sender-email"
            case queuedAt = "queued-at"
            case deliveredAt = "delivered-at"
        }

        init(_ entry: OutboxEntry) {
            id = entry.id
            customerID = entry.customerID
            collaboration = entry.collaborationID
            template = entry.template
            to = entry.recipient
            subject = entry.subject
            body = entry.body
            senderName = entry.senderName
            senderEmail = entry.senderEmail
            state = entry.state
            queuedAt = entry.queuedAt
            deliveredAt = entry.deliveredAt
        }
    }
}

enum StoreJSON {
    /// Sorted keys, pretty, a final line end: the same data gives the same bytes.
    static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(value)) ?? Data()
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

extension CustomerStatus {
    /// The plain-text overview `tillval status` prints without a customer:
    /// every customer with what is pending approval. For people; may change.
    public static func overview(_ statuses: [CustomerStatus]) -> String {
        let human = StoreTimestamp.human
        var lines: [String] = []
        var pendingCount = 0
        for status in statuses {
            let pending = status.collaborations.filter { $0.status == .pending }
            pendingCount += pending.count
            let approved = status.collaborations.count - pending.count
            var head = "\(status.customerID)  first seen \(human(status.firstSeen))"
            if pending.isEmpty {
                head += ", nothing pending" + (approved > 0 ? " (\(approved) approved)" : "")
            }
            lines.append(head)
            for item in pending {
                let who = item.awaits.map { "the \($0.who.rawValue) must approve the \($0.approves.rawValue) in \($0.place)" } ?? "awaits approval"
                lines.append("  pending since \(human(item.activatedAt)): \(item.collaboration.name) (\(item.collaboration.id)), "
                             + "\(item.product.name): \(who)")
            }
        }
        let customers = "\(statuses.count) customer\(statuses.count == 1 ? "" : "s")"
        lines.append((lines.isEmpty ? "" : "\n") + "\(customers), \(pendingCount) collaboration\(pendingCount == 1 ? "" : "s") pending approval")
        return lines.joined(separator: "\n") + "\n"
    }
}

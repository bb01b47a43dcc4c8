import Foundation
import TillvalPlan

/// One rendered email in the outbox. `apply` queues it in the request's
/// transaction; `OutboxDelivery` hands it on later, so a request never
/// half-sends.
public struct OutboxEntry: Equatable, Sendable {
    /// A delivery's hold on an email it is writing out: set in the store
    /// before the file is written, so no other delivery writes it too.
    public struct Claim: Equatable, Sendable {
        /// Random per `outbox deliver` run: which run holds the claim.
        public var token: String
        /// ISO 8601 UTC, as stored.
        public var claimedAt: String
        /// The directory the email is being written into (absolute, symbolic links resolved).
        public var directory: String
        /// The `.eml` file name it is written as, there.
        public var fileName: String

        public init(token: String, claimedAt: String, directory: String, fileName: String) {
            self.token = token
            self.claimedAt = claimedAt
            self.directory = directory
            self.fileName = fileName
        }
    }

    /// Whether the email is still to be delivered (a claimed one still is,
    /// until its file is written and confirmed).
    public typealias State = EmailState

    /// The outbox's own number, in queueing order; names the `.eml` file.
    public var id: Int64
    public var customerID: String
    public var collaborationID: String
    /// The email's id in the rules (`approve-terms`, …).
    public var template: String
    public var recipient: String
    public var subject: String
    public var body: String
    /// ISO 8601 UTC, as stored: when the email was queued (or requeued);
    /// its `Date:` header.
    public var queuedAt: String
    /// Nil until `OutboxDelivery` has written the email out.
    public var deliveredAt: String?
    /// Random, made when the email is queued: the left part of its
    /// `Message-ID`, so Message-IDs differ across stores.
    public var messageToken: String
    /// The office's name (`office.name`) when the email was queued: the
    /// display name of `From:`.
    public var senderName: String?
    /// The office's address (`office.email`) when the rules declare it and
    /// the request gave it; else `outbox deliver --from` supplies one.
    public var senderEmail: String?
    /// Set while a delivery writes the email out; nil once delivered or
    /// while nobody has claimed it.
    public var claim: Claim?

    /// For rendering an email that is not (yet) in a store, e.g. a preview.
    public init(id: Int64, customerID: String, collaborationID: String, template: String, recipient: String,
                subject: String, body: String, queuedAt: String, deliveredAt: String? = nil,
                messageToken: String = OutboxEntry.newMessageToken(), senderName: String? = nil, senderEmail: String? = nil) {
        self.id = id
        self.customerID = customerID
        self.collaborationID = collaborationID
        self.template = template
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.queuedAt = queuedAt
        self.deliveredAt = deliveredAt
        self.messageToken = messageToken
        self.senderName = senderName
        self.senderEmail = senderEmail
    }

    /// A fresh random Message-ID token: a lower-case random (version 4)
    /// UUID. Made from the system's generator (`getrandom`) rather than
    /// `UUID()`, which on Linux opens and reads /dev/urandom for each one:
    /// `apply` makes one per email queued (issue 11).
    public static func newMessageToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for half in 0..<2 {
            let random: UInt64 = generator.next()
            for index in 0..<8 { bytes[half * 8 + index] = UInt8(truncatingIfNeeded: random >> (index * 8)) }
        }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4: random
        bytes[8] = bytes[8] & 0x3F | 0x80  // the RFC 4122 variant
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Where the email stands, a delivery's claim included: what the
    /// `outbox` listing shows.
    public enum Stage: Equatable, Sendable {
        case queued
        /// A delivery is writing it out; it is still to be delivered.
        case claimed(Claim)
        /// Written out, at this ISO 8601 UTC time.
        case delivered(at: String)

        /// The state the stable JSON reports: a claimed email is still `queued`
        /// (format 1 of the outbox JSON has no claims).
        public var state: EmailState {
            switch self {
            case .queued, .claimed: return .queued
            case .delivered: return .delivered
            }
        }
    }

    public var stage: Stage {
        if let deliveredAt { return .delivered(at: deliveredAt) }
        return claim.map(Stage.claimed) ?? .queued
    }

    public var state: State { stage.state }
}

import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

// The store's tables as GRDB records: each table's column names are written
// once, in its record's `CodingKeys`, and rows are read and inserted whole.
// The records are internal; the store returns the plain values of
// `TillvalRuntime` (`CustomerStatus`, `OutboxEntry`).

/// A record whose every text is stored whole: GRDB binds a record's
/// strings the way it binds statement arguments (`sqlite3_bind_text` with
/// length -1, cut at the first NUL), so before any insert or update this
/// refuses a text holding a NUL (`StoreError.textWithNUL`), as
/// `StoreArguments.whole` does for statements.
protocol WholeTextRecord: Codable, FetchableRecord, MutablePersistableRecord {}

extension WholeTextRecord {
    func willSave(_ db: Database) throws {
        for value in try databaseDictionary.values {
            if case .string(let text) = value.storage, StoreArguments.holdsNUL(text) {
                throw StoreError.textWithNUL(text)
            }
        }
    }

    /// The rows `sql` selects, through a statement prepared once per
    /// connection, its arguments bound whole.
    static func fetchAll(_ db: Database, cached sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> [Self] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: StoreArguments.whole(arguments))
    }

    /// The first row `sql` selects, as `fetchAll(_:cached:_:)` does.
    static func fetchOne(_ db: Database, cached sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: StoreArguments.whole(arguments))
    }
}

/// A record `apply` inserts for every request, through one INSERT prepared
/// once per connection (`insertRow(_:)`) instead of GRDB's record persistence,
/// which encodes the record through `Codable` for every row, and again for
/// `willSave` (issue 11: half the time of a fresh `apply`). The columns are
/// still named once, in `CodingKeys` (`CaseIterable`), and `value(of:)` is
/// one exhaustive switch over them; the texts are bound whole
/// (`StoreArguments.whole`), as `willSave` checks them.
protocol InsertedRecord: WholeTextRecord {
    associatedtype Column: CodingKey & CaseIterable
    /// The INSERT of every column, made once per record type by `insertStatement(or:)`.
    static var insertSQL: String { get }
    /// The value this record stores in `column`.
    func value(of column: Column) -> DatabaseValue
}

extension InsertedRecord {
    /// `INSERT [OR IGNORE] INTO table (every column) VALUES (?, …)`.
    static func insertStatement(or conflict: String = "") -> String {
        let columns = Column.allCases.map(\.stringValue)
        return "INSERT \(conflict)INTO \(databaseTableName) (\(columns.joined(separator: ", "))) "
            + "VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }

    /// Inserts the row (its texts whole) through the statement prepared once
    /// per connection, each value bound directly (`StoreBinding`).
    func insertRow(_ db: Database) throws {
        var binding = try StoreBinding(db, cached: Self.insertSQL)
        for column in Column.allCases {
            try binding.bind(value(of: column))
        }
        try binding.execute()
    }
}

extension Database {
    /// Runs `sql` through a statement prepared once per connection, its
    /// arguments bound whole (`StoreArguments.whole`).
    func run(cached sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws {
        try cachedStatement(sql: sql).execute(arguments: StoreArguments.whole(arguments))
    }
}

/// One row of `customers`.
struct CustomerRecord: InsertedRecord {
    static let databaseTableName = "customers"
    /// A customer already there is left as it is.
    static let insertSQL = insertStatement(or: "OR IGNORE ")

    var id: String
    var firstSeen: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case firstSeen = "first_seen"
    }

    func value(of column: CodingKeys) -> DatabaseValue {
        switch column {
        case .id: id.databaseValue
        case .firstSeen: firstSeen.databaseValue
        }
    }
}

/// One row of `collaborations`.
struct CollaborationRecord: InsertedRecord {
    static let databaseTableName = "collaborations"
    static let insertSQL = insertStatement()

    var customerID: String
    var collaborationID: String
    var collaborationTitle: String
    var product: String
    var productName: String
    var service: String
    var serviceName: String
    var restrictedTo: String?
    var restrictedToName: String?
    var scenario: String
    var status: ApprovalState
    var awaitsWho: Approver?
    var awaitsApproves: ApprovalSubject?
    var awaitsWhere: String?
    var planDigest: String
    var activatedAt: String
    var approvedAt: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case product, service, scenario, status
        case customerID = "customer_id"
        case collaborationID = "collaboration_id"
        case collaborationTitle = "collaboration_title"
        case productName = "product_name"
        case serviceName = "service_name"
        case restrictedTo = "restricted_to"
        case restrictedToName = "restricted_to_name"
        case awaitsWho = "awaits_who"
        case awaitsApproves = "awaits_approves"
        case awaitsWhere = "awaits_where"
        case planDigest = "plan_digest"
        case activatedAt = "activated_at"
        case approvedAt = "approved_at"
    }

    func value(of column: CodingKeys) -> DatabaseValue {
        switch column {
        case .customerID: customerID.databaseValue
        case .collaborationID: collaborationID.databaseValue
        case .collaborationTitle: collaborationTitle.databaseValue
        case .product: product.databaseValue
        case .productName: productName.databaseValue
        case .service: service.databaseValue
        case .serviceName: serviceName.databaseValue
        case .restrictedTo: restrictedTo.databaseValue
        case .restrictedToName: restrictedToName.databaseValue
        case .scenario: scenario.databaseValue
        case .status: status.rawValue.databaseValue
        case .awaitsWho: awaitsWho?.rawValue.databaseValue ?? .null
        case .awaitsApproves: awaitsApproves?.rawValue.databaseValue ?? .null
        case .awaitsWhere: awaitsWhere.databaseValue
        case .planDigest: planDigest.databaseValue
        case .activatedAt: activatedAt.databaseValue
        case .approvedAt: approvedAt.databaseValue
        }
    }

    /// The collaboration `plan` activates, pending approval since `activatedAt`.
    init(_ plan: RequestPlan, collaboration: Named, product: Named, activatedAt: String) {
        customerID = plan.customerID
        collaborationID = collaboration.id
        collaborationTitle = collaboration.name
        self.product = product.id
        productName = product.name
        service = plan.service.id
        serviceName = plan.service.name
        restrictedTo = plan.restrictedTo?.id
        restrictedToName = plan.restrictedTo?.name
        scenario = plan.scenario.id
        status = .pending
        awaitsWho = plan.awaits?.who
        awaitsApproves = plan.awaits?.approves
        awaitsWhere = plan.awaits?.place
        planDigest = plan.planDigest
        self.activatedAt = activatedAt
        approvedAt = nil
    }

    var value: CustomerStatus.Collaboration {
        let awaits = awaitsWho.flatMap { who in
            awaitsApproves.map { RenderedAwait(who: who, approves: $0, place: awaitsWhere ?? "") }
        }
        return CustomerStatus.Collaboration(
            collaboration: Named(id: collaborationID, name: collaborationTitle),
            product: Named(id: product, name: productName),
            service: Named(id: service, name: serviceName),
            restrictedTo: restrictedTo.map { Named(id: $0, name: restrictedToName ?? $0) },
            scenario: scenario, status: status, awaits: awaits, planDigest: planDigest,
            activatedAt: activatedAt, approvedAt: approvedAt)
    }
}

extension CollaborationRecord {
    /// Reads the row; `status`, `awaits_who` and `awaits_approves` hold
    /// words of the vocabulary, and a word this `tillval` does not know is
    /// an error (`StoreError.unknownValue`), never guessed at. Read column
    /// by column (`Row.decode`), not through `Decodable`, whose decoder was
    /// a third of the store's time when a batch is applied again (issue 11).
    init(row: Row) throws {
        customerID = try row.decode(forColumn: CodingKeys.customerID.stringValue)
        collaborationID = try row.decode(forColumn: CodingKeys.collaborationID.stringValue)
        collaborationTitle = try row.decode(forColumn: CodingKeys.collaborationTitle.stringValue)
        product = try row.decode(forColumn: CodingKeys.product.stringValue)
        productName = try row.decode(forColumn: CodingKeys.productName.stringValue)
        service = try row.decode(forColumn: CodingKeys.service.stringValue)
        serviceName = try row.decode(forColumn: CodingKeys.serviceName.stringValue)
        restrictedTo = try row.decode(forColumn: CodingKeys.restrictedTo.stringValue)
        restrictedToName = try row.decode(forColumn: CodingKeys.restrictedToName.stringValue)
        scenario = try row.decode(forColumn: CodingKeys.scenario.stringValue)
        status = try Self.word(row, .status)
        awaitsWho = try Self.wordIfPresent(row, .awaitsWho)
        awaitsApproves = try Self.wordIfPresent(row, .awaitsApproves)
        awaitsWhere = try row.decode(forColumn: CodingKeys.awaitsWhere.stringValue)
        planDigest = try row.decode(forColumn: CodingKeys.planDigest.stringValue)
        activatedAt = try row.decode(forColumn: CodingKeys.activatedAt.stringValue)
        approvedAt = try row.decode(forColumn: CodingKeys.approvedAt.stringValue)
    }

    /// The word of `T` stored in `column`: a text this `tillval` does not
    /// know is an error (`StoreError.unknownValue`), never guessed at (not
    /// taken for "pending", say).
    private static func word<T: RawRepresentable>(_ row: Row, _ column: CodingKeys) throws -> T where T.RawValue == String {
        try word(stored: row.decode(forColumn: column.stringValue), column)
    }

    /// `word(_:_:)` of a column that may be NULL.
    private static func wordIfPresent<T: RawRepresentable>(_ row: Row, _ column: CodingKeys) throws -> T? where T.RawValue == String {
        try row.decode(String?.self, forColumn: column.stringValue).map { try word(stored: $0, column) }
    }

    private static func word<T: RawRepresentable>(stored: String, _ column: CodingKeys) throws -> T where T.RawValue == String {
        guard let word = T(rawValue: stored) else {
            throw StoreError.unknownValue(column: "\(databaseTableName).\(column.stringValue)", value: stored)
        }
        return word
    }
}

/// One row of `services`.
struct ServiceRecord: InsertedRecord {
    static let databaseTableName = "services"
    static let insertSQL = insertStatement()

    var customerID: String
    var service: String
    var serviceName: String
    var restrictedTo: String?
    var restrictedToName: String?
    var collaborationID: String
    var activatedAt: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case service
        case customerID = "customer_id"
        case serviceName = "service_name"
        case restrictedTo = "restricted_to"
        case restrictedToName = "restricted_to_name"
        case collaborationID = "collaboration_id"
        case activatedAt = "activated_at"
    }

    func value(of column: CodingKeys) -> DatabaseValue {
        switch column {
        case .customerID: customerID.databaseValue
        case .service: service.databaseValue
        case .serviceName: serviceName.databaseValue
        case .restrictedTo: restrictedTo.databaseValue
        case .restrictedToName: restrictedToName.databaseValue
        case .collaborationID: collaborationID.databaseValue
        case .activatedAt: activatedAt.databaseValue
        }
    }

    var value: CustomerStatus.Service {
        CustomerStatus.Service(service: Named(id: service, name: serviceName),
                               restrictedTo: restrictedTo.map { Named(id: $0, name: restrictedToName ?? $0) },
                               collaborationID: collaborationID, activatedAt: activatedAt)
    }
}

extension ServiceRecord {
    /// Reads the row column by column, not through `Decodable` (a re-run
    /// of a batch reads one per service it activated; issue 11).
    init(row: Row) throws {
        customerID = try row.decode(forColumn: CodingKeys.customerID.stringValue)
        service = try row.decode(forColumn: CodingKeys.service.stringValue)
        serviceName = try row.decode(forColumn: CodingKeys.serviceName.stringValue)
        restrictedTo = try row.decode(forColumn: CodingKeys.restrictedTo.stringValue)
        restrictedToName = try row.decode(forColumn: CodingKeys.restrictedToName.stringValue)
        collaborationID = try row.decode(forColumn: CodingKeys.collaborationID.stringValue)
        activatedAt = try row.decode(forColumn: CodingKeys.activatedAt.stringValue)
    }
}

/// One row of `administrators`.
struct AdministratorRecord: InsertedRecord {
    static let databaseTableName = "administrators"
    static let insertSQL = insertStatement()

    var customerID: String
    var portal: String
    var email: String
    var createdAt: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case portal, email
        case customerID = "customer_id"
        case createdAt = "created_at"
    }

    func value(of column: CodingKeys) -> DatabaseValue {
        switch column {
        case .customerID: customerID.databaseValue
        case .portal: portal.databaseValue
        case .email: email.databaseValue
        case .createdAt: createdAt.databaseValue
        }
    }

    var value: CustomerStatus.Administrator {
        CustomerStatus.Administrator(portal: portal, email: email, createdAt: createdAt)
    }
}

extension AdministratorRecord {
    /// Reads the row column by column, not through `Decodable` (as `ServiceRecord`).
    init(row: Row) throws {
        customerID = try row.decode(forColumn: CodingKeys.customerID.stringValue)
        portal = try row.decode(forColumn: CodingKeys.portal.stringValue)
        email = try row.decode(forColumn: CodingKeys.email.stringValue)
        createdAt = try row.decode(forColumn: CodingKeys.createdAt.stringValue)
    }
}

/// One row of `outbox`. The claim columns came with "v3-outbox-claim",
/// the message token and sender with "v2-outbox-message"; a store is
/// migrated before it is read, so every row has them (perhaps NULL).
struct OutboxRecord: InsertedRecord {
    static let databaseTableName = "outbox"
    static let insertSQL = insertStatement()

    /// Nil until inserted: the outbox numbers its emails itself.
    var id: Int64?
    var customerID: String
    var collaborationID: String
    var template: String
    var recipient: String
    var subject: String
    var body: String
    var queuedAt: String
    var deliveredAt: String?
    var messageToken: String?
    var senderName: String?
    var senderEmail: String?
    var claimToken: String?
    var claimedAt: String?
    var claimDirectory: String?
    var fileName: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, template, recipient, subject, body
        case customerID = "customer_id"
        case collaborationID = "collaboration_id"
        case queuedAt = "queued_at"
        case deliveredAt = "delivered_at"
        case messageToken = "message_token"
        case senderName = "sender_name"
        case senderEmail = "sender_email"
        case claimToken = "claim_token"
        case claimedAt = "claimed_at"
        case claimDirectory = "claim_directory"
        case fileName = "file_name"
    }

    /// `id` is NULL until inserted: SQLite numbers the row (`insertRow(_:)` returns it as `lastInsertedRowID`).
    func value(of column: CodingKeys) -> DatabaseValue {
        switch column {
        case .id: id.databaseValue
        case .customerID: customerID.databaseValue
        case .collaborationID: collaborationID.databaseValue
        case .template: template.databaseValue
        case .recipient: recipient.databaseValue
        case .subject: subject.databaseValue
        case .body: body.databaseValue
        case .queuedAt: queuedAt.databaseValue
        case .deliveredAt: deliveredAt.databaseValue
        case .messageToken: messageToken.databaseValue
        case .senderName: senderName.databaseValue
        case .senderEmail: senderEmail.databaseValue
        case .claimToken: claimToken.databaseValue
        case .claimedAt: claimedAt.databaseValue
        case .claimDirectory: claimDirectory.databaseValue
        case .fileName: fileName.databaseValue
        }
    }

    /// `email` of `plan`, queued at `queuedAt` with a new Message-ID token.
    init(_ email: RenderedEmail, of plan: RequestPlan, queuedAt: String) {
        id = nil
        customerID = plan.customerID
        collaborationID = plan.collaboration.id
        template = email.template
        recipient = email.to
        subject = email.subject
        body = email.body
        self.queuedAt = queuedAt
        messageToken = OutboxEntry.newMessageToken()
        senderName = plan.sender.name
        senderEmail = plan.sender.address
    }

    /// Reads the row column by column, not through `Decodable` (see
    /// `CollaborationRecord.init(row:)`); the columns a migration added are
    /// nil when a row lacks them.
    init(row: Row) throws {
        id = try row.decode(forColumn: CodingKeys.id.stringValue)
        customerID = try row.decode(forColumn: CodingKeys.customerID.stringValue)
        collaborationID = try row.decode(forColumn: CodingKeys.collaborationID.stringValue)
        template = try row.decode(forColumn: CodingKeys.template.stringValue)
        recipient = try row.decode(forColumn: CodingKeys.recipient.stringValue)
        subject = try row.decode(forColumn: CodingKeys.subject.stringValue)
        body = try row.decode(forColumn: CodingKeys.body.stringValue)
        queuedAt = try row.decode(forColumn: CodingKeys.queuedAt.stringValue)
        deliveredAt = try row.decode(forColumn: CodingKeys.deliveredAt.stringValue)
        messageToken = try row.decode(forColumn: CodingKeys.messageToken.stringValue)
        senderName = try row.decode(forColumn: CodingKeys.senderName.stringValue)
        senderEmail = try row.decode(forColumn: CodingKeys.senderEmail.stringValue)
        claimToken = try row.decode(forColumn: CodingKeys.claimToken.stringValue)
        claimedAt = try row.decode(forColumn: CodingKeys.claimedAt.stringValue)
        claimDirectory = try row.decode(forColumn: CodingKeys.claimDirectory.stringValue)
        fileName = try row.decode(forColumn: CodingKeys.fileName.stringValue)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var value: OutboxEntry {
        // "v2-outbox-message" gave every row a token; a missing one is made up.
        var entry = OutboxEntry(id: id ?? 0, customerID: customerID, collaborationID: collaborationID, template: template,
                                recipient: recipient, subject: subject, body: body, queuedAt: queuedAt,
                                deliveredAt: deliveredAt, messageToken: messageToken ?? OutboxEntry.newMessageToken(),
                                senderName: senderName, senderEmail: senderEmail)
        // A delivered email keeps no claim.
        if deliveredAt == nil, let claimToken, let claimedAt, let claimDirectory, let fileName {
            entry.claim = OutboxEntry.Claim(token: claimToken, claimedAt: claimedAt, directory: claimDirectory, fileName: fileName)
        }
        return entry
    }
}

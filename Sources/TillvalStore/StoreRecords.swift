import Foundation
internal import GRDB
internal import GRDBSQLite
import TillvalPlan
import TillvalRuntime

// The store's tables as records: each table's column names are written
// once, in its record's `CodingKeys`, and rows are read and inserted whole.
// The records are internal; the store returns the plain values of
// `TillvalRuntime` (`CustomerStatus`, `OutboxEntry`).

/// A record the store reads: a SELECT of every column of its table, in the
/// order of `CodingKeys` (`select(_:)`), run by `StoreQuery` and read column
/// by column by `init(row:)` (`StoreRow`: a value of the wrong kind or a word
/// this `tillval` does not know is a `StoreError` naming the column).
protocol StoredRecord {
    associatedtype Column: CodingKey & CaseIterable & Equatable
    static var databaseTableName: String { get }
    /// Reads the row a query stands on.
    init(row: StoreRow<Column>) throws
}

extension StoredRecord {
    /// `SELECT (every column, in the order of Column.allCases) FROM table clause`;
    /// the queries are made once, as static properties of the records.
    static func select(_ clause: String) -> String {
        "SELECT \(Column.allCases.map(\.stringValue).joined(separator: ", ")) FROM \(databaseTableName) \(clause)"
    }

    /// The rows `sql` (made by `select(_:)`) selects, through a statement
    /// prepared once per connection, its arguments bound whole.
    static func fetchAll(_ db: Database, _ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> [Self] {
        try StoreQuery(db, cached: sql, arguments).rows { try Self(row: StoreRow($0, table: databaseTableName)) }
    }

    /// The first row `sql` selects, as `fetchAll(_:_:_:)` does.
    static func fetchOne(_ db: Database, _ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> Self? {
        try StoreQuery(db, cached: sql, arguments).first { try Self(row: StoreRow($0, table: databaseTableName)) }
    }
}

/// A record `apply` inserts for every request, through one INSERT prepared
/// once per connection (`insertRow(_:)`, kept in `ApplyStatements`) instead of GRDB's record persistence,
/// which encodes the record through `Codable` for every row, and again to
/// check its texts (issue 11: half the time of a fresh `apply`). The columns
/// are named once, in `CodingKeys` (`CaseIterable`), and `value(of:)` is
/// one exhaustive switch over them; the texts are bound whole (`StoreBinding`:
/// one holding a NUL is refused, `StoreError.textWithNUL`).
protocol InsertedRecord: StoredRecord {
    /// The INSERT of every column, made once per record type by `insertStatement(or:)`.
    static var insertSQL: String { get }
    /// The value this record stores in `column`.
    func value(of column: Column) -> DatabaseValue
    /// This record's INSERT (`insertSQL`) among `statements`.
    static func insert(in statements: ApplyStatements) -> Statement
}

extension InsertedRecord {
    /// `INSERT [OR IGNORE] INTO table (every column) VALUES (?, …)`.
    static func insertStatement(or conflict: String = "") -> String {
        let columns = Column.allCases.map(\.stringValue)
        return "INSERT \(conflict)INTO \(databaseTableName) (\(columns.joined(separator: ", "))) "
            + "VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }

    /// Inserts the row (its texts whole) through the statement prepared once
    /// per connection, each value bound directly, without a copy of its bytes
    /// (`StoreBinding.withBound`): the statement runs while every value is
    /// bound, and its values are unbound before the values go.
    func insertRow(_ statements: ApplyStatements) throws {
        let statement = Self.insert(in: statements)
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_clear_bindings(handle) }
        try bind(Column.allCases, from: 0, on: statement)
    }

    /// Binds the values of `columns[position...]` (parameters `position + 1…`),
    /// each for the time the next ones are bound, and runs the statement once
    /// all are.
    private func bind(_ columns: Column.AllCases, from position: Int, on statement: Statement) throws {
        guard position < columns.count else { return try ApplyStatements.run(statement) }
        let column = columns[columns.index(columns.startIndex, offsetBy: position)]
        try StoreBinding.withBound(value(of: column), at: CInt(position + 1), of: statement) {
            try bind(columns, from: position + 1, on: statement)
        }
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
    static func insert(in statements: ApplyStatements) -> Statement { statements.customer }

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

    init(id: String, firstSeen: String) {
        self.id = id
        self.firstSeen = firstSeen
    }

    init(row: StoreRow<CodingKeys>) throws {
        id = try row.text(.id)
        firstSeen = try row.text(.firstSeen)
    }

    /// Every customer, by id.
    static let all = select("ORDER BY id")
    /// The customer with an id.
    static let byID = select("WHERE id = ?")
}

/// One row of `collaborations`.
struct CollaborationRecord: InsertedRecord {
    static let databaseTableName = "collaborations"
    static let insertSQL = insertStatement()
    static func insert(in statements: ApplyStatements) -> Statement { statements.collaboration }

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
    /// by column (`StoreRow`), not through `Decodable`, whose decoder was
    /// a third of the store's time when a batch is applied again (issue 11).
    init(row: StoreRow<CodingKeys>) throws {
        customerID = try row.text(.customerID)
        collaborationID = try row.text(.collaborationID)
        collaborationTitle = try row.text(.collaborationTitle)
        product = try row.text(.product)
        productName = try row.text(.productName)
        service = try row.text(.service)
        serviceName = try row.text(.serviceName)
        restrictedTo = try row.textIfPresent(.restrictedTo)
        restrictedToName = try row.textIfPresent(.restrictedToName)
        scenario = try row.text(.scenario)
        status = try row.word(.status)
        awaitsWho = try row.wordIfPresent(.awaitsWho)
        awaitsApproves = try row.wordIfPresent(.awaitsApproves)
        awaitsWhere = try row.textIfPresent(.awaitsWhere)
        planDigest = try row.text(.planDigest)
        activatedAt = try row.text(.activatedAt)
        approvedAt = try row.textIfPresent(.approvedAt)
    }

    /// A customer's collaborations, by id.
    static let ofCustomer = select("WHERE customer_id = ? ORDER BY collaboration_id")
    /// A customer's collaboration with an id.
    static let byKey = select("WHERE customer_id = ? AND collaboration_id = ?")
}

/// One row of `services`.
struct ServiceRecord: InsertedRecord {
    static let databaseTableName = "services"
    static let insertSQL = insertStatement()
    static func insert(in statements: ApplyStatements) -> Statement { statements.service }

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
    /// Reads the row column by column (`StoreRow`; a re-run of a batch
    /// reads one per service it activated, issue 11).
    init(row: StoreRow<CodingKeys>) throws {
        customerID = try row.text(.customerID)
        service = try row.text(.service)
        serviceName = try row.text(.serviceName)
        restrictedTo = try row.textIfPresent(.restrictedTo)
        restrictedToName = try row.textIfPresent(.restrictedToName)
        collaborationID = try row.text(.collaborationID)
        activatedAt = try row.text(.activatedAt)
    }

    /// A customer's services, by id.
    static let ofCustomer = select("WHERE customer_id = ? ORDER BY service")
    /// A customer's service with an id.
    static let byKey = select("WHERE customer_id = ? AND service = ?")
}

/// One row of `administrators`.
struct AdministratorRecord: InsertedRecord {
    static let databaseTableName = "administrators"
    static let insertSQL = insertStatement()
    static func insert(in statements: ApplyStatements) -> Statement { statements.administrator }

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
    /// Reads the row column by column (as `ServiceRecord`).
    init(row: StoreRow<CodingKeys>) throws {
        customerID = try row.text(.customerID)
        portal = try row.text(.portal)
        email = try row.text(.email)
        createdAt = try row.text(.createdAt)
    }

    /// A customer's administrators, by portal.
    static let ofCustomer = select("WHERE customer_id = ? ORDER BY portal")
    /// A customer's administrator on a portal.
    static let byKey = select("WHERE customer_id = ? AND portal = ?")
}

/// One row of `outbox`. The claim columns came with "v3-outbox-claim",
/// the message token and sender with "v2-outbox-message"; a store is
/// migrated before it is read, so every row has them (perhaps NULL).
struct OutboxRecord: InsertedRecord {
    static let databaseTableName = "outbox"
    static let insertSQL = insertStatement()
    static func insert(in statements: ApplyStatements) -> Statement { statements.outbox }

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

    /// Reads the row column by column (see `CollaborationRecord.init(row:)`);
    /// a store is migrated before it is read, so every row has the columns
    /// a migration added (perhaps NULL).
    init(row: StoreRow<CodingKeys>) throws {
        id = try row.integer(.id)
        customerID = try row.text(.customerID)
        collaborationID = try row.text(.collaborationID)
        template = try row.text(.template)
        recipient = try row.text(.recipient)
        subject = try row.text(.subject)
        body = try row.text(.body)
        queuedAt = try row.text(.queuedAt)
        deliveredAt = try row.textIfPresent(.deliveredAt)
        messageToken = try row.textIfPresent(.messageToken)
        senderName = try row.textIfPresent(.senderName)
        senderEmail = try row.textIfPresent(.senderEmail)
        claimToken = try row.textIfPresent(.claimToken)
        claimedAt = try row.textIfPresent(.claimedAt)
        claimDirectory = try row.textIfPresent(.claimDirectory)
        fileName = try row.textIfPresent(.fileName)
    }

    /// Every email, oldest first.
    static let all = select("ORDER BY id")
    /// The emails not delivered yet, oldest first.
    static let undelivered = select("WHERE delivered_at IS NULL ORDER BY id")
    /// A customer's emails, oldest first.
    static let ofCustomer = select("WHERE customer_id = ? ORDER BY id")
    /// The email a customer's collaboration queued from a template.
    static let byKey = select("WHERE customer_id = ? AND collaboration_id = ? AND template = ?")
    /// The first email after an id that a delivery into a directory may
    /// claim (`Store.claimNextEmail`): unclaimed, claimed for that
    /// directory, or any undelivered one when the third value is true.
    static let nextClaimable = select("""
        WHERE (?1 IS NULL OR id > ?1) AND delivered_at IS NULL AND (claim_token IS NULL OR claim_directory = ? OR ?)
        ORDER BY id LIMIT 1
        """)

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

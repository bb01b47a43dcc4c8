import Foundation
internal import GRDB
import TillvalPlan
import TillvalRuntime

/// The store's tables, created and upgraded by named migrations. A migration
/// that has shipped is never edited: a change to the schema is a new one
/// ("v2-outbox-message", …), so stores made by older versions upgrade in place.
enum StoreSchema {
    /// The migration every store has: a file without it is not a store.
    static let firstMigration = "v1"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(firstMigration) { db in
            try db.execute(sql: """
                CREATE TABLE customers (
                    id TEXT NOT NULL PRIMARY KEY,
                    first_seen TEXT NOT NULL
                );
                CREATE TABLE collaborations (
                    customer_id TEXT NOT NULL REFERENCES customers(id),
                    collaboration_id TEXT NOT NULL,
                    collaboration_title TEXT NOT NULL,
                    product TEXT NOT NULL,
                    product_name TEXT NOT NULL,
                    service TEXT NOT NULL,
                    service_name TEXT NOT NULL,
                    restricted_to TEXT,
                    restricted_to_name TEXT,
                    scenario TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
                    awaits_who TEXT,
                    awaits_approves TEXT,
                    awaits_where TEXT,
                    plan_digest TEXT NOT NULL,
                    activated_at TEXT NOT NULL,
                    approved_at TEXT,
                    PRIMARY KEY (customer_id, collaboration_id)
                );
                CREATE TABLE services (
                    customer_id TEXT NOT NULL REFERENCES customers(id),
                    service TEXT NOT NULL,
                    service_name TEXT NOT NULL,
                    restricted_to TEXT,
                    restricted_to_name TEXT,
                    collaboration_id TEXT NOT NULL,
                    activated_at TEXT NOT NULL,
                    PRIMARY KEY (customer_id, service)
                );
                CREATE TABLE administrators (
                    customer_id TEXT NOT NULL REFERENCES customers(id),
                    portal TEXT NOT NULL,
                    email TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (customer_id, portal)
                );
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id TEXT NOT NULL REFERENCES customers(id),
                    collaboration_id TEXT NOT NULL,
                    template TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    queued_at TEXT NOT NULL,
                    delivered_at TEXT,
                    UNIQUE (customer_id, collaboration_id, template)
                );
                """)
        }
        // Each queued email gets its own random Message-ID token and the
        // sender (the office) it was queued for; rows queued before this
        // migration get a random token and no sender (`outbox deliver
        // --from` supplies the address).
        migrator.registerMigration("v2-outbox-message") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN message_token TEXT;
                ALTER TABLE outbox ADD COLUMN sender_name TEXT;
                ALTER TABLE outbox ADD COLUMN sender_email TEXT;
                UPDATE outbox SET message_token = lower(hex(randomblob(16)));
                """)
        }
        // Delivery claims an email before writing it (queued → claimed →
        // delivered), so concurrent deliveries never both write it and one
        // that dies half-way is finished by the next. The store also marks
        // itself as tillval's (`PRAGMA application_id`), so other SQLite
        // files are told apart without reading their tables.
        migrator.registerMigration("v3-outbox-claim") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN claim_token TEXT;
                ALTER TABLE outbox ADD COLUMN claimed_at TEXT;
                ALTER TABLE outbox ADD COLUMN claim_directory TEXT;
                ALTER TABLE outbox ADD COLUMN file_name TEXT;
                PRAGMA application_id = \(StoreIdentity.applicationID);
                """)
        }
        return migrator
    }

    /// The tables of every schema version this `tillval` knows, besides
    /// GRDB's migration table and SQLite's own `sqlite_sequence`.
    static let knownTables: Set<String> = Set(tables.map(\.name)).union(["grdb_migrations", "sqlite_sequence"])

    /// The tables in the order `Store.dump()` prints them, each with the
    /// columns that order its rows.
    static let tables: [(name: String, orderBy: String)] = [
        ("customers", "id"),
        ("collaborations", "customer_id, collaboration_id"),
        ("services", "customer_id, service"),
        ("administrators", "customer_id, portal"),
        ("outbox", "id"),
    ]
}

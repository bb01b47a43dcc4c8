-- A store made by tillval before the "v2-outbox-message" migration (schema "v1" only), dumped
-- with `sqlite3 store.sqlite .dump` after: apply Examples/customers.jsonl and approve 556456-7890
-- (2026-11-29T10:00:00Z), outbox deliver (2026-11-30T09:00:00Z), apply
-- Examples/not-registered-lon-anstalld.yaml (2026-12-01T08:00:00Z). StoreUpgradeTests loads it.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES('v1');
CREATE TABLE customers (
    id TEXT NOT NULL PRIMARY KEY,
    first_seen TEXT NOT NULL
);
INSERT INTO customers VALUES('556012-3456','2026-11-29T10:00:00Z');
INSERT INTO customers VALUES('556234-5678','2026-11-29T10:00:00Z');
INSERT INTO customers VALUES('556345-6789','2026-11-29T10:00:00Z');
INSERT INTO customers VALUES('556456-7890','2026-11-29T10:00:00Z');
INSERT INTO customers VALUES('556677-8899','2026-11-29T10:00:00Z');
INSERT INTO customers VALUES('556567-8901','2026-12-01T08:00:00Z');
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
INSERT INTO collaborations VALUES('556012-3456','digitala-tillval','Digitala tillval till Visma Lön 300/600','lon-anstalld','Visma Lön Anställd','lon-anstalld','Visma Lön Anställd',NULL,NULL,'has-subscription','pending','customer','collaboration','Mina tjänster on vismaspcs.se','sha256:cd8d44bb00207210659d74eb396711eed8e57a5e4f9885cddb3ce78ea3fafa13','2026-11-29T10:00:00Z',NULL);
INSERT INTO collaborations VALUES('556234-5678','digitala-tillval','Digitala tillval till Visma Lön 300/600','min-lon','Visma Min Lön','lon-anstalld','Visma Lön Anställd','min-lon','Visma Min Lön','has-subscription','pending','customer','collaboration','Mina tjänster on vismaspcs.se','sha256:cd8d44bb00207210659d74eb396711eed8e57a5e4f9885cddb3ce78ea3fafa13','2026-11-29T10:00:00Z',NULL);
INSERT INTO collaborations VALUES('556345-6789','digitala-tillval','Digitala tillval till Visma Lön 300/600','lon-anstalld','Visma Lön Anställd','lon-anstalld','Visma Lön Anställd',NULL,NULL,'registered','pending','customer','collaboration','Mina tjänster on vismaspcs.se','sha256:cd8d44bb00207210659d74eb396711eed8e57a5e4f9885cddb3ce78ea3fafa13','2026-11-29T10:00:00Z',NULL);
INSERT INTO collaborations VALUES('556456-7890','digitala-tillval','Digitala tillval till Visma Lön 300/600','min-lon','Visma Min Lön','lon-anstalld','Visma Lön Anställd','min-lon','Visma Min Lön','registered','approved','customer','collaboration','Mina tjänster on vismaspcs.se','sha256:cd8d44bb00207210659d74eb396711eed8e57a5e4f9885cddb3ce78ea3fafa13','2026-11-29T10:00:00Z','2026-11-29T10:00:00Z');
INSERT INTO collaborations VALUES('556677-8899','digitala-tillval','Digitala tillval till Visma Lön 300/600','min-lon','Visma Min Lön','lon-anstalld','Visma Lön Anställd','min-lon','Visma Min Lön','not-registered','pending','administrator','terms','Mina tjänster on vismaspcs.se','sha256:cd8d44bb00207210659d74eb396711eed8e57a5e4f9885cddb3ce78ea3fafa13','2026-11-29T10:00:00Z',NULL);
INSERT INTO collaborations VALUES('556567-8901','digitala-tillval','Digitala tillval till Visma Lön 300/600','lon-anstalld','Visma Lön Anställd','lon-anstalld','Visma Lön Anställd',NULL,NULL,'not-registered','pending','administrator','terms','Mina tjänster on vismaspcs.se','sha256:cd8d44bb00207210659d74eb396711eed8e57a5e4f9885cddb3ce78ea3fafa13','2026-12-01T08:00:00Z',NULL);
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
INSERT INTO services VALUES('556345-6789','lon-anstalld','Visma Lön Anställd',NULL,NULL,'digitala-tillval','2026-11-29T10:00:00Z');
INSERT INTO services VALUES('556456-7890','lon-anstalld','Visma Lön Anställd','min-lon','Visma Min Lön','digitala-tillval','2026-11-29T10:00:00Z');
INSERT INTO services VALUES('556677-8899','lon-anstalld','Visma Lön Anställd','min-lon','Visma Min Lön','digitala-tillval','2026-11-29T10:00:00Z');
INSERT INTO services VALUES('556567-8901','lon-anstalld','Visma Lön Anställd',NULL,NULL,'digitala-tillval','2026-12-01T08:00:00Z');
CREATE TABLE administrators (
    customer_id TEXT NOT NULL REFERENCES customers(id),
    portal TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (customer_id, portal)
);
INSERT INTO administrators VALUES('556677-8899','vismaspcs.se','anna@bagerinord.se','2026-11-29T10:00:00Z');
INSERT INTO administrators VALUES('556567-8901','vismaspcs.se','johan@lindqvistbygg.se','2026-12-01T08:00:00Z');
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
INSERT INTO outbox VALUES(1,'556012-3456','digitala-tillval','approve-collaboration','lars.berg@fiskhandelvast.se','Byrå Syd AB invites you to a collaboration in Visma Lön Anställd',replace('Hello Fiskhandel Väst AB,\n\nByrå Syd AB has invited you to a collaboration in Visma Lön Anställd,\nas part of Digitala tillval till Visma Lön 300/600.\n\nTo approve the collaboration, log in to Mina tjänster on vismaspcs.se.\nAs soon as the collaboration has been approved, you can begin to work\ntogether in the service.\n\nThe collaboration belongs to the task "Löneadministration 2026" at Byrå Syd AB.\n\nKind regards,\nByrå Syd AB\n','\n',char(10)),'2026-11-29T10:00:00Z','2026-11-30T09:00:00Z');
INSERT INTO outbox VALUES(2,'556234-5678','digitala-tillval','approve-collaboration','karin@kafesolrosen.se','Byrå Syd AB invites you to a collaboration in Visma Min Lön',replace('Hello Kafé Solrosen AB,\n\nByrå Syd AB has invited you to a collaboration in Visma Min Lön,\nas part of Digitala tillval till Visma Lön 300/600.\n\nTo approve the collaboration, log in to Mina tjänster on vismaspcs.se.\nAs soon as the collaboration has been approved, you can begin to work\ntogether in the service.\n\nThe collaboration belongs to the task "Löner 2026" at Byrå Syd AB.\n\nKind regards,\nByrå Syd AB\n','\n',char(10)),'2026-11-29T10:00:00Z','2026-11-30T09:00:00Z');
INSERT INTO outbox VALUES(3,'556345-6789','digitala-tillval','approve-collaboration','erik.nystrom@cykelverkstan-umea.se','Redovisningsbyrån Norrland AB invites you to a collaboration in Visma Lön Anställd',replace('Hello Cykelverkstan i Umeå AB,\n\nRedovisningsbyrån Norrland AB has invited you to a collaboration in Visma Lön Anställd,\nas part of Digitala tillval till Visma Lön 300/600.\n\nTo approve the collaboration, log in to Mina tjänster on vismaspcs.se.\nAs soon as the collaboration has been approved, you can begin to work\ntogether in the service.\n\nThe collaboration belongs to the task "Lön och personal 2026" at Redovisningsbyrån Norrland AB.\n\nKind regards,\nRedovisningsbyrån Norrland AB\n','\n',char(10)),'2026-11-29T10:00:00Z','2026-11-30T09:00:00Z');
INSERT INTO outbox VALUES(4,'556456-7890','digitala-tillval','approve-collaboration','maja@snickeriost.se','Redovisningsbyrån Norrland AB invites you to a collaboration in Visma Min Lön',replace('Hello Snickeri Öst HB,\n\nRedovisningsbyrån Norrland AB has invited you to a collaboration in Visma Min Lön,\nas part of Digitala tillval till Visma Lön 300/600.\n\nTo approve the collaboration, log in to Mina tjänster on vismaspcs.se.\nAs soon as the collaboration has been approved, you can begin to work\ntogether in the service.\n\nThe collaboration belongs to the task "Löneadministration 2026" at Redovisningsbyrån Norrland AB.\n\nKind regards,\nRedovisningsbyrån Norrland AB\n','\n',char(10)),'2026-11-29T10:00:00Z','2026-11-30T09:00:00Z');
INSERT INTO outbox VALUES(5,'556677-8899','digitala-tillval','approve-terms','anna@bagerinord.se','Byrå Syd AB has activated Visma Min Lön for Bageri Nord AB',replace('Hello,\n\nByrå Syd AB has activated the service Visma Min Lön for\nBageri Nord AB, as part of Digitala tillval till Visma Lön 300/600.\n\nYou have been made the administrator of Bageri Nord AB on vismaspcs.se,\nwith the login anna@bagerinord.se.\n\nPlease log in to Mina tjänster on vismaspcs.se in order to approve terms and\nconditions for the service. As soon as these have been approved, you can\nstart your collaboration with Byrå Syd AB.\n\nKind regards,\nByrå Syd AB\n','\n',char(10)),'2026-11-29T10:00:00Z','2026-11-30T09:00:00Z');
INSERT INTO outbox VALUES(6,'556567-8901','digitala-tillval','approve-terms','johan@lindqvistbygg.se','Byrå Syd AB has activated Visma Lön Anställd for Byggfirma Lindqvist AB',replace('Hello,\n\nByrå Syd AB has activated the service Visma Lön Anställd for\nByggfirma Lindqvist AB, as part of Digitala tillval till Visma Lön 300/600.\n\nYou have been made the administrator of Byggfirma Lindqvist AB on vismaspcs.se,\nwith the login johan@lindqvistbygg.se.\n\nPlease log in to Mina tjänster on vismaspcs.se in order to approve terms and\nconditions for the service. As soon as these have been approved, you can\nstart your collaboration with Byrå Syd AB.\n\nKind regards,\nByrå Syd AB\n','\n',char(10)),'2026-12-01T08:00:00Z',NULL);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('outbox',6);
COMMIT;

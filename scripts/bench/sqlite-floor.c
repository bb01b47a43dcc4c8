/* The apply floor of `make bench` (docs/performance.md): the rows a tillval
 * store holds after `apply`, inserted again with plain SQL through the same
 * SQLite library, in ONE transaction, in WAL mode with synchronous FULL (the
 * store's durability), into a new database with the store's own schema
 * (tables and indexes created first, so the inserts pay for the indexes as
 * `apply` does). Each row is bound to a statement prepared once per table.
 *
 *   sqlite-floor SOURCE-STORE TARGET
 *
 * TARGET (and its -wal/-shm) must not exist. Prints the number of rows. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static int fail(sqlite3 *db, const char *what) {
    fprintf(stderr, "sqlite-floor: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: sqlite-floor SOURCE-STORE TARGET\n"); return 2; }
    sqlite3 *source = NULL, *target = NULL;
    if (sqlite3_open_v2(argv[1], &source, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return fail(source, "open source");
    if (sqlite3_open(argv[2], &target) != SQLITE_OK) return fail(target, "open target");
    if (sqlite3_exec(target, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL, NULL) != SQLITE_OK)
        return fail(target, "pragma");

    /* The schema: tables first, then indexes, as the store has them. */
    sqlite3_stmt *schema;
    const char *schemaSQL = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
                            "ORDER BY type = 'table' DESC, rowid";
    if (sqlite3_prepare_v2(source, schemaSQL, -1, &schema, NULL) != SQLITE_OK) return fail(source, "schema");
    while (sqlite3_step(schema) == SQLITE_ROW) {
        if (sqlite3_exec(target, (const char *)sqlite3_column_text(schema, 0), NULL, NULL, NULL) != SQLITE_OK)
            return fail(target, "create");
    }
    sqlite3_finalize(schema);

    if (sqlite3_exec(target, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) return fail(target, "begin");
    long rows = 0;
    sqlite3_stmt *tables;
    if (sqlite3_prepare_v2(source, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
                           -1, &tables, NULL) != SQLITE_OK) return fail(source, "tables");
    while (sqlite3_step(tables) == SQLITE_ROW) {
        char select[512], insert[4096];
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        snprintf(select, sizeof select, "SELECT * FROM \"%s\"", name);
        sqlite3_stmt *read, *write;
        if (sqlite3_prepare_v2(source, select, -1, &read, NULL) != SQLITE_OK) return fail(source, "select");
        int columns = sqlite3_column_count(read);
        int used = snprintf(insert, sizeof insert, "INSERT INTO \"%s\" VALUES (", name);
        for (int c = 0; c < columns && used < (int)sizeof insert - 4; c++) used += snprintf(insert + used, sizeof insert - used, c ? ",?" : "?");
        snprintf(insert + used, sizeof insert - used, ")");
        if (sqlite3_prepare_v2(target, insert, -1, &write, NULL) != SQLITE_OK) return fail(target, "insert");
        while (sqlite3_step(read) == SQLITE_ROW) {
            for (int c = 0; c < columns; c++) {
                sqlite3_bind_value(write, c + 1, sqlite3_column_value(read, c));
            }
            if (sqlite3_step(write) != SQLITE_DONE) return fail(target, "step");
            sqlite3_reset(write);
            rows++;
        }
        sqlite3_finalize(read);
        sqlite3_finalize(write);
    }
    sqlite3_finalize(tables);
    if (sqlite3_exec(target, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) return fail(target, "commit");
    sqlite3_close(target);
    sqlite3_close(source);
    printf("%ld rows\n", rows);
    return 0;
}

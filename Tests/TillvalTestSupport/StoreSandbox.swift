import Foundation
import GRDB

/// A temporary directory holding one store, for the suites that apply,
/// approve and deliver through the binary or the store's API: the set-up
/// (directory, store path, fixed clock, `--store` on every store command)
/// the store suites share. The directory is removed when the sandbox goes.
public final class StoreSandbox: @unchecked Sendable {
    /// The time every command runs at unless told otherwise (`TILLVAL_NOW`).
    public static let applyTime = "2026-11-29T10:00:00Z"
    /// The subcommands that read or write the store, and so are given `--store`.
    public static let storeCommands: Set<String> = ["apply", "status", "approve", "outbox"]

    public let directory: URL
    /// The store's path: `store.sqlite` in the directory unless another relative path is given
    /// (one below directories that do not exist yet shows the store creating them).
    public let storePath: String

    public init(storeAt relative: String = "store.sqlite") throws {
        directory = try CommandRunner.temporaryDirectory()
        storePath = directory.appendingPathComponent(relative).path
    }

    deinit {
        remove()
    }

    /// Removes the directory now (it is removed when the sandbox goes in any case).
    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The path of `name` in the sandbox.
    public func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Writes `text` to `name` in the sandbox (creating directories) and returns its path.
    @discardableResult
    public func write(_ text: String, _ name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Runs `tillval arguments` at `time`, with `--store` added for the store commands.
    public func tillval(_ arguments: [String], at time: String = StoreSandbox.applyTime, stdin: String? = nil,
                        environment: [String: String] = [:]) throws -> CommandRunner.Result {
        let store = arguments.first.map(Self.storeCommands.contains) == true ? ["--store", storePath] : []
        return try CommandRunner.run(arguments + store, environment: ["TILLVAL_NOW": time].merging(environment) { $1 }, stdin: stdin)
    }

    /// The store's tables, read without the store's own API.
    public static let tables = ["customers", "collaborations", "services", "administrators", "outbox"]

    /// Every row of every table, so "unchanged" can be checked byte for byte; "(no store)" when there is none.
    public func dump() throws -> String {
        guard FileManager.default.fileExists(atPath: storePath) else { return "(no store)" }
        return try DatabaseQueue(path: storePath).read { db in
            var out = ""
            for table in Self.tables {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2") {
                    out += "\(table): \(row.description)\n"
                }
            }
            return out
        }
    }

    /// The number of rows in `table`.
    public func count(_ table: String) throws -> Int {
        try DatabaseQueue(path: storePath).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }
}

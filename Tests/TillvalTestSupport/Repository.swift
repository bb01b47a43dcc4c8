import Foundation

/// Paths of the repository the tests run in, found from this file's own
/// location so tests work from any working directory.
public enum Repository {
    /// Tests/TillvalTestSupport/Repository.swift, three levels below the root.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// Set `TILLVAL_RECORD=1` to rewrite golden files instead of comparing with them.
    public static var recording: Bool {
        ProcessInfo.processInfo.environment["TILLVAL_RECORD"] == "1"
    }

    /// Compares `actual` with the golden file at `relative`, or rewrites it when recording.
    /// Returns nil when they agree, else a message with both texts.
    public static func compareGolden(_ actual: String, _ relative: String) -> String? {
        let url = root.appendingPathComponent(relative)
        if recording {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: url)
            return nil
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return "missing golden file \(relative); run 'make record' to create it"
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return nil }
        return "\(relative) differs (run 'make record' to accept deliberately)\n--- expected\n\(expected)\n--- actual\n\(actual)"
    }

    /// The names of the directories and files directly in the directory at `relative`, sorted, hidden ones left out.
    public static func subdirectories(_ relative: String) -> [String] {
        entries(relative)
    }

    /// The names of the files directly in the directory at `relative`, sorted.
    public static func entries(_ relative: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The text of the file at `relative`.
    public static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }
}

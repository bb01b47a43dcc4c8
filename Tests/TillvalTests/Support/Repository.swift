import Foundation

/// Paths of the repository the tests run in, found from this file's own
/// location so tests work from any working directory.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// Set `TILLVAL_RECORD=1` to rewrite golden files instead of comparing with them.
    static var recording: Bool {
        ProcessInfo.processInfo.environment["TILLVAL_RECORD"] == "1"
    }

    /// Compares `actual` with the golden file at `relative`, or rewrites it when recording.
    /// Returns nil when they agree, else a message with both texts.
    static func compareGolden(_ actual: String, _ relative: String) -> String? {
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

    static func subdirectories(_ relative: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The names of the files directly in the directory at `relative`, sorted.
    static func entries(_ relative: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }
}

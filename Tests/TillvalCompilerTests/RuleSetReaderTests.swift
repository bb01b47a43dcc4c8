import Foundation
import Testing
import TillvalCompiler
import TillvalSyntax

/// How the reader sizes a rule file that is a symbolic link: by what it
/// leads to, before anything is read, so a link to a large file is refused
/// without reading it, and a link that leads nowhere or to a pipe is not
/// opened at all.
@Suite struct RuleSetReaderTests {
    @Test func aLinkedFileIsSizedByItsTargetAndABadLinkIsNotOpened() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tillval-links-\(UUID().uuidString)")
        let rules = root.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "kind: ruleset\nname: Links\nformat: 1\n".write(to: rules.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        // A 2 000-byte target behind a link whose own size is a dozen bytes; a broken link whose own
        // size (the length of the name it holds) is over the limit, which says nothing of a file.
        try String(repeating: "# padding\n", count: 200).write(to: root.appendingPathComponent("large.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: rules.appendingPathComponent("b-large.yaml").path, withDestinationPath: "../large.yaml")
        #expect(mkfifo(root.appendingPathComponent("fifo").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: rules.appendingPathComponent("c-pipe.yaml").path, withDestinationPath: "../fifo")
        try FileManager.default.createSymbolicLink(atPath: rules.appendingPathComponent("d-gone.yaml").path,
                                                   withDestinationPath: "../" + String(repeating: "n", count: 200) + ".yaml")

        let (files, diagnostics) = RuleSetReader.read(directory: rules.path, limits: CompileLimits(maximumFileSize: 100))
        #expect(files.map(\.path) == [rules.appendingPathComponent("a.yaml").path])
        let said = diagnostics.map { "\($0.code.rawValue) \($0.message)" }
        #expect(said == [
            "E0012 '\(rules.path)/b-large.yaml' is 2000 bytes; rule files are limited to 100 bytes, so it is not read",
            "E0001 '\(rules.path)/c-pipe.yaml' is not a regular file, so it is not read",
            "E0001 cannot read '\(rules.path)/d-gone.yaml'",
        ], "\(said)")
    }
}

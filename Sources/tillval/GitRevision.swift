import Foundation
import TillvalCompiler
import TillvalSyntax

/// `REV:PATH` of `tillval diff`: a rule directory as a git revision holds
/// it, in the repository the command runs in. Its plain files are listed
/// with `git ls-tree` and read with one `git cat-file --batch` into a new
/// temporary directory, which is compiled and removed; nothing in the
/// repository is checked out or written. PATH is from the repository's
/// top, as in git's own `REV:PATH`.
struct GitRevision {
    var revision: String
    var path: String

    /// Nil when `spec` is not of the form `REV:PATH`.
    init?(_ spec: String) {
        guard let colon = spec.firstIndex(of: ":") else { return nil }
        revision = String(spec[..<colon])
        path = String(spec[spec.index(after: colon)...])
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasPrefix("./") { path.removeFirst(2) }
    }

    /// One file of the tree: where it goes and which blob it is.
    private struct Entry {
        var path: String
        var object: String
        var size: Int
    }

    /// Writes the rule directory into a temporary directory, runs `body`
    /// with the current directory there and PATH as its argument (so
    /// diagnostics name `PATH/file.yaml`), and removes it.
    func withCheckout<T>(limits: CompileLimits, _ body: (String) -> T) -> Result<T, DiffCommand.SideRefusal> {
        let refuse = { (message: String) in Result<T, DiffCommand.SideRefusal>.failure(.init(message: message, exitCode: ExitCodes.unreadable)) }
        guard !revision.isEmpty, !revision.hasPrefix("-"), !revision.contains(where: { $0.isNewline || $0 == "\0" }) else {
            return refuse("'\(revision)' is not a git revision")
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            return refuse("'\(path)' is not a path inside the repository (say REV:DIR, DIR from the repository's top, without '..')")
        }
        // PATH is a path, never a pattern or pathspec magic.
        let listing = Self.git(["--literal-pathspecs", "ls-tree", "-r", "-z", "-l", "--full-tree", revision, "--", path])
        guard listing.status == 0 else { return refuse("git cannot read \(revision):\(path): \(listing.errorText)") }
        var entries: [Entry] = []
        var total = 0
        for record in listing.output.split(separator: 0) {
            // "MODE TYPE OBJECT SIZE\tPATH"
            guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { return refuse("git ls-tree printed an entry it should not") }
            // A name that is not UTF-8 is refused, never skipped: the rule set compiled would silently lack a file.
            guard let name = String(validating: record[record.index(after: tab)...], as: UTF8.self) else {
                return refuse("\(revision):\(path) holds a file name that is not UTF-8")
            }
            let fields = String(decoding: record[..<tab], as: UTF8.self).split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 4 else { return refuse("git ls-tree printed an entry it should not: \(name)") }
            guard name != path else { return refuse("\(revision):\(path) is a file, not a rule directory") }
            let relative = String(name.dropFirst(path.count + 1))
            let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
            guard name.hasPrefix(path + "/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                return refuse("\(revision):\(name) is not a safe path")
            }
            guard fields[0] == "100644" || fields[0] == "100755", fields[1] == "blob", let size = Int(fields[3]) else {
                return refuse("\(revision):\(name) is not a plain file (mode \(fields[0])); links and submodules are not followed")
            }
            total = total.saturatingAdd(size)
            // The compiler would refuse such a rule set anyway (E0013); nothing that large is written.
            guard entries.count < limits.maximumFiles.saturatingAdd(limits.maximumFiles).saturatingAdd(64),
                  total <= limits.maximumRuleSetSize.saturatingAdd(limits.maximumRuleSetSize) else {
                return refuse("\(revision):\(path) is larger than --max-rule-set-size or --max-files allow")
            }
            entries.append(Entry(path: relative, object: String(fields[2]), size: size))
        }
        guard !entries.isEmpty else { return refuse("\(revision) has no rule directory '\(path)'") }

        let fileManager = FileManager.default
        let scratch = fileManager.temporaryDirectory.appendingPathComponent("tillval-diff-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: scratch) }
        let root = scratch.appendingPathComponent(path)
        do {
            try fileManager.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let blobs = Self.git(["cat-file", "--batch"], input: entries.map { $0.object + "\n" }.joined())
            guard blobs.status == 0 else { return refuse("git cannot read \(revision):\(path): \(blobs.errorText)") }
            var offset = blobs.output.startIndex
            for entry in entries {
                // "OBJECT blob SIZE\n" CONTENT "\n"
                guard let newline = blobs.output[offset...].firstIndex(of: UInt8(ascii: "\n")) else { return refuse("git cat-file ended early") }
                let header = String(decoding: blobs.output[offset..<newline], as: UTF8.self)
                let start = newline + 1, end = start + entry.size
                guard header == "\(entry.object) blob \(entry.size)", end <= blobs.output.endIndex else {
                    return refuse("git cat-file did not give \(revision):\(path)/\(entry.path) (\(header))")
                }
                let file = root.appendingPathComponent(entry.path)
                try fileManager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                // The directory is new and only this process's; the paths were checked above.
                guard fileManager.createFile(atPath: file.path, contents: Data(blobs.output[start..<end]), attributes: [.posixPermissions: 0o600]) else {
                    return refuse("cannot write \(file.path)")
                }
                offset = min(end + 1, blobs.output.endIndex)
            }
        } catch {
            return refuse("cannot write a temporary copy of \(revision):\(path): \(error.localizedDescription)")
        }
        let previous = fileManager.currentDirectoryPath
        guard fileManager.changeCurrentDirectoryPath(scratch.path) else { return refuse("cannot enter \(scratch.path)") }
        defer { _ = fileManager.changeCurrentDirectoryPath(previous) }
        return .success(body(path))
    }

    private struct GitOutput {
        var status: Int32
        var output: Data
        var error: Data

        var errorText: String {
            String(decoding: error, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Runs git in the current directory; its standard input from a
    /// temporary file, so a large output never waits on input still to be written.
    private static func git(_ arguments: [String], input: String? = nil) -> GitOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        var inputFile: URL?
        defer { if let inputFile { try? FileManager.default.removeItem(at: inputFile) } }
        if let input {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("tillval-diff-\(UUID().uuidString).in")
            guard (try? Data(input.utf8).write(to: file)) != nil, let handle = try? FileHandle(forReadingFrom: file) else {
                return GitOutput(status: -1, output: Data(), error: Data("cannot write a temporary file".utf8))
            }
            inputFile = file
            process.standardInput = handle
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        // Standard error goes to a file, so neither pipe can fill while the other is read.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("tillval-diff-\(UUID().uuidString).err")
        defer { try? FileManager.default.removeItem(at: errorFile) }
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil), let errorHandle = try? FileHandle(forUpdating: errorFile) else {
            return GitOutput(status: -1, output: Data(), error: Data("cannot write a temporary file".utf8))
        }
        defer { try? errorHandle.close() }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        do { try process.run() } catch {
            return GitOutput(status: -1, output: Data(), error: Data("cannot run git: \(error.localizedDescription)".utf8))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorData = (try? Data(contentsOf: errorFile)) ?? Data()
        return GitOutput(status: process.terminationStatus, output: data, error: errorData)
    }
}

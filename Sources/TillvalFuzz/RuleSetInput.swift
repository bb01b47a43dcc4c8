import TillvalSyntax

/// How the rules fuzzer reads its input as a rule set.
///
/// The input is a list of files, each introduced by a marker line
/// `#>> PATH` (a YAML comment, so a one-file input is still a rule file);
/// bytes before the first marker belong to `input.yaml`. The files are laid
/// over a base rule set — the shipped `Rules/` — replacing the file of the
/// same path and adding the others, so a mutation of one file is checked
/// against every declaration of a real rule set. A first marker `#>> -`
/// starts from an empty rule set instead (the fixtures' own rule sets).
public enum RuleSetInput {
    /// The marker that starts a file, followed by its path.
    public static let marker: [UInt8] = Array("#>> ".utf8)
    /// The path that, as the first marker, drops the base rule set.
    public static let standalone = "-"
    /// The directory every file is placed in (the plan's paths are relative to it).
    public static let directory = "rules"

    /// The files `bytes` describe, laid over `base` (paths relative to `directory`).
    public static func files(_ bytes: [UInt8], base: [(path: String, bytes: [UInt8])]) -> [SourceFile] {
        var sections: [(path: String, bytes: [UInt8])] = []
        var current: (path: String, bytes: [UInt8])? = nil
        var useBase = true
        var index = 0
        while index < bytes.count {
            let end = bytes[index...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.count
            let line = bytes[index..<end]
            if line.starts(with: marker) {
                var path = String(decoding: line.dropFirst(marker.count), as: UTF8.self)
                while let last = path.last, last.isNewline || last == " " { path.removeLast() }
                if let current { sections.append(current) }
                if sections.isEmpty, current == nil, path == standalone {
                    useBase = false
                    current = nil
                } else {
                    current = (path.isEmpty ? "input.yaml" : path, [])
                }
            } else {
                if current == nil { current = ("input.yaml", []) }
                current?.bytes += line
            }
            index = end
        }
        if let current { sections.append(current) }

        var files = useBase ? base : []
        for section in sections {
            if let at = files.firstIndex(where: { $0.path == section.path }) {
                files[at] = section
            } else {
                files.append(section)
            }
        }
        return files.map { SourceFile(path: directory + "/" + $0.path, bytes: $0.bytes) }
    }

    /// The input that describes `files`: over the base rule set, or alone.
    public static func encode(_ files: [(path: String, bytes: [UInt8])], standalone alone: Bool) -> [UInt8] {
        var out: [UInt8] = alone ? marker + Array((standalone + "\n").utf8) : []
        for file in files {
            out += marker + Array((file.path + "\n").utf8) + file.bytes
            if let last = file.bytes.last, last != UInt8(ascii: "\n") { out.append(UInt8(ascii: "\n")) }
        }
        return out
    }
}

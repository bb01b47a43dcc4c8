import Foundation
import TillvalSyntax

/// `tillval check --format sarif`: the check as SARIF 2.1.0 (OASIS), for
/// code scanning (GitHub uploads it with `github/codeql-action/upload-sarif`).
/// One run; its tool is tillval with every diagnostic code as a rule; each
/// diagnostic one result. Validated against the official schema
/// (Schemas/vendor/sarif-schema-2.1.0.json) by the tests.
///
/// - Columns count Unicode scalars, as libyaml does (`columnKind`
///   `unicodeCodePoints`); an end is excluded, as SARIF's `endColumn` is.
/// - Artifact URIs are the report's paths (relative to the current
///   directory when the files lie under it), percent-encoded as URI references.
/// - A diagnostic's notes are its `relatedLocations`; its suggestion is a
///   `help:` line of the message, and its fix-it, when there is one, a `fixes` entry.
/// - A rule's `helpUri` is the code's entry in tillval's docs/diagnostics.md,
///   as a reference relative to tillval's repository (there is no published
///   home to make it absolute against yet); its `help` is the whole entry.
struct SARIFLog: Encodable, Sendable {
    var schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    var version = "2.1.0"
    var runs: [Run]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case version, runs
    }

    struct Run: Encodable, Sendable {
        var tool: Tool
        var columnKind = "unicodeCodePoints"
        var results: [Result]
        /// The "and N more" notes of diagnostics the caps left out; absent when none was.
        var invocations: [Invocation]?
    }

    struct Tool: Encodable, Sendable {
        var driver: Driver
    }

    struct Driver: Encodable, Sendable {
        var name = "tillval"
        var version: String
        var semanticVersion: String
        var rules: [Rule]
    }

    struct Rule: Encodable, Sendable {
        var id: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Help
        var helpUri: String
        var defaultConfiguration: Configuration
    }

    struct Help: Encodable, Sendable {
        var text: String
        var markdown: String
    }

    struct Configuration: Encodable, Sendable {
        var level: Severity
    }

    struct Message: Encodable, Sendable {
        var text: String
    }

    struct Result: Encodable, Sendable {
        var ruleId: String
        var ruleIndex: Int
        var level: Severity
        var message: Message
        var locations: [Location]?
        var relatedLocations: [Location]?
        var fixes: [Fix]?
    }

    struct Location: Encodable, Sendable {
        var id: Int?
        var physicalLocation: PhysicalLocation
        var message: Message?
    }

    struct PhysicalLocation: Encodable, Sendable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable, Sendable {
        var uri: String
    }

    struct Region: Encodable, Sendable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
    }

    struct Fix: Encodable, Sendable {
        var description: Message
        var artifactChanges: [ArtifactChange]
    }

    struct ArtifactChange: Encodable, Sendable {
        var artifactLocation: ArtifactLocation
        var replacements: [Replacement]
    }

    struct Replacement: Encodable, Sendable {
        var deletedRegion: Region
        var insertedContent: Message
    }

    struct Invocation: Encodable, Sendable {
        var executionSuccessful = true
        var toolExecutionNotifications: [Notification]
    }

    struct Notification: Encodable, Sendable {
        var message: Message
        var level = "note"
    }

    init(_ report: CheckReport, version: String) {
        let codes = DiagnosticCode.allCases
        let index = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        let rules = codes.map { code in
            let entry = code.explanation
            return Rule(id: code.rawValue, shortDescription: Message(text: entry.title),
                        fullDescription: Message(text: entry.explanation),
                        help: Help(text: DiagnosticCatalogue.text(for: code), markdown: DiagnosticCatalogue.markdown(for: code)),
                        helpUri: DiagnosticCatalogue.link(for: code), defaultConfiguration: Configuration(level: code.severity))
        }
        let results = report.diagnostics.map { diagnostic in
            var text = diagnostic.message
            for note in diagnostic.notes where note.range == nil { text += "\nnote: " + note.message }
            if let suggestion = diagnostic.suggestion { text += "\nhelp: " + suggestion.message }
            let related = diagnostic.notes.enumerated().compactMap { number, note in
                note.range.map { Location(id: number + 1, physicalLocation: Self.physical($0), message: Message(text: note.message)) }
            }
            var fixes: [Fix]?
            if let suggestion = diagnostic.suggestion, suggestion.isFixIt {
                var files: [String] = []
                var byFile: [String: [Replacement]] = [:]
                for edit in suggestion.edits {
                    if byFile[edit.range.file] == nil { files.append(edit.range.file) }
                    byFile[edit.range.file, default: []].append(
                        Replacement(deletedRegion: Self.region(edit.range), insertedContent: Message(text: edit.replacement)))
                }
                fixes = [Fix(description: Message(text: suggestion.message), artifactChanges: files.map {
                    ArtifactChange(artifactLocation: ArtifactLocation(uri: Self.uri($0)), replacements: byFile[$0] ?? [])
                })]
            }
            return Result(ruleId: diagnostic.code.rawValue, ruleIndex: index[diagnostic.code] ?? 0, level: diagnostic.severity,
                          message: Message(text: text),
                          locations: diagnostic.range.map { [Location(physicalLocation: Self.physical($0))] },
                          relatedLocations: related.isEmpty ? nil : related, fixes: fixes)
        }
        let notes = report.omittedLines.map { Notification(message: Message(text: $0)) }
        runs = [Run(tool: Tool(driver: Driver(version: version, semanticVersion: version, rules: rules)), results: results,
                    invocations: notes.isEmpty ? nil : [Invocation(toolExecutionNotifications: notes)])]
    }

    static func physical(_ range: SourceRange) -> PhysicalLocation {
        PhysicalLocation(artifactLocation: ArtifactLocation(uri: uri(range.file)), region: region(range))
    }

    /// A region never ends before it starts, and never at line or column 0
    /// (SARIF's minimum is 1).
    static func region(_ range: SourceRange) -> Region {
        let startLine = max(1, range.start.line), startColumn = max(1, range.start.column)
        var endLine = max(startLine, range.end.line), endColumn = max(1, range.end.column)
        if range.end.file != range.start.file || (endLine == startLine && endColumn < startColumn) {
            (endLine, endColumn) = (startLine, startColumn)
        }
        return Region(startLine: startLine, startColumn: startColumn, endLine: endLine, endColumn: endColumn)
    }

    /// A path as a URI reference: each byte outside RFC 3986's unreserved
    /// characters and `/` percent-encoded, so a space or `#` in a file name
    /// cannot change what the URI names.
    static func uri(_ path: String) -> String {
        var uri = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                uri.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                uri += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return path.hasPrefix("/") ? "file://" + uri : uri
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension CheckReport {
    /// The report as SARIF 2.1.0, `version` being tillval's (the binary's
    /// `--version`): sorted keys, two-space indentation, a closing line break.
    public func sarif(version: String) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(SARIFLog(self, version: version))) ?? Data()
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

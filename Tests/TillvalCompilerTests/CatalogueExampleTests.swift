import Foundation
import Testing
import TillvalCompiler
import TillvalSyntax
import TillvalTestSupport

/// Every rule-side example of the diagnostic catalogue (`tillval explain`,
/// docs/diagnostics.md) is compiled and must raise its own code: an example
/// that does not is a documentation bug. Each example is put into a copy of
/// the baseline `minimal` of the compile fixtures (Tests/Fixtures/baselines/minimal, a small valid rule set it can refer to):
/// documents it declares replace the baseline's documents of the same kind
/// and id, and a fragment (no `kind:`, such as `effects:` alone) replaces
/// that key's block in the first baseline document that has it. Other
/// diagnostics raised alongside (an unused declaration) do not matter.
@Suite struct CatalogueExampleTests {
    /// Codes whose example cannot be one rule file, and why. Request (E10xx)
    /// and plan-file (E11xx) codes are checked by their own tests, not here.
    static let notOneFile: [DiagnosticCode: String] = [
        .unreadableInput: "a broken symbolic link, described in a comment",
        .noRuleFiles: "a directory without rule files, described in a comment",
        .invalidEncoding: "bytes that are not UTF-8, which a Swift string literal cannot hold",
        .fileTooLarge: "a file over the size limit, described in a comment",
        .ruleSetTooLarge: "a rule set over the size or file-count limit, described in a comment",
        .scalarTooLong: "a value of 2 MiB, shortened with '…'",
        .missingFacts: "a rule set without a facts document, described in a comment: the baseline has one",
        .coverageTooLarge: "20 scenarios of a flag each, shortened with '# ... and so on'",
        .tooManySteps: "nested procedures, shortened with '# … and so on'",
    ]

    /// Codes whose example is a document on its own, in its own file: it
    /// lacks `kind:` on purpose, so it is not a fragment of another document.
    static let ownFile: Set<DiagnosticCode> = [.missingKind]

    static let ruleCodes = DiagnosticCode.allCases.filter { !$0.rawValue.hasPrefix("E1") }

    @Test(arguments: ruleCodes)
    func exampleRaisesItsOwnCode(_ code: DiagnosticCode) throws {
        if let reason = Self.notOneFile[code] {
            #expect(!reason.isEmpty)
            return
        }
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = try Self.ruleSet(with: code.explanation.example, in: directory, asOwnFile: Self.ownFile.contains(code))
        let compilation = Compiler().compile(directory: rules.path)
        let raised = Set(compilation.diagnostics.map(\.code))
        #expect(raised.contains(code), "the example of \(code.rawValue) raises \(raised.map(\.rawValue).sorted()):\n\(code.explanation.example)")
    }

    /// The exceptions name only codes whose examples really do not compile
    /// to their code, so the list cannot hide a fixed example.
    @Test func exceptionsAreStillExceptions() throws {
        for code in Self.notOneFile.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let directory = try CommandRunner.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let rules = try Self.ruleSet(with: code.explanation.example, in: directory)
            let raised = Compiler().compile(directory: rules.path).diagnostics.map(\.code)
            #expect(!raised.contains(code), "\(code.rawValue)'s example raises its code: remove it from the exceptions")
        }
    }

    /// A top-level `key: value` line's value, the first one.
    static func value(of key: String, in document: String) -> String? {
        document.split(separator: "\n", omittingEmptySubsequences: false).lazy
            .first { $0.hasPrefix("\(key):") }
            .map { $0.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces) }
    }

    /// The (kind, id) a document declares; `facts` and `ruleset` have no id.
    static func identity(_ document: String) -> String? {
        value(of: "kind", in: document).map { "\($0)/\(value(of: "id", in: document) ?? "")" }
    }

    /// The baseline with `example` put in, as described above; returns the rule directory.
    static func ruleSet(with example: String, in directory: URL, asOwnFile: Bool = false) throws -> URL {
        let baseline = URL(fileURLWithPath: Repository.path("Tests/Fixtures/baselines/minimal"))
        let rules = directory.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        let exampleDocuments = example.components(separatedBy: "\n---\n")
        // Scenarios in an example are a collaboration's scenarios ("the only
        // scenario of digitala-tillval"): they replace the baseline's.
        let replaced = Set(exampleDocuments.compactMap(identity))
        let replacesScenarios = replaced.contains { $0.hasPrefix("scenario/") }
        let lines = example.split(separator: "\n", omittingEmptySubsequences: false)
        var fragmentKey: String?
        if replaced.isEmpty, !asOwnFile, let first = lines.first(where: { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix(" ") }),
           let colon = first.firstIndex(of: ":") {
            fragmentKey = String(first[..<colon])
        }
        var spliced = false
        for name in try FileManager.default.contentsOfDirectory(atPath: baseline.path).sorted() {
            let text = try String(contentsOf: baseline.appendingPathComponent(name), encoding: .utf8)
            var documents = text.components(separatedBy: "\n---\n").filter { identity($0).map { !replaced.contains($0) && !(replacesScenarios && $0.hasPrefix("scenario/")) } ?? true }
            if let key = fragmentKey, !spliced, let index = documents.firstIndex(where: { value(of: key, in: $0) != nil }) {
                // The key's block: its line and the indented or list lines after it.
                var kept: [Substring] = []
                var inBlock = false
                for line in documents[index].split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix("\(key):") {
                        inBlock = true
                        kept += lines
                        continue
                    }
                    if inBlock, line.hasPrefix(" ") || line.hasPrefix("-") { continue }
                    inBlock = false
                    kept.append(line)
                }
                documents[index] = kept.joined(separator: "\n")
                spliced = true
            }
            let joined = documents.joined(separator: "\n---\n")
            try Data((joined.hasSuffix("\n") || joined.isEmpty ? joined : joined + "\n").utf8).write(to: rules.appendingPathComponent(name))
        }
        if fragmentKey == nil || !spliced {
            try Data(example.utf8).write(to: rules.appendingPathComponent("example.yaml"))
        }
        return rules
    }
}

import Foundation
import Testing
import TillvalRuntime
import TillvalSyntax
import TillvalTestSupport

/// Issue 11, point 1: a request input is a stream. The reader reads it in
/// pieces and hands on one request at a time, each with only its own lines,
/// whose diagnostics still quote the right line at the right column.
@Suite struct RequestStreamTests {
    static let request = #"{"office": {"name": "Byrå"}, "customer": {"id": "556456-7890", "name": "Snickeri Öst HB", "email": "maja@snickeriost.se", "relation": "registered", "tasks": ["Löneadministration 2026"]}, "product": "min-lon"}"#

    static func write(_ text: String, _ name: String) throws -> (directory: URL, path: String) {
        let directory = try CommandRunner.temporaryDirectory()
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (directory, path)
    }

    /// 20 000 requests (5 MB): no request is read more than a piece (64 KiB)
    /// ahead of the one handed on, and each holds its own line only.
    @Test func aFileIsReadOneRequestAtATime() throws {
        let count = 20_000
        let line = Self.request + "\n"
        let lineBytes = line.utf8.count
        let (directory, path) = try Self.write(String(repeating: line, count: count), "batch.jsonl")
        defer { try? FileManager.default.removeItem(at: directory) }
        let stream = RequestReader.stream(path: path)
        var handed = 0
        var furthestAhead = 0
        while let item = stream.next() {
            handed += 1
            #expect(item.entry.diagnostics.isEmpty && item.entry.start.line == handed)
            let source = try #require(item.source)
            #expect(source.firstLine == handed && source.bytes.count == lineBytes - 1)
            furthestAhead = max(furthestAhead, stream.bytesRead - handed * lineBytes)
        }
        #expect(handed == count && stream.unreadable == nil)
        #expect(furthestAhead <= 1 << 16, "read \(furthestAhead) bytes ahead of the request handed on")
    }

    /// YAML documents, each a piece of its own: a diagnostic in the third
    /// quotes the same line, at the same column, as against the whole file.
    @Test func aPieceQuotesItsLinesWhereTheFileHasThem() throws {
        let text = """
            # a batch
            office: {name: Byrå}
            customer: {id: "1"}
            ---
            office: {name: Byrå}
            ---
            office:
              name: Byrå
              name: Byrå igen
            customer: [a, b

            """
        let (directory, path) = try Self.write(text, "batch.yaml")
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = RequestReader.read(SourceFile(path: path, text: text), layout: .yaml)
        let items = Array(RequestReader.stream(path: path))
        #expect(items.map(\.entry.start.line) == whole.entries.map(\.start.line))
        #expect(items.map { $0.source?.firstLine } == [1, 4, 6])
        let third = try #require(items.last)
        let source = try #require(third.source)
        #expect(source.line(6) == "---" && source.line(3) == nil && source.line(9) == "  name: Byrå igen")
        let diagnostics = third.entry.diagnostics
        #expect(!diagnostics.isEmpty)
        let fromPiece = TextDiagnosticRenderer(sources: third.sources, colored: false).render(diagnostics)
        #expect(diagnostics.map(\.message) == whole.entries.last?.diagnostics.map(\.message))
        let fromFile = TextDiagnosticRenderer(sources: whole.sources, colored: false).render(diagnostics)
        #expect(fromPiece == fromFile)
        #expect(fromPiece.contains("9 |   name: Byrå igen"), "\(fromPiece)")
    }

    /// A request larger than the limit is measured, not kept: the ones around it run.
    @Test func anOversizedLineIsMeasuredAndSkipped() throws {
        let padded = String(repeating: " ", count: 5000) + Self.request
        let (directory, path) = try Self.write([Self.request, padded, Self.request].joined(separator: "\n"), "batch.jsonl")
        defer { try? FileManager.default.removeItem(at: directory) }
        let items = Array(RequestReader.stream(path: path, limits: InputLimits(maxRequestSize: 1000)))
        #expect(items.map(\.entry.start.line) == [1, 2, 3])
        #expect(items.map { $0.entry.diagnostics.map(\.code) } == [[], [.requestTooLarge], []])
        #expect(items[1].source == nil && items[1].entry.diagnostics.first?.message.contains("is \(padded.utf8.count) bytes") == true)
    }

    /// Standard input's layout is guessed from its first 64 KiB: one line that
    /// starts with `{` and runs past them is JSON Lines, as two lines are.
    @Test func theLayoutOfStandardInputIsGuessedFromAPrefix() {
        let long = Array(("{\"a\": \"" + String(repeating: "x", count: 70_000) + "\"}\n{\"b\": 1}\n").utf8)
        #expect(RequestReader.Layout.guess(long.prefix(RequestReader.Layout.guessWindow), cut: true) == .jsonLines)
        #expect(RequestReader.Layout.guess(Array("{\"a\": 1}\n".utf8)[...]) == .yaml)
        #expect(RequestReader.Layout.guess(Array("{\"a\": 1}\n{\"b\": 2}\n".utf8)[...]) == .jsonLines)
        #expect(RequestReader.Layout.guess(Array("{a: 1,\n b: 2}\n".utf8)[...]) == .yaml)
    }

    /// A directive after `...` starts the next document: it is not cut into the previous one.
    @Test func aDirectiveAfterTheEndOfADocumentStartsTheNext() {
        let text = "office: {name: A}\n...\n%YAML 1.1\n---\noffice: {name: B}\n"
        let output = RequestReader.read(SourceFile(path: "batch.yaml", text: text), layout: .yaml)
        #expect(output.entries.count == 2)
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.message))")
        #expect(output.entries.map(\.start.line) == [1, 5])
    }

    /// Nothing but `---` lines, more bytes of them than a request may hold, holds no request (E1012), not one
    /// oversized request (E1014): a `---` after a bare `---` lets what was collected go.
    @Test func onlyDocumentMarkersHoldNoRequest() {
        let text = String(repeating: "---\n", count: 2_000)
        let output = RequestReader.read(SourceFile(path: "batch.yaml", text: text), layout: .yaml, limits: InputLimits(maxRequestSize: 1000))
        #expect(output.entries.flatMap { $0.diagnostics.map(\.code) } == [.noRequests])
        // Directives stay with the document after them, and a document after a run of markers is read.
        let tail = "%YAML 1.1\n---\n---\n---\noffice: {name: B}\n"
        let read = RequestReader.read(SourceFile(path: "batch.yaml", text: tail), layout: .yaml, limits: InputLimits(maxRequestSize: 1000))
        #expect(read.entries.count == 1 && read.diagnostics.isEmpty && read.entries.first?.start.line == 5)
    }
}

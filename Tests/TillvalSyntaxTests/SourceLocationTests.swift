import Foundation
import Testing
import TillvalSyntax

/// Swift Testing has a `SourceLocation` of its own.
private typealias SourceLocation = TillvalSyntax.SourceLocation

/// A location keeps its file as an interned `SourcePath` (issue 11: no
/// string copied with each position). What it says must not change: the
/// file it names, its equality, order and coding.
@Suite struct SourceLocationTests {
    @Test func aPathIsInternedOncePerText() {
        #expect(SourcePath("rules/a.yaml") == SourcePath("rules/" + "a.yaml"))
        #expect(SourcePath("rules/a.yaml") != SourcePath("rules/b.yaml"))
        #expect(SourcePath("rules/a.yaml").text == "rules/a.yaml")
        #expect(Set([SourcePath("x"), SourcePath(String("xy".prefix(1)))]).count == 1)
        // Two spellings of one name, which String calls equal, are two files with their own bytes.
        let composed = "rules/caf\u{E9}.yaml", decomposed = "rules/cafe\u{301}.yaml"
        #expect(composed == decomposed)
        #expect(SourcePath(composed) != SourcePath(decomposed))
        #expect(Array(SourcePath(decomposed).text.utf8) == Array(decomposed.utf8))
        #expect(Array(SourcePath(composed).text.utf8) == Array(composed.utf8))
    }

    @Test func aLocationNamesTheFileItWasMadeWith() {
        var location = SourceLocation(file: "rules/a.yaml", line: 2, column: 3)
        #expect(location.file == "rules/a.yaml")
        #expect(location == SourceLocation(path: SourcePath("rules/a.yaml"), line: 2, column: 3))
        #expect(location.description == "rules/a.yaml:2:3")
        location.file = "rules/b.yaml"
        #expect(location.file == "rules/b.yaml")
        #expect(location.path == SourcePath("rules/b.yaml"))
        #expect(location != SourceLocation(file: "rules/a.yaml", line: 2, column: 3))
    }

    @Test func locationsAreOrderedByFileBytesThenLineAndColumn() {
        let b = SourceLocation(file: "b.yaml", line: 1, column: 1)
        let a = SourceLocation(file: "a.yaml", line: 9, column: 9)
        let upper = SourceLocation(file: "B.yaml", line: 5, column: 1)
        #expect([b, a, upper].sorted() == [upper, a, b])
        #expect(SourceLocation(file: "a.yaml", line: 2, column: 1) < SourceLocation(file: "a.yaml", line: 2, column: 4))
        #expect(!(a < a))
    }

    @Test func codingIsUnchanged() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let location = SourceLocation(file: "rules/å.yaml", line: 4, column: 7)
        let data = try encoder.encode(location)
        #expect(String(decoding: data, as: UTF8.self) == #"{"column":7,"file":"rules\/å.yaml","line":4}"#)
        #expect(try JSONDecoder().decode(SourceLocation.self, from: data) == location)
        let range = SourceRange(start: location, end: SourceLocation(file: "rules/å.yaml", line: 4, column: 9))
        #expect(try JSONDecoder().decode(SourceRange.self, from: encoder.encode(range)) == range)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SourceLocation.self, from: Data(#"{"file":"a","line":1}"#.utf8)) }
    }

    @Test func pathsInternedFromManyThreadsAgree() async {
        let paths = await withTaskGroup(of: SourcePath.self) { group in
            for index in 0 ..< 64 {
                group.addTask { SourcePath("thread/\(index % 4).yaml") }
            }
            var paths: [SourcePath] = []
            for await path in group { paths.append(path) }
            return paths
        }
        #expect(Set(paths).count == 4)
        #expect(Set(paths.map(\.text)) == Set((0 ..< 4).map { "thread/\($0).yaml" }))
    }
}

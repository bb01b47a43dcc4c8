import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TillvalTestSupport

/// `tillval test` on the rule-test fixture (Tests/Fixtures/ruletests): its
/// `rules/` carries tests that pass, its `broken/` tests whose expectations
/// are deliberately wrong, each in its own way. Run from the fixture's
/// directory, so the paths in the goldens are relative to it.
@Suite struct TestCommandTests {
    static let fixture = "Tests/Fixtures/ruletests"

    private func run(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(["test"] + arguments, in: Repository.path(Self.fixture))
    }

    @Test func passingTestsExitZeroWithOneLinePerTestAndTheCountsLast() throws {
        let result = try run(["rules"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "the output ends with a line break")
        #expect(lines.dropLast().last == "4 passed, 0 failed")
        #expect(lines.filter { $0.hasPrefix("ok   ") }.count == 4)
        #expect(result.stdout.contains("ok   newcomer-min-lon (rules/tests/registered.yaml:24:5)\n"))
    }

    /// The readable diff of every kind of broken expectation, pinned whole.
    @Test func brokenExpectationsFailWithTheirGoldenDiff() throws {
        let result = try run(["rules", "--tests", "broken"])
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let mismatch = Repository.compareGolden(result.stdout, "\(Self.fixture)/expected.text")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        #expect(result.stdout.hasSuffix("\n4 passed, 7 failed\n"))
    }

    @Test func filterRunsTheTestsWhoseIdContainsIt() throws {
        let result = try run(["rules", "--tests", "broken", "--filter", "refused"])
        #expect(result.status == 1)
        let ids = result.stdout.split(separator: "\n").filter { $0.hasPrefix("ok") || $0.hasPrefix("FAIL") }
        #expect(ids == ["ok   unknown-relation-refused (rules/tests/registered.yaml:55:5)",
                        "FAIL broken-request-refused (broken/expectations.yaml:67:5)"])
        #expect(result.stdout.hasSuffix("\n1 passed, 1 failed\n"))
        let passing = try run(["rules", "--tests", "broken", "--filter", "unknown-relation"])
        #expect(passing.status == 0, "only passing tests are run")
        // A filter that selects nothing fails: a mistyped filter in CI must not pass having tested nothing.
        let none = try run(["rules", "--filter", "no-such-test"])
        #expect(none.status == 1)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr.hasSuffix("error: no test's id contains 'no-such-test' (4 tests)\n"), "\(none.stderr)")
    }

    /// Issue 9's "done when": the shipped rules pass their own tests with
    /// 100 % coverage; fewer tests give less, and `--min-coverage` fails
    /// the run under its percentage.
    @Test func theShippedRulesPassTheirTestsWithFullCoverage() throws {
        let full = try CommandRunner.run(["test", "Rules", "--min-coverage", "100"])
        #expect(full.status == 0, "\(full.stdout)\(full.stderr)")
        #expect(full.stdout.hasSuffix("\ncoverage: 100.0 % (17 of 17)\n9 passed, 0 failed\n"), "\(full.stdout)")
        let some = try CommandRunner.run(["test", "Rules", "--filter", "has-sub", "--min-coverage", "90"])
        #expect(some.status == 1, "under the minimum")
        #expect(some.stdout.hasSuffix("\n2 passed, 0 failed\n"))
        let unreached = some.stdout.split(separator: "\n").filter { $0.contains(": not reached: ") }
        #expect(unreached.contains("Rules/scenarios/registered.yaml:2:5: not reached: scenario registered; a request with product: lon-anstalld, customer.relation: registered picks it"), "\(unreached)")
        let same = try CommandRunner.run(["test", "Rules", "--filter", "has-sub", "--min-coverage", "41"])
        #expect(same.status == 0, "at or over the minimum")
    }

    @Test func junitIsPinnedAndParsesWithTheRightCounts() throws {
        let result = try run(["rules", "--tests", "broken", "--format", "junit"])
        #expect(result.status == 1)
        let mismatch = Repository.compareGolden(result.stdout, "\(Self.fixture)/expected.junit.xml")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        let parsed = try #require(JUnitCounts(xml: result.stdout))
        #expect(parsed.error == nil, "\(parsed.error ?? "")")
        #expect(parsed.testcases == 11)
        #expect(parsed.failures == 7)
        #expect(parsed.suiteTests == "11")
        #expect(parsed.suiteFailures == "7")
        // The text of a failure is the text diff, unescaped again by the parser.
        #expect(parsed.failureTexts.contains { $0.contains("subject: Byrå <Syd> & Co invites you") })
        #expect(parsed.failureTexts.contains { $0.contains(#"body contains: terms & "conditions""#) })
        #expect(parsed.names.contains("broken-emails"))
    }

    /// Characters XML 1.0 cannot hold (a control character from a request)
    /// are written visibly; the document still parses.
    /// JUnit is a machine format: its paths are relative to the current
    /// directory, so naming the directories absolutely gives the same bytes
    /// as naming them relatively (and `./` changes nothing); the text keeps
    /// the paths as given, like `check`'s.
    @Test func junitPathsAreRelativeToTheCurrentDirectoryHoweverTheDirectoryIsNamed() throws {
        let root = Repository.path(Self.fixture)
        let relative = try run(["rules", "--tests", "broken", "--format", "junit"])
        let absolute = try run(["\(root)/rules", "--tests", "\(root)/broken", "--format", "junit"])
        let dotted = try run(["./rules", "--tests", "./broken", "--format", "junit"])
        #expect(absolute.status == 1 && relative.status == 1)
        #expect(absolute.stdout == relative.stdout, "\(absolute.stdout)")
        #expect(dotted.stdout == relative.stdout, "\(dotted.stdout)")
        #expect(!absolute.stdout.contains(root))
        let text = try run(["\(root)/rules", "--tests", "\(root)/broken"])
        #expect(text.stdout.contains("FAIL broken-request-refused (\(root)/broken/expectations.yaml:67:5)"), "\(text.stdout)")
        // Run from the rule directory itself, the suite is `.`, not the absolute path.
        let inside = try CommandRunner.run(["test", "\(root)/rules", "--format", "junit"], in: "\(root)/rules")
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(inside.stdout.contains(#"<testsuite name="." "#), "\(inside.stdout)")
        #expect(inside.stdout.contains(#"classname="tests/registered.yaml" file="tests/registered.yaml""#), "\(inside.stdout)")
    }

    @Test func junitEscapesWhatXMLCannotHold() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tests = directory.appendingPathComponent("tests")
        try FileManager.default.createDirectory(at: tests, withIntermediateDirectories: true)
        try """
            kind: test
            id: control-character
            request:
              office: {name: "Byrå\\u0001Syd"}
              customer: {id: "1", name: "Bageri ]]> Nord", email: anna@bagerinord.se, relation: registered, tasks: [Lön 2026]}
              product: lon-anstalld
            expect:
              scenario: not-registered
            """.write(to: tests.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["test", Repository.path("\(Self.fixture)/rules"), "--tests", tests.path, "--format", "junit"])
        #expect(result.status == 1)
        #expect(!result.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        let parsed = try #require(JUnitCounts(xml: result.stdout))
        #expect(parsed.error == nil, "\(parsed.error ?? "")\n\(result.stdout)")
        #expect(parsed.testcases == 5)
        #expect(parsed.failures == 1)
    }

    @Test func rulesWithErrorsExitAsCheckDoes() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A tests directory may hold only tests: a scenario there is an error, and nothing runs.
        try "kind: product\nid: extra\nname: Extra\n".write(to: directory.appendingPathComponent("extra.yaml"), atomically: true, encoding: .utf8)
        let result = try run(["rules", "--tests", directory.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("error[E0102]: a tests directory holds only 'test' documents, found 'product'"))
        let missing = try run(["no-such-rules"])
        #expect(missing.status == 66)
    }
}

/// What a JUnit report holds, read by Foundation's XML parser.
private final class JUnitCounts: NSObject, XMLParserDelegate {
    var testcases = 0
    var failures = 0
    var names: [String] = []
    var suiteTests: String?
    var suiteFailures: String?
    var failureTexts: [String] = []
    var error: String?
    private var text: String?

    init?(xml: String) {
        super.init()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = self
        if !parser.parse() { error = parser.parserError.map { "\($0)" } ?? "the XML does not parse" }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "testsuite":
            suiteTests = attributes["tests"]
            suiteFailures = attributes["failures"]
        case "testcase":
            testcases += 1
            names.append(attributes["name"] ?? "")
        case "failure":
            failures += 1
            text = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text? += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "failure", let text {
            failureTexts.append(text)
            self.text = nil
        }
    }
}

/// The rules schema describes `kind: test` too: the fixture's tests, passing
/// and broken (their expectations are wrong, not malformed), are accepted;
/// the malformed ones (E0113, E0114) are compile fixtures marked `structural`,
/// which SchemaTests checks are rejected.
@Suite struct TestDocumentSchemaTests {
    @Test func ruleTestsMatchTheRulesSchema() throws {
        let arguments = ["--valid", Repository.path("Tests/Fixtures/ruletests/rules"), Repository.path("Tests/Fixtures/ruletests/broken")]
        let result = try SchemaTests.checkSchemas(arguments)
        #expect(result.status == 0, "\(SchemaTests.describe(arguments, result))")
    }
}

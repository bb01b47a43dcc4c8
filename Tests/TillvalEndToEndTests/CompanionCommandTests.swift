import Foundation
import Testing
import TillvalCompiler
import TillvalTestSupport

// The binary's side of tests whose in-process side lives in the module
// targets (TillvalCompilerTests, TillvalRuntimeTests): what `tillval` prints
// and how it exits for the same inputs.

/// CascadeTests, through the binary: the syntax error is printed before the key error it hides.
@Suite struct CascadeCommandTests {
    @Test func theSyntaxErrorComesFirstInTheRenderedOutput() throws {
        let result = try CommandRunner.run(["check", "Tests/Fixtures/compile/order-load-errors-first/rules"], in: CompileFixtures.root.path)
        #expect(result.status == 1)
        let syntax = try #require(result.stderr.range(of: "error[E0004]"))
        let key = try #require(result.stderr.range(of: "error[E0103]"))
        #expect(syntax.lowerBound < key.lowerBound)
        #expect(result.stderr.contains("2 errors, 0 warnings"))
    }
}

/// MalformedInputTests' cases, all in one directory, through the binary.
@Suite struct MalformedInputCommandTests {
    @Test func theBinarySurvivesEveryCase() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (offset, input) in MalformedRuleInputs.all.enumerated() {
            try Data(input.bytes).write(to: directory.appendingPathComponent(String(format: "case-%02d.yaml", offset)))
        }
        let result = try CommandRunner.run(["check", directory.path])
        #expect(result.status == 1, "exit \(result.status): \(result.stderr.suffix(2000))")
        for input in MalformedRuleInputs.all {
            #expect(result.stderr.contains("[\(input.code.rawValue)]"), "\(input.name)")
        }
    }
}

/// RequestTests, through the binary.
@Suite struct RequestCommandTests {
    #if os(Linux)
    /// A request file whose read fails (here at once: reading /proc/self/mem
    /// at offset 0 is an I/O error) is unreadable input, exit 66; it used to be
    /// taken for its bytes so far (none: "holds no request", or the first
    /// requests of a file failing mid-read, run silently).
    @Test func aRequestFileWhoseReadFailsIsUnreadable() throws {
        let result = try CommandRunner.run(["plan", "/proc/self/mem"])
        #expect(result.status == 66, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.hasPrefix("tillval: error[E0001]: the request file '/proc/self/mem' cannot be read (reading failed)\n"), "\(result.stderr)")
        #expect(!result.stdout.contains("Request "))
    }
    #endif
}

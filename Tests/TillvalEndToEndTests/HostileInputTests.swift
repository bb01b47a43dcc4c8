import Foundation
import GRDB
import Testing
import TillvalCompiler
import TillvalPlan
import TillvalRuntime
import TillvalStore
import TillvalSyntax
import TillvalTestSupport

/// Issue 7, request side: control characters in request values (point 1),
/// escape sequences reaching the terminal (point 6), edited plan files
/// (point 5) and unbounded input (point 8), each through the real binary.
@Suite final class HostileInputTests {
    /// The temporary directory, its store and the fixed clock: the shared set-up (Tests/TillvalTestSupport).
    let sandbox: StoreSandbox
    var directory: URL { sandbox.directory }
    var store: String { sandbox.storePath }

    init() throws {
        sandbox = try StoreSandbox()
    }

    func tillval(_ arguments: [String], stdin: String? = nil) throws -> CommandRunner.Result {
        try sandbox.tillval(arguments, stdin: stdin)
    }

    func write(_ text: String, _ name: String) throws -> String {
        try sandbox.write(text, name)
    }

    static func hasControlCharacter(_ text: String, keepingLines: Bool = true) -> Bool {
        text.unicodeScalars.contains { $0.isControlCharacter && !(keepingLines && ($0 == "\n" || $0 == "\t")) }
    }

    // MARK: Point 1: control characters in identifiers and names

    static let twoCustomers = """
        customer: {id: "556012-3456\\0-A", name: Bageri Nord AB, email: anna@bagerinord.se, relation: registered, tasks: [Löneadministration 2026]}
        office: {name: Byrå Syd AB}
        product: min-lon
        ---
        customer: {id: "556012-3456\\0-B", name: Bageri Nord AB, email: anna@bagerinord.se, relation: registered, tasks: [Löneadministration 2026]}
        office: {name: Byrå Syd AB}
        product: min-lon

        """

    @Test func idsThatDifferAfterANulAreRefusedNotMerged() throws {
        let requests = try write(Self.twoCustomers, "two.yaml")
        let result = try tillval(["apply", requests])
        #expect(result.status == 65, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.components(separatedBy: "error[E1013]").count == 3, "\(result.stdout)")
        // The id is echoed escaped, never with its NUL.
        #expect(result.stdout.contains("'556012-3456\\u{0}-A'"))
        #expect(!result.stdout.unicodeScalars.contains("\u{0}"))
        let status = try tillval(["status"])
        #expect(!status.stdout.contains("556012-3456"), "\(status.stdout)")
    }

    @Test(arguments: [
        ("customer.name", "customer: {id: \"1\", name: \"Bageri \\e]0;pwned\\a AB\", email: a@b.se, relation: registered, tasks: [T]}\noffice: {name: Byrå}\n"),
        ("office.name", "customer: {id: \"1\", name: Bageri, email: a@b.se, relation: registered, tasks: [T]}\noffice: {name: \"Byrå\\e[2J\"}\n"),
        ("office.name", "customer: {id: \"1\", name: Bageri, email: a@b.se, relation: registered, tasks: [T]}\noffice: {name: \"Byrå\\tSyd\"}\n"),
        ("customer.email", "customer: {id: \"1\", name: Bageri, email: \"a\\0@b.se\", relation: registered, tasks: [T]}\noffice: {name: Byrå}\n"),
        ("an item of 'customer.tasks'", "customer: {id: \"1\", name: Bageri, email: a@b.se, relation: registered, tasks: [\"T\\x9b2J\"]}\noffice: {name: Byrå}\n"),
        ("task", "customer: {id: \"1\", name: Bageri, email: a@b.se, relation: registered, tasks: [T]}\noffice: {name: Byrå}\ntask: \"T\\n\"\n"),
        ("product", "customer: {id: \"1\", name: Bageri, email: a@b.se, relation: registered, tasks: [T]}\noffice: {name: Byrå}\nproduct: \"min-lon\\e\"\n"),
    ])
    func aControlCharacterInAnyTextIsRefusedAndEchoedEscaped(_ what: String, _ request: String) throws {
        let body = request.contains("product:") ? request : request + "product: min-lon\n"
        let result = try tillval(["plan", "-"], stdin: body)
        #expect(result.status == 65, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("error[E1013]"), "\(result.stdout)")
        #expect(result.stdout.contains(what), "\(result.stdout)")
        #expect(!Self.hasControlCharacter(result.stdout), "\(result.stdout.debugDescription)")
    }

    // MARK: Point 6: escape sequences never reach the terminal

    /// The shipped rules compiled, with `edit` applied, written as a plan
    /// file with its integrity hash recomputed (as someone with the rules would).
    func editedPlan(_ name: String = "plan.json", recomputeHash: Bool = true, edit: (inout Plan) -> Void) throws -> String {
        let original = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        var plan = original
        edit(&plan)
        var text = String(decoding: PlanCoding.encode(plan), as: UTF8.self)
        if !recomputeHash {
            text = text.replacingOccurrences(of: PlanCoding.integrity(of: plan), with: PlanCoding.integrity(of: original))
        }
        return try write(text, name)
    }

    static let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}8m"

    /// A customer id from the command line and times a hand-edited store
    /// holds are echoed escaped: no ESC byte reaches the terminal.
    @Test func commandLineValuesAndUnparsableStoredTimesAreShownEscaped() throws {
        let applied = try tillval(["apply", "Examples/registered-min-lon.yaml"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let unknown = try tillval(["status", Self.hostile])
        #expect(unknown.status == 1, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("no customer '\\u{1B}]0;pwned"), "\(unknown.stderr)")
        #expect(!Self.hasControlCharacter(unknown.stderr) && !Self.hasControlCharacter(unknown.stdout))

        let approved = try tillval(["approve", "556456-7890"])
        #expect(approved.status == 0, "\(approved.stderr)")
        try DatabaseQueue(path: store).write { db in
            try db.execute(sql: "UPDATE collaborations SET approved_at = ?, activated_at = ?", arguments: [Self.hostile, Self.hostile])
        }
        let again = try tillval(["approve", "556456-7890"])
        #expect(again.status == 1, "\(again.stderr)")
        #expect(again.stderr.contains("already approved on \\u{1B}]0;pwned"), "\(again.stderr)")
        #expect(!Self.hasControlCharacter(again.stderr) && !Self.hasControlCharacter(again.stdout))
        let status = try tillval(["status", "556456-7890"])
        #expect(!Self.hasControlCharacter(status.stderr) && !Self.hasControlCharacter(status.stdout), "\(status.stdout.debugDescription)")
    }

    @Test func escapeSequencesFromThePlanAreShownEscapedInEveryHumanReadableOutput() throws {
        let planFile = try editedPlan { plan in
            plan.collaborations[0].title += Self.hostile
            for scenario in plan.collaborations[0].scenarios.indices {
                for effect in plan.collaborations[0].scenarios[scenario].effects.indices {
                    if case .sendEmail(var email) = plan.collaborations[0].scenarios[scenario].effects[effect].action {
                        email.subject.parts.append(.text(Self.hostile))
                        email.body.parts.append(.text("\n" + Self.hostile + "\n"))
                        plan.collaborations[0].scenarios[scenario].effects[effect].action = .sendEmail(email)
                    }
                }
            }
        }
        let request = "Examples/registered-min-lon.yaml"
        for format in ["text", "markdown"] {
            let result = try tillval(["plan", request, "--plan", planFile, "--format", format, "--source-rules", "Rules"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\\u{1B}]0;pwned\\u{7}\\u{1B}[2J\\u{9B}8m"), "\(format): \(result.stdout)")
            #expect(!Self.hasControlCharacter(result.stdout), "\(format): \(result.stdout.debugDescription)")
        }
        // JSON keeps the value exactly, in JSON's own escaping.
        let json = try tillval(["plan", request, "--plan", planFile, "--format", "json", "--source-rules", "Rules"])
        #expect(json.stdout.contains("\\u001b]0;pwned\\u0007\\u001b[2J\u{9B}8m"), "\(json.stdout)")

        let applied = try tillval(["apply", request, "--plan", planFile, "--source-rules", "Rules", "--allow-stale-plan"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(!Self.hasControlCharacter(applied.stdout))
        for arguments in [["status"], ["status", "556456-7890"], ["outbox"], ["outbox", "--all"]] {
            let result = try tillval(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(!Self.hasControlCharacter(result.stdout), "\(arguments): \(result.stdout.debugDescription)")
        }
        #expect(try tillval(["status"]).stdout.contains("\\u{1B}"))

        // A recipient with an escape sequence, as a store written by an older tillval could hold.
        try DatabaseQueue(path: store).write { db in
            try db.execute(sql: "UPDATE outbox SET recipient = ?", arguments: ["maja@snickeriost.se\u{1B}[8m"])
        }
        let mail = directory.appendingPathComponent("mail")
        // It is refused, never flattened into To:, and reported escaped.
        let refused = try tillval(["outbox", "deliver", "--to-dir", mail.path, "--from", "lon@byrasyd.se"])
        #expect(refused.status == 74, "\(refused.stderr)")
        #expect(refused.stderr.contains("its recipient 'maja@snickeriost.se\\u{1B}[8m' is not a plain address"), "\(refused.stderr)")
        #expect(!Self.hasControlCharacter(refused.stderr) && !Self.hasControlCharacter(refused.stdout))
        #expect(try FileManager.default.contentsOfDirectory(atPath: mail.path).isEmpty)
        try DatabaseQueue(path: store).write { db in
            try db.execute(sql: "UPDATE outbox SET recipient = ?", arguments: ["maja@snickeriost.se"])
        }
        let delivered = try tillval(["outbox", "deliver", "--to-dir", mail.path, "--from", "lon@byrasyd.se"])
        #expect(delivered.status == 0, "\(delivered.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: mail.path)
        #expect(files.count == 1)
        for file in files {
            let bytes = try Data(contentsOf: mail.appendingPathComponent(file))
            let text = String(decoding: bytes, as: UTF8.self)
            let headers = text.components(separatedBy: "\r\n\r\n")[0]
            // Header lines end in CRLF and folded lines start with a space; nothing else below U+0020.
            let unfolded = headers.replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n")
            #expect(unfolded.contains("To: maja@snickeriost.se"), "\(unfolded)")
            for line in unfolded {
                #expect(!Self.hasControlCharacter(line, keepingLines: false), "\(line.debugDescription)")
                if line.hasPrefix("Subject: =?UTF-8?B?") {
                    let words = line.dropFirst("Subject: ".count).split(separator: " ")
                    let decoded = words.compactMap { word -> String? in
                        let payload = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
                        return Data(base64Encoded: String(payload)).map { String(decoding: $0, as: UTF8.self) }
                    }.joined()
                    #expect(!Self.hasControlCharacter(decoded, keepingLines: false), "\(decoded.debugDescription)")
                }
            }
        }
    }

    // MARK: Point 5: edited plan files

    /// Each attack of the issue: what it changes in the shipped plan.
    static let attacks: [(String, @Sendable (inout Plan) -> Void)] = [
        ("phishing body", { plan in
            mapEmails(&plan) { email in email.body = PlanTemplate(literal: "Log in at https://visma.example.evil/login") }
        }),
        ("every send-email removed", { plan in
            for c in plan.collaborations.indices {
                for s in plan.collaborations[c].scenarios.indices {
                    plan.collaborations[c].scenarios[s].effects.removeAll { $0.action.name == "send-email" }
                }
            }
        }),
        ("to administrator without one", { plan in
            mapEmails(&plan) { email in email.to = .administrator }
        }),
        ("to customer.name", { plan in
            mapEmails(&plan) { email in email.to = .fact(.customer("name")) }
        }),
        ("unknown placeholder", { plan in
            mapEmails(&plan) { email in email.body.parts.append(.value(.fact(.customer("password")))) }
        }),
        ("service before collaboration", { plan in
            for c in plan.collaborations.indices {
                for s in plan.collaborations[c].scenarios.indices {
                    plan.collaborations[c].scenarios[s].effects.reverse()
                }
            }
        }),
    ]

    static func mapEmails(_ plan: inout Plan, _ change: (inout PlanEmail) -> Void) {
        for c in plan.collaborations.indices {
            for s in plan.collaborations[c].scenarios.indices {
                for e in plan.collaborations[c].scenarios[s].effects.indices {
                    if case .sendEmail(var email) = plan.collaborations[c].scenarios[s].effects[e].action {
                        change(&email)
                        plan.collaborations[c].scenarios[s].effects[e].action = .sendEmail(email)
                    }
                }
            }
        }
    }

    @Test(arguments: attacks.indices)
    func anEditedPlanIsRefusedByItsHash(_ index: Int) throws {
        let (name, attack) = Self.attacks[index]
        let planFile = try editedPlan(recomputeHash: false, edit: attack)
        let result = try tillval(["apply", "Examples/not-registered-min-lon.yaml", "--plan", planFile, "--source-rules", "Rules"])
        #expect(result.status == 65, "\(name): \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("error[E1103]"), "\(name): \(result.stderr)")
        // What the edit broke is reported too, when a rule could not have written it.
        #expect(result.stderr.contains("error[E1104]") == [2, 3, 4, 5].contains(index), "\(name): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store), "\(name): nothing may be applied")
    }

    /// The attacks a plan can be checked for without its rules; the other two
    /// (a new body, no emails) are legal plans and only the hash tells.
    @Test(arguments: [
        (2, "sends template 'approve-collaboration' to the administrator before 'create-administrator'"),
        (3, "the recipient of template 'approve-collaboration' is 'customer.name', which is of type text, not a required email fact"),
        (4, "uses '{{customer.password}}', which the plan does not declare"),
        (5, "comes before 'activate-collaboration'"),
    ])
    func anEditedPlanWithARecomputedHashIsRefusedByItsInvariants(_ index: Int, _ expected: String) throws {
        let (name, attack) = Self.attacks[index]
        let planFile = try editedPlan(edit: attack)
        let result = try tillval(["apply", "Examples/not-registered-min-lon.yaml", "--plan", planFile, "--source-rules", "Rules", "--allow-stale-plan"])
        #expect(result.status == 65, "\(name): \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("error[E1104]"), "\(name): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// Every attack a plan can be checked for, at once, hash recomputed:
    /// the whole report is pinned, so each problem is one diagnostic that
    /// names its scenario, effect and place in the rules.
    @Test func theInvariantReportIsAsRecorded() throws {
        let compiled = directory.appendingPathComponent("compiled.json").path
        #expect(try tillval(["compile", "Rules", "-o", compiled]).status == 0)
        var plan = try PlanCoding.decode(try Data(contentsOf: URL(fileURLWithPath: compiled))).get()
        for index in [2, 4, 5] { Self.attacks[index].1(&plan) }
        plan.products[0].includes.append("lon-plus")
        let planFile = try write(String(decoding: PlanCoding.encode(plan), as: UTF8.self), "all.json")
        let result = try tillval(["plan", "Examples/not-registered-min-lon.yaml", "--plan", planFile])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        let mismatch = Repository.compareGolden(result.stderr, "Tests/Fixtures/plan-files/every-invariant.stderr")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    /// A plan edited to break an invariant many times draws at most 50
    /// problems and a count of the rest; each id is echoed bounded and escaped.
    @Test func planValidatorProblemsAreCappedAndExcerpted() throws {
        var plan = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        plan.products[0].includes += (0..<70).map { "missing-\($0)-" + String(repeating: "x", count: 200) + "\u{1B}[2J" }
        let diagnostics = PlanValidator(plan: plan).validate()
        #expect(diagnostics.count == PlanValidator.problemLimit + 1)
        #expect(diagnostics.last?.message == "the plan is invalid: and 20 more problems, not shown")
        #expect(diagnostics.allSatisfy { !$0.message.unicodeScalars.contains { $0.value == 0x1B } && $0.message.count < 300 })
    }

    @Test func theShippedPlanHoldsEveryInvariant() throws {
        let plan = try #require(Compiler().compile(directory: Repository.path("Rules")).plan)
        #expect(PlanValidator(plan: plan).validate().isEmpty)
    }

    @Test func aPlanFileWithoutItsHashOrWithAnUnknownKeyIsRefused() throws {
        let planFile = try editedPlan { _ in }
        let text = try String(contentsOfFile: planFile, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let unsealed = try write(lines.filter { !$0.contains("\"integrity\"") }.joined(separator: "\n"), "unsealed.json")
        let missing = try tillval(["plan", "Examples/registered-min-lon.yaml", "--plan", unsealed, "--source-rules", "Rules"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("error[E1103]") && missing.stderr.contains("has no 'integrity' field"), "\(missing.stderr)")

        let extra = try write(text.replacingOccurrences(of: "\"format\" : 1", with: "\"format\" : 1,\n  \"run-after\" : \"curl evil\""), "extra.json")
        let unknown = try tillval(["plan", "Examples/registered-min-lon.yaml", "--plan", extra, "--source-rules", "Rules"])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("error[E1101]") && unknown.stderr.contains("'.run-after'"), "\(unknown.stderr)")

        let fine = try tillval(["plan", "Examples/registered-min-lon.yaml", "--plan", planFile, "--source-rules", "Rules"])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    // MARK: Point 8: bounded input

    /// `tillval plan -` with standard input from /dev/zero: endless input.
    @Test func endlessStandardInputIsRefusedAtTheLimit() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
        process.arguments = ["plan", "-", "--max-input-size", "1M"]
        process.currentDirectoryURL = Repository.root
        let out = directory.appendingPathComponent("stdout"), err = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle(forReadingAtPath: "/dev/zero")
        try process.run()
        process.waitUntilExit()
        let stdout = String(decoding: try Data(contentsOf: out), as: UTF8.self)
        #expect(process.terminationStatus == 65, "\(stdout)")
        #expect(stdout.contains("error[E1015]: '<stdin>' is larger than 1 MiB, the limit for a request input"), "\(stdout)")
        #expect(stdout.contains("--max-input-size"))
    }

    @Test func anOversizedRequestIsReportedAndTheOthersRun() throws {
        let line = #"{"customer": {"id": "556456-7890", "name": "Snickeri Öst HB", "email": "maja@snickeriost.se", "relation": "registered", "tasks": ["Löneadministration 2026"]}, "office": {"name": "Byrå"}, "product": "min-lon"}"#
        let padded = #"{"customer": {"id": "556456-7891", "name": "\#(String(repeating: "x", count: 3000))", "email": "a@b.se", "relation": "registered", "tasks": ["T"]}, "office": {"name": "Byrå"}, "product": "min-lon"}"#
        let requests = try write([line, padded, line.replacingOccurrences(of: "7890", with: "7892")].joined(separator: "\n") + "\n", "batch.jsonl")
        let result = try tillval(["plan", requests, "--max-request-size", "2K"])
        #expect(result.status == 65, "\(result.stdout)")
        #expect(result.stdout.contains("error[E1014]: the request at \(requests):2:1 is 3"), "\(result.stdout)")
        #expect(result.stdout.contains("more than 2 KiB, the limit for one request"))
        #expect(result.stdout.contains("2 planned"), "\(result.stdout)")
        #expect(!result.stdout.contains(String(repeating: "x", count: 100)))
    }

    /// Standard input is a stream (issue 11): the requests before the limit
    /// have run when it is passed; the refusal says how many, nothing after runs.
    @Test func standardInputPastTheLimitRunsTheRequestsBeforeIt() throws {
        let line = #"{"customer": {"id": "556456-7890", "name": "Snickeri Öst HB", "email": "maja@snickeriost.se", "relation": "registered", "tasks": ["Löneadministration 2026"]}, "office": {"name": "Byrå"}, "product": "min-lon"}"# + "\n"
        let result = try tillval(["plan", "-", "--max-input-size", "100K"], stdin: String(repeating: line, count: 1000))
        let before = (100 << 10) / line.utf8.count
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stdout.contains("error[E1015]: '<stdin>' is larger than 100 KiB, the limit for a request input; the \(before) requests before the limit ran, nothing after it"),
                "\(result.stdout.suffix(600))")
        #expect(result.stdout.hasSuffix("\(before + 1) requests: \(before) planned, 1 invalid\n"), "\(result.stdout.suffix(300))")
    }

    @Test func aFileLargerThanTheInputLimitIsNotRead() throws {
        let requests = try write(String(repeating: "# padding\n", count: 1000), "big.yaml")
        let result = try tillval(["plan", requests, "--max-input-size", "4K"])
        #expect(result.status == 65)
        #expect(result.stdout.contains("error[E1015]"), "\(result.stdout)")
        let huge = try tillval(["plan", requests, "--max-input-size", String(Int.max), "--max-request-size", String(Int.max)])
        #expect(huge.status == 65 && huge.stdout.contains("error[E1012]"), "\(huge.status): \(huge.stdout)")
        let wrong = try tillval(["plan", requests, "--max-input-size", "lots"])
        #expect(wrong.status == 64, "\(wrong.stderr)")
    }

    @Test func sizesParse() {
        #expect(InputLimits.parseSize("1M") == 1 << 20)
        #expect(InputLimits.parseSize("64KiB") == 64 << 10)
        #expect(InputLimits.parseSize("300") == 300)
        #expect(InputLimits.parseSize("0") == nil)
        #expect(InputLimits.parseSize("-5") == nil)
        #expect(InputLimits.parseSize("99999999999G") == nil)
        #expect(InputLimits().maxRequestSize == 1 << 20 && InputLimits().maxInputSize == 4 << 30)
    }
}

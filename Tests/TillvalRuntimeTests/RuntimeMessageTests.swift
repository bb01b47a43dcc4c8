import Foundation
import Testing
import TillvalPlan
import TillvalRuntime
import TillvalSyntax
import TillvalTestSupport

/// Issue 8, section 3, in the runtime: each stage's diagnostics are the
/// cases of one message type, which makes the code, the text and the help.
/// The request goldens pin only code and position; these pin the words of
/// every case, so a change of wording is seen. And no diagnostic of the
/// runtime or of the command line is built from an inline string.
@Suite struct RuntimeMessageTests {
    struct Pin: CustomTestStringConvertible, Sendable {
        var message: any RuntimeMessage
        var code: DiagnosticCode
        var text: String
        var help: String?

        init(_ message: any RuntimeMessage, _ code: DiagnosticCode, _ text: String, help: String? = nil) {
            self.message = message
            self.code = code
            self.text = text
            self.help = help
        }

        var testDescription: String { text }
    }

    static let start = TillvalSyntax.SourceLocation(file: "r.jsonl", line: 3, column: 1)

    static let pins: [Pin] = [
        Pin(RequestReadingMessage.unreadableFile(path: "a\u{1B}.yaml", .doesNotExist), .unreadableInput,
            "the request file 'a\\u{1B}.yaml' does not exist",
            help: "give the path of a .yaml, .json or .jsonl request file, or - for standard input"),
        Pin(RequestReadingMessage.unreadableFile(path: "dir", .isADirectory), .unreadableInput, "the request file 'dir' is a directory",
            help: "give the path of a .yaml, .json or .jsonl request file, or - for standard input"),
        Pin(RequestReadingMessage.readingFailed(path: "r.yaml"), .unreadableInput, "the request file 'r.yaml' cannot be read (reading failed)",
            help: "give the path of a .yaml, .json or .jsonl request file, or - for standard input"),
        Pin(RequestReadingMessage.unreadableStandardInput, .unreadableInput, "standard input cannot be read",
            help: "give the path of a .yaml, .json or .jsonl request file, or - for standard input"),
        Pin(RequestReadingMessage.inputTooLarge(path: "<stdin>", limit: 1 << 20), .requestInputTooLarge,
            "'<stdin>' is larger than 1 MiB, the limit for a request input; nothing of it was run",
            help: "split the input, or raise the limit with --max-input-size BYTES"),
        Pin(RequestReadingMessage.inputTooLarge(path: "<stdin>", limit: 1 << 20, ran: 3), .requestInputTooLarge,
            "'<stdin>' is larger than 1 MiB, the limit for a request input; the 3 requests before the limit ran, nothing after it",
            help: "split the input, or raise the limit with --max-input-size BYTES"),
        Pin(RequestReadingMessage.requestTooLarge(start: start, bytes: 300, limit: 100), .requestTooLarge,
            "the request at r.jsonl:3:1 is 300 bytes, more than 100 bytes, the limit for one request; it was not read",
            help: "split it, or raise the limit with --max-request-size BYTES"),
        Pin(RequestReadingMessage.noRequests(path: "r.yaml"), .noRequests, "'r.yaml' holds no request",
            help: "write a request: office, customer, product (see Examples/)"),

        Pin(RequestBindingMessage.requestNotAMapping(found: "a list"), .requestWrongType,
            "a request must be a mapping with 'customer' and 'product', found a list"),
        Pin(RequestBindingMessage.unknownKey("prodct"), .unknownRequestFact, "unknown key 'prodct' in the request", help: "did you mean 'product'?"),
        Pin(RequestBindingMessage.unknownKey("zzzzzz"), .unknownRequestFact, "unknown key 'zzzzzz' in the request",
            help: "a request has office, customer, product, task, collaboration"),
        Pin(RequestBindingMessage.groupNotAMapping(.office, found: "a list"), .requestWrongType, "'office' must be a mapping of facts, found a list"),
        Pin(RequestBindingMessage.unknownFact(.customer, name: "emial", known: ["name", "email", "id"]), .unknownRequestFact,
            "unknown fact 'customer.emial'", help: "did you mean 'customer.email'?"),
        Pin(RequestBindingMessage.unknownFact(.office, name: "zzzzzz", known: ["name", "email"]), .unknownRequestFact,
            "unknown fact 'office.zzzzzz'", help: "the plan declares office.name, office.email"),
        Pin(RequestBindingMessage.customerIDNotText(found: "an empty text"), .requestWrongType, "'customer.id' must be a non-empty text, found an empty text"),
        Pin(RequestBindingMessage.missingCustomerID, .missingRequestFact, "the request has no 'customer.id'",
            help: "add 'id:' under 'customer': it is how the store knows the customer again"),
        Pin(RequestBindingMessage.missingFact(.customer("relation"), .oneOf(["registered", "not-registered"])), .missingRequestFact,
            "the request has no 'customer.relation' (one of registered, not-registered)", help: "add 'relation:' under 'customer'"),
        Pin(RequestBindingMessage.missingFact(.office("email"), .email), .missingRequestFact,
            "the request has no 'office.email' (email)", help: "add 'email:' under 'office'"),
        Pin(RequestBindingMessage.missingProduct, .missingRequestFact, "the request has no 'product'",
            help: "add 'product:' with the id of the product to activate"),
        Pin(RequestBindingMessage.notText(what: "task", found: "a mapping"), .requestWrongType, "'task' must be a text, found a mapping"),
        Pin(RequestBindingMessage.unknownCollaboration("digitala-tilval", known: ["digitala-tillval"]), .collaborationNotResolved,
            "unknown collaboration 'digitala-tilval'", help: "did you mean 'digitala-tillval'?"),
        Pin(RequestBindingMessage.unknownCollaboration("zzzzzz", known: ["a", "b"]), .collaborationNotResolved,
            "unknown collaboration 'zzzzzz'", help: "the plan has a, b"),
        Pin(RequestBindingMessage.severalCollaborationsOffer(product: "min-lon", collaborations: ["a", "b"]), .collaborationNotResolved,
            "several collaborations offer 'min-lon': a, b", help: "add 'collaboration:' to the request"),
        Pin(RequestBindingMessage.productNotOffered("min-lonn", offered: ["min-lon", "lon-anstalld"]), .requestProductNotOffered,
            "no collaboration offers product 'min-lonn'", help: "did you mean 'min-lon'?"),
        Pin(RequestBindingMessage.productNotOffered("zzzzzz", offered: ["min-lon"]), .requestProductNotOffered,
            "no collaboration offers product 'zzzzzz'"),
        Pin(RequestBindingMessage.productNotOfferedBy(collaboration: "c", product: "zzzzzz", offered: ["min-lon", "lon-anstalld"]),
            .requestProductNotOffered, "collaboration 'c' does not offer product 'zzzzzz'", help: "it offers min-lon, lon-anstalld"),
        Pin(RequestBindingMessage.taskNotCustomers(task: "Lön 2026", tasks: ["Löner 2026"]), .taskNotCustomers,
            "'Lön 2026' is not one of the customer's tasks: the customer's tasks are 'Löner 2026'", help: "did you mean 'Löner 2026'?"),
        Pin(RequestBindingMessage.taskNotCustomers(task: "x", tasks: []), .taskNotCustomers,
            "'x' is not one of the customer's tasks: the customer has no task"),
        Pin(RequestBindingMessage.taskRequired(tasks: (1...9).map { "t\($0)" }), .taskRequired,
            "the customer has 9 tasks; the request must say which one is picked",
            help: "add 'task:' with one of 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8' and 1 more"),
        Pin(RequestBindingMessage.wrongType(.customer("tasks"), expected: .list, found: "a text"), .requestWrongType,
            "'customer.tasks' must be a list of texts, found a text"),
        Pin(RequestBindingMessage.wrongType(.customer("relation"), expected: .oneOf(["a", "b"]), found: "a list"), .requestWrongType,
            "'customer.relation' must be one of a, b, found a list"),
        Pin(RequestBindingMessage.wrongType(.customer("vip"), expected: .bool, found: "'maybe'"), .requestWrongType,
            "'customer.vip' must be true or false, found 'maybe'"),
        Pin(RequestBindingMessage.itemNotText(.customer("tasks"), found: "a list"), .requestWrongType,
            "the items of 'customer.tasks' must be texts, found a list"),
        Pin(RequestBindingMessage.notAnEmailAddress("a@b@c"), .invalidEmailAddress, "'a@b@c' is not an email address",
            help: "an address has exactly one '@' with text on both sides and no white space"),
        Pin(RequestBindingMessage.valueNotAllowed("regstered", .customer("relation"), values: ["registered", "not-registered"]),
            .requestValueNotAllowed, "'regstered' is not a value of 'customer.relation'", help: "did you mean 'registered'?"),
        Pin(RequestBindingMessage.valueNotAllowed("zzzzzz", .customer("relation"), values: ["registered", "not-registered"]),
            .requestValueNotAllowed, "'zzzzzz' is not a value of 'customer.relation'", help: "its values are registered, not-registered"),
        Pin(RequestBindingMessage.controlCharacter(what: "'office.name'", "\u{1}", in: "A\u{1}B"), .controlCharacterInRequest,
            "'office.name' holds the control character \\u{1}: 'A\\u{1}B'",
            help: "send it without control characters (no NUL, escape, tab or line break)"),
        Pin(RequestBindingMessage.hiddenCharacter(what: "'office.name'", "\u{200B}", in: "A\u{200B}B"), .controlCharacterInRequest,
            "'office.name' holds the hidden character U+200B: 'A\u{200B}B'",
            help: "send it without invisible characters (zero-width spaces, byte order marks, direction marks, line separators)"),
        Pin(RequestBindingMessage.onlyWhiteSpace(what: "'office.name'"), .controlCharacterInRequest, "'office.name' is only white space",
            help: "send a value with visible characters"),
        Pin(RequestBindingMessage.whiteSpaceAround(what: "'customer.id'", in: " 1"), .controlCharacterInRequest,
            "'customer.id' starts or ends with white space: ' 1'", help: "send it without the white space around it"),
        Pin(RequestBindingMessage.whiteSpaceInID(what: "'customer.id'", " ", in: "1 2"), .controlCharacterInRequest,
            "'customer.id' holds the white space U+0020: '1 2'", help: "an id has no spaces: send it without them"),
        Pin(RequestBindingMessage.notComposed(what: "'product'", in: "e\u{301}"), .controlCharacterInRequest,
            "'product' is not in composed form (NFC): 'e\u{301}'",
            help: "write it in composed form: 'é' as one character, not 'e' and a combining accent"),

        Pin(RequestPlanningMessage.productNotOffered(collaboration: "c", product: "p"), .requestProductNotOffered, "collaboration 'c' does not offer 'p'"),
        Pin(RequestPlanningMessage.noSingleScenario(collaboration: "c", matching: []), .noScenarioMatches,
            "no scenario of collaboration 'c' match this request",
            help: "the plan file may have been edited by hand; compile it again from the rules"),
        Pin(RequestPlanningMessage.noSingleScenario(collaboration: "c", matching: ["a", "b"]), .noScenarioMatches,
            "2 scenarios (a, b) of collaboration 'c' match this request",
            help: "the plan file may have been edited by hand; compile it again from the rules"),
        Pin(RequestPlanningMessage.lineBreakInSubject(.task, template: "approve-terms"), .lineBreakInSubject,
            "'task' contains a line break, but it is placed into the subject of email 'approve-terms'", help: "write the value on one line"),

        Pin(PlanFileMessage.invalid(.duplicateCollaboration("c")), .invalidPlan,
            "the plan is invalid: collaboration 'c' appears twice", help: "compile the plan again from its rules instead of editing it"),
        Pin(PlanFileMessage.moreProblems(3), .invalidPlan, "the plan is invalid: and 3 more problems, not shown",
            help: "compile the plan again from its rules instead of editing it"),
        Pin(PlanFileMessage.unreadable(path: "p.json"), .unreadableInput, "cannot read plan file 'p.json'",
            help: "give a plan file written by 'tillval compile DIR -o FILE' (a regular file)"),
        Pin(PlanFileMessage.readingFailed(path: "p.json"), .unreadableInput, "cannot read plan file 'p.json'"),
        Pin(PlanFileMessage.tooLarge(path: "p.json", size: "300 bytes", limit: 10), .unreadablePlan,
            "plan file 'p.json' is 300 bytes; plan files are limited to 10 bytes, so it is not read",
            help: "raise the limit with --max-plan-size if the plan is really this large"),
        Pin(PlanFileMessage.unsupportedFormat(path: "p.json", format: 99), .unsupportedPlanFormat,
            "plan file 'p.json' has format 99; this tillval reads format \(Plan.currentFormat)", help: "compile the rules again with this tillval"),
        Pin(PlanFileMessage.notAPlan(path: "p.json", why: "it is not JSON"), .unreadablePlan, "'p.json' is not a tillval plan: it is not JSON",
            help: "write plans with 'tillval compile DIR -o FILE'"),
        Pin(PlanFileMessage.unknownKey(path: "p.json", key: "surprise"), .unreadablePlan,
            "'p.json' is not a tillval plan: it has the key 'surprise', which the plan format does not have",
            help: "compile the plan again from its rules ('tillval compile DIR -o FILE') instead of editing it"),
        Pin(PlanFileMessage.integrityMissing(path: "p.json"), .planIntegrityMismatch,
            "plan file 'p.json' has no 'integrity' field, so it cannot be told from an edited one",
            help: "compile the plan again from its rules ('tillval compile DIR -o FILE') instead of editing it"),
        Pin(PlanFileMessage.integrityMismatch(path: "p.json", recorded: "sha256:1", actual: "sha256:2"), .planIntegrityMismatch,
            "plan file 'p.json' was changed after it was compiled: its content does not match its 'integrity' field\n"
                + "  integrity: sha256:1\n  content:   sha256:2",
            help: "compile the plan again from its rules ('tillval compile DIR -o FILE') instead of editing it"),
    ]

    /// The words of each problem `PlanValidator` finds (the golden
    /// `every-invariant.stderr` pins those a tampered shipped plan has).
    @Test func eachPlanProblemSaysWhereItIs() {
        let origin = SourceLocation(file: "s.yaml", line: 2, column: 5)
        let effect = PlanProblem.Effect(number: 3, kind: .createAdministrator, origin: SourceLocation(file: "s.yaml", line: 9, column: 5))
        let mail = PlanProblem.Effect(number: 4, kind: .sendEmail, origin: SourceLocation(file: "s.yaml", line: 10, column: 5))
        let inScenario = { (problem: PlanProblem.ScenarioProblem) in
            PlanProblem.inScenario("s", collaboration: "c", origin: origin, problem).text
        }
        let prefix = "scenario 's' of collaboration 'c' (s.yaml:2:5): "
        #expect(PlanProblem.undeclaredInclude(product: "a", includes: "b").text == "product 'a' includes 'b', which the plan does not declare")
        #expect(PlanProblem.undeclaredActivatedThrough(product: "a", through: "b").text
                == "product 'a' is activated through 'b', which the plan does not declare")
        #expect(PlanProblem.undeclaredOffer(collaboration: "c", product: "p").text == "collaboration 'c' offers product 'p', which the plan does not declare")
        #expect(PlanProblem.duplicateScenario("s", collaboration: "c").text == "scenario 's' appears twice in collaboration 'c'")
        #expect(inScenario(.undeclaredTest(.customer("x"))) == prefix + "'when' or a precondition tests 'customer.x', which the plan does not declare")
        #expect(inScenario(.placeholder(.unmet(precondition: "p"), .fact(.customer("x")), .undeclared))
                == prefix + "the 'unmet' text of precondition 'p' uses '{{customer.x}}', which the plan does not declare")
        #expect(inScenario(.placeholder(.portal(effect), .portal, .noAdministrator))
                == prefix + "effect 3 ('create-administrator', s.yaml:9:5): 'portal' uses '{{portal}}', but no administrator has been created there")
        #expect(inScenario(.placeholder(.followUp(2), .task, .notAvailable)) == prefix + "follow-up 2 uses '{{task}}', which is not available there")
        #expect(inScenario(.undeclaredService(effect, product: "p"))
                == prefix + "effect 3 ('create-administrator', s.yaml:9:5) activates product 'p', which the plan does not declare")
        #expect(inScenario(.recipient(effect, template: nil, .customer("email"), .optional))
                == prefix + "effect 3 ('create-administrator', s.yaml:9:5): the administrator's email is 'customer.email', which is optional, not a required email fact")
        #expect(inScenario(.recipient(mail, template: "t", .customer("name"), .notEmail(.text)))
                == prefix + "effect 4 ('send-email', s.yaml:10:5): the recipient of template 't' is 'customer.name', which is of type text, not a required email fact")
        #expect(inScenario(.recipient(mail, template: "t", .office("x"), .undeclared))
                == prefix + "effect 4 ('send-email', s.yaml:10:5): the recipient of template 't' is 'office.x', which the plan does not declare")
        #expect(inScenario(.duplicateEffect(mail)) == prefix + "effect 4 ('send-email', s.yaml:10:5) appears twice")
        #expect(inScenario(.awaitsWithoutCollaboration) == prefix + "it awaits an approval but activates no collaboration")
        #expect(inScenario(.awaitsAdministratorWithoutCreation) == prefix + "it awaits the administrator, but creates none")
    }

    @Test(arguments: pins)
    func eachMessageMakesItsCodeTextAndHelp(_ pin: Pin) {
        #expect(pin.message.code == pin.code)
        #expect(pin.message.severity == .error)
        #expect(pin.message.text == pin.text)
        #expect(pin.message.help?.message == pin.help)
        let diagnostic = pin.message.diagnostic(at: nil)
        #expect(diagnostic.code == pin.code && diagnostic.message == pin.text && diagnostic.suggestion?.message == pin.help)
    }

    /// No diagnostic of the runtime or of the command line is made from an
    /// inline message: `Diagnostic(.code, "…"` and `emit(.code, "…"` are gone.
    @Test func noDiagnosticIsBuiltFromAnInlineString() throws {
        var found: [String] = []
        for module in ["TillvalRuntime", "TillvalStore", "TillvalReports", "tillval"] {
            let directory = Repository.root.appendingPathComponent("Sources/\(module)")
            let files = try #require(FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil))
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            for file in files {
                let text = try String(contentsOf: file, encoding: .utf8)
                for line in text.split(separator: "\n") where line.contains("Diagnostic(.") || line.contains("emit(.") {
                    found.append("\(module)/\(file.lastPathComponent): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}

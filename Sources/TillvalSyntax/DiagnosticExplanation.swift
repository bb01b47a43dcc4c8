/// One entry of the diagnostic catalogue, as `tillval explain` and docs/diagnostics.md show it.
public struct DiagnosticExplanation: Sendable {
    /// The code this entry explains.
    public let code: DiagnosticCode
    /// One line, lower-case start, no trailing period: "unknown product".
    public let title: String
    /// One to three sentences: when the code is reported and why it matters.
    public let explanation: String
    /// A small snippet, as a user would write it, that draws the diagnostic:
    /// a rule file, a request (E10xx) or a note about a plan file (E11xx).
    public let example: String
    /// One sentence on how to fix it.
    public let fix: String

    public init(code: DiagnosticCode, title: String, explanation: String, example: String, fix: String) {
        self.code = code
        self.title = title
        self.explanation = explanation
        self.example = example
        self.fix = fix
    }
}

extension DiagnosticCode {
    /// The catalogue entry for this code: what it means, an example that
    /// triggers it and how to fix it. Every code has one; the switch has no
    /// `default` so that a new code cannot be added without its explanation.
    public var explanation: DiagnosticExplanation {
        switch self {
        // MARK: Reading and YAML (E00xx)
        case .unreadableInput:
            return entry(
                "file cannot be read",
                """
                Reported when the rule directory, a rule file or a request file cannot be read: it does not exist, \
                it is a symbolic link whose target is gone, or its permissions forbid reading it. \
                None of its contents can be checked, so the run fails instead of working from an incomplete input.
                """,
                example: """
                # Rules/products/min-lon.yaml is a symbolic link to
                # ../../shared/min-lon.yaml, which has been deleted.
                """,
                fix: "Make the path exist and readable by the user running tillval, or remove the broken link."
            )
        case .noRuleFiles:
            return entry(
                "no rule files",
                """
                Reported when the rule directory, searched at every depth, holds no file ending in lower-case `.yaml` or `.yml`. \
                Files and directories whose names start with `.` are skipped and `.YAML` does not count, \
                so a rule set saved that way compiles to nothing.
                """,
                example: """
                # The only files under Rules/:
                #   Rules/.drafts/facts.yaml
                #   Rules/products/min-lon.YAML
                #   Rules/README.md
                """,
                fix: "Point tillval at the directory that holds the rules, and name the rule files `*.yaml` or `*.yml` outside dot-directories."
            )
        case .invalidEncoding:
            return entry(
                "invalid encoding",
                """
                Reported when a file is not valid UTF-8, or contains control characters or binary bytes that have no place in a text file. \
                Rule files and requests are text; read in the wrong encoding, names like Visma Lön Anställd would turn into garbage.
                """,
                example: """
                # Rules/products/min-lon.yaml was saved as Latin-1, so the "ö"
                # below is the single byte 0xF6, which is not UTF-8:
                kind: product
                id: min-lon
                name: Visma Min Lön
                """,
                fix: "Save the file as UTF-8 text, without control characters."
            )
        case .yamlSyntax:
            return entry(
                "invalid YAML syntax",
                """
                Reported when the YAML parser (libyaml) cannot read a document: a key indented too little or too much, \
                a plain value that contains `: `, a flow list `[` or a quote that is never closed, a line indented with a tab. \
                The message says in plain words what is wrong and its likely cause, at the line to fix (for a dedented key, \
                that key's line rather than the line where libyaml noticed); libyaml's own description follows in a note.
                """,
                example: """
                kind: scenario
                id: has-subscription
                awaits:
                  who: customer
                approves: collaboration
                  where: Mina tjänster on vismaspcs.se
                """,
                fix: "Correct the YAML at the line shown: give the keys of one mapping the same indentation (spaces only), quote values that contain `: `, close brackets and quotes."
            )
        case .duplicateKey:
            return entry(
                "duplicate key",
                """
                Reported when the same key appears twice in one mapping; a note points at the first occurrence. \
                Plain YAML would silently keep one of the two values, so tillval refuses to guess which one was meant. \
                When the top level of a document repeats its first key or its `kind` in column 1, two documents were \
                written without the `---` between them: that is reported once, at the repeated key, and the lines from \
                it on are read as a document of their own.
                """,
                example: """
                kind: product
                id: min-lon
                name: Visma Min Lön
                name: Visma Lön Anställd
                """,
                fix: "Keep one of the two entries and delete the other; for a repeated `kind`, insert a line `---` above it."
            )
        case .anchorOrAlias:
            return entry(
                "anchor or alias not allowed",
                """
                Reported for every anchor (`&name`) and alias (`*name`). \
                They let one place in a file stand for another, which makes rules hard to review; \
                procedures (`use:`) are the way to share steps.
                """,
                example: """
                kind: collaboration
                id: digitala-tillval
                title: &title Digitala tillval till Visma Lön 300/600
                products: [lon-anstalld, min-lon]
                doc: *title
                """,
                fix: "Write the value out where it is needed, or move shared steps into a `procedure` and `use:` it."
            )
        case .tag:
            return entry(
                "tag not allowed",
                """
                Reported for tags such as `!foo` or `!!str` and for `%TAG` directives. \
                Every key already has the type the rule format gives it, so a tag could only contradict it.
                """,
                example: """
                kind: ruleset
                name: Digitala tillval till Visma Lön 300/600
                format: !!int 1
                """,
                fix: "Remove the tag; the key's own type applies to the plain value."
            )
        case .mergeKey:
            return entry(
                "merge key not allowed",
                """
                Reported for a merge key `<<`, which copies the entries of another mapping into this one. \
                Each declaration must list its own keys so that it can be read, and checked, on its own.
                """,
                example: """
                kind: scenario
                id: registered
                <<: {collaboration: digitala-tillval, title: The customer is registered}
                when: {customer.relation: registered}
                effects: [activate-collaboration, activate-service]
                """,
                fix: "Write the keys out in the mapping itself."
            )
        case .complexKey:
            return entry(
                "complex key not allowed",
                """
                Reported for an explicit key written with `? ` and for a key that is a list or a mapping instead of a scalar. \
                Keys in the rule format are names, or fact paths in a condition, so only plain scalar keys make sense.
                """,
                example: """
                kind: facts
                customer:
                  ? name
                  : text
                """,
                fix: "Write the entry as a plain `key: value` line."
            )
        case .documentNotMapping:
            return entry(
                "document is not a mapping",
                """
                Reported when a YAML document is a list or a bare scalar instead of a mapping. \
                Each document is one declaration, a mapping with a `kind:` key; an empty document is skipped, not reported.
                """,
                example: """
                - kind: product
                  id: min-lon
                  name: Visma Min Lön
                """,
                fix: "Remove the leading `- ` so that the document is a mapping, and separate several declarations in one file with `---`."
            )
        case .nestingTooDeep:
            return entry(
                "nesting too deep",
                """
                Reported when lists and mappings are nested more than 64 levels deep. \
                No declaration needs anywhere near that depth, and the limit keeps a broken or hostile file from exhausting the compiler.
                """,
                example: "# 65 lists inside each other:\n"
                    + "kind: ruleset\n"
                    + "name: Digitala tillval till Visma Lön 300/600\n"
                    + "doc: " + String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
                fix: "Flatten the value; nothing in the rule format nests more than a few levels."
            )
        case .fileTooLarge:
            return entry(
                "rule file too large",
                """
                Reported when a rule file is larger than the limit on one file (10 MiB unless `--max-file-size` says otherwise). \
                The file is not read at all, so a runaway or hostile file cannot exhaust memory or time; \
                what it may declare is unknown, so references to it are not reported as unknown.
                """,
                example: """
                # Rules/products/generated.yaml is 48 MiB: a generator wrote
                # the same product list a million times.
                """,
                fix: "Split the file, or remove what a generator repeated; raise `--max-file-size` only for a rule set you trust."
            )
        case .ruleSetTooLarge:
            return entry(
                "rule set too large",
                """
                Reported when the files of a rule set together are larger than the limit (100 MiB unless `--max-rule-set-size` says otherwise), \
                or there are more of them than the limit on the number of files (10 000 unless `--max-files` says otherwise). \
                The files past the limit are not read, and the diagnostic points at the first of them.
                """,
                example: """
                # Rules/ holds 12 000 rule files: a directory of generated
                # test data was copied into it by mistake.
                """,
                fix: "Point tillval at the directory that holds only the rules; raise the limits only for a rule set you trust."
            )
        case .scalarTooLong:
            return entry(
                "value too long",
                """
                Reported when one value (a scalar: a name, a text, an id) is longer than the limit (1 MiB unless `--max-scalar-size` says otherwise). \
                No rule needs a value that long. The value is read cut to the limit, so the rest of the file is still checked.
                """,
                example: """
                kind: product
                id: min-lon
                # the name below goes on for 2 MiB
                name: Visma Min Lön Visma Min Lön Visma Min Lön Visma Min Lön …
                """,
                fix: "Shorten the value; raise `--max-scalar-size` only for a rule set you trust."
            )

        // MARK: Shape (E01xx)
        case .missingKind:
            return entry(
                "missing kind",
                """
                Reported when a document has no `kind` key, or has it with no value (`kind:`, `kind: ~`). \
                The kind says which declaration the document is, so without it none of its other keys can be checked.
                """,
                example: """
                id: min-lon
                name: Visma Min Lön
                activated-through: lon-anstalld
                """,
                fix: "Add `kind:` with one of ruleset, facts, product, collaboration, precondition, email, procedure or scenario."
            )
        case .unknownKind:
            return entry(
                "unknown kind",
                """
                Reported when `kind` is not one of ruleset, facts, product, collaboration, precondition, email, procedure, scenario or test. \
                When a known kind is close, the message suggests it. \
                Nothing the document may declare is then reported as unknown elsewhere (only its suggested kind, or any kind when none is close). \
                Also reported for a declaration other than a test in the tests directory of `tillval test --tests DIR`, which holds only tests.
                """,
                example: """
                kind: produkt
                id: min-lon
                name: Visma Min Lön
                """,
                fix: "Correct the kind, as the suggestion says."
            )
        case .unknownKey:
            return entry(
                "unknown key",
                """
                Reported for a key that the declaration's kind does not take; the message suggests a known key when one is close. \
                An unknown key would otherwise be ignored, and a misspelt rule would silently do nothing. \
                When the suggested key is not there as well, the misspelt key stands for it in the rest of the checks, \
                so `efects:` is this one error, not also a missing `effects`.
                """,
                example: """
                kind: product
                id: min-lon
                name: Visma Min Lön
                activated-trough: lon-anstalld
                """,
                fix: "Correct the key's spelling, or remove it and put notes for people in `doc`."
            )
        case .missingKey:
            return entry(
                "missing required key",
                """
                Reported when a declaration lacks a key its kind requires, such as a product's `name` or a scenario's `effects`. \
                The message names the missing key and points at the declaration. \
                A required key written with no value (`when:` followed by nothing, `when: ~`, `when: null`) is reported too, \
                as a key that has no value, pointing at the key.
                """,
                example: """
                kind: product
                id: min-lon
                activated-through: lon-anstalld
                """,
                fix: "Add the missing key with a value."
            )
        case .wrongType:
            return entry(
                "wrong type",
                """
                Reported when a value has the wrong shape for its key: a text, list, mapping or bool was expected and something else was found. \
                Scalars take the type the key expects, so `2026` is fine as text, but a list or mapping cannot stand where a text belongs. \
                A text where a list of ids belongs (`products: lon-anstalld, min-lon`) suggests the list to write, and is read as the ids it names. \
                An item of `effects` with two keys (`- send-email:` with `template:` under it at the same depth) is reported at the second key, \
                which is probably indented too little or lacks its `- `; the item is then read as meant.
                """,
                example: """
                kind: product
                id: min-lon
                name:
                  sv: Visma Min Lön
                """,
                fix: "Give the key a value of the shape the message asks for."
            )
        case .invalidIdentifier:
            return entry(
                "invalid identifier",
                """
                Reported when an identifier (a declaration id, a product id, a fact name or a `one-of` value) does not match `[a-z][a-z0-9-]*`. \
                Identifiers appear in fact paths, placeholders and plan files, so they are kept to lower-case ASCII letters, digits and hyphens. \
                The suggestion transliterates other letters (`lon-anställd` → `lon-anstalld`, `ß` → `ss`), and the rest of the checks read the \
                identifier as suggested, so a reference is not reported a second time as unknown.
                """,
                example: """
                kind: product
                id: min_lon
                name: Visma Min Lön
                """,
                fix: "Rename it in lower-case kebab-case, such as `min-lon`, and update every reference to it."
            )
        case .invalidValue:
            return entry(
                "value not allowed here",
                """
                Reported when a key with a closed vocabulary gets a value outside it: `yes`, `on` or `1` for a bool (only `true` and `false` are accepted), \
                an `awaits.who` other than customer or administrator, or an unknown fact type word. \
                A condition's test words are checked against the fact's type instead (E0501, E0502).
                """,
                example: """
                kind: facts
                customer:
                  email:
                    type: email
                    optional: yes
                """,
                fix: "Use one of the values the message lists, which for a bool means `true` or `false`."
            )
        case .emptyList:
            return entry(
                "empty list",
                """
                Reported when a list that must hold at least one item is empty, such as a collaboration's `products` or a fact's `one-of`. \
                A collaboration that offers nothing, or a fact that can take no value, could never be used.
                """,
                example: """
                kind: collaboration
                id: digitala-tillval
                title: Digitala tillval till Visma Lön 300/600
                products: []
                """,
                fix: "List at least one item, or remove the declaration."
            )
        case .unsupportedFormat:
            return entry(
                "unsupported format",
                """
                Reported when the ruleset's `format` is anything other than `1`, the only version of the rule format this tillval reads. \
                A rule set written for another version could mean something different.
                """,
                example: """
                kind: ruleset
                name: Digitala tillval till Visma Lön 300/600
                format: 2
                """,
                fix: "Set `format: 1` and write the rules in that format, or use a tillval release that reads the newer one."
            )
        case .duplicateSingleton:
            return entry(
                "more than one ruleset or facts declaration",
                """
                Reported when a rule set has a second `ruleset` or a second `facts` declaration; a note points at the first. \
                A rule set has one name and one set of facts, so two of them would contradict each other.
                """,
                example: """
                kind: facts
                customer:
                  email: email
                ---
                kind: facts
                customer:
                  relation:
                    one-of: [has-subscription, registered, not-registered]
                """,
                fix: "Merge the two declarations into one."
            )
        case .missingFacts:
            return entry(
                "no facts declaration",
                """
                Reported when no document in the rule set has `kind: facts`. \
                Conditions, placeholders and requests are all type-checked against the facts, so without them nothing can be checked.
                """,
                example: """
                # The only files under Rules/, none with a `kind: facts` document:
                #   Rules/ruleset.yaml
                #   Rules/collaboration.yaml
                #   Rules/products/min-lon.yaml
                #   Rules/scenarios/registered.yaml
                """,
                fix: "Add a `facts` declaration, for example in `facts.yaml`, that declares the office and customer facts the rules use."
            )
        case .factTypeConflict:
            return entry(
                "fact type needs exactly one of type or one-of",
                """
                Reported when a fact's type is written as a mapping that has both `type` and `one-of`, or neither. \
                The mapping must say either which base type the fact has or which values it can take, not both.
                """,
                example: """
                kind: facts
                customer:
                  relation:
                    type: text
                    one-of: [has-subscription, registered, not-registered]
                """,
                fix: "Keep exactly one: `type:` with text, email, bool or list, or `one-of:` with the list of values."
            )
        case .emptyExpectation:
            return entry(
                "test expects nothing",
                """
                Reported when a test's `expect` names none of its keys (`scenario`, `unmet`, `rejected`, `effects`, `emails`, \
                `awaits`, `then-contains`): such a test would pass whatever the rules do.
                """,
                example: """
                kind: test
                id: registered-customer
                request:
                  office: {name: Byrå Syd AB}
                  customer: {id: "556677-8899", name: Bageri Nord AB, email: anna@bagerinord.se, relation: registered, tasks: [Lön 2026]}
                  product: lon-anstalld
                expect: {}
                """,
                fix: "Say what must come of the request, for example `scenario: registered`."
            )
        case .rejectedWithOtherExpectations:
            return entry(
                "rejected with other expectations",
                """
                Reported when a test's `expect` gives `rejected` beside other keys. A refused request has no scenario, \
                effects or emails, so the other keys could never be met.
                """,
                example: """
                kind: test
                id: registered-customer
                request:
                  office: {name: Byrå Syd AB}
                  customer: {id: "556677-8899", name: Bageri Nord AB, email: anna@bagerinord.se, relation: unknown, tasks: [Lön 2026]}
                  product: lon-anstalld
                expect:
                  rejected: E1004
                  scenario: registered
                """,
                fix: "Keep `rejected` alone, or remove it and keep the other expectations."
            )

        // MARK: Declarations (E02xx)
        case .duplicateDeclaration:
            return entry(
                "duplicate declaration",
                """
                Reported when two declarations of the same kind have the same `id`, in one file or in different files; a note points at the first. \
                Every reference must name exactly one declaration.
                """,
                example: """
                kind: product
                id: min-lon
                name: Visma Min Lön
                ---
                kind: product
                id: min-lon
                name: Visma Lön Anställd
                """,
                fix: "Rename one of the two, or delete the copy."
            )
        case .duplicateEnumValue:
            return entry(
                "duplicate one-of value",
                """
                Reported when a value appears twice in one `one-of` list. \
                Each value is one case that the scenarios must cover, so a repeated value is at best a typo.
                """,
                example: """
                kind: facts
                customer:
                  relation:
                    one-of: [has-subscription, registered, registered]
                """,
                fix: "Remove the repeated value, or correct it to the value that was meant."
            )
        case .reservedFact:
            return entry(
                "customer.id is reserved",
                """
                Reported when `facts` declares `customer.id`. \
                Every request must give `customer.id`, the identity under which the store knows the customer again, so it always exists and is never declared.
                """,
                example: """
                kind: facts
                customer:
                  id: text
                  email: email
                """,
                fix: "Delete `id` from the customer facts; requests still give it."
            )
        case .duplicateListItem:
            return entry(
                "duplicate list item",
                """
                Reported when the same id appears twice in one list of ids: a collaboration's `products` or a product's `includes`. \
                The second mention adds nothing and often hides a typo for another id. (A precondition required twice is the warning W0103.)
                """,
                example: """
                kind: collaboration
                id: digitala-tillval
                title: Digitala tillval till Visma Lön 300/600
                products: [lon-anstalld, min-lon, min-lon]
                """,
                fix: "Remove the repeated id."
            )

        // MARK: References (E03xx)
        case .unknownProduct:
            return entry(
                "unknown product",
                """
                Reported when a product id, in a collaboration's `products`, a product's `includes` or `activated-through`, \
                or an `activate-service` effect, names no declared product. The message suggests a declared product when one is close.
                """,
                example: """
                kind: collaboration
                id: digitala-tillval
                title: Digitala tillval till Visma Lön 300/600
                products: [lon-anstald, min-lon]
                """,
                fix: "Correct the id, as the suggestion says, or declare the product."
            )
        case .unknownCollaboration:
            return entry(
                "unknown collaboration",
                """
                Reported when a scenario's `collaboration` names no declared collaboration. \
                The message suggests a declared collaboration when one is close.
                """,
                example: """
                kind: scenario
                id: registered
                title: The customer is a registered Visma customer, without the service
                collaboration: digitala-tilval
                when: {customer.relation: registered}
                effects: [activate-collaboration, activate-service]
                """,
                fix: "Correct the id, as the suggestion says, or declare the collaboration."
            )
        case .unknownPrecondition:
            return entry(
                "unknown precondition",
                """
                Reported when a collaboration's or a scenario's `requires` names no declared precondition. \
                The message suggests a declared precondition when one is close.
                """,
                example: """
                kind: collaboration
                id: digitala-tillval
                title: Digitala tillval till Visma Lön 300/600
                products: [lon-anstalld, min-lon]
                requires: [connected-tasks]
                """,
                fix: "Correct the id, as the suggestion says, or declare the precondition."
            )
        case .unknownEmail:
            return entry(
                "unknown email template",
                """
                Reported when a `send-email` effect's `template` names no declared `email`. \
                The message suggests a declared template when one is close.
                """,
                example: """
                effects:
                  - activate-collaboration
                  - send-email:
                      template: approve-colaboration
                """,
                fix: "Correct the id, as the suggestion says, or declare the email template."
            )
        case .unknownProcedure:
            return entry(
                "unknown procedure",
                """
                Reported when a step `use:` names no declared procedure, in a scenario or in another procedure. \
                The message suggests a declared procedure when one is close.
                """,
                example: """
                steps:
                  - use: open-offers
                  - use: choose-task
                """,
                fix: "Correct the id, as the suggestion says, or declare the procedure."
            )
        case .unknownScenario:
            return entry(
                "unknown scenario",
                """
                Reported when a test's `expect.scenario` names no declared scenario. \
                The message suggests a declared scenario when one is close.
                """,
                example: """
                kind: test
                id: registered-customer
                request:
                  office: {name: Byrå Syd AB}
                  customer: {id: "556677-8899", name: Bageri Nord AB, email: anna@bagerinord.se, relation: registered, tasks: [Lön 2026]}
                  product: lon-anstalld
                expect:
                  scenario: registred
                """,
                fix: "Correct the id, as the suggestion says."
            )
        case .unknownRequestCode:
            return entry(
                "not a request code",
                """
                Reported when a test's `expect.rejected` is not one of the codes a request is refused with (E1001 to E1015): \
                another stage's code, or no code at all, could never be what the request gets.
                """,
                example: """
                kind: test
                id: registered-customer
                request:
                  office: {name: Byrå Syd AB}
                  customer: {id: "556677-8899", name: Bageri Nord AB, email: anna@bagerinord.se, relation: unknown, tasks: [Lön 2026]}
                  product: lon-anstalld
                expect:
                  rejected: E0107
                """,
                fix: "Name the request code the request is refused with: `tillval plan` on the request shows it."
            )
        case .unknownFact:
            return entry(
                "unknown fact",
                """
                Reported when a fact path has the right form but names a fact that `facts` does not declare, such as `customer.emial`. \
                It applies wherever a path is used: in conditions, an email's `to` and effect arguments; the message suggests a close declared fact.
                """,
                example: """
                kind: email
                id: approve-collaboration
                to: customer.emial
                subject: "{{office.name}} invites you to a collaboration in {{product.name}}"
                body: Log in to Mina tjänster on vismaspcs.se to approve the collaboration.
                """,
                fix: "Correct the path, as the suggestion says, or declare the fact in `facts`."
            )
        case .invalidFactPath:
            return entry(
                "invalid fact path",
                """
                Reported when a fact path (a key of `when` or `check`, an email's `to`, the `email` of `create-administrator`) \
                is not `product`, `customer.<name>` or `office.<name>`: a fact name without its group, a group that does not exist, \
                or a built-in placeholder such as `administrator.email` or `portal`. Those exist only inside `{{ }}` in texts \
                (`{{administrator.email}}`, `{{portal}}`, `{{task}}`, `{{product.name}}`, `{{service.name}}`, `{{collaboration.title}}`); \
                an email to the administrator that `create-administrator` creates is written `to: administrator`.
                """,
                example: """
                when:
                  relation: registered
                ---
                kind: email
                id: approve-terms
                to: administrator.email
                subject: "{{office.name}} has activated {{product.name}}"
                body: Log in to Mina tjänster on {{portal}} as {{administrator.email}} to approve the terms.
                """,
                fix: "Write the path with its group, such as `customer.relation`; write `to: administrator` for the created administrator."
            )

        // MARK: Products (E04xx)
        case .includeCycle:
            return entry(
                "product includes cycle",
                """
                Reported when products include each other in a circle, directly or through other products; the message names every product in the cycle. \
                A product cannot be a part of itself.
                """,
                example: """
                kind: product
                id: lon-anstalld
                name: Visma Lön Anställd
                includes: [min-lon]
                ---
                kind: product
                id: min-lon
                name: Visma Min Lön
                includes: [lon-anstalld]
                """,
                fix: "Remove the `includes` entry that closes the circle, so that only the larger product includes the smaller one."
            )
        case .activatedThroughNotIncluding:
            return entry(
                "activated-through target does not include the product",
                """
                Reported when a product's `activated-through` names a product that does not include it, directly or transitively. \
                A collaboration restricted to Visma Min Lön is activated in Visma Lön Anställd because Min Lön is part of it; \
                activating through an unrelated product makes no sense.
                """,
                example: """
                kind: product
                id: lon-anstalld
                name: Visma Lön Anställd
                ---
                kind: product
                id: min-lon
                name: Visma Min Lön
                activated-through: lon-anstalld
                """,
                fix: "Add the product to the target's `includes`, or point `activated-through` at a product that includes it."
            )
        case .activatedThroughChain:
            return entry(
                "chained activated-through",
                """
                Reported when the target of a product's `activated-through` has an `activated-through` of its own. \
                Activation goes through exactly one other product, so the service that is actually activated is always one step away.
                """,
                example: """
                kind: product
                id: min-lon
                name: Visma Min Lön
                activated-through: lon-anstalld
                ---
                kind: product
                id: lon-anstalld
                name: Visma Lön Anställd
                includes: [min-lon]
                activated-through: lon-600
                """,
                fix: "Point `activated-through` straight at the product that is finally activated (it must include this one), or drop the target's own `activated-through`."
            )

        // MARK: Conditions (E05xx)
        case .valueNotInType:
            return entry(
                "value not in the fact's type",
                """
                Reported when a condition tests a value the fact cannot take, such as `registred` for `customer.relation`, \
                whose values are has-subscription, registered and not-registered. Such a test could never hold, so it is almost always a typo.
                """,
                example: """
                when:
                  customer.relation: registred
                """,
                fix: "Use one of the fact's values, as the suggestion says."
            )
        case .testNotForType:
            return entry(
                "test not valid for the fact's type",
                """
                Reported when a condition uses a test that the fact's type does not support, such as `true` on a list or a value test on a text or email fact. \
                A `when` may only test one-of, bool and list facts, presence and `product`, because coverage has to enumerate every value.
                """,
                example: """
                kind: precondition
                id: connected-task
                summary: The customer has a task connected to it in Visma Advisor.
                check:
                  customer.tasks: true
                unmet: Connect a task to {{customer.name}} in Visma Advisor first.
                """,
                fix: "Use a test that fits the fact's type, such as `non-empty` or `empty` for a list."
            )
        case .presenceOfRequiredFact:
            return entry(
                "presence test on a required fact",
                """
                Reported when `present` or `absent` tests a fact that is not optional. \
                A required fact is in every valid request, so the test would always hold or never hold.
                """,
                example: """
                when:
                  customer.email: present
                """,
                fix: "Declare the fact with `optional: true`, or drop the test."
            )
        case .emptyValueList:
            return entry(
                "empty list of values",
                """
                Reported when a condition tests a fact against an empty list of values. \
                An empty list matches nothing, so the condition could never hold.
                """,
                example: """
                when:
                  customer.relation: []
                """,
                fix: "List the values the condition should accept, or remove the entry to accept every value."
            )

        // MARK: Coverage (E06xx)
        case .coverageGap:
            return entry(
                "coverage gap",
                """
                Reported when a combination of the facts that a collaboration's scenarios test is picked by no scenario; the message names one such combination. \
                A request with that combination would have no plan, so every combination must be covered.
                """,
                example: """
                # The only scenario of digitala-tillval; none picks not-registered:
                kind: scenario
                id: registered
                title: The customer is a registered Visma customer, without the service
                collaboration: digitala-tillval
                when: {customer.relation: registered}
                effects: [activate-collaboration, activate-service]
                """,
                fix: "Add a scenario for the named combination, or widen the `when` of an existing one."
            )
        case .coverageOverlap:
            return entry(
                "coverage overlap",
                """
                Reported when two scenarios of the same collaboration both pick the same combination of facts; the message names both scenarios and one shared combination. \
                A request must lead to exactly one scenario, never to a choice between two.
                """,
                example: """
                kind: scenario
                id: registered
                title: The customer is a registered Visma customer, without the service
                collaboration: digitala-tillval
                when: {customer.relation: [registered, not-registered]}
                effects: [activate-collaboration, activate-service]
                ---
                kind: scenario
                id: not-registered
                title: The customer is not a registered Visma customer
                collaboration: digitala-tillval
                when: {customer.relation: not-registered}
                effects: [activate-collaboration, activate-service]
                """,
                fix: "Narrow one of the two `when` conditions so that the scenarios no longer share a combination."
            )
        case .productNotOffered:
            return entry(
                "product not offered by the collaboration",
                """
                Reported when a scenario's `when` tests `product` against a product that its collaboration does not offer. \
                Requests may only ask a collaboration for the products it offers, so that branch could never be taken.
                """,
                example: """
                kind: collaboration
                id: digitala-tillval
                title: Digitala tillval till Visma Lön 300/600
                products: [lon-anstalld]
                ---
                kind: scenario
                id: min-lon-only
                title: A collaboration restricted to Visma Min Lön
                collaboration: digitala-tillval
                when: {product: min-lon}
                effects: [activate-collaboration]
                """,
                fix: "Add the product to the collaboration's `products`, or test only products it offers."
            )
        case .coverageTooLarge:
            return entry(
                "coverage space too large",
                """
                Reported when proving a collaboration's coverage would take more steps than `--max-coverage-regions` allows \
                (10000000 by default). The proof reasons about sets of combinations: it splits the facts its scenarios test into \
                regions, only where scenarios differ, and each class of values it follows and each region it reaches costs 1 step plus \
                one per scenario still accepting it there (plus one per pair of scenarios it looks at for overlaps). Scenarios that \
                divide the facts one after the other (a table, a staircase) cost about scenarios × facts regions of few scenarios \
                each, however many combinations there are. The worst case is scenarios that cut across each other independently, \
                each testing its own fact: n of them need 2^n regions, each with up to n scenarios. Coverage cannot be proved, so the \
                rule set is not accepted, and no gap or overlap of that collaboration is reported.
                """,
                example: """
                kind: scenario
                id: flag-01
                title: Flag 1 is set
                collaboration: digitala-tillval
                when: {customer.flag-01: true}
                effects: [activate-collaboration]
                # ... and so on to flag-20, each testing its own flag: 2^20 regions of up to 20 scenarios, more than 10000000 steps
                """,
                fix: "Test fewer facts in the scenarios' `when` conditions, and move checks that do not pick a scenario into preconditions; or raise `--max-coverage-regions`."
            )

        // MARK: Effects (E07xx)
        case .unknownEffect:
            return entry(
                "unknown effect",
                """
                Reported when an effect is not one of activate-collaboration, activate-service, create-administrator and send-email. \
                The message suggests a known effect when one is close.
                """,
                example: """
                effects:
                  - activate-collaboration
                  - send-mail:
                      template: approve-collaboration
                """,
                fix: "Correct the effect's name, as the suggestion says."
            )
        case .effectNeedsEarlier:
            return entry(
                "effect needs an earlier effect",
                """
                Reported when an effect is not preceded, in the same scenario, by the effect it needs: `activate-service` needs `activate-collaboration`, \
                and `send-email` of a template addressed to `administrator` needs `create-administrator`. Effects run in the order written.
                """,
                example: """
                effects:
                  - activate-service
                  - activate-collaboration
                """,
                fix: "Add the needed effect, or move it before the effect that needs it."
            )
        case .duplicateEffect:
            return entry(
                "duplicate effect",
                """
                Reported when one scenario lists the same effect twice. \
                Each effect runs at most once per scenario; only `send-email` may repeat, and then with different templates.
                """,
                example: """
                effects:
                  - activate-collaboration
                  - send-email: {template: approve-collaboration}
                  - send-email: {template: approve-collaboration}
                """,
                fix: "Remove the repeated effect."
            )
        case .awaitsNeedsAdministrator:
            return entry(
                "awaiting an administrator who is never created",
                """
                Reported when a scenario has `awaits.who: administrator` but no `create-administrator` effect. \
                Only a scenario that creates the administrator can wait for the administrator to approve something.
                """,
                example: """
                effects:
                  - activate-collaboration
                  - activate-service
                awaits:
                  who: administrator
                  approves: terms
                  where: Mina tjänster on vismaspcs.se
                """,
                fix: "Add a `create-administrator` effect before it, or await the `customer` instead."
            )
        case .awaitsNeedsCollaboration:
            return entry(
                "awaits without activate-collaboration",
                """
                Reported when a scenario has `awaits` but no `activate-collaboration` effect. \
                An approval is what a pending collaboration waits for, so there is nothing to await unless the collaboration is activated.
                """,
                example: """
                effects:
                  - send-email:
                      template: approve-collaboration
                awaits:
                  who: customer
                  approves: collaboration
                  where: Mina tjänster on vismaspcs.se
                """,
                fix: "Add `activate-collaboration` to the effects, or remove `awaits`."
            )
        case .notAnEmailFact:
            return entry(
                "not an email fact",
                """
                Reported when a path used as an email address, an email's `to` or `create-administrator`'s `email`, is not a required fact of type `email`. \
                Messages and logins must go to an address that every valid request has and that has been checked to be an address.
                """,
                example: """
                kind: email
                id: approve-collaboration
                to: customer.name
                subject: "{{office.name}} invites you to a collaboration in {{product.name}}"
                body: Log in to Mina tjänster on vismaspcs.se to approve the collaboration.
                """,
                fix: "Use the path of a required `email` fact, such as `customer.email`."
            )

        // MARK: Placeholders (E08xx)
        case .unknownPlaceholder:
            return entry(
                "unknown placeholder",
                """
                Reported when `{{...}}` names neither a declared fact (`customer.X`, `office.X`) nor a built-in \
                (`collaboration.title`, `product.name`, `service.name`, `task`, `administrator.email`, `portal`). The message suggests a close name.
                """,
                example: """
                steps:
                  - "Select the customer you want to activate the collaboration for: {{customer.nmae}}."
                """,
                fix: "Correct the placeholder, as the suggestion says, or declare the fact."
            )
        case .placeholderNotAvailable:
            return entry(
                "placeholder not available here",
                """
                Reported when a known placeholder cannot have a value where it is used: `{{administrator.email}}` or `{{portal}}` in a step or an `unmet` text, \
                or in an email template sent before `create-administrator`. Each text sees only what exists at the moment it is shown.
                """,
                example: """
                steps:
                  - use: open-offer
                  - "Tell the new administrator, {{administrator.email}}, to expect an email."
                """,
                fix: "Use the placeholder only where the administrator exists: in the outcome, `then`, `awaits.where`, or an email sent after `create-administrator`."
            )
        case .optionalFactInPlaceholder:
            return entry(
                "optional fact in placeholder",
                """
                Reported when a placeholder names a fact declared `optional: true`. \
                The fact may be missing from a request, and the text would then have a hole in it.
                """,
                example: """
                kind: facts
                customer:
                  name: text
                  contact: {type: text, optional: true}
                ---
                kind: email
                id: approve-collaboration
                to: customer.email
                subject: "{{office.name}} invites you to a collaboration in {{product.name}}"
                body: Hello {{customer.contact}}, please approve the collaboration in Mina tjänster.
                """,
                fix: "Make the fact required, or leave it out of the text."
            )
        case .malformedPlaceholder:
            return entry(
                "malformed placeholder",
                """
                Reported when `{{` is not closed by `}}` on its line (or before the next `{{`), when `}}` has no `{{` \
                before it (as in `{office.name}}`, which lacks a `{`), or when the braces hold nothing (`{{}}`). \
                Version 1 of the format has no escape for `{{` or `}}`, so every `{{` must start a complete placeholder; \
                a single `{` or `}` is ordinary text.
                """,
                example: """
                steps:
                  - Click on the Read more button under {{collaboration.title.
                """,
                fix: "Close the placeholder with `}}` and put a name between the braces."
            )

        // MARK: Procedures (E09xx)
        case .procedureCycle:
            return entry(
                "procedure use cycle",
                """
                Reported when procedures `use` each other in a circle, directly or through other procedures; the message names every procedure in the cycle. \
                Expanding their steps would never end.
                """,
                example: """
                kind: procedure
                id: open-offer
                steps:
                  - Go to Customers.
                  - use: choose-task
                ---
                kind: procedure
                id: choose-task
                steps:
                  - use: open-offer
                  - Select Next.
                """,
                fix: "Remove the `use:` step that closes the circle."
            )

        case .tooManySteps:
            return entry(
                "steps expand too far",
                """
                Reported when a scenario's steps, with every procedure spliced in, come to more than 1 000 steps. \
                Procedures that use each other many times over grow exponentially; no accountant follows such a list.
                """,
                example: """
                kind: procedure
                id: twice
                steps:
                  - use: ten-times
                  - use: ten-times
                # … and so on, each level using the next several times
                """,
                fix: "Use each procedure once where it is needed, rather than nesting repeated uses."
            )

        // MARK: Requests (E10xx)
        case .unknownRequestFact:
            return entry(
                "unknown fact in request",
                """
                Reported when a request gives a fact that `facts` does not declare, or a key that requests do not have. \
                It would be silently ignored, which usually hides a typo; nothing is applied.
                """,
                example: """
                customer:
                  id: "556677-8899"
                  name: Bageri Nord AB
                  email: anna@bagerinord.se
                  relation: registered
                  tasks: [Löneadministration 2026]
                  phone: 040-123 45 67
                product: min-lon
                """,
                fix: "Remove the entry or correct its spelling, or declare the fact in the rules."
            )
        case .missingRequestFact:
            return entry(
                "missing fact in request",
                """
                Reported when a request lacks `customer.id` or a declared fact that is not optional. \
                The rules may depend on every required fact, so nothing is applied.
                """,
                example: """
                customer:
                  id: "556677-8899"
                  name: Bageri Nord AB
                  email: anna@bagerinord.se
                  tasks: [Löneadministration 2026]
                product: min-lon
                """,
                fix: "Add the missing fact to the request."
            )
        case .requestWrongType:
            return entry(
                "wrong type in request",
                """
                Reported when a request value does not have its fact's type, such as a list where a text or email is expected, \
                or a text where a bool is expected. Nothing is applied.
                """,
                example: """
                customer:
                  id: "556677-8899"
                  name: Bageri Nord AB
                  email: [anna@bagerinord.se, lon@bagerinord.se]
                  relation: registered
                  tasks: [Löneadministration 2026]
                product: min-lon
                """,
                fix: "Give the value in the type the fact is declared with."
            )
        case .requestValueNotAllowed:
            return entry(
                "value not allowed in request",
                """
                Reported when a request gives a `one-of` fact a value outside its list, \
                such as a `customer.relation` other than has-subscription, registered and not-registered.
                """,
                example: """
                customer:
                  id: "556677-8899"
                  name: Bageri Nord AB
                  email: anna@bagerinord.se
                  relation: registred
                  tasks: [Löneadministration 2026]
                product: min-lon
                """,
                fix: "Use one of the values the fact declares."
            )
        case .requestProductNotOffered:
            return entry(
                "product not offered",
                """
                Reported when the request's `product` is not one of the products its collaboration offers, or is no declared product at all. \
                A collaboration can only activate what it offers.
                """,
                example: """
                customer:
                  id: "556677-8899"
                  name: Bageri Nord AB
                  email: anna@bagerinord.se
                  relation: registered
                  tasks: [Löneadministration 2026]
                product: lon-600
                collaboration: digitala-tillval
                """,
                fix: "Ask for one of the collaboration's products, such as `lon-anstalld` or `min-lon`."
            )
        case .taskNotCustomers:
            return entry(
                "task not one of the customer's tasks",
                """
                Reported when the request's `task` is not one of `customer.tasks`, including when the customer has no task at all. \
                The accountant can only pick a task that is connected to the customer in Visma Advisor.
                """,
                example: """
                customer:
                  id: "556677-8899"
                  name: Bageri Nord AB
                  email: anna@bagerinord.se
                  relation: registered
                  tasks: [Löneadministration 2026]
                product: min-lon
                task: Bokslut 2025
                """,
                fix: "Give one of the customer's tasks, spelt exactly as in `customer.tasks`."
            )
        case .taskRequired:
            return entry(
                "task required",
                """
                Reported when a request gives no `task` while `customer.tasks` has more than one item. \
                A single task is picked automatically, but of several tillval will not guess which one the accountant means.
                """,
                example: """
                customer:
                  id: "556677-8899"
                  name: Bageri Nord AB
                  email: anna@bagerinord.se
                  relation: registered
                  tasks: [Löneadministration 2026, Bokslut 2025]
                product: min-lon
                """,
                fix: "Add `task:` with one of the customer's tasks."
            )
        case .collaborationNotResolved:
            return entry(
                "collaboration cannot be resolved",
                """
                Reported when the request names an unknown collaboration, or leaves `collaboration` out when it cannot be inferred \
                because no collaboration, or more than one, offers the requested product.
                """,
                example: """
                customer:
                  id: "556677-8899"
                  name: Bageri Nord AB
                  email: anna@bagerinord.se
                  relation: registered
                  tasks: [Löneadministration 2026]
                product: min-lon
                collaboration: digitala-tilval
                """,
                fix: "Name one of the declared collaborations that offers the product in `collaboration:`."
            )
        case .invalidEmailAddress:
            return entry(
                "invalid email address",
                """
                Reported when an `email` value in a request does not have exactly one `@` with text on both sides and no white space. \
                Emails and administrator logins are sent to this address, so it must at least look like one.
                """,
                example: """
                customer:
                  id: "556677-8899"
                  name: Bageri Nord AB
                  email: anna.bagerinord.se
                  relation: not-registered
                  tasks: [Löneadministration 2026]
                product: min-lon
                """,
                fix: "Correct the address, for example `anna@bagerinord.se`."
            )
        case .lineBreakInSubject:
            return entry(
                "line break in email subject",
                """
                Reported when a text that a placeholder puts into an email subject contains a line break. \
                A subject is a single line, and a line break would cut it short or smuggle in more of the message. \
                A request value with a line break is refused first, by E1013; this check remains as a second line of defence.
                """,
                example: """
                office:
                  name: "Byrå Syd AB\\nLönekontoret"
                customer:
                  id: "556677-8899"
                  name: Bageri Nord AB
                  email: anna@bagerinord.se
                  relation: registered
                  tasks: [Löneadministration 2026]
                product: min-lon
                """,
                fix: "Remove the line break from the value."
            )
        case .noRequests:
            return entry(
                "no request in the file",
                """
                Reported when a request file (or standard input) holds no request at all: it is empty, or only comments. \
                A run over nothing would otherwise look like a success.
                """,
                example: """
                # customers.yaml: only a comment, no request
                """,
                fix: "Write at least one request: office, customer and product (see Examples/)."
            )

        case .controlCharacterInRequest:
            return entry(
                "control or hidden character in a request value",
                """
                Reported when an identifier, a name or any other text of a request holds a control character: \
                a NUL, an escape, a tab or a line break (C0, DEL or C1); or a hidden one: a format character such as a zero-width \
                space, a byte order mark or a bidi override (Unicode category Cf), a line or paragraph separator (U+2028, U+2029); \
                or when it starts or ends with white space or is only white space. \
                An id (`customer.id`, `product`, `collaboration`) has no white space at all (no-break and ideographic spaces too) \
                and is in composed form (NFC). \
                The store and the terminal would read such a value differently from what was sent: two ids that differ after a NUL \
                would become one customer, two ids that differ by a zero-width space would be two customers that print the same, \
                and an escape sequence in a name would rewrite the screen of whoever runs `tillval status`.
                """,
                example: """
                customer:
                  id: "556012-3456\\u0000-A"   # a NUL inside the id
                """,
                fix: "Send the value without control or invisible characters and without spaces around it; write a name on one line and an id without spaces, in composed form."
            )

        case .requestTooLarge:
            return entry(
                "request too large",
                """
                Reported when one request (one YAML document or one line of JSON Lines) is larger than the limit, \
                1 MiB unless `--max-request-size` says otherwise. That request is not read; the others in the file still run.
                """,
                example: """
                # one line of customers.jsonl holds 5 MB
                """,
                fix: "Split the request, or raise the limit with --max-request-size BYTES if such requests are expected."
            )

        case .requestInputTooLarge:
            return entry(
                "request input too large",
                """
                Reported when a request file or standard input is larger than the limit, 4 GiB unless `--max-input-size` says otherwise. \
                Requests are read and run one at a time, so memory does not grow with the input; the limit bounds how much one run reads, \
                so a runaway producer (`tillval plan - < /dev/zero`) still ends. A file larger than the limit is refused before any of its requests runs; \
                standard input is read until the limit, so the requests before it have run and nothing after it does.
                """,
                example: """
                tillval plan - < /dev/zero
                """,
                fix: "Split the input into several files, or raise the limit with --max-input-size BYTES."
            )

        case .noScenarioMatches:
            return entry(
                "no scenario matches",
                """
                Reported when no scenario of the collaboration picks the request's combination of facts. \
                The compiler proves that every combination is covered, so this only happens with a plan file that was edited by hand.
                """,
                example: """
                # plan.json was edited by hand and lost the scenario for registered:
                customer:
                  id: "556677-8899"
                  name: Bageri Nord AB
                  email: anna@bagerinord.se
                  relation: registered
                  tasks: [Löneadministration 2026]
                product: min-lon
                """,
                fix: "Compile the plan again from the rules instead of editing it."
            )

        // MARK: Plan files (E11xx)
        case .unreadablePlan:
            return entry(
                "not a tillval plan",
                """
                Reported when the plan file is not valid JSON, or is JSON but not a tillval plan, for example a request given in its place; \
                or when it is larger than the limit, 256 MiB unless `--max-plan-size` says otherwise (it is then not read). \
                The runtime reads only plans that the compiler wrote.
                """,
                example: """
                # plan.json was cut short while it was copied:
                {"collaborations": [{"id": "digitala-tillval", "products": ["lon-anst
                """,
                fix: "Give the plan file that the compiler wrote, or compile it again from the rules."
            )
        case .unsupportedPlanFormat:
            return entry(
                "unsupported plan format",
                """
                Reported when the plan file's `format` is a version this tillval does not read. \
                A plan is only run by a tillval that knows its exact shape, so an older or newer plan is refused rather than misread.
                """,
                example: """
                # plan.json was written by a newer tillval:
                {"format": 2, "digest": "sha256:…", "collaborations": []}
                """,
                fix: "Compile the plan again with this tillval, or run it with the release that wrote it."
            )

        case .planIntegrityMismatch:
            return entry(
                "plan file integrity check failed",
                """
                Reported when a plan file has no `integrity` field, or its content does not hash to it: \
                the file was damaged or edited after `tillval compile` wrote it. \
                The hash protects against accidents and edits made without the rules; it is not a signature (see SECURITY.md).
                """,
                example: """
                # plan.json: an email body was replaced by hand after compiling
                "integrity": "sha256:3f1c…"
                """,
                fix: "Compile the plan again from its rules ('tillval compile DIR -o FILE') instead of editing it."
            )

        case .invalidPlan:
            return entry(
                "plan breaks an invariant",
                """
                Reported when a loaded plan says something the compiler would never write: an email to a fact that is not a required email, \
                to the administrator before one is created, a placeholder that names no fact, effects in an order that cannot run, \
                or a reference to a product or template that does not exist. Every loaded plan is checked, whatever its integrity hash says.
                """,
                example: """
                # plan.json: "to": "customer.name" in a send-email template
                """,
                fix: "Compile the plan again from its rules instead of editing it."
            )

        // MARK: Warnings (W01xx)
        case .unusedDeclaration:
            return entry(
                "unused declaration",
                """
                Reported when a product, precondition, email template or procedure is reached by no scenario, directly or through what the scenarios use. \
                Scenarios are the roots, so such a declaration has no effect; it is usually left over, or misspelt where it should be used.
                """,
                example: """
                # No scenario has a send-email effect with template: welcome
                kind: email
                id: welcome
                to: customer.email
                subject: Welcome to {{product.name}}
                body: Hello {{customer.name}}, welcome to {{collaboration.title}}.
                """,
                fix: "Use the declaration from a scenario, or delete it."
            )
        case .unusedFact:
            return entry(
                "unused fact",
                """
                Reported when a declared fact is read by no rule: no condition, placeholder, email `to` or effect argument names it. \
                Requests must still give a required fact, so an unused one is work for nothing.
                """,
                example: """
                kind: facts
                customer:
                  name: text
                  email: email
                  org-number: text
                """,
                fix: "Use the fact in a rule, or remove it from `facts`."
            )
        case .repeatedPrecondition:
            return entry(
                "precondition required twice",
                """
                Reported when a scenario requires a precondition that it already requires, for example in its own `requires` \
                and through its collaboration's. The precondition is checked once either way, so the repetition only adds noise.
                """,
                example: """
                kind: collaboration
                id: digitala-tillval
                title: Digitala tillval till Visma Lön 300/600
                products: [lon-anstalld, min-lon]
                requires: [connected-task]
                ---
                kind: scenario
                id: registered
                title: The customer is a registered Visma customer, without the service
                collaboration: digitala-tillval
                requires: [connected-task]
                when: {customer.relation: registered}
                effects: [activate-collaboration, activate-service]
                """,
                fix: "Remove the precondition from the scenario's `requires`."
            )
        }
    }

    private func entry(_ title: String, _ explanation: String, example: String, fix: String) -> DiagnosticExplanation {
        DiagnosticExplanation(code: self, title: title, explanation: explanation, example: example, fix: fix)
    }
}

/// The catalogue of every diagnostic, rendered for the docs and the terminal.
public enum DiagnosticCatalogue {
    /// The groups of the catalogue, in order, by the first three characters of a code.
    static let groups: [(prefix: String, heading: String)] = [
        ("E00", "Reading and YAML (E00xx)"),
        ("E01", "Shape (E01xx)"),
        ("E02", "Declarations (E02xx)"),
        ("E03", "References (E03xx)"),
        ("E04", "Products (E04xx)"),
        ("E05", "Conditions (E05xx)"),
        ("E06", "Coverage (E06xx)"),
        ("E07", "Effects (E07xx)"),
        ("E08", "Placeholders (E08xx)"),
        ("E09", "Procedures (E09xx)"),
        ("E10", "Requests (E10xx)"),
        ("E11", "Plan files (E11xx)"),
        ("W01", "Warnings (W01xx)"),
    ]

    /// The whole catalogue as Markdown: this is what docs/diagnostics.md must contain, byte for byte.
    public static func markdown() -> String {
        var blocks: [String] = [
            "# Diagnostic codes",
            """
            This page is generated from the list of diagnostic codes in `Sources/TillvalSyntax`; \
            do not edit it by hand, re-generate it with `make docs`. \
            Codes are stable: a code never changes meaning once released, and retired codes are not reused. \
            Codes starting with `E` are errors, which fail the run; codes starting with `W` are warnings. \
            `tillval explain CODE` prints one entry in the terminal.
            """,
        ]
        var placed = Set<DiagnosticCode>()
        for group in groups {
            let codes = DiagnosticCode.allCases.filter { $0.rawValue.hasPrefix(group.prefix) }
            if codes.isEmpty { continue }
            blocks.append("## " + group.heading)
            for code in codes {
                blocks.append(contentsOf: markdownBlocks(for: code))
                placed.insert(code)
            }
        }
        // A code in no known group still gets documented, so the page is never missing one.
        let rest = DiagnosticCode.allCases.filter { !placed.contains($0) }
        if !rest.isEmpty {
            blocks.append("## Other")
            for code in rest { blocks.append(contentsOf: markdownBlocks(for: code)) }
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// One entry as plain text for a terminal (`tillval explain E0301`).
    public static func text(for code: DiagnosticCode) -> String {
        let entry = code.explanation
        let example = entry.example
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "    " + $0 }
            .joined(separator: "\n")
        return "\(code.rawValue): \(entry.title)\n\n\(entry.explanation)\n\nExample:\n\(example)\n\nFix: \(entry.fix)\n"
    }

    static func markdownBlocks(for code: DiagnosticCode) -> [String] {
        let entry = code.explanation
        return [
            "### " + heading(for: code),
            entry.explanation,
            "```yaml\n\(entry.example)\n```",
            "Fix: \(entry.fix)",
        ]
    }
}

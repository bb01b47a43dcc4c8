import Foundation
import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// The stable, machine-readable report of a `plan` or `apply` run, described
/// by Schemas/request-plan.schema.json. Fields are only ever added within a
/// format version; a change of meaning bumps `format`.
public struct JSONReport: Encodable, Sendable {
    public static let currentFormat = 1

    public var format = JSONReport.currentFormat
    public var mode: RunMode
    public var planDigest: String
    public var results: [Entry]
    public var summary: RunSummary

    enum CodingKeys: String, CodingKey {
        case format, mode, results, summary
        case planDigest = "plan-digest"
    }

    public init(mode: RunMode, planDigest: String, results: [RequestResult]) {
        self.mode = mode
        self.planDigest = planDigest
        self.results = results.map(Entry.init)
        self.summary = RunSummary(results)
    }

    public func encoded() -> Data {
        var data = (try? Self.encoder.encode(self)) ?? Data()
        data.append(UInt8(ascii: "\n"))
        return data
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The same document written as the run goes (issue 11): the keys before
    /// `results`, then each result as it comes, then the summary. The bytes
    /// are those of `encoded()` for the same results; a reader sees a
    /// complete document only at the end, and an interrupted run leaves a
    /// truncated one.
    public struct Writer {
        private var written = 0
        /// Where each result is written before it joins the caller's bytes, reused.
        private let buffer = ByteBuffer()

        public init() {}

        /// `{`, `format`, `mode`, `plan-digest` and the opening of `results`.
        public func header(mode: RunMode, planDigest: String) -> Data {
            var data = Data("{\n  \"format\" : \(JSONReport.currentFormat),\n  \"mode\" : ".utf8)
            data.append(Writer.encode(mode))
            data.append(contentsOf: Array(",\n  \"plan-digest\" : ".utf8))
            data.append(Writer.encode(planDigest))
            data.append(contentsOf: Array(",\n  \"results\" : [".utf8))
            return data
        }

        /// One result of the `results` array, appended to `bytes`.
        public mutating func entry(_ result: RequestResult, to bytes: inout [UInt8]) {
            var json = JSONBytes(indent: 4, into: buffer)
            json.literal(written == 0 ? "\n    " : ",\n    ")
            written += 1
            result.write(to: &json)
            json.drain(into: &bytes)
        }

        /// The end of `results`, the summary, and the end of the document.
        public func footer(summary: RunSummary) -> Data {
            var data = Data((written == 0 ? "\n\n  ],\n  \"summary\" : " : "\n  ],\n  \"summary\" : ").utf8)
            data.append(Writer.indented(Writer.encode(summary), by: 2, first: false))
            data.append(contentsOf: Array("\n}\n".utf8))
            return data
        }

        private static func encode(_ value: some Encodable) -> Data {
            (try? JSONReport.encoder.encode(value)) ?? Data()
        }

        /// `data` with every line but empty ones indented by `spaces`, as
        /// the encoder indents a nested value (strings in JSON hold no line break).
        private static func indented(_ data: Data, by spaces: Int, first: Bool = true) -> Data {
            let indent = [UInt8](repeating: UInt8(ascii: " "), count: spaces)
            var out = Data(capacity: data.count + data.count / 8)
            var lineStart = first
            for byte in data {
                if lineStart, byte != UInt8(ascii: "\n") { out.append(contentsOf: indent) }
                out.append(byte)
                lineStart = byte == UInt8(ascii: "\n")
            }
            return out
        }
    }

    /// One request's result.
    public struct Entry: Encodable, Sendable {
        var source: SourceLocation
        var status: RequestStatus
        var customerID: String?
        var message: String?
        var diagnostics: [DiagnosticEntry]
        var plan: PlanEntry?
        var appliedBefore: AppliedBefore?

        enum CodingKeys: String, CodingKey {
            case source, status, message, diagnostics, plan
            case customerID = "customer-id"
            case appliedBefore = "applied-before"
        }

        init(_ result: RequestResult) {
            source = result.source
            status = result.status
            customerID = result.customerID
            message = result.message
            diagnostics = result.diagnostics.map(DiagnosticEntry.init)
            plan = result.plan.map { PlanEntry($0, outcomes: result.outcomes) }
            appliedBefore = result.appliedBefore.map(AppliedBefore.init)
        }
    }

    /// A request applied before: its collaboration as the store holds it.
    struct AppliedBefore: Encodable, Sendable {
        var planDigest: String
        var activatedAt: String
        var approval: ApprovalState
        var approvedAt: String?

        enum CodingKeys: String, CodingKey {
            case approval
            case planDigest = "plan-digest"
            case activatedAt = "activated-at"
            case approvedAt = "approved-at"
        }

        init(_ collaboration: CustomerStatus.Collaboration) {
            planDigest = collaboration.planDigest
            activatedAt = collaboration.activatedAt
            approval = collaboration.status
            approvedAt = collaboration.approvedAt
        }
    }

    struct PlanEntry: Encodable, Sendable {
        var collaboration: Named
        var product: Named
        var service: Named
        var restrictedTo: Named?
        var serviceDescription: String
        var task: String?
        var scenario: Scenario
        var preconditions: [Precondition]
        var runnable: Bool
        var steps: [Step]
        var effects: [Effect]
        var awaits: Awaits?
        var outcome: String?
        var then: [String]

        enum CodingKeys: String, CodingKey {
            case collaboration, product, service, task, scenario, preconditions, runnable, steps, effects, awaits, outcome, then
            case restrictedTo = "restricted-to"
            case serviceDescription = "service-description"
        }

        struct Scenario: Encodable, Sendable {
            var id: String
            var title: String
            var origin: SourceLocation
            var matched: [Match]
        }

        struct Match: Encodable, Sendable {
            var test: String
            var value: String
            var origin: SourceLocation
        }

        struct Precondition: Encodable, Sendable {
            var id: String
            var summary: String
            var holds: Bool
            var unmet: String?
            var origin: SourceLocation
        }

        struct Step: Encodable, Sendable {
            var number: Int
            var text: String
            var procedure: String?
            var origin: SourceLocation
        }

        struct Effect: Encodable, Sendable {
            var effect: EffectKind
            var summary: String
            var origin: SourceLocation
            var collaboration: Named?
            var product: Named?
            var service: Named?
            var restrictedTo: Named?
            var portal: String?
            var email: String?
            var renderedEmail: RenderedEmail?
            var status: EffectStatus?
            var result: String?

            enum CodingKeys: String, CodingKey {
                case effect, summary, origin, collaboration, product, service, portal, email, status, result
                case restrictedTo = "restricted-to"
                case renderedEmail = "rendered-email"
            }
        }

        struct Awaits: Encodable, Sendable {
            var who: Approver
            var approves: ApprovalSubject
            var `where`: String
        }

        init(_ plan: RequestPlan, outcomes: [EffectOutcome]) {
            collaboration = plan.collaboration
            product = plan.product
            service = plan.service
            restrictedTo = plan.restrictedTo
            serviceDescription = plan.serviceDescription
            task = plan.task
            scenario = Scenario(id: plan.scenario.id, title: plan.scenario.title, origin: plan.scenario.origin,
                                matched: plan.scenario.matched.map { Match(test: $0.test, value: $0.value, origin: $0.origin) })
            preconditions = plan.preconditions.map {
                Precondition(id: $0.id, summary: $0.summary, holds: $0.holds, unmet: $0.unmet, origin: $0.origin)
            }
            runnable = plan.isRunnable
            steps = plan.steps.map { Step(number: $0.number, text: $0.text, procedure: $0.procedure, origin: $0.origin) }
            effects = plan.effects.enumerated().map { index, planned in
                var effect = Effect(effect: planned.kind, summary: planned.summary, origin: planned.origin)
                switch planned.action {
                case .activateCollaboration(let collaboration, let product):
                    effect.collaboration = collaboration
                    effect.product = product
                case .activateService(let service, let restrictedTo):
                    effect.service = service
                    effect.restrictedTo = restrictedTo
                case .createAdministrator(let portal, let email):
                    effect.portal = portal
                    effect.email = email
                case .sendEmail(let email):
                    effect.renderedEmail = email
                }
                if index < outcomes.count {
                    effect.status = outcomes[index].status
                    effect.result = outcomes[index].message
                }
                return effect
            }
            awaits = plan.awaits.map { Awaits(who: $0.who, approves: $0.approves, where: $0.place) }
            outcome = plan.outcome
            then = plan.then
        }
    }
}

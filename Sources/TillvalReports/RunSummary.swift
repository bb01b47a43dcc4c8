import Foundation
import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// Counts of a run over many requests, printed at the end. Every status has
/// a count, zero included; JSON keys them by the status word.
public struct RunSummary: Equatable, Sendable, Codable {
    public var total: Int
    public var counts: [RequestStatus: Int]

    public init(_ results: [RequestResult]) {
        self.init()
        for result in results { add(result.status) }
    }

    /// No request yet: a run that streams counts its results as they come (`add`).
    public init() {
        total = 0
        var counts: [RequestStatus: Int] = [:]
        for status in RequestStatus.allCases { counts[status] = 0 }
        self.counts = counts
    }

    /// Counts one more request.
    public mutating func add(_ status: RequestStatus) {
        total += 1
        counts[status, default: 0] += 1
    }

    /// "3 requests: 2 planned, 1 unmet"
    public var text: String {
        let parts = RequestStatus.allCases.compactMap { status -> String? in
            guard let count = counts[status], count > 0 else { return nil }
            return "\(count) \(status.rawValue)"
        }
        return "\(total) request\(total == 1 ? "" : "s"): " + (parts.isEmpty ? "none" : parts.joined(separator: ", "))
    }
}

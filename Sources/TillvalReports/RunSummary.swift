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
        total = results.count
        var counts: [RequestStatus: Int] = [:]
        for status in RequestStatus.allCases { counts[status] = 0 }
        for result in results { counts[result.status, default: 0] += 1 }
        self.counts = counts
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

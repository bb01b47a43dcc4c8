import Foundation
import TillvalPlan
import TillvalRuntime
import TillvalSyntax

/// Counts of a run over many requests, printed at the end.
public struct RunSummary: Equatable, Sendable, Codable {
    public var total: Int
    public var counts: [String: Int]

    public init(_ results: [RequestResult]) {
        total = results.count
        var counts: [String: Int] = [:]
        for status in RequestResult.Status.allCases { counts[status.rawValue] = 0 }
        for result in results { counts[result.status.rawValue, default: 0] += 1 }
        self.counts = counts
    }

    /// "3 requests: 2 planned, 1 unmet"
    public var text: String {
        let parts = RequestResult.Status.allCases.compactMap { status -> String? in
            guard let count = counts[status.rawValue], count > 0 else { return nil }
            return "\(count) \(status.rawValue)"
        }
        return "\(total) request\(total == 1 ? "" : "s"): " + (parts.isEmpty ? "none" : parts.joined(separator: ", "))
    }
}

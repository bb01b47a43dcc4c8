import Foundation
import TillvalPlan
import TillvalRuntime

/// Applies a stream of requests in groups (issue 11): `apply` hands each
/// request to `add` as it reads it and prints the results `add` and
/// `finish` give back, in the order the requests were added.
///
/// The seam between the batch run (tillval's `RequestRun`) and the store:
/// an item is anything the caller wants back with its result (the request's
/// position, an already settled result); `plan` nil means the item has
/// nothing to apply and only keeps its place in the order.
///
/// STUB on main while issue 11 is worked on: applies each request in a
/// transaction of its own and gives its result back at once. The grouped
/// version (WAL, a savepoint per request inside a group transaction,
/// results given back only once their group is durable) replaces it with
/// the same API.
public struct ApplyBatch<Item> {
    /// What became of one item: nil when it had nothing to apply.
    public typealias Completed = (item: Item, result: Result<ApplyResult, any Error>?)

    /// The default number of requests committed together.
    public static var defaultGroupSize: Int { 1000 }

    public let store: Store
    public let groupSize: Int

    public init(store: Store, groupSize: Int = ApplyBatch.defaultGroupSize) {
        self.store = store
        self.groupSize = max(1, groupSize)
    }

    /// Queues `item`; returns the items whose results are now final (durable), in order.
    public mutating func add(_ item: Item, plan: RequestPlan?) -> [Completed] {
        guard let plan else { return [(item, nil)] }
        return [(item, Result { try store.apply(plan) })]
    }

    /// Commits what is still queued; returns the remaining items, in order.
    public mutating func finish() -> [Completed] {
        []
    }
}

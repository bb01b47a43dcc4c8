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
/// A group is the next `groupSize` items added (those with nothing to apply
/// count, so a group never holds more): its requests are applied in one
/// write transaction, each inside a savepoint of its own, so each is still
/// all or nothing. A refused request (a conflict) or a failing one is rolled
/// back to its savepoint and the others of the group commit; a later request
/// sees what the earlier ones of its group wrote (the same customer twice).
/// Results come back only once their group's COMMIT returned: the store is
/// in WAL mode with `synchronous = FULL`, so a request reported applied
/// survives a crash or a power loss. When the group cannot be committed (or
/// SQLite ends its transaction early: a full disk, an I/O error), every
/// request of the group is failed with that error and none of them is in
/// the store; a request whose preconditions do not hold, decided without
/// the store, stays refused as such. Items with nothing to apply and no
/// request queued before them come back at once.
///
/// A group also commits early once the bytes its items were read from
/// (`add`'s `bytes`) reach `byteCap` (16 MiB): a memory bound, so a group
/// of large requests does not hold `groupSize` of them, not a limit on the
/// requests (`finish` commits early too, when the caller asks).
///
/// The write lock is held only while a group is applied, not while the
/// caller plans the next requests: other processes' writes wait at most
/// the time of one group.
public struct ApplyBatch<Item> {
    /// What became of one item: nil when it had nothing to apply.
    public typealias Completed = (item: Item, result: Result<ApplyResult, any Error>?)

    /// The default number of requests committed together.
    public static var defaultGroupSize: Int { 1000 }

    public let store: Store
    public let groupSize: Int
    /// The default `byteCap`: 16 MiB.
    public static var defaultByteCap: Int { 16 << 20 }
    /// The bytes of queued items past which the group commits at once.
    public let byteCap: Int

    /// Called before each effect that is performed, inside the group's
    /// transaction (see `Store.apply`): tests throw from it to fail a
    /// request half-way.
    @usableFromInline var beforeEffect: (PlannedEffect) throws -> Void = { _ in }

    /// The items of the group being filled, in order, and their plans
    /// (`plans[i]` is `items[i]`'s): kept apart, so the plans go to the
    /// store and the items back to the caller without being copied (an item
    /// holds its request's whole plan). Both keep their capacity from group
    /// to group.
    ///
    /// `add`, `finish` and `commit` are `@inlinable`, so they are compiled
    /// for the caller's `Item` (issue 11: unspecialised, a group's items and
    /// completed tuples went through the generic value witnesses, about 13 000
    /// instructions per request); what they touch is `@usableFromInline`.
    @usableFromInline var items: [Item] = []
    @usableFromInline var plans: [RequestPlan?] = []
    /// The completed items of the group being handed back, last first.
    @usableFromInline var reversed: [Completed] = []
    /// How many of `plans` are not nil.
    @usableFromInline var requests = 0
    /// The bytes of `items`, as `add` was told them.
    @usableFromInline var queuedBytes = 0

    public init(store: Store, groupSize: Int = ApplyBatch.defaultGroupSize, byteCap: Int = ApplyBatch.defaultByteCap) {
        self.store = store
        self.groupSize = max(1, groupSize)
        self.byteCap = max(1, byteCap)
    }

    /// Queues `item`, read from `bytes` bytes of input (what it holds on to, for the memory bound);
    /// returns the items whose results are now final (durable), in order.
    @inlinable
    public mutating func add(_ item: consuming Item, plan: consuming RequestPlan?, bytes: Int = 0) -> [Completed] {
        // Matched, not compared with nil: `==` on an Optional of an
        // Equatable type would copy the plan to compare it.
        let planned: Bool
        if case .some = plan { planned = true } else { planned = false }
        // Nothing queued before it (`items` holds a request whenever it is not empty).
        if !planned, requests == 0 { return [(item, nil)] }
        if planned { requests += 1 }
        items.append(item)
        plans.append(plan)
        queuedBytes += bytes
        return items.count >= groupSize || queuedBytes >= byteCap ? commit() : []
    }

    /// Commits what is queued (at the end of the input, or early when the
    /// caller asks: its input has nothing to read right now); returns the
    /// queued items, in order. More can be added after.
    @inlinable
    public mutating func finish() -> [Completed] {
        commit()
    }

    /// Applies the queued group and returns every queued item with its result.
    @inlinable
    mutating func commit() -> [Completed] {
        guard requests > 0 else { return [] }
        var results = store.apply(group: plans, beforeEffect: beforeEffect)
        plans.removeAll(keepingCapacity: true)
        requests = 0
        queuedBytes = 0
        // Each item is moved out, not copied: from the end of the group, then
        // from the end of `reversed` (`store.apply` gives a result for each plan).
        while let item = items.popLast(), let result = results.popLast() {
            reversed.append((item, result))
        }
        var completed: [Completed] = []
        completed.reserveCapacity(reversed.count)
        while let next = reversed.popLast() {
            completed.append(next)
        }
        return completed
    }
}

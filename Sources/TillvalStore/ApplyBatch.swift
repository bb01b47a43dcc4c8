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
/// sees what the earlier ones of its group, and of the groups before, wrote
/// (the same customer twice).
/// Results come back only once their group's COMMIT returned: the store is
/// in WAL mode with `synchronous = FULL`, so a request reported applied
/// survives a crash or a power loss. When the group cannot be committed (or
/// SQLite ends its transaction early: a full disk, an I/O error), every
/// request of the group is failed with that error and none of them is in
/// the store; a request whose preconditions do not hold, decided without
/// the store, stays refused as such. Items with nothing to apply and no
/// request queued or in flight before them come back at once.
///
/// **Two groups at a time.** A full group is applied on a worker thread
/// while the caller reads and plans the next one (planning never reads the
/// store), so `apply` keeps two cores busy: the store's inserts and fsyncs on
/// one, reading, planning and reporting on the other. `add` hands a full
/// group to the worker and gives back the group before it, waiting for its
/// COMMIT if needed; `finish` waits for both. Groups are applied one after
/// another, in order, on one connection: what a request sees in the store,
/// and what the store holds after any prefix of groups, is what applying
/// them one by one gives. At most two groups are held (the one being filled
/// and the one being applied), so memory still does not grow with the
/// batch; results come back one group later than they are committed.
///
/// A group also commits early once the bytes its items were read from
/// (`add`'s `bytes`) reach `byteCap` (16 MiB): a memory bound, so a group
/// of large requests does not hold `groupSize` of them, not a limit on the
/// requests (`finish` commits early too, when the caller asks).
///
/// The write lock is held only while a group is applied, not while the
/// caller waits for input: other processes' writes wait at most the time
/// of one group.
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
    /// transaction (see `Store.apply`), on the worker thread, one group at
    /// a time: tests throw from it to fail a request half-way.
    @usableFromInline var beforeEffect: (PlannedEffect) throws -> Void = { _ in }

    /// The items of the group being filled, in order, and their plans
    /// (`plans[i]` is `items[i]`'s): kept apart, so the plans go to the
    /// store and the items back to the caller without being copied (an item
    /// holds its request's whole plan).
    ///
    /// `add`, `finish` and `commit` are `@inlinable`, so they are compiled
    /// for the caller's `Item` (issue 11: unspecialised, a group's items and
    /// completed tuples went through the generic value witnesses, about 13 000
    /// instructions per request); what they touch is `@usableFromInline`.
    @usableFromInline var items: [Item] = []
    @usableFromInline var plans: [RequestPlan?] = []
    /// How many of `plans` are not nil.
    @usableFromInline var requests = 0
    /// The bytes of `items`, as `add` was told them.
    @usableFromInline var queuedBytes = 0
    /// The group the worker is applying, and its items, kept here: only
    /// the plans go to the worker.
    @usableFromInline var inFlight: GroupInFlight?
    @usableFromInline var inFlightItems: [Item] = []
    /// Where groups are applied, one at a time, in the order they were handed on.
    @usableFromInline let worker = DispatchQueue(label: "tillval.apply")

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
        // Nothing queued or in flight before it (`items` holds a request whenever it is not empty).
        if !planned, requests == 0, inFlight == nil { return [(item, nil)] }
        if planned { requests += 1 }
        items.append(item)
        plans.append(plan)
        queuedBytes += bytes
        return items.count >= groupSize || queuedBytes >= byteCap ? commit() : []
    }

    /// Commits what is queued (at the end of the input, or early when the
    /// caller asks: its input has nothing to read right now) and waits for
    /// it; returns every item queued or in flight, in order. More can be
    /// added after.
    @inlinable
    public mutating func finish() -> [Completed] {
        var completed = commit()
        completed += land()
        return completed
    }

    /// Hands the queued group to the worker; returns the group that was in
    /// flight before it, with its results, and the queued items when
    /// nothing of them is to be applied.
    @inlinable
    mutating func commit() -> [Completed] {
        var completed = land()
        guard requests > 0 else {
            // Only items with nothing to apply, behind the group just landed.
            completed.reserveCapacity(completed.count + items.count)
            for item in items { completed.append((item, nil)) }
            items.removeAll(keepingCapacity: true)
            plans.removeAll(keepingCapacity: true)
            queuedBytes = 0
            return completed
        }
        let group = GroupInFlight(store: store, plans: plans, beforeEffect: beforeEffect)
        swap(&items, &inFlightItems)
        plans = []
        plans.reserveCapacity(min(groupSize, 4096))
        requests = 0
        queuedBytes = 0
        inFlight = group
        worker.async { group.apply() }
        return completed
    }

    /// Waits for the group in flight, if any; returns its items with their results, in order.
    @inlinable
    mutating func land() -> [Completed] {
        guard let group = inFlight else { return [] }
        inFlight = nil
        let results = group.wait()
        var completed: [Completed] = []
        completed.reserveCapacity(inFlightItems.count)
        for (index, item) in inFlightItems.enumerated() {
            // `store.apply` gives a result for each plan.
            completed.append((item, index < results.count ? results[index] : nil))
        }
        inFlightItems.removeAll(keepingCapacity: true)
        return completed
    }
}

/// One group handed to `ApplyBatch`'s worker: its plans go in, its results
/// come out once its transaction has committed (or failed). Unchecked
/// Sendable: the caller hands it on before the worker starts and reads the
/// results only after `wait` returned (the semaphore orders the two), and
/// `beforeEffect` runs on the worker only, one group at a time.
///
/// The worker lets go of the store and the plans before it says the group
/// is done: the caller's reference is then the last, so the store is closed
/// where the caller lets go of it (on a thread that a process's exit does
/// not cut short in the middle of folding the log back into the file), not
/// on the worker after the caller has moved on.
@usableFromInline
final class GroupInFlight: @unchecked Sendable {
    private var store: Store?
    private var plans: [RequestPlan?]
    private let beforeEffect: (PlannedEffect) throws -> Void
    private var results: [Result<ApplyResult, any Error>?] = []
    private let done = DispatchSemaphore(value: 0)

    @usableFromInline
    init(store: Store, plans: [RequestPlan?], beforeEffect: @escaping (PlannedEffect) throws -> Void) {
        self.store = store
        self.plans = plans
        self.beforeEffect = beforeEffect
    }

    /// On the worker: applies the group, lets go of what it was given and says it is done.
    @usableFromInline
    func apply() {
        if let store { results = store.apply(group: plans, beforeEffect: beforeEffect) }
        store = nil
        plans = []
        done.signal()
    }

    /// On the caller: the results, once the group's transaction has ended.
    @usableFromInline
    func wait() -> [Result<ApplyResult, any Error>?] {
        done.wait()
        return results
    }
}

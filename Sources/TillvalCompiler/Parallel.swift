import Dispatch
import Foundation

/// Work spread over the machine's cores, with results in input order, so
/// what runs in parallel gives the same output, byte for byte, as the same
/// work run one piece after another (issue 11: `check` on 2 cores).
///
/// `slices` splits `0 ..< count` into at most `width` contiguous slices
/// (`Compiler.threads`), runs `body` for each on a thread of its own and
/// returns their results in slice order. `body` must only read what it
/// shares with the other slices; whatever it builds it returns. Dispatch
/// runs the slices on at most one thread per core, however many there are.
/// What a caller makes of the results must not depend on how many slices
/// there were.
enum Parallel {
    /// The cores this process may use: `Compiler.threads`' default.
    static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Lets go of `value` on another thread: freeing a whole rule set's
    /// declarations and tables (millions of objects) is work the caller
    /// need not wait for. The caller must hand over its last reference
    /// (`consume`); what else still refers to parts of it keeps them.
    static func release<T>(_ value: consuming T) {
        let owned = Unchecked(value)
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(owned) {} }
    }

    /// `body` run for each of at most `width` contiguous, near-equal slices
    /// of `0 ..< count`, in parallel (on at most as many threads as there
    /// are cores); their results in slice order. A count below `minimum` is
    /// one slice, run on the calling thread; an empty range is none.
    static func slices<T>(_ count: Int, width: Int, minimum: Int = 2, _ body: (Range<Int>) -> T) -> [T] {
        let slices = count >= minimum ? max(1, min(width, count)) : min(1, count)
        guard slices > 1 else { return slices == 1 ? [body(0 ..< count)] : [] }
        let results = Results<T>(count: slices)
        withoutActuallyEscaping(body) { body in
            let shared = Unchecked(body)
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                results.set(slice, shared.value(count * slice / slices ..< count * (slice + 1) / slices))
            }
        }
        return results.collected()
    }

    /// One slot per index, each written by exactly one slice, read only
    /// after every slice has ended (`concurrentPerform` returns then).
    private final class Results<T>: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<T?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func set(_ index: Int, _ value: T) {
            slots[index] = value
        }

        func collected() -> [T] {
            slots.map { $0! }
        }
    }

    /// A value shared read-only between the slices.
    private struct Unchecked<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}

/// A deterministic generator (SplitMix64) for the property tests that
/// compare a set-based algorithm with enumeration on random inputs, so a
/// failure can be replayed from its seed.
public struct SeededRandom {
    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    /// True once in `one` times.
    public mutating func chance(_ one: Int) -> Bool { below(one) == 0 }
    /// Each of `items` kept with even odds, in order.
    public mutating func subset<T>(_ items: [T]) -> [T] { items.filter { _ in below(2) == 0 } }
}

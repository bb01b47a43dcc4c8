extension Int {
    /// `self + 1`, or `Int.max` when that would overflow: limits given on the
    /// command line may be as large as `Int.max`, and "one more than the limit"
    /// must not trap then.
    public var saturatingSuccessor: Int {
        let (sum, overflow) = addingReportingOverflow(1)
        return overflow ? .max : sum
    }

    /// `self + other`, or the nearest bound when that would overflow.
    public func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}

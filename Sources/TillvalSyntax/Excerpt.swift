/// The one bounded echo of a value a user gave, for every message of the
/// compiler and the runtime (issue 7): at most `excerptLimit` characters,
/// control characters escaped, "…" when cut. Only the first characters are
/// read, so echoing a value of a megabyte costs as much as echoing a word.
extension CustomStringConvertible {
    /// At most `String.excerptLimit` characters of the text, escaped, with "…" when cut.
    public var excerpt: String {
        description.excerpt(limit: String.excerptLimit)
    }
}

extension String {
    /// How many characters of a value a message shows.
    public static let excerptLimit = 64

    /// At most `limit` characters of the text, escaped, with "…" when cut.
    public func excerpt(limit: Int) -> String {
        let head = prefix(limit + 1)
        guard head.count > limit else { return String(head).escapedForTerminal }
        return String(head.prefix(limit)).escapedForTerminal + "…"
    }
}

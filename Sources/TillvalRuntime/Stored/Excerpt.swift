import TillvalSyntax

/// A bounded, one-line excerpt of a value a user gave, for error messages:
/// at most `limit` characters, cut with "…", control characters shown as
/// `\u{…}` escapes. No message echoes more of an input than this. It is
/// `String.excerpt(limit:)` of TillvalSyntax, the one bounded echo, under
/// the name the store and the command line use.
public enum Excerpt {
    /// The default bound: enough to recognise an id or a path.
    public static let limit = String.excerptLimit

    public static func of(_ text: String, limit: Int = Excerpt.limit) -> String {
        text.excerpt(limit: limit)
    }
}

/// A bounded, one-line excerpt of a value a user gave, for error messages:
/// at most `limit` characters, cut with "…", control characters shown as
/// `\u{…}` escapes. No message echoes more of an input than this.
public enum Excerpt {
    /// The default bound: enough to recognise an id or a path.
    public static let limit = 64

    public static func of(_ text: String, limit: Int = Excerpt.limit) -> String {
        var out = ""
        var count = 0
        for character in text {
            if count == limit { return out + "…" }
            count += 1
            if character.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                out += character.unicodeScalars.map { scalar in
                    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                        ? "\\u{" + String(scalar.value, radix: 16) + "}" : String(scalar)
                }.joined()
            } else {
                out.append(character)
            }
        }
        return out
    }
}

/// Text that came from a user (a request, a store, a plan file) made safe to
/// print on a terminal: every control character — C0 (U+0000–U+001F), DEL
/// (U+007F) and C1 (U+0080–U+009F) — is shown as a Swift-style escape such
/// as `\u{1B}`, so an escape sequence in a customer's name can neither
/// change the window title nor clear the screen. A backslash stays as it is.
extension String {
    /// Every control character escaped, line breaks and tabs included: for
    /// names, ids and other one-line values.
    public var escapedForTerminal: String {
        escapedForTerminal(keeping: [])
    }

    /// Control characters escaped except line feeds and tabs: for multi-line
    /// text such as an email body or a whole report.
    public var escapedForTerminalKeepingLines: String {
        escapedForTerminal(keeping: ["\n", "\t"])
    }

    /// At most `limit` characters of `escapedForTerminal`, with `…` when cut:
    /// for echoing a rejected value in a diagnostic.
    public func escapedForTerminal(limit: Int) -> String {
        let escaped = escapedForTerminal
        guard escaped.count > limit else { return escaped }
        return String(escaped.prefix(limit)) + "…"
    }

    /// Whether the text holds a control character (C0, DEL or C1).
    public var containsControlCharacter: Bool {
        unicodeScalars.contains(where: \.isControlCharacter)
    }

    private func escapedForTerminal(keeping kept: Set<Unicode.Scalar>) -> String {
        guard unicodeScalars.contains(where: { $0.isControlCharacter && !kept.contains($0) }) else { return self }
        var out = ""
        out.unicodeScalars.reserveCapacity(unicodeScalars.count)
        for scalar in unicodeScalars {
            if scalar.isControlCharacter, !kept.contains(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Unicode.Scalar {
    /// C0, DEL or C1: the general category Cc.
    public var isControlCharacter: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }
}

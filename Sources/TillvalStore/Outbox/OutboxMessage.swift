import Foundation
import TillvalPlan
import TillvalRuntime

/// An outbox entry as an RFC 5322 message, the bytes of an `.eml` file: CRLF
/// line ends, a UTF-8 subject and sender name encoded per RFC 2047 when they
/// are not ASCII, and a plain UTF-8 body. Any mail client or `sendmail -t`
/// reads it as is.
///
/// `From:` is the office: its name as the email was queued with, and
/// `address`. `Message-ID:` is `<token@domain>`, the entry's random token
/// at the domain of `address`, so it differs across stores. `Date:` is when
/// the email was queued.
public struct OutboxMessage: Equatable, Sendable {
    /// A line of an 8bit body may not exceed 998 octets (RFC 5322 2.1.1);
    /// a body with a longer line is sent as base64 instead.
    static let maximumLineOctets = 998

    public let entry: OutboxEntry
    /// The sender's address (`office.email`, or `outbox deliver --from`).
    public let address: String

    public init(entry: OutboxEntry, address: String) {
        self.entry = entry
        self.address = address
    }

    /// Whether `text` can stand as an address in `From:`: one `@` with a
    /// dot-atom on each side, ASCII only, so the header needs no quoting.
    public static func isUsableAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-".unicodeScalars)
        return parts.allSatisfy { part in
            !part.isEmpty && part.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
                !atom.isEmpty && atom.unicodeScalars.allSatisfy { atext.contains($0) }
            }
        }
    }

    /// `NNNNNN-<customer id>-<template>.eml`: sorts in queueing order, and
    /// every character outside `A-Z a-z 0-9 . _ -` becomes `_`. A customer
    /// id or template longer than 64 characters is cut to 47 and followed by
    /// `-` and the first 16 hex digits of the SHA-256 of the whole value, so
    /// a name is at most 19 + 1 + 64 + 1 + 64 + 4 = 153 bytes (file systems
    /// allow 255), and unique by its number.
    public var fileName: String { Self.fileName(of: entry) }

    /// The `.eml` file name of `entry` (see `fileName`).
    public static func fileName(of entry: OutboxEntry) -> String {
        let number = String(entry.id)
        let padded = number.count >= 6 ? number : String(repeating: "0", count: 6 - number.count) + number
        return "\(padded)-\(slug(entry.customerID))-\(slug(entry.template)).eml"
    }

    /// The longest part of a file name taken from a value.
    static let slugLimit = 64

    /// `text` sanitized for a file name, at most `slugLimit` characters.
    static func slug(_ text: String) -> String {
        let safe = sanitized(text)
        guard safe.count > slugLimit else { return safe }
        let hash = PlanDigest.sha256(Array(text.utf8)).prefix(16)
        return String(safe.prefix(slugLimit - 17)) + "-" + hash
    }

    /// The whole message: headers, a blank line, the body; every line ends in CRLF.
    public var text: String {
        let date = StoreTimestamp.parse(entry.queuedAt) ?? Date(timeIntervalSince1970: 0)
        var bodyLines = Self.lines(entry.body)
        let needsBase64 = bodyLines.contains { $0.utf8.count > Self.maximumLineOctets }
        let domain = address.split(separator: "@").last.map(String.init) ?? "tillval.invalid"
        var headers = [
            Self.fromHeader(name: entry.senderName, address: address),
            "To: \(Self.oneLine(entry.recipient))",
            Self.subjectHeader(Self.oneLine(entry.subject)),
            "Date: \(StoreTimestamp.rfc5322(date))",
            "Message-ID: <\(Self.sanitized(entry.messageToken))@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
        ]
        if needsBase64 {
            headers.append("Content-Transfer-Encoding: base64")
            let encoded = Data(bodyLines.joined(separator: "\r\n").utf8).base64EncodedString()
            bodyLines = stride(from: 0, to: encoded.count, by: 76).map { start in
                let from = encoded.index(encoded.startIndex, offsetBy: start)
                let to = encoded.index(from, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
                return String(encoded[from..<to])
            }
        } else {
            headers.append("Content-Transfer-Encoding: 8bit")
        }
        return (headers + [""] + bodyLines).map { $0 + "\r\n" }.joined()
    }

    /// The bytes of the `.eml` file.
    public var data: Data { Data(text.utf8) }

    /// The body's lines, whatever line ends it was written with; the final
    /// line end does not make an empty last line.
    static func lines(_ body: String) -> [String] {
        let normalized = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A header value may not break its line nor hold a control character
    /// (RFC 5322 2.2): a CRLF and every other control character — C0, DEL
    /// and C1, so no escape sequence either — becomes a space.
    static func oneLine(_ text: String) -> String {
        let joined = text.replacingOccurrences(of: "\r\n", with: " ")
        return String(String.UnicodeScalarView(joined.unicodeScalars.map {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? " " : $0
        }))
    }

    /// `Subject:` as is when printable ASCII, else as RFC 2047 encoded words
    /// (`=?UTF-8?B?…?=`), folded so no line exceeds 78 characters.
    static func subjectHeader(_ subject: String) -> String {
        let printable = subject.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if printable { return "Subject: \(subject)" }
        // 39 bytes of UTF-8 give 52 characters of base64: "Subject: " plus
        // one 64-character encoded word stays within 78 characters.
        return "Subject: " + encodedWords(subject).joined(separator: "\r\n ")
    }

    /// `From:` with the office's name as the display name: as is when it is
    /// plain ASCII words, quoted when it holds other ASCII, RFC 2047 encoded
    /// words otherwise; control characters become spaces.
    public static func fromHeader(name: String?, address: String) -> String {
        let display = String(String.UnicodeScalarView((name ?? "").unicodeScalars.map {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? " " : $0
        })).trimmingCharacters(in: .whitespaces)
        guard !display.isEmpty else { return "From: \(address)" }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~- ".unicodeScalars)
        let ascii = display.unicodeScalars.allSatisfy { $0.value < 0x7F }
        if ascii, display.unicodeScalars.allSatisfy({ atext.contains($0) }) {
            return "From: \(display) <\(address)>"
        }
        if ascii {
            let quoted = display.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "From: \"\(quoted)\" <\(address)>"
        }
        let words = encodedWords(display)
        let last = words.last ?? ""
        // "From: " is 6 characters; keep the address on the last word's line when it fits.
        let tail = (words.count == 1 ? 6 : 1) + last.count + 2 + address.count + 1 <= 78 ? " <\(address)>" : "\r\n <\(address)>"
        return "From: " + words.joined(separator: "\r\n ") + tail
    }

    /// `text` as RFC 2047 `B` encoded words of at most 39 bytes of UTF-8
    /// each (52 characters of base64), never splitting a character.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 39 {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }

    static func sanitized(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-".unicodeScalars)
        let mapped = String(String.UnicodeScalarView(text.unicodeScalars.map { allowed.contains($0) ? $0 : "_" }))
        return mapped.isEmpty ? "_" : mapped
    }
}

/// Choosing and applying fix-its (the edits of a `Suggestion`), for
/// `tillval check --fix`: only those that are unambiguous, and only the
/// edited ranges of a file change.
public enum FixIts {
    /// The fix-its to apply, by file: each diagnostic's fix-it whose edits
    /// all lie in one file and overlap no edit already chosen (diagnostics
    /// in reading order; the later of two overlapping fix-its is left for a
    /// person). Two insertions at one place overlap, since their order would
    /// be a guess; an edit equal to one already chosen is chosen once.
    /// `fixed` counts the diagnostics whose fix-it was chosen, by file.
    public static func choose(_ diagnostics: [Diagnostic]) -> (edits: [String: [SourceEdit]], fixed: [String: Int]) {
        var chosen: [String: [SourceEdit]] = [:]
        var fixed: [String: Int] = [:]
        for diagnostic in Diagnostic.sorted(diagnostics) {
            guard let edits = diagnostic.suggestion?.edits, let file = edits.first?.range.file,
                  edits.allSatisfy({ $0.range.start.file == file && $0.range.end.file == file && !($0.range.end < $0.range.start) })
            else { continue }
            let taken = chosen[file] ?? []
            let new = edits.filter { !taken.contains($0) }
            if new.isEmpty { continue }
            let clashes = new.enumerated().contains { index, edit in
                taken.contains { overlap($0, edit) } || new[..<index].contains { overlap($0, edit) }
            }
            if clashes { continue }
            chosen[file, default: []] += new
            fixed[file, default: 0] += 1
        }
        return (chosen, fixed)
    }

    /// Whether two edits touch the same text, or insert at the same place.
    static func overlap(_ a: SourceEdit, _ b: SourceEdit) -> Bool {
        let (a0, a1, b0, b1) = (a.range.start, a.range.end, b.range.start, b.range.end)
        if a0 == a1 || b0 == b1 {
            // An insertion clashes with an insertion at the same place, or with an edit around it.
            if a0 == a1 && b0 == b1 { return a0 == b0 }
            let (point, start, end) = a0 == a1 ? (a0, b0, b1) : (b0, a0, a1)
            return start < point && point < end
        }
        return a0 < b1 && b0 < a1
    }

    /// `bytes` with `edits` made, or nil when an edit does not fit the text
    /// (a line or column beyond the end, a file that is not UTF-8, line
    /// breaks libyaml counts but this does not: a lone carriage return).
    /// Columns count Unicode scalars from the first after a byte order mark,
    /// as libyaml does; the mark and every byte outside the edits stay as
    /// they are, and a `\n` in a replacement becomes `\r\n` in a file whose
    /// lines end so.
    public static func apply(_ edits: [SourceEdit], to bytes: [UInt8]) -> [UInt8]? {
        guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var lineStarts = [0]
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") {
                lineStarts.append(index + 1)
            } else if byte == UInt8(ascii: "\r"), index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n") {
                return nil
            }
        }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if bytes.starts(with: bom) { lineStarts[0] = 3 }
        let crlf = bytes.firstIndex(of: UInt8(ascii: "\n")).map { $0 > 0 && bytes[$0 - 1] == UInt8(ascii: "\r") } ?? false

        func offset(_ location: SourceLocation) -> Int? {
            guard location.line >= 1, location.line <= lineStarts.count, location.column >= 1 else { return nil }
            var index = lineStarts[location.line - 1]
            var end = location.line < lineStarts.count ? lineStarts[location.line] - 1 : bytes.count
            if end > index, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            var column = 1
            while column < location.column {
                guard index < end else { return nil }
                index += 1
                while index < end, bytes[index] & 0xC0 == 0x80 { index += 1 }
                column += 1
            }
            return index
        }

        var spans: [(start: Int, end: Int, replacement: [UInt8])] = []
        for edit in edits {
            guard let start = offset(edit.range.start), let end = offset(edit.range.end), start <= end else { return nil }
            var text: [UInt8] = []
            for byte in edit.replacement.utf8 {
                if crlf, byte == UInt8(ascii: "\n"), text.last != UInt8(ascii: "\r") { text.append(UInt8(ascii: "\r")) }
                text.append(byte)
            }
            spans.append((start, end, text))
        }
        spans.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        for (previous, next) in zip(spans, spans.dropFirst()) where next.start < previous.end || (next.start == previous.start && previous.start == previous.end && next.start == next.end) {
            return nil
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var copied = 0
        for span in spans {
            result += bytes[copied..<span.start]
            result += span.replacement
            copied = span.end
        }
        result += bytes[copied...]
        return result
    }
}

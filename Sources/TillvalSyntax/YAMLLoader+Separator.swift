/// Two documents written one after the other without the `---` between them
/// read as one mapping whose keys repeat: `kind`, `id`, `doc`… each a
/// duplicate key, and the second declaration lost. When the top-level
/// block mapping repeats its first key (or `kind`) in column 1, that line is where
/// a document was meant to start: it is reported once there, and the lines
/// from it on are loaded as a document of their own.
extension YAMLLoader {
    func loadSplittingDocuments(_ file: SourceFile, bytes: ArraySlice<UInt8>, firstLine: Int) -> (documents: [YAMLDocument], diagnostics: [Diagnostic]) {
        let whole = loadOnce(file, bytes: bytes, firstLine: firstLine)
        let starts = Self.missingSeparators(whole)
        guard !starts.isEmpty else { return whole }
        var documents: [YAMLDocument] = []
        var diagnostics: [Diagnostic] = []
        var chunkStart = bytes.startIndex
        var chunkLine = firstLine
        var line = firstLine
        var index = bytes.startIndex
        func loadChunk(upTo end: Int) {
            let part = loadOnce(file, bytes: bytes[chunkStart..<end], firstLine: chunkLine)
            documents += part.documents
            diagnostics += part.diagnostics
        }
        for start in starts {
            while line < start.line, index < bytes.endIndex {
                if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                index += 1
            }
            guard line == start.line else { break }
            loadChunk(upTo: index)
            diagnostics.append(start.diagnostic)
            chunkStart = index
            chunkLine = line
        }
        loadChunk(upTo: bytes.endIndex)
        return (documents, diagnostics)
    }

    /// The lines, in order, where a top-level key repeats the first key of
    /// its document (or its `kind`), each with the diagnostic that says so.
    private static func missingSeparators(_ loaded: (documents: [YAMLDocument], diagnostics: [Diagnostic])) -> [(line: Int, diagnostic: Diagnostic)] {
        var found: [Int: Diagnostic] = [:]
        for diagnostic in loaded.diagnostics where diagnostic.code == .duplicateKey {
            guard let range = diagnostic.range, range.start.column == 1, found[range.start.line] == nil,
                  let first = diagnostic.notes.first?.range?.start, first.column == 1 else { continue }
            for document in loaded.documents {
                guard let pairs = document.root?.pairs,
                      let index = pairs.firstIndex(where: { $0.keyRange.start == first }),
                      index == 0 || pairs[index].key == "kind" else { continue }
                let key = pairs[index].key
                found[range.start.line] = Diagnostic(
                    LoadMessage.missingSeparator(key: key),
                    at: range,
                    notes: [DiagnosticNote(LoadMessage.Note.keyFirstUsedHere(key), at: pairs[index].keyRange)],
                    suggestion: Suggestion(LoadMessage.Help.insertSeparator, replacing: SourceRange(at: range.start), with: "---\n"))
            }
        }
        return found.keys.sorted().compactMap { line in found[line].map { (line, $0) } }
    }
}

import Foundation
import TillvalSyntax

/// One request as read from a file, before it is checked against a plan.
public struct RequestDocument: Sendable {
    public var root: YAMLNode
    /// Where the document starts, naming the request in reports.
    public var start: SourceLocation
}

/// Reads request files: YAML (one or more documents), JSON, or JSON Lines
/// (one request per line). JSON is read through the same libyaml loader, so
/// a JSON request's diagnostics have positions too.
public enum RequestReader {
    public struct Output: Sendable {
        public var documents: [RequestDocument]
        public var diagnostics: [Diagnostic]
        public var sources: SourceMap
    }

    /// Reads `path` (`-` for standard input).
    public static func read(path: String, loader: YAMLLoader = YAMLLoader()) -> Output {
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                data = nil
            } else {
                data = FileManager.default.contents(atPath: path)
            }
        }
        guard let data else {
            return Output(documents: [], diagnostics: [Diagnostic(.unreadableInput, "cannot read request file '\(path)'", at: nil,
                                                                  suggestion: Suggestion("give the path of a .yaml, .json or .jsonl request file"))],
                          sources: SourceMap())
        }
        return read(SourceFile(path: path == "-" ? "<stdin>" : path, bytes: [UInt8](data)), loader: loader)
    }

    public static func read(_ file: SourceFile, loader: YAMLLoader = YAMLLoader()) -> Output {
        var documents: [RequestDocument] = []
        var diagnostics: [Diagnostic] = []
        func take(_ loaded: (documents: [YAMLDocument], diagnostics: [Diagnostic])) {
            diagnostics += loaded.diagnostics
            for document in loaded.documents {
                guard let root = document.root else { continue }
                documents.append(RequestDocument(root: root, start: root.range.start))
            }
        }
        if file.path.hasSuffix(".jsonl") {
            var lineStart = 0
            var lineNumber = 1
            let bytes = file.bytes
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                let line = bytes[lineStart..<lineEnd]
                if line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }) {
                    take(loader.load(file, bytes: line, firstLine: lineNumber))
                }
                lineStart = lineEnd + 1
                lineNumber += 1
            }
        } else {
            take(loader.load(file))
        }
        return Output(documents: documents, diagnostics: diagnostics, sources: SourceMap([file]))
    }
}

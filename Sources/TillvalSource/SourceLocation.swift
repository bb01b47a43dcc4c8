/// A point in a source file, 1-based, so that every consumer (renderers,
/// plans, reports, editors) agrees on one convention and nobody converts
/// twice. It is the one position type of tillval: diagnostics
/// (`TillvalSyntax`), the plan's origins (`SourceLocation` in `TillvalPlan` is
/// this type) and the JSON reports all carry it, coded as
/// `{"column": …, "file": …, "line": …}`.
public struct SourceLocation: Hashable, Sendable, Codable, Comparable {
    /// The file's path as shown to people and written in plans: the rule
    /// directory as given, joined with the file's path below it (see
    /// `RuleSetReader`). A display string, not a path to open: the compiler
    /// works with `FilePath`s and makes this text once, when it reads a file.
    public var file: String {
        get { path.text }
        set { path = SourcePath(newValue) }
    }
    /// The same path, interned: a location copies no string (positions are
    /// copied with every node, declaration and diagnostic, issue 11).
    public var path: SourcePath
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode scalars as libyaml does.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.init(path: SourcePath(file), line: line, column: column)
    }

    /// A location in the file of `path`: what a reader makes for every
    /// position of one file, interning its path once.
    public init(path: SourcePath, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.path != rhs.path { return lhs.file.utf8.lexicographicallyPrecedes(rhs.file.utf8) }
        return (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }

    private enum CodingKeys: String, CodingKey {
        case file, line, column
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let file = try container.decode(String.self, forKey: .file)
        let line = try container.decode(Int.self, forKey: .line)
        let column = try container.decode(Int.self, forKey: .column)
        self.init(file: file, line: line, column: column)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
    }
}

/// A half-open span in one file; the end is where underlining stops.
public struct SourceRange: Hashable, Sendable, Codable {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// A range for places that have only a start, such as a whole file.
    public init(at location: SourceLocation) {
        self.start = location
        self.end = location
    }

    public var file: String { start.file }
}

extension SourceRange {
    /// The range itself when it starts and ends on one line, else nil: the
    /// ranges a fix-it may replace by a one-line text without also eating a
    /// line break or the indentation of what follows (a block mapping ends
    /// where the next token starts).
    public var onOneLine: SourceRange? {
        start.path == end.path && start.line == end.line && end.column >= start.column ? self : nil
    }
}

/// One edit of a fix-it: the text in `range` (a line and column in Unicode
/// scalars, end excluded; an empty range inserts) becomes `replacement`.
public struct SourceEdit: Hashable, Sendable, Codable {
    public var range: SourceRange
    public var replacement: String

    public init(range: SourceRange, replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

import TillvalSyntax

/// One request as read from a file, before it is checked against a plan.
public struct RequestDocument: Sendable {
    public var root: YAMLNode
    /// Where the document starts, naming the request in reports.
    public var start: SourceLocation

    public init(root: YAMLNode, start: SourceLocation) {
        self.root = root
        self.start = start
    }
}

/// One request of a request file as read: its document when it could be
/// read cleanly, and the problems found while reading it. An entry with
/// diagnostics is never bound, planned or applied.
public struct RequestEntry: Sendable {
    public var start: SourceLocation
    public var document: RequestDocument?
    public var diagnostics: [Diagnostic]

    public init(start: SourceLocation, document: RequestDocument?, diagnostics: [Diagnostic]) {
        self.start = start
        self.document = document
        self.diagnostics = diagnostics
    }
}

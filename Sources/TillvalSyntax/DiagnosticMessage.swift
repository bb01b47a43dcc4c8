/// What a diagnostic says, as a value. Each stage has one message type — an
/// enum whose cases carry typed arguments — that makes the code, the severity
/// and the text of each of its diagnostics in one place (in the spirit of
/// swift-syntax's `DiagnosticMessage`); call sites name a case, never build
/// a message string or pick a code.
///
/// The text is one sentence without a final full stop; arguments a user
/// wrote are bounded and escaped (`String.excerpt`) by the message type.
public protocol DiagnosticMessage: Sendable {
    var code: DiagnosticCode { get }
    var text: String { get }
    /// The code's own severity unless the message says otherwise.
    var severity: Severity { get }
}

extension DiagnosticMessage {
    public var severity: Severity { code.severity }
}

extension Diagnostic {
    public init(_ message: some DiagnosticMessage, at range: SourceRange?, notes: [DiagnosticNote] = [], suggestion: Suggestion? = nil) {
        self.init(message.code, message.text, at: range, severity: message.severity, notes: notes, suggestion: suggestion)
    }
}

extension DiagnosticSink {
    public mutating func emit(_ message: some DiagnosticMessage, at range: SourceRange?, notes: [DiagnosticNote] = [],
                              suggestion: Suggestion? = nil) {
        emit(Diagnostic(message, at: range, notes: notes, suggestion: suggestion))
    }
}

/// What a note of a diagnostic says ("first used here"), as a value: a
/// stage's message type has its notes as an enum beside its messages, so
/// everything a diagnostic says is worded in one place.
public protocol NoteMessage: Sendable {
    var text: String { get }
}

/// What the help line of a diagnostic says ("remove the tag"), as a value;
/// its fix-it, when there is one, is the edits given with it.
public protocol HelpMessage: Sendable {
    var text: String { get }
}

extension DiagnosticNote {
    public init(_ note: some NoteMessage, at range: SourceRange?) {
        self.init(note.text, at: range)
    }
}

extension Suggestion {
    public init(_ help: some HelpMessage, edits: [SourceEdit] = []) {
        self.init(help.text, edits: edits)
    }

    public init(_ help: some HelpMessage, replacing range: SourceRange?, with replacement: String) {
        self.init(help.text, replacing: range, with: replacement)
    }
}

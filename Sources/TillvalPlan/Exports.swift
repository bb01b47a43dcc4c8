/// The plan's API speaks of source positions (`SourceLocation`): whoever
/// imports the plan sees that type too.
@_exported import TillvalSource

import SystemPackage
import TillvalSyntax

/// The messages of the reading stage: finding and reading the files of a
/// rule set (`RuleSetReader`, `Compiler.compile(file:)`) and reading the
/// keys and values of a mapping (`MappingReader`, `ValueReader`). Each case
/// makes its code and its text; call sites name a case with typed
/// arguments. Paths are `FilePath`s, shown as their `string`; a rule file is
/// named as its diagnostics name it (`SourceFile.path`); a path the user
/// gave (the rule directory, the file given to `check FILE`) is echoed as
/// it was written, `Rules/` as `Rules/`.
///
/// `what` and `context` are the caller's words for a value or a mapping
/// ("'title'", "an item of 'products'", "a scenario"), already bounded.
enum ReadMessage: DiagnosticMessage {
    // Finding and reading files.
    case directoryMissing(given: String)
    case notADirectory(given: String)
    case tooManyFiles(directory: String, maximum: Int)
    case fileTooLarge(file: String, size: Int, maximum: Int)
    case ruleSetTooLarge(directory: String, maximum: Int)
    case notARegularFile(file: String)
    case cannotRead(file: String)
    case noRuleFiles(directory: String)
    case cannotList(directory: FilePath)
    case ruleFileMissing(given: String)
    case notARuleFile(given: String, directory: FilePath)

    // Reading a mapping's keys.
    case notAMapping(context: String, found: String)
    /// Entries indented like the key above them, which has no value: `keys` as written.
    case indentedTooLittle(keys: [String], parent: String)
    case unknownKey(String, context: String)
    case missingKey(String, context: String)
    /// A required key that is there with no value (`when:`, `when: ~`, `when: null`).
    case emptyKey(String, context: String)

    // Reading single values.
    case notAText(what: String, found: String)
    case notAList(what: String, found: String)
    case notTrueOrFalse(what: String, found: String)
    case notTrueOrFalseValue(what: String, value: String)
    /// What the identifier rule asks of `value` is said by `Identifier.rule`.
    case notAnIdentifier(what: String, value: String)

    var code: DiagnosticCode {
        switch self {
        case .directoryMissing, .notADirectory, .notARegularFile, .cannotRead, .cannotList, .ruleFileMissing, .notARuleFile:
            return .unreadableInput
        case .tooManyFiles, .ruleSetTooLarge: return .ruleSetTooLarge
        case .fileTooLarge: return .fileTooLarge
        case .noRuleFiles: return .noRuleFiles
        case .notAMapping, .notAText, .notAList, .notTrueOrFalse: return .wrongType
        case .indentedTooLittle, .unknownKey: return .unknownKey
        case .missingKey, .emptyKey: return .missingKey
        case .notTrueOrFalseValue: return .invalidValue
        case .notAnIdentifier: return .invalidIdentifier
        }
    }

    var text: String {
        switch self {
        case .directoryMissing(let directory):
            return "rule directory '\(directory)' does not exist"
        case .notADirectory(let directory):
            return "'\(directory)' is not a directory"
        case .tooManyFiles(let directory, let maximum):
            return "the rule set in '\(directory)' has more than \(maximum) rule files; none is read"
        case .fileTooLarge(let file, let size, let maximum):
            return "'\(file)' is \(size) bytes; rule files are limited to \(maximum) bytes, so it is not read"
        case .ruleSetTooLarge(let directory, let maximum):
            return "the rule set in '\(directory)' is larger than \(maximum) bytes; this file and those after it are not read"
        case .notARegularFile(let file):
            return "'\(file)' is not a regular file, so it is not read"
        case .cannotRead(let file):
            return "cannot read '\(file)'"
        case .noRuleFiles(let directory):
            return "'\(directory)' holds no rule files (*.yaml or *.yml)"
        case .cannotList(let directory):
            return "cannot list directory '\(directory.string)'"
        case .ruleFileMissing(let file):
            return "rule file '\(file)' does not exist"
        case .notARuleFile(let file, let directory):
            return "'\(file)' is not a rule file of the rule set in '\(directory.string)'"
        case .notAMapping(let context, let found):
            return "\(context) must be a mapping, found \(found)"
        case .indentedTooLittle(let keys, let parent):
            let names = keys.map { "'\($0.excerpt)'" }
            let listed = names.count == 1 ? "\(names[0]) is" : names.dropLast().joined(separator: ", ") + " and \(names[names.count - 1]) are"
            return "\(listed) probably meant under '\(parent):', which has no value, but indented like '\(parent.excerpt)'"
        case .unknownKey(let key, let context):
            return "unknown key '\(key.excerpt)' in \(context)"
        case .missingKey(let key, let context):
            return "\(context) is missing the required key '\(key.excerpt)'"
        case .emptyKey(let key, let context):
            return "\(context) has the required key '\(key.excerpt)' with no value"
        case .notAText(let what, let found):
            return "\(what) must be a text, found \(found)"
        case .notAList(let what, let found):
            return "\(what) must be a list, found \(found)"
        case .notTrueOrFalse(let what, let found):
            return "\(what) must be true or false, found \(found)"
        case .notTrueOrFalseValue(let what, let value):
            return "\(what) must be true or false, found '\(value.excerpt)'"
        case .notAnIdentifier(let what, let value):
            return "\(what) '\(value.excerpt)' is not an identifier: \(Identifier.rule(value))"
        }
    }
}

extension ReadMessage {
    /// The help lines of the reading stage.
    enum Help: HelpMessage, Hashable {
        case giveDirectory
        case giveDirectoryOfRules
        case raiseMaximumFiles
        case raiseMaximumFileSize
        case raiseMaximumRuleSetSize
        case regularFilesOnly
        case checkReadable
        case pointAtRules
        case giveRuleFileOrDirectory
        case giveReadableRuleFile
        /// The text to write instead, in full (a key and its value, an identifier).
        case write(String)
        case indentFurther(keys: [String], than: String)
        case knownKeys([String])
        case addKey(String)
        /// A value to write after a required key left empty.
        case giveValue(String)
        /// A list written as a plain text, and the list to write (shown as an excerpt).
        case writeAsList(String)
        /// A plain text where a list is expected: the list of that one text.
        case writeAsListOf(String)
        case writeTrueOrFalse

        var text: String {
            switch self {
            case .giveDirectory: return "give the path of a directory of rule files"
            case .giveDirectoryOfRules: return "give the directory that holds the rule files"
            case .raiseMaximumFiles: return "point at the directory that holds only the rules, or raise the limit with --max-files"
            case .raiseMaximumFileSize: return "split the file, or raise the limit with --max-file-size"
            case .raiseMaximumRuleSetSize: return "point at the directory that holds only the rules, or raise the limit with --max-rule-set-size"
            case .regularFilesOnly: return "rule files are regular files: remove the pipe, socket or device, or rename it so it does not end in .yaml"
            case .checkReadable: return "check that the file exists and is readable (a broken link?)"
            case .pointAtRules: return "point at the directory that holds the rules, for example 'Rules'"
            case .giveRuleFileOrDirectory: return "give the path of a rule file or of a rule directory"
            case .giveReadableRuleFile:
                return "give a .yaml or .yml file whose path has no name starting with '.' and no linked directory, or a rule directory"
            case .write(let text): return "write '\(text)'"
            case .indentFurther(let keys, let parent):
                return "indent \(keys.map { "'\($0.excerpt)'" }.joined(separator: ", ")) further than '\(parent.excerpt)'"
            case .knownKeys(let keys): return "known keys: \(keys.sorted().joined(separator: ", "))"
            case .addKey(let key): return "add '\(key): …'"
            case .giveValue(let key): return "write its value after '\(key.excerpt):'"
            case .writeAsList(let list): return "write it as a list: \(list.excerpt)"
            case .writeAsListOf(let text): return "write it as a list: [\(text)]"
            case .writeTrueOrFalse: return "write true or false"
            }
        }
    }

    /// The notes of the reading stage.
    enum Note: NoteMessage, Hashable {
        /// The key left empty that entries indented too little were probably meant under.
        case parentKeyIsHere(String)

        var text: String {
            switch self {
            case .parentKeyIsHere(let key): return "'\(key.excerpt)' is here"
            }
        }
    }
}

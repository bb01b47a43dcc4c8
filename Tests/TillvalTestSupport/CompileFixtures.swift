import Foundation

/// The compile fixtures, Tests/Fixtures/compile/NAME: each a rule set that
/// breaks one rule (or shows one valid feature), with its goldens.
///
/// Most fixtures differ from a known-good rule set in one or two files, so a
/// fixture holds only those: its `overlay` file names the baseline it starts
/// from (a frozen rule set under Tests/Fixtures/baselines/, never Rules/,
/// which people edit) and the baseline files it removes, and its `rules/`
/// directory holds the files it adds or replaces. A fixture without an
/// `overlay` file is its `rules/` directory alone.
///
///     baseline minimal          the rule set Tests/Fixtures/baselines/minimal
///     remove products.yaml      a baseline file this fixture goes without
///
/// The tests compile the composed rule set, written once per test process to
/// a temporary tree that mirrors the repository's layout
/// (`<root>/Tests/Fixtures/compile/NAME/rules`), so a path relative to the
/// repository root is the same relative to `root`.
public enum CompileFixtures {
    public static let directory = "Tests/Fixtures/compile"
    public static let baselines = "Tests/Fixtures/baselines"

    /// The fixtures' names, sorted.
    public static var names: [String] { Repository.subdirectories(directory) }

    /// What a fixture's `overlay` file says.
    public struct Overlay: Equatable, Sendable {
        public var baseline: String
        public var removed: [String]

        public init(baseline: String, removed: [String]) {
            self.baseline = baseline
            self.removed = removed
        }
    }

    public struct CompositionError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The overlay of fixture `name`, or nil when it stands alone.
    public static func overlay(_ name: String) throws -> Overlay? {
        let path = Repository.path("\(directory)/\(name)/overlay")
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var baseline: String?
        var removed: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            switch (words.first, words.count) {
            case ("baseline", 2) where baseline == nil: baseline = words[1]
            case ("remove", 2): removed.append(words[1])
            default: throw CompositionError(description: "\(name)/overlay: cannot read '\(line)'")
            }
        }
        guard let baseline else { throw CompositionError(description: "\(name)/overlay names no baseline") }
        return Overlay(baseline: baseline, removed: removed)
    }

    /// The regular files and symbolic links below `directory`, as paths relative to it, sorted.
    /// Symbolic links are listed, not followed.
    public static func files(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            let type = enumerator.fileAttributes?[.type] as? FileAttributeType
            if type == .typeSymbolicLink || type == .typeRegular { files.append(path) }
        }
        return files.sorted()
    }

    /// Writes the composed rule set of fixture `name` to `destination` (which must not exist yet).
    public static func compose(_ name: String, into destination: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: destination, withIntermediateDirectories: true)
        func copy(_ relative: String, from source: String) throws {
            let target = destination.appendingPathComponent(relative)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if manager.fileExists(atPath: target.path) || (try? manager.destinationOfSymbolicLink(atPath: target.path)) != nil {
                try manager.removeItem(at: target)
            }
            let from = source + "/" + relative
            if let link = try? manager.destinationOfSymbolicLink(atPath: from) {
                try manager.createSymbolicLink(atPath: target.path, withDestinationPath: link)
            } else {
                try manager.copyItem(atPath: from, toPath: target.path)
            }
        }
        if let overlay = try overlay(name) {
            let base = Repository.path("\(baselines)/\(overlay.baseline)")
            let baseFiles = files(under: base)
            guard !baseFiles.isEmpty else { throw CompositionError(description: "\(name): no baseline '\(overlay.baseline)'") }
            for removed in overlay.removed where !baseFiles.contains(removed) {
                throw CompositionError(description: "\(name)/overlay removes '\(removed)', which baseline '\(overlay.baseline)' does not have")
            }
            for file in baseFiles where !overlay.removed.contains(file) { try copy(file, from: base) }
        }
        let own = Repository.path("\(directory)/\(name)/rules")
        for file in files(under: own) { try copy(file, from: own) }
    }

    /// The composed fixtures, written once per process; removed when it exits.
    private static let composed: Result<URL, CompositionError> = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tillval-fixtures-\(UUID().uuidString)")
        composedRoot = root.path
        atexit { if let root = CompileFixtures.composedRoot { try? FileManager.default.removeItem(atPath: root) } }
        do {
            for name in names {
                try compose(name, into: root.appendingPathComponent("\(directory)/\(name)/rules"))
            }
            return .success(root)
        } catch let error as CompositionError {
            return .failure(error)
        } catch {
            return .failure(CompositionError(description: "composing the fixtures: \(error)"))
        }
    }()
    nonisolated(unsafe) private static var composedRoot: String?

    /// Why the fixtures could not be composed, or nil.
    public static var compositionError: CompositionError? {
        if case .failure(let error) = composed { return error }
        return nil
    }

    /// The root of the composed tree: run `tillval` there to name a fixture as
    /// `Tests/Fixtures/compile/NAME/rules`, as from the repository root.
    public static var root: URL {
        switch composed {
        case .success(let root): root
        case .failure: URL(fileURLWithPath: "/nonexistent/tillval-fixtures")
        }
    }

    /// The composed rule set of fixture `name`.
    public static func rules(_ name: String) -> String {
        root.appendingPathComponent("\(directory)/\(name)/rules").path
    }

    /// A fresh copy of fixture `name`'s composed rule set at `destination`, to change.
    public static func copyRules(_ name: String, to destination: URL) throws {
        try compose(name, into: destination)
    }
}

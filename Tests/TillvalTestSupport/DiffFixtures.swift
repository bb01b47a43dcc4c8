import Foundation

/// The diff fixtures, Tests/Fixtures/diff/NAME: each one real edit of a
/// frozen rule set (or none, written differently), with the goldens of
/// `tillval diff` between the rule set before (`base`) and after (`head`).
///
/// A fixture's `overlay` file names the baseline both sides start from and,
/// one a line, what each side goes without:
///
///     baseline shipped                        Tests/Fixtures/baselines/shipped
///     base-remove scenarios/registered.yaml   a baseline file the base side (and so the head) goes without
///     remove procedures/open-offer.yaml       a file the edit deletes
///
/// The base side is the baseline, less its `base-remove` files, with the
/// fixture's `base/` directory (if any) laid over it: most fixtures have
/// none, so their base is the baseline itself. The head side is the base,
/// less the `remove` files, with the fixture's `rules/` laid over it — so
/// `rules/` holds exactly the files the edit adds or changes.
public enum DiffFixtures {
    public static let directory = "Tests/Fixtures/diff"

    /// The fixtures' names, sorted.
    public static var names: [String] { Repository.subdirectories(directory) }

    /// What a fixture's `overlay` file says.
    public struct Overlay: Equatable, Sendable {
        public var baseline: String
        public var baseRemoved: [String]
        public var removed: [String]
    }

    public struct CompositionError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func overlay(_ name: String) throws -> Overlay {
        let text = try Repository.text("\(directory)/\(name)/overlay")
        var baseline: String?
        var overlay = Overlay(baseline: "", baseRemoved: [], removed: [])
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            switch (words.first, words.count) {
            case ("baseline", 2) where baseline == nil: baseline = words[1]
            case ("base-remove", 2): overlay.baseRemoved.append(words[1])
            case ("remove", 2): overlay.removed.append(words[1])
            default: throw CompositionError(description: "\(name)/overlay: cannot read '\(line)'")
            }
        }
        guard let baseline else { throw CompositionError(description: "\(name)/overlay names no baseline") }
        overlay.baseline = baseline
        return overlay
    }

    /// The two sides of fixture `name`, composed under `destination` (which
    /// must not exist yet) as `destination/base` and `destination/head`.
    public static func compose(_ name: String, into destination: URL) throws {
        let manager = FileManager.default
        let overlay = try overlay(name)
        let baseline = Repository.path("\(CompileFixtures.baselines)/\(overlay.baseline)")
        let baselineFiles = CompileFixtures.files(under: baseline)
        guard !baselineFiles.isEmpty else { throw CompositionError(description: "\(name): no baseline '\(overlay.baseline)'") }
        let base = destination.appendingPathComponent("base"), head = destination.appendingPathComponent("head")
        func lay(_ source: String, over target: URL) throws {
            for file in CompileFixtures.files(under: source) {
                let to = target.appendingPathComponent(file)
                try manager.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
                if manager.fileExists(atPath: to.path) { try manager.removeItem(at: to) }
                try manager.copyItem(atPath: source + "/" + file, toPath: to.path)
            }
        }
        func remove(_ files: [String], from side: URL, what: String) throws {
            for file in files {
                let path = side.appendingPathComponent(file).path
                guard manager.fileExists(atPath: path) else {
                    throw CompositionError(description: "\(name)/overlay: \(what) '\(file)', which that side does not have")
                }
                try manager.removeItem(atPath: path)
            }
        }
        try manager.createDirectory(at: base, withIntermediateDirectories: true)
        try lay(baseline, over: base)
        try remove(overlay.baseRemoved, from: base, what: "base-remove")
        try lay(Repository.path("\(directory)/\(name)/base"), over: base)
        try manager.copyItem(at: base, to: head)
        try remove(overlay.removed, from: head, what: "remove")
        try lay(Repository.path("\(directory)/\(name)/rules"), over: head)
    }

    /// A fixture's own files that repeat what they stand on byte for byte
    /// (a `base/` file equal to the baseline's, a `rules/` file equal to the
    /// base side's): each such file is a mistake, the edit is not minimal.
    public static func needlessFiles(_ name: String, composedAt destination: URL) throws -> [String] {
        let overlay = try overlay(name)
        let baseline = Repository.path("\(CompileFixtures.baselines)/\(overlay.baseline)")
        var needless: [String] = []
        func same(_ a: String, _ b: String) -> Bool {
            guard let left = FileManager.default.contents(atPath: a) else { return false }
            return left == FileManager.default.contents(atPath: b)
        }
        let own = Repository.path("\(directory)/\(name)")
        for file in CompileFixtures.files(under: own + "/base") where same(own + "/base/" + file, baseline + "/" + file) {
            needless.append("base/" + file)
        }
        let base = destination.appendingPathComponent("base").path
        for file in CompileFixtures.files(under: own + "/rules") where same(own + "/rules/" + file, base + "/" + file) {
            needless.append("rules/" + file)
        }
        return needless
    }
}

import Foundation

/// The seed corpora, assembled from the repository: every shipped rule file,
/// every compile fixture's rule set, every example and request fixture.
public enum FuzzSeeds {
    public struct Seed: Sendable {
        /// A file name for the corpus directory.
        public var name: String
        public var bytes: [UInt8]
    }

    /// Seeds for the rules target, from the repository at `root`.
    public static func rules(root: String) -> [Seed] {
        var seeds: [Seed] = []
        // Each shipped file on its own: the input is the shipped rule set, which mutations then change one file of.
        let shipped = RulesFuzzer.Base(directory: root + "/Rules")
        for file in shipped.files {
            seeds.append(Seed(name: "rules-" + flat(file.path), bytes: RuleSetInput.encode([file], standalone: false)))
        }
        // Each compile fixture as a rule set of its own.
        let fixtures = root + "/Tests/Fixtures/compile"
        for name in directories(fixtures) {
            let files = fixtureFiles(fixtures + "/" + name, baselines: root + "/Tests/Fixtures/baselines")
            guard !files.isEmpty else { continue }
            seeds.append(Seed(name: "fixture-" + name, bytes: RuleSetInput.encode(files, standalone: true)))
        }
        return seeds
    }

    /// A compile fixture's rule set: its own `rules/` files laid over the
    /// baseline its `overlay` file names, less the baseline files the overlay
    /// removes (the layout Tests/Fixtures/README.md describes).
    static func fixtureFiles(_ fixture: String, baselines: String) -> [(path: String, bytes: [UInt8])] {
        var files: [(path: String, bytes: [UInt8])] = []
        if let text = try? String(contentsOfFile: fixture + "/overlay", encoding: .utf8) {
            var baseline: String?
            var removed: Set<String> = []
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard words.count == 2 else { continue }
                if words[0] == "baseline" { baseline = words[1] } else if words[0] == "remove" { removed.insert(words[1]) }
            }
            if let baseline {
                files = RulesFuzzer.Base(directory: baselines + "/" + baseline).files.filter { !removed.contains($0.path) }
            }
        }
        for file in RulesFuzzer.Base(directory: fixture + "/rules").files {
            files.removeAll { $0.path == file.path }
            files.append(file)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Seeds for the requests target, from the repository at `root`.
    public static func requests(root: String) -> [Seed] {
        var seeds: [Seed] = []
        for directory in ["Examples", "Tests/Fixtures/requests"] {
            for name in files(root + "/" + directory) where [".yaml", ".yml", ".json", ".jsonl"].contains(where: name.hasSuffix) {
                guard let data = FileManager.default.contents(atPath: root + "/" + directory + "/" + name) else { continue }
                seeds.append(Seed(name: flat(directory) + "-" + name, bytes: [UInt8](data)))
            }
        }
        return seeds
    }

    /// Writes `seeds` into `directory`, creating it.
    public static func write(_ seeds: [Seed], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for seed in seeds {
            try Data(seed.bytes).write(to: URL(fileURLWithPath: directory + "/" + seed.name))
        }
    }

    private static func flat(_ path: String) -> String {
        path.replacingOccurrences(of: "/", with: "-")
    }

    private static func entries(_ directory: String, directories wanted: Bool) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue == wanted
        }.sorted()
    }

    private static func directories(_ directory: String) -> [String] { entries(directory, directories: true) }
    private static func files(_ directory: String) -> [String] { entries(directory, directories: false) }
}

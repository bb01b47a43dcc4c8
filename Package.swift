// swift-tools-version:6.0
import PackageDescription
import Foundation

/// `make test` (and so CI) sets TILLVAL_WARNINGS_AS_ERRORS=1: the project's
/// own targets then fail to build on any warning. Only these targets get the
/// flag; SwiftPM builds the dependencies with their warnings suppressed.
let strict: [SwiftSetting] = ProcessInfo.processInfo.environment["TILLVAL_WARNINGS_AS_ERRORS"] == "1"
    ? [.unsafeFlags(["-warnings-as-errors"])]
    : []

let package = Package(
    name: "tillval",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tillval", targets: ["tillval"]),
        .library(name: "TillvalCompiler", targets: ["TillvalCompiler"]),
        .library(name: "TillvalRuntime", targets: ["TillvalRuntime"]),
        .library(name: "TillvalStore", targets: ["TillvalStore"]),
        .library(name: "TillvalReports", targets: ["TillvalReports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // The one source-position type, a leaf: Syntax (which re-exports it) and Plan both import it.
        .target(name: "TillvalSource", exclude: ["README.md"], swiftSettings: strict),
        .target(name: "TillvalSyntax", dependencies: ["TillvalSource", "CYAML"], exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "TillvalPlan",
            dependencies: ["TillvalSource", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "TillvalCompiler",
            dependencies: ["TillvalSyntax", "TillvalPlan", .product(name: "SystemPackage", package: "swift-system")],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(name: "TillvalRuntime", dependencies: ["TillvalSyntax", "TillvalPlan"], exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "TillvalReports",
            dependencies: ["TillvalSyntax", "TillvalPlan", "TillvalRuntime"],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // GRDB is imported `internal` there: no GRDB type is part of the store's API. So is the
        // SQLite module GRDB ships (GRDBSQLite), which binds the rows `apply` inserts directly.
        .target(
            name: "TillvalStore",
            dependencies: [
                "TillvalPlan", "TillvalRuntime", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // Runs a rule set's own tests (`kind: test`) through the runtime's planner and measures coverage.
        .target(
            name: "TillvalRuleTests",
            dependencies: ["TillvalSyntax", "TillvalPlan", "TillvalCompiler", "TillvalRuntime"],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // What a rule change does to customers: two plans compared, section by section (`tillval diff`).
        .target(
            name: "TillvalDiff",
            dependencies: ["TillvalPlan", "TillvalRuntime"],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tillval",
            dependencies: [
                "TillvalSyntax", "TillvalPlan", "TillvalCompiler", "TillvalRuntime", "TillvalStore", "TillvalReports", "TillvalRuleTests",
                "TillvalDiff",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict,
            // mimalloc takes the place of glibc's malloc for the whole process (linked before libc):
            // `check` spends a tenth of its time allocating and freeing (docs/performance.md).
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        // The fuzz targets (`make fuzz`, docs/reliability.md): the entry points live in a library the
        // tests run over the seed corpus; the executable hands them to libFuzzer when built with
        // -sanitize=fuzzer -DFUZZING, and otherwise replays input files.
        .target(name: "TillvalFuzz", dependencies: ["TillvalSyntax", "TillvalPlan", "TillvalCompiler", "TillvalRuntime", "TillvalReports"],
                exclude: ["README.md"], swiftSettings: strict),
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "tillval-fuzz",
            dependencies: ["TillvalFuzz", "TillvalCompiler", "TillvalPlan", "CFuzzDriver"],
            swiftSettings: strict
        ),
        // The tests (README, "Tests"): one target per module, one for the binary end to end, and the
        // support they share (the repository's paths and goldens, the command runner, the composed
        // compile fixtures, the store sandbox, the example scenario table) in a library of its own.
        .target(
            name: "TillvalTestSupport",
            dependencies: [
                "TillvalSyntax", "TillvalPlan", "TillvalCompiler", "TillvalRuntime", "TillvalStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/TillvalTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "TillvalSyntaxTests", dependencies: ["TillvalSyntax", "TillvalTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "TillvalCompilerTests",
            dependencies: ["TillvalSyntax", "TillvalPlan", "TillvalCompiler", "TillvalTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TillvalRuntimeTests",
            dependencies: ["TillvalSyntax", "TillvalPlan", "TillvalCompiler", "TillvalRuntime", "TillvalReports", "TillvalTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TillvalStoreTests",
            dependencies: [
                "TillvalPlan", "TillvalCompiler", "TillvalRuntime", "TillvalStore", "TillvalReports", "TillvalTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TillvalRuleTestsTests",
            dependencies: ["TillvalSyntax", "TillvalPlan", "TillvalCompiler", "TillvalRuntime", "TillvalRuleTests", "TillvalTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TillvalDiffTests",
            dependencies: ["TillvalPlan", "TillvalCompiler", "TillvalRuntime", "TillvalDiff", "TillvalTestSupport"],
            swiftSettings: strict
        ),
        // The built binary (.build/debug/tillval) run through CommandRunner, as a user's shell runs it.
        .testTarget(
            name: "TillvalEndToEndTests",
            dependencies: [
                "TillvalSyntax", "TillvalPlan", "TillvalCompiler", "TillvalRuntime", "TillvalStore", "TillvalReports", "TillvalTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // The fuzz harness's tests, and any test of more than one module; the support is imported for
        // every file here (TestSupport.swift), so a file dropped in builds as before.
        .testTarget(
            name: "TillvalTests",
            dependencies: [
                "TillvalSource", "TillvalSyntax", "TillvalPlan", "TillvalCompiler", "TillvalRuntime", "TillvalStore", "TillvalReports", "TillvalFuzz",
                "TillvalTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict
        ),
    ]
)

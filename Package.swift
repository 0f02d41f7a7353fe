// swift-tools-version:6.0
import Foundation
import PackageDescription

/// One set of settings for every target: Swift 6 language mode, strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The `docket` executable allocates through mimalloc when the system has it (Debian: `libmimalloc2.0`),
/// and through glibc's malloc otherwise. A rebuild's three threads allocate and free millions of small
/// objects, many freed on a thread other than the one that allocated them; on glibc the rebuild's client
/// spent about a third more CPU cycles for the same work (docs/performance.md). Linked by file name, so
/// only the runtime library is needed, not its -dev package. `DOCKET_ALLOCATOR=system` (set for every
/// build) links without it.
///
/// SwiftPM caches this manifest's result by its text and environment, not by what is installed: after
/// installing or removing the library, delete `.build/` and `~/.cache/org.swift.swiftpm/manifests`.
let mimallocLibrary = "libmimalloc.so.2"
let linksMimalloc = ProcessInfo.processInfo.environment["DOCKET_ALLOCATOR"] != "system"
    && ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"]
        .contains { FileManager.default.fileExists(atPath: $0 + "/" + mimallocLibrary) }
// --no-as-needed so the linker keeps it (docket calls none of its functions by name), only for it.
let allocatorSettings: [LinkerSetting] = linksMimalloc
    ? [.unsafeFlags(["-Xlinker", "--push-state", "-Xlinker", "--no-as-needed", "-Xlinker", "-l:" + mimallocLibrary, "-Xlinker", "--pop-state"],
                    .when(platforms: [.linux]))]
    : []

let package = Package(
    name: "Docket",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "docket", targets: ["docket"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The C boundary: module map and shim header only.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // The only target that imports CLibPQ.
        .target(name: "PostgresClient", dependencies: ["CLibPQ", "DocketJSON"], swiftSettings: swiftSettings),
        // A private PostgreSQL cluster under .docket/ (initdb / pg_ctl), no libpq.
        .target(
            name: "LocalCluster",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // A strict JSON value type: parser with line:column errors, canonical (RFC 8785) writer.
        .target(name: "DocketJSON", swiftSettings: swiftSettings),
        // RFC 6962 Merkle tree, proofs and signed checkpoints; pure, no I/O.
        .target(
            name: "Ledger",
            dependencies: [
                "DocketJSON",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The query language: lexer → parser → resolver and type checker → one parameterised SQL statement. Pure.
        .target(name: "DocketQuery", dependencies: ["DocketJSON"], swiftSettings: swiftSettings),
        // Runs compiled queries read-only under the reader role and stamps each answer; renders answers.
        .target(
            name: "QueryExecution",
            dependencies: ["DocketQuery", "PostgresClient", "EventStore", "Ledger", "DocketJSON"],
            swiftSettings: swiftSettings
        ),
        // The commissioning domain: event catalogue, validated commands, governance findings,
        // the demo ledger and the synthetic generator. Pure: no I/O.
        .target(name: "Commissioning", dependencies: ["DocketJSON"], swiftSettings: swiftSettings),
        // The append-only event store over PostgreSQL: migrations, appends, reads.
        .target(
            name: "EventStore",
            dependencies: [
                "PostgresClient", "DocketJSON", "Ledger",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The projection worker and read models with history, rebuilt from the log.
        .target(
            name: "Projections",
            dependencies: [
                "EventStore", "PostgresClient", "Commissioning", "DocketJSON",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The terminal: libedit (loaded at run time), Ctrl-C, the pager, the history file.
        .target(name: "Terminal", swiftSettings: swiftSettings),
        // The analyst's shell without a terminal: statements, backslash commands, completion, rendering.
        .target(name: "DocketShell", dependencies: ["DocketQuery", "DocketJSON"], swiftSettings: swiftSettings),
        // The public-transparency export: public events → OCDS, CSV, the public log with proofs, a page and a
        // signed manifest; and its offline verifier. Pure: no I/O.
        .target(
            name: "TransparencyExport",
            dependencies: ["Ledger", "Commissioning", "DocketJSON", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The commands of the `docket` tool; a library so tests can drive them.
        .target(
            name: "DocketCLI",
            dependencies: [
                "EventStore", "LocalCluster", "PostgresClient", "DocketJSON", "Ledger", "Commissioning", "Projections",
                "DocketQuery", "QueryExecution",
                "Terminal", "DocketShell",
                "TransparencyExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Starts the project's own test cluster and hands out fresh databases; used by tests only.
        .target(
            name: "DocketTestSupport",
            dependencies: ["EventStore", "PostgresClient", "LocalCluster", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "docket", dependencies: ["DocketCLI"], swiftSettings: swiftSettings, linkerSettings: allocatorSettings
        ),

        .testTarget(
            name: "DocketJSONTests", dependencies: ["DocketJSON", "DocketTestSupport"], exclude: ["Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["Ledger", "DocketJSON"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DocketCLITests",
            dependencies: ["DocketCLI", "DocketTestSupport", "EventStore", "Commissioning", "DocketJSON", "PostgresClient"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: ["Projections", "DocketTestSupport", "DocketCLI", "EventStore", "Commissioning", "PostgresClient", "DocketJSON"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "DocketQueryTests", dependencies: ["DocketQuery", "DocketJSON", "DocketTestSupport"], exclude: ["Goldens"], swiftSettings: swiftSettings),
        .testTarget(
            name: "QueryExecutionTests",
            dependencies: ["QueryExecution", "DocketQuery", "DocketCLI", "DocketTestSupport", "EventStore", "PostgresClient", "Commissioning", "Ledger", "DocketJSON"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "DocketShellTests", dependencies: ["DocketShell", "DocketQuery"], exclude: ["Golden"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReplTests",
            dependencies: ["DocketCLI", "DocketShell", "DocketQuery", "DocketTestSupport", "PostgresClient"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TransparencyExportTests",
            dependencies: ["TransparencyExport", "DocketCLI", "DocketTestSupport", "EventStore", "Ledger", "DocketJSON", "PostgresClient"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LocalClusterTests", dependencies: ["LocalCluster"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CommissioningTests", dependencies: ["Commissioning", "DocketJSON"], exclude: ["Golden"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresClientTests",
            dependencies: ["PostgresClient", "DocketTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: ["EventStore", "PostgresClient", "DocketTestSupport", "DocketJSON", "DocketCLI", "Ledger"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

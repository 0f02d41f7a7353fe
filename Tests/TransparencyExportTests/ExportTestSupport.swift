import DocketCLI
import DocketJSON
import DocketTestSupport
import EventStore
import Foundation
import Ledger
import PostgresClient
import TransparencyExport

/// A demo ledger loaded into its own test database, and exports of it.
struct DemoLedger {
    let conninfo: String

    /// Loaded once per test process for the tests that only read it.
    static let shared: Result<DemoLedger, any Error> = Result { try DemoLedger(label: "export") }

    init(label: String) throws {
        conninfo = try TestDatabase.create(label)
        var command = try Docket.parseAsRoot(["demo", "--database-url", conninfo])
        try command.run()
    }

    var store: EventStore { get throws { EventStore(connection: try Connection(conninfo)) } }

    func events() throws -> [PublicEvent] { try store.readPublicLog(after: 0, limit: 10_000_000) }

    func export(previous: PreviousExport? = nil, key: SigningKey = ExportFixtures.key) throws -> ExportFolder {
        try TransparencyExport.export(events: try events(), options: ExportFixtures.options(previous: previous, key: key))
    }

    func run(_ arguments: [String]) throws {
        var command = try Docket.parseAsRoot(arguments + ["--database-url", conninfo])
        try command.run()
    }

    /// A command that needs no database (keygen, verify-export).
    static func runOffline(_ arguments: [String]) throws {
        var command = try Docket.parseAsRoot(arguments)
        try command.run()
    }
}

enum ExportFixtures {
    static let key = try! SigningKey(name: "test-publisher", seed: (0..<32).map { UInt8($0) })
    static let otherKey = try! SigningKey(name: "test-publisher", seed: (0..<32).map { UInt8(255 - $0) })
    static let origin = "docket/test-ledger"

    static func options(previous: PreviousExport? = nil, key: SigningKey = key) -> ExportOptions {
        ExportOptions(origin: origin, key: key, previous: previous)
    }

    /// The official OCDS 1.1.5 schemas: `../shared/ocds-1.1.5` beside the clone (as CI has it), else /work/shared.
    static var ocdsSchemas: URL? {
        let candidates = [
            TestDatabase.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/ocds-1.1.5"),
            URL(fileURLWithPath: "/work/shared/ocds-1.1.5"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("release-schema.json").path) }
    }

    /// A temporary folder holding `folder`'s files; removed by the caller.
    static func write(_ folder: ExportFolder) throws -> URL {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("docket-export-test-\(UUID().uuidString)")
        for (path, bytes) in folder.files {
            let file = base.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: file)
        }
        return base
    }

    /// Runs a program; returns its exit status and what it printed (both streams).
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

extension ExportFolder {
    func text(_ path: String) -> String { String(decoding: files[path] ?? [], as: UTF8.self) }
}

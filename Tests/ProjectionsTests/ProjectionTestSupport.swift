import Commissioning
import DocketJSON
@testable import DocketCLI
import DocketTestSupport
import EventStore
import Foundation
import Logging
import PostgresClient
@testable import Projections

/// A fresh migrated database with helpers to fill it and compare its projection tables.
struct ProjectionDatabase {
    let conninfo: String
    let connection: Connection

    init(_ label: String) throws {
        conninfo = try TestDatabase.create(label)
        connection = try Connection(conninfo)
    }

    static var logger: Logger {
        var logger = Logger(label: "projections-test")
        logger.logLevel = .warning
        return logger
    }

    /// Events in the synthetic ledger tests: DOCKET_PROJECTION_TEST_EVENTS (e.g. 100000), else `fallback`.
    static func syntheticSize(_ fallback: Int) -> Int {
        ProcessInfo.processInfo.environment["DOCKET_PROJECTION_TEST_EVENTS"].flatMap(Int.init) ?? fallback
    }

    /// Records `count` commands of the synthetic ledger with `seed`.
    func recordSynthetic(_ count: Int, seed: UInt64 = 7) throws {
        var ledger = SyntheticLedger(seed: seed, plannedEvents: count)
        let commands = ledger.next(count).enumerated().map { (location: "synthetic \($0.offset)", json: $0.element) }
        var recorder = CommissioningRecorder(store: EventStore(connection: connection))
        _ = try recorder.record(commands, namespace: UUID())
    }

    func runDocket(_ arguments: [String]) throws {
        var command = try Docket.parseAsRoot(arguments + ["--database-url", conninfo])
        try command.run()
    }

    func runWorkerOnce(batchSize: Int = 5000) throws {
        let worker = ProjectionWorker(connection: try Connection(conninfo), logger: Self.logger, options: .init(batchSize: batchSize, once: true))
        _ = try worker.run()
    }

    @discardableResult
    func rebuild(batchSize: Int = 10_000, cachedRows: Int = 100_000) throws -> ProjectionRebuild.Summary {
        var rebuild = ProjectionRebuild(connection: try Connection(conninfo), logger: Self.logger)
        rebuild.batchSize = batchSize
        rebuild.cachedRows = cachedRows
        return try rebuild.run()
    }

    var head: Int64 { get throws { try EventStore(connection: connection).headPosition() } }

    func checkpoint(_ name: String = "tables") throws -> Int64 {
        try connection.query("SELECT position FROM projection.checkpoints WHERE name = $1", [name]).int64(0, 0) ?? -1
    }

    /// Every projection table's row count and a digest of its sorted rows, plus the checkpoints' positions.
    func contents() throws -> [String: String] {
        var digest = [String: String]()
        for table in ProjectionSchema.allTableNames {
            let result = try connection.query("""
                SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM projection.\(table) t
                """)
            digest[table] = "\(result.string(0, 0)!) rows, md5 \(result.string(0, 1)!)"
        }
        for row in try connection.query("SELECT name, position FROM projection.checkpoints").rows {
            digest["checkpoint " + (try row.string("name")!)] = try row.string("position")!
        }
        return digest
    }

    func count(_ table: String, current: Bool = false) throws -> Int64 {
        try connection.query("SELECT count(*) FROM projection.\(table)" + (current ? " WHERE valid_to_position IS NULL" : "")).int64(0, 0)!
    }
}

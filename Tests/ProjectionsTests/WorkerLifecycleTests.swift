import Commissioning
import DocketJSON
@testable import DocketCLI
import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
@testable import Projections
import Testing

@Suite("Projection worker: crashes, live following, as-of answers")
struct WorkerLifecycleTests {
    static let docket = TestDatabase.packageRoot.appendingPathComponent(".build/debug/docket")

    @Test func killedDuringCatchUpAndRestartedEqualsARebuild() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.docket.path), "build docket first (swift build)")
        let db = try ProjectionDatabase("projkill")
        try db.recordSynthetic(ProjectionDatabase.syntheticSize(20_000) / 2, seed: 11)
        let head = try db.head
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2 {
            let process = Process()
            process.executableURL = Self.docket
            process.arguments = ["worker", "--batch-size", "150", "--database-url", db.conninfo]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let start = try db.checkpoint()
            let killAt = start + Int64.random(in: 1...max(1, (head - start) / 2), using: &generator)
            try TestDatabase.waitUntil("the worker to pass position \(killAt) (round \(round))") { try db.checkpoint() >= killAt }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
        }
        #expect(try db.checkpoint() < head, "killed during catch-up")
        try db.runWorkerOnce(batchSize: 150)
        #expect(try db.checkpoint() == head)
        let restarted = try db.contents()
        try db.rebuild()
        #expect(try db.contents() == restarted)
    }

    @Test func sigtermFinishesTheBatchAndExitsZero() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.docket.path), "build docket first (swift build)")
        let db = try ProjectionDatabase("projterm")
        try db.runDocket(["demo"])
        let process = Process()
        process.executableURL = Self.docket
        process.arguments = ["worker", "--database-url", db.conninfo]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let head = try db.head
        // The worker holds its lock once it is running (signal handlers are installed before that).
        try TestDatabase.waitUntil("the worker to take its lock") {
            try ProjectionLock.worker.holders(db.connection).contains(where: \.isDocketWorker)
        }
        try TestDatabase.waitUntil("the worker to catch up") { try db.checkpoint() == head }
        process.terminate()
        do {
            try TestDatabase.waitUntil("the worker to exit after SIGTERM") { !process.isRunning }
        } catch {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw error
        }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test func concurrentWritersWithALiveWorker() throws {
        let db = try ProjectionDatabase("projlive")
        try db.runDocket(["demo"])
        let stop = StopFlag()
        let conninfo = db.conninfo
        let workerDone = DispatchSemaphore(value: 0)
        let workerError = ErrorBox()
        Thread.detachNewThread {
            do {
                let worker = ProjectionWorker(connection: try Connection(conninfo), logger: ProjectionDatabase.logger, options: .init(batchSize: 64))
                _ = try worker.run(stop: stop)
            } catch { workerError.set(error) }
            workerDone.signal()
        }
        let writers = 4, rounds = 10
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let store = EventStore(connection: try Connection(conninfo))
                for round in 0..<rounds {
                    var recorder = CommissioningRecorder(store: store)
                    let allocation = "w\(writer)-r\(round)"
                    let commands: [JSON] = [
                        ["command": "make-allocation", "allocation": .string(allocation), "payer": "somerset-pct", "payee": "somerset-mental-health-trust",
                         "amountPence": JSON(Int64(100_000 + round)), "financialYear": "2011/12", "controlType": "real",
                         "paymentMechanism": "block-contract", "occurredAt": "2011-06-01", "actor": "Finance director"],
                        ["command": "adjust-allocation", "allocation": .string(allocation), "amountPence": JSON(Int64(200_000 + writer)),
                         "occurredAt": "2011-07-01", "actor": "Finance director"],
                    ]
                    _ = try recorder.record(commands.enumerated().map { ("writer \(writer) \($0.offset)", $0.element) }, namespace: UUID())
                }
            } catch {
                workerError.set(error)
            }
        }
        let head = try db.head
        try TestDatabase.waitUntil("the live worker to reach the head") { try db.checkpoint() == head || workerError.value != nil }
        stop.set()
        workerDone.wait()
        #expect(workerError.value == nil)
        #expect(try db.count("allocations", current: true) >= Int64(writers * rounds))
        let live = try db.contents()
        try db.rebuild()
        #expect(try db.contents() == live)
    }

    @Test func asOfAnswersEqualAReplayUpToThatPosition() throws {
        let db = try ProjectionDatabase("projasof")
        try db.recordSynthetic(ProjectionDatabase.syntheticSize(20_000) / 4, seed: 5)
        try db.runWorkerOnce(batchSize: 500)
        let head = try db.head
        var generator = SplitMix(seed: 99)
        let decisions = try db.connection.query("SELECT DISTINCT id FROM projection.decisions ORDER BY id").rows.map { try $0.string("id")! }
        let allocations = try db.connection.query("SELECT DISTINCT id FROM projection.allocations ORDER BY id").rows.map { try $0.string("id")! }
        try #require(!decisions.isEmpty && !allocations.isEmpty)
        for _ in 0..<25 {
            let position = Int64(generator.next() % UInt64(head)) + 1
            for (table, ids) in [("decisions", decisions), ("allocations", allocations)] {
                let id = ids[Int(generator.next() % UInt64(ids.count))]
                let kind = table == "decisions" ? "decision" : "allocation"
                let spec = ProjectionSchema.tables[ProjectionSchema.tableIndex[table]!]
                let key = RowKey(table: ProjectionSchema.tableIndex[table]!, id: id)
                // By position: the version current at that position, against the stream's events up to it, folded.
                let byPosition = try db.connection.query("""
                    SELECT \(spec.columnNames.joined(separator: ", ")) FROM projection.\(table)
                    WHERE id = $1 AND valid_from_position <= $2 AND (valid_to_position IS NULL OR valid_to_position > $2)
                    """, [id, position])
                let events = try ProjectionLog.readStream(db.connection, "\(kind)-\(id)")
                try expectRow(byPosition, equals: StreamReplay.fold(events.filter { $0.position <= position })[key],
                              spec, "\(table) \(id) at position \(position)")
                // By recorded time, the documented single indexed query (sql/0005_projections.sql): the row as the ledger stood
                // when that position was recorded, against the events recorded by then, folded.
                let time = try db.connection.query("SELECT recorded_at FROM docket.events WHERE position = $1", [position]).date(0, 0)!
                let byTime = try db.connection.query("""
                    SELECT \(spec.columnNames.joined(separator: ", ")) FROM projection.\(table)
                    WHERE id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)
                    ORDER BY valid_from_position DESC LIMIT 1
                    """, [id, time])
                let recorded = try ProjectionLog.readStream(db.connection, "\(kind)-\(id)", recordedAtOrBefore: time)
                try expectRow(byTime, equals: StreamReplay.fold(recorded)[key],
                              spec, "\(table) \(id) at \(time)")
            }
        }
        // That query reads one row's versions through the primary key, newest first; it never scans the table.
        try db.connection.executeScript("SET enable_seqscan = off; SET enable_bitmapscan = off")
        let plan = try db.connection.query("""
            EXPLAIN SELECT * FROM projection.decisions
            WHERE id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)
            ORDER BY valid_from_position DESC LIMIT 1
            """, [decisions[0], Date()]).rows.map { try $0.string("QUERY PLAN")! }.joined(separator: "\n")
        try db.connection.executeScript("RESET enable_seqscan; RESET enable_bitmapscan")
        #expect(plan.contains("Index Scan Backward using decisions_pkey"), "\(plan)")
        #expect(!plan.contains("Sort"), "\(plan)")
        // By recorded time: every allocation as of T (the documented single indexed query) is the set made by then.
        let middle = head / 2
        let time = try db.connection.query("SELECT recorded_at FROM docket.events WHERE position = $1", [middle]).date(0, 0)!
        let asOf = Set(try db.connection.query(
            "SELECT id FROM projection.allocations WHERE tstzrange(valid_from, valid_to, '[)') @> $1::timestamptz", [time]
        ).rows.map { try $0.string("id")! })
        let made = Set(try db.connection.query(
            "SELECT substr(stream_id, 12) AS id FROM docket.events WHERE event_type = 'AllocationMade' AND recorded_at <= $1", [time]
        ).rows.map { try $0.string("id")! })
        #expect(asOf == made)
    }
}

/// Expects `result` to hold `folded`'s values (one row), or no row when the replay has none.
private func expectRow(_ result: QueryResult, equals folded: ProjectionRow?, _ spec: ProjectionTable, _ label: String) throws {
    #expect(result.rowCount == (folded == nil ? 0 : 1), "\(label)")
    guard let folded, result.rowCount == 1 else { return }
    for (index, column) in spec.columns.enumerated() {
        let stored: ProjectionValue? = switch column.type {
        case .scalar: result.string(0, index).map(ProjectionValue.text)
        case .json: try result.string(0, index).map { .json(try JSON(parsing: $0)) }
        }
        #expect(stored == folded.values[index], "\(label): \(column.name)")
    }
}

final class ErrorBox: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var stored: (any Error)?
    var value: (any Error)? { lock.withLock { stored } }
    func set(_ error: any Error) { lock.withLock { if stored == nil { stored = error } } }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e3779b97f4a7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }
}

import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
@testable import Projections
import Testing

@Suite("Projection locks: only roles that project can take them")
struct WorkerLockTests {
    /// A login granted only docket_reader takes every lock it can reach — advisory locks 7368656/1 (the
    /// migrator's), 101, 102 and 103, the lock views (refused), statements PREPAREd on them in a
    /// transaction it leaves open — and `docket worker --once` and a long-running worker still project
    /// newly appended events, and a rebuild still runs.
    @Test func aReaderCannotStallTheWorkerOrTheRebuild() throws {
        try #require(FileManager.default.isExecutableFile(atPath: WorkerLifecycleTests.docket.path), "build docket first (swift build)")
        let db = try ProjectionDatabase("projlockreader")
        try db.runDocket(["demo"])
        let role = "docket_test_reader_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        try db.connection.executeScript("CREATE ROLE \(role) LOGIN IN ROLE docket_reader")
        defer {
            // Once the reader's session has ended (its connection is released below).
            try? TestDatabase.waitUntil("the reader's session to end") {
                try db.connection.query("SELECT count(*) FROM pg_stat_activity WHERE usename = $1", [role]).int64(0, 0) == 0
            }
            try? db.connection.executeScript("DROP ROLE IF EXISTS \(role)")
        }
        do {
            let reader = try Connection(db.conninfo + " user=\(role)")
            // 1 is the migrator's, which every docket command passes through when it connects.
            try reader.query("""
                SELECT pg_advisory_lock(7368656, 1), pg_advisory_lock(7368656, 101), pg_advisory_lock(7368656, 102),
                       pg_advisory_lock(7368656, 103)
                """)
            for lock in [ProjectionLock.worker, .apply, .rebuild] {
                for statement in ["LOCK TABLE \(lock.relation) IN SHARE UPDATE EXCLUSIVE MODE NOWAIT",
                                  "LOCK TABLE \(lock.relation) IN ACCESS EXCLUSIVE MODE NOWAIT",
                                  "SELECT * FROM \(lock.relation)",
                                  // Locks before it checks ownership, then fails at once, releasing the lock.
                                  "COMMENT ON VIEW \(lock.relation) IS 'mine'"] {
                    let refused = #expect(throws: PostgresError.self, "\(statement)") {
                        try reader.transaction { try $0.executeScript(statement) }
                    }
                    #expect(refused?.sqlState == PostgresError.State.insufficientPrivilege, "\(statement): \(String(describing: refused))")
                }
            }
            // The parser locks a relation before privileges are checked, and PREPARE keeps that lock until
            // the transaction ends: the reader holds ACCESS SHARE on every lock view from here on.
            try reader.executeScript("BEGIN")
            for (index, lock) in [ProjectionLock.worker, .apply, .rebuild].enumerated() {
                try reader.executeScript("PREPARE held\(index) AS SELECT * FROM \(lock.relation)")
            }
            let readerHolds = try db.connection.query(
                "SELECT count(*) FROM pg_locks WHERE pid = $1 AND locktype = 'relation' AND granted AND relation = ANY($2::regclass[])",
                [Int64(reader.backendPID), PostgresTextArray([ProjectionLock.worker, .apply, .rebuild].map(\.relation))]
            ).int64(0, 0)
            #expect(readerHolds == 3)

            let appended = try db.appendAllocation()
            let once = try runDocketProcess(["worker", "--once"], conninfo: db.conninfo, timeout: .seconds(30))
            #expect(once.status == 0, "\(once.error)")
            #expect(try db.checkpoint() == appended)

            let worker = BackgroundWorker(db.conninfo, options: .init(batchSize: 64))
            try TestDatabase.waitUntil("the worker to take its lock") { try db.workerLockHolder?.isDocketWorker == true || worker.hasEnded }
            let head = try db.appendAllocation()
            try TestDatabase.waitUntil("the worker to project the new event") { try db.checkpoint() == head || worker.hasEnded }
            #expect(try db.count("allocations", current: true) > 0)
            try db.rebuild()
            #expect(try db.checkpoint() == head)
            let afterRebuild = try db.appendAllocation()
            try TestDatabase.waitUntil("the worker to project the event after the rebuild") { try db.checkpoint() == afterRebuild || worker.hasEnded }
            try worker.finish()
            try reader.executeScript("ROLLBACK")
        }
    }

    /// `--once`, while a worker runs, names that worker's lease session (the real holder) and exits 0;
    /// a waiting worker logs it; and a lock held by a session that is not a docket worker makes `--once`
    /// exit 1 naming that session.
    @Test func onceNamesTheRealHolder() throws {
        try #require(FileManager.default.isExecutableFile(atPath: WorkerLifecycleTests.docket.path), "build docket first (swift build)")
        let db = try ProjectionDatabase("projlockholder")
        try db.runDocket(["demo"])
        let first = BackgroundWorker(db.conninfo)
        try TestDatabase.waitUntil("the first worker to take its lock") { try db.workerLockHolder?.isDocketWorker == true || first.hasEnded }
        let leases = try db.backends(ProjectionWorker.leaseApplicationName)
        try #require(leases.count == 1)

        // In-process: the outcome carries the holder.
        let once = try ProjectionWorker(connection: try Connection(db.conninfo), logger: ProjectionDatabase.logger, options: .init(once: true)).run()
        guard case .anotherWorkerRunning(let holder) = once else { Issue.record("expected another worker, got \(once)"); return }
        #expect(holder.pid == leases[0])
        #expect(holder.isDocketWorker)
        #expect(holder.description.contains("server process \(leases[0])"))

        // The command line says the same.
        let run = try runDocketProcess(["worker", "--once"], conninfo: db.conninfo)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("Another projection worker is running: server process \(leases[0])"), "\(run.output)")
        #expect(run.output.contains("application 'docket worker lease'"), "\(run.output)")

        // A second long-running worker waits, saying who holds the lock, and takes over when the first stops.
        let second = BackgroundWorker(db.conninfo)
        try TestDatabase.waitUntil("the second worker to report the holder") {
            !second.log.messages(containing: "is held by server process \(leases[0])").isEmpty || second.hasEnded
        }
        try first.finish()
        try TestDatabase.waitUntil("the second worker to take over") {
            !second.log.messages(containing: "took the worker lock").isEmpty || second.hasEnded
        }
        let head = try db.appendAllocation()
        try TestDatabase.waitUntil("the second worker to project a new event") { try db.checkpoint() == head || second.hasEnded }
        try second.finish()

        // A session that is not a docket worker holding the lock: --once says so and exits 1.
        let other = try Connection(db.conninfo)
        try other.query("SELECT set_config('application_name', 'psql', false)")
        try other.executeScript("BEGIN")
        try ProjectionLock.worker.take(in: other)
        let blocked = try runDocketProcess(["worker", "--once"], conninfo: db.conninfo)
        #expect(blocked.status == 1)
        #expect(blocked.error.contains("is held by server process \(other.backendPID)"), "\(blocked.error)")
        #expect(blocked.error.contains("which is not a docket worker"), "\(blocked.error)")
        #expect(blocked.error.contains("pg_terminate_backend(\(other.backendPID))"), "\(blocked.error)")
        try other.executeScript("ROLLBACK")
    }

    /// A second rebuild while one holds the rebuild lock is refused, naming the holder.
    @Test func aSecondRebuildIsRefusedNamingTheHolder() throws {
        let db = try ProjectionDatabase("projlockrebuild")
        let holder = try Connection(db.conninfo)
        try holder.executeScript("BEGIN")
        try ProjectionLock.rebuild.take(in: holder)
        let error = #expect(throws: ProjectionError.self) { try db.rebuild() }
        #expect(error?.kind == .locked)
        #expect(error?.description.contains("server process \(holder.backendPID)") == true, "\(String(describing: error))")
        try holder.executeScript("ROLLBACK")
        try db.rebuild()
    }
}

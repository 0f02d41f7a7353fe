import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
@testable import Projections
import Testing

/// Lost connections are simulated by ending the worker's sessions with pg_terminate_backend (what a
/// server restart does to them), found by application_name in the test's own database; restarting the
/// test cluster would disturb the tests running beside these.
@Suite("Projection worker: lost connections")
struct WorkerReconnectTests {
    static let workerSessions = [ProjectionWorker.applicationName, ProjectionWorker.leaseApplicationName]

    @Test func theWorkerReconnectsAndProjectsWhatWasAppendedMeanwhile() throws {
        let db = try ProjectionDatabase("projreconnect")
        try db.runDocket(["demo"])
        let worker = BackgroundWorker(db.conninfo)
        try TestDatabase.waitUntil("the worker to take its lock") { try db.workerLockHolder?.isDocketWorker == true || worker.hasEnded }
        let before = try db.backends(ProjectionWorker.applicationName)
        for round in 1...2 {
            #expect(try db.terminateBackends(Self.workerSessions) == 2)
            let head = try db.appendAllocation()
            try TestDatabase.waitUntil("the worker to reconnect and project position \(head) (round \(round))") {
                try db.checkpoint() == head || worker.hasEnded
            }
            #expect(try db.workerLockHolder?.isDocketWorker == true, "the worker took its lock again")
        }
        #expect(try db.backends(ProjectionWorker.applicationName) != before)
        // At least once a round (twice if the worker noticed one session's end before the other's).
        #expect(worker.log.messages(containing: "lost the connection to PostgreSQL", atLeast: .warning).count >= 2, "\(worker.log.all)")
        #expect(worker.log.messages(containing: "reconnected to PostgreSQL").count >= 2, "\(worker.log.all)")
        try worker.finish()
    }

    /// Only the lease session ends: the worker notices, takes the lock again and goes on projecting.
    @Test func aLostLeaseIsTakenAgain() throws {
        let db = try ProjectionDatabase("projleaselost")
        try db.runDocket(["demo"])
        let worker = BackgroundWorker(db.conninfo)
        try TestDatabase.waitUntil("the worker to take its lock") { try db.workerLockHolder?.isDocketWorker == true || worker.hasEnded }
        let lease = try #require(try db.workerLockHolder?.pid)
        try db.terminateBackends([ProjectionWorker.leaseApplicationName])
        try TestDatabase.waitUntil("the worker to take its lock again") {
            try db.workerLockHolder.map { $0.isDocketWorker && $0.pid != lease } == true || worker.hasEnded
        }
        let head = try db.appendAllocation()
        try TestDatabase.waitUntil("the worker to project position \(head)") { try db.checkpoint() == head || worker.hasEnded }
        try worker.finish()
    }

    /// While the database refuses connections, each attempt is logged with its growing delay; once it
    /// accepts them again, the worker resumes from its checkpoint.
    @Test func attemptsAreLoggedUntilTheServerAcceptsConnectionsAgain() throws {
        let db = try ProjectionDatabase("projrefused")
        try db.runDocket(["demo"])
        let name = try db.databaseName
        let worker = BackgroundWorker(db.conninfo)
        try TestDatabase.waitUntil("the worker to take its lock") { try db.workerLockHolder?.isDocketWorker == true || worker.hasEnded }
        // From another database: a session cannot close the door of its own.
        let server = try Connection(try TestDatabase.serverConninfo.get())
        try server.executeScript("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
        defer { try? server.executeScript("ALTER DATABASE \(name) ALLOW_CONNECTIONS true") }
        try db.terminateBackends(Self.workerSessions)
        try TestDatabase.waitUntil("three failed attempts to be logged") {
            worker.log.messages(containing: "reconnection attempt", atLeast: .warning).count >= 3 || worker.hasEnded
        }
        let attempts = worker.log.messages(containing: "reconnection attempt", atLeast: .warning)
        #expect(attempts[0].contains("attempt 1 failed") && attempts[0].contains("not currently accepting connections"), "\(attempts[0])")
        #expect(attempts[0].contains("next attempt in 0.1 seconds") && attempts[1].contains("next attempt in 0.2 seconds"), "\(attempts)")
        try server.executeScript("ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
        let head = try db.appendAllocation()
        try TestDatabase.waitUntil("the worker to project position \(head)") { try db.checkpoint() == head || worker.hasEnded }
        try worker.finish()
    }

    /// Past `reconnectTimeout` the worker gives up with an error saying so (`docket worker` exits 1).
    @Test func theWorkerGivesUpAfterTheReconnectTimeout() throws {
        let db = try ProjectionDatabase("projgiveup")
        try db.runDocket(["demo"])
        let name = try db.databaseName
        let worker = BackgroundWorker(db.conninfo, options: .init(reconnectTimeout: .milliseconds(500)))
        try TestDatabase.waitUntil("the worker to take its lock") { try db.workerLockHolder?.isDocketWorker == true || worker.hasEnded }
        // From another database: a session cannot close the door of its own.
        let server = try Connection(try TestDatabase.serverConninfo.get())
        try server.executeScript("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
        defer { try? server.executeScript("ALTER DATABASE \(name) ALLOW_CONNECTIONS true") }
        try db.terminateBackends(Self.workerSessions)
        let outcome = try worker.outcome()
        let error = try #require(throws: ProjectionError.self) { try outcome.get() }
        #expect(error.kind == .connectionLost)
        #expect(error.description.contains("could not reconnect to PostgreSQL within 0.5 seconds"), "\(error)")
        #expect(error.description.contains("Start docket worker again"), "\(error)")
    }

    /// `docket worker --reconnect-timeout`: the command exits 1 once the time is up, saying why.
    @Test func theCommandExitsOneAfterItsReconnectTimeout() throws {
        try #require(FileManager.default.isExecutableFile(atPath: WorkerLifecycleTests.docket.path), "build docket first (swift build)")
        let db = try ProjectionDatabase("projgiveupcli")
        try db.runDocket(["demo"])
        let name = try db.databaseName
        let worker = try DocketProcess(["worker", "--reconnect-timeout", "0.5"], conninfo: db.conninfo)
        try TestDatabase.waitUntil("the worker to take its lock") { try db.workerLockHolder?.isDocketWorker == true || !worker.isRunning }
        let server = try Connection(try TestDatabase.serverConninfo.get())
        try server.executeScript("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
        defer { try? server.executeScript("ALTER DATABASE \(name) ALLOW_CONNECTIONS true") }
        try db.terminateBackends(Self.workerSessions)
        let run = try worker.wait()
        #expect(run.status == 1)
        #expect(run.error.contains("reconnection attempt 1 failed"), "\(run.error)")
        #expect(run.error.contains("could not reconnect to PostgreSQL within 0.5 seconds"), "\(run.error)")
    }

    /// With `once`, a lost connection ends the run with an error (`docket worker --once` exits 1), and
    /// the batches committed before it are kept.
    @Test func onceExitsWithAnErrorOnALostConnection() throws {
        let db = try ProjectionDatabase("projoncelost")
        try db.runDocket(["demo"])
        let projected = try db.checkpoint()
        try db.appendAllocation()
        // Hold the apply lock, so that the worker is surely in its batch when its session ends.
        let blocker = try Connection(db.conninfo)
        try blocker.executeScript("BEGIN")
        try ProjectionLock.apply.take(in: blocker)
        let worker = BackgroundWorker(db.conninfo, options: .init(once: true))
        try TestDatabase.waitUntil("the worker to wait for the apply lock") {
            try db.connection.query("""
                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                WHERE a.datname = current_database() AND a.application_name = $1 AND NOT l.granted
                  AND l.relation = 'docket.projection_apply_lock'::regclass
                """, [ProjectionWorker.applicationName]).int64(0, 0) == 1 || worker.hasEnded
        }
        try db.terminateBackends([ProjectionWorker.applicationName])
        let outcome = try worker.outcome()
        try blocker.executeScript("ROLLBACK")
        let error = try #require(throws: ProjectionError.self) { try outcome.get() }
        #expect(error.kind == .connectionLost)
        #expect(error.description.contains("lost the connection to PostgreSQL"), "\(error)")
        #expect(error.description.contains("Run docket worker --once again"), "\(error)")
        #expect(try db.checkpoint() == projected, "the demo's events stay projected; the new one is not")
    }
}

@Suite("docket projections status: lag")
struct ProjectionLagTests {
    /// Lag is the age of the oldest event not yet projected, against the server's clock now: it grows
    /// while nothing is projected, even if nothing more is appended.
    @Test func lagIsTheAgeOfTheOldestUnprojectedEvent() throws {
        let db = try ProjectionDatabase("projlag")
        try db.runDocket(["demo"])
        var status = try tables(db)
        #expect(status.eventsBehind == 0)
        #expect(status.secondsBehind == 0)

        let firstUnprojected = status.checkpoint + 1
        try db.appendAllocation()
        try db.appendAllocation()
        let age = "SELECT extract(epoch FROM clock_timestamp() - recorded_at)::float8 FROM docket.events WHERE position = $1"
        let before = try db.connection.query(age, [firstUnprojected]).double(0, 0)!
        status = try tables(db)
        let after = try db.connection.query(age, [firstUnprojected]).double(0, 0)!
        #expect(status.eventsBehind == 2)
        #expect(status.secondsBehind >= before && status.secondsBehind <= after,
                "\(status.secondsBehind) s is the age of position \(firstUnprojected), between \(before) and \(after)")

        // Nothing is appended and nothing projected: the lag grows.
        let first = status.secondsBehind
        try TestDatabase.waitUntil("the lag to grow on an idle log") { try tables(db).secondsBehind > first }

        try db.runWorkerOnce()
        status = try tables(db)
        #expect(status.eventsBehind == 0)
        #expect(status.secondsBehind == 0)
    }

    /// The command's text: events behind and the age of the oldest, or "caught up".
    @Test func statusSaysHowManyEventsAndHowOld() throws {
        try #require(FileManager.default.isExecutableFile(atPath: WorkerLifecycleTests.docket.path), "build docket first (swift build)")
        let db = try ProjectionDatabase("projlagtext")
        try db.runDocket(["demo"])
        let head = try db.head
        var run = try runDocketProcess(["projections", "status"], conninfo: db.conninfo)
        #expect(run.status == 0)
        #expect(run.output.contains("tables: position \(head) of \(head), caught up"), "\(run.output)")
        try db.appendAllocation()
        run = try runDocketProcess(["projections", "status"], conninfo: db.conninfo)
        #expect(run.output.contains("tables: position \(head) of \(head + 1), 1 event behind, the oldest recorded "), "\(run.output)")
    }

    private func tables(_ db: ProjectionDatabase) throws -> ProjectionStatus {
        try #require(try ProjectionStatus.all(db.connection).first { $0.name == Projector.checkpointName })
    }
}

import Foundation
import Testing

@testable import LocalCluster

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// These start real PostgreSQL servers from the installed binaries, each in its own folder.
@Suite("LocalCluster with PostgreSQL")
struct LocalClusterTests {
    @Test("start creates a running cluster that psql reaches by URL and by conninfo")
    func startCreatesAndRuns() throws {
        let scratch = try Scratch()
        try scratch.withCluster(home: scratch.url.appendingPathComponent(".docket")) { cluster in
            #expect(try cluster.status() == .notCreated)
            let connection = try cluster.start()

            guard case .running = try cluster.status() else {
                Issue.record("status after start: \(try cluster.status())")
                return
            }
            #expect(try psql(connection.url, "SELECT current_user || '@' || current_database()") == "docket@docket")
            #expect(try psql(connection.conninfo, "SELECT 1") == "1")
            #expect(try psql(connection.url(database: "postgres"), "SELECT current_database()") == "postgres")
            // No TCP listener: only the socket.
            #expect(try psql(connection.url, "SHOW listen_addresses") == "")
        }
    }

    @Test("a second start reuses the running server; stop stops it; start starts it again")
    func reuseStopAndRestart() throws {
        let scratch = try Scratch()
        let home = scratch.url.appendingPathComponent(".docket")
        try scratch.withCluster(home: home) { cluster in
            try cluster.start()
            let first = try cluster.status()
            guard case .running = first else {
                Issue.record("status after start: \(first)")
                return
            }

            // Another process would build its own value from the same folder.
            let again = try LocalCluster(home: home, logger: LogRecorder().logger, serverSettings: testSettings)
            try again.start()
            #expect(try again.status() == first)

            try cluster.stop()
            #expect(try cluster.status() == .stopped)
            try cluster.stop()  // stopping a stopped cluster is a no-op

            let connection = try cluster.start()
            guard case .running(let pid) = try cluster.status() else {
                Issue.record("not running after restart")
                return
            }
            #expect(LocalCluster.Status.running(pid: pid) != first)
            #expect(try psql(connection.url, "SELECT 1") == "1")
        }
    }

    @Test("server settings given by the caller are in force, with docket's defaults otherwise")
    func serverSettings() throws {
        let scratch = try Scratch()
        let home = scratch.url.appendingPathComponent(".docket")
        let settings = testSettings.merging(["max_connections": "42", "cluster_name": #"it's \ quoted"#]) { $1 }
        try scratch.withCluster(home: home, serverSettings: settings) { cluster in
            let connection = try cluster.start()
            #expect(try psql(connection.url, "SHOW max_connections") == "42")
            #expect(try psql(connection.url, "SHOW cluster_name") == #"it's \ quoted"#)
            #expect(try psql(connection.url, "SHOW fsync") == "off")

            try cluster.stop()
            let defaults = try LocalCluster(home: home, logger: LogRecorder().logger)
            try defaults.start()
            #expect(try psql(connection.url, "SHOW max_connections") == "100")
            #expect(try psql(connection.url, "SHOW max_wal_size") == "4GB")
            #expect(try psql(connection.url, "SHOW fsync") == "on")
        }
    }

    @Test("a server that fails to start reports the command, the server log and the folder")
    func failedStart() throws {
        let scratch = try Scratch()
        let home = scratch.url.appendingPathComponent(".docket")
        try scratch.withCluster(home: home, serverSettings: ["shared_buffers": "plenty"]) { cluster throws in
            #expect {
                try cluster.start()
            } throws: { error in
                guard let error = error as? LocalClusterError else { return false }
                return error.kind == .commandFailed
                    && error.description.contains("the PostgreSQL server did not start")
                    && error.description.contains("pg_ctl start -D \(cluster.dataDirectory.path)")
                    && error.serverLog?.contains(#"invalid value for parameter "shared_buffers": "plenty""#) == true
                    && error.directory == cluster.directory.path
            }
            #expect(try cluster.status() == .stopped)
        }
    }

    @Test("starts racing from several threads all succeed and share one server")
    func concurrentStarts() throws {
        let scratch = try Scratch()
        let home = scratch.url.appendingPathComponent(".docket")
        try scratch.withCluster(home: home) { cluster in
            let outcomes = Outcomes()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                outcomes.record {
                    let racer = try LocalCluster(home: home, logger: LogRecorder().logger, serverSettings: testSettings)
                    try racer.start()
                    return try racer.status()
                }
            }
            let statuses = try outcomes.values()
            #expect(statuses.count == 4)
            #expect(Set(statuses).count == 1)
            #expect(statuses.first == (try cluster.status()))
        }
    }

    @Test("a postmaster.pid left by a crash or reboot does not block start")
    func stalePIDFile() throws {
        let scratch = try Scratch()
        try scratch.withCluster(home: scratch.url.appendingPathComponent(".docket")) { cluster in
            try cluster.start()
            try cluster.stop()

            // After a reboot the recorded id may belong to any live process: here, this test runner.
            let pidFile = cluster.dataDirectory.appendingPathComponent("postmaster.pid")
            let contents = "\(getpid())\n\(cluster.dataDirectory.path)\n0\n5432\n\n\n"
            try contents.write(to: pidFile, atomically: true, encoding: .utf8)
            #expect(try cluster.status() == .stopped)

            let connection = try cluster.start()
            #expect(try psql(connection.url, "SELECT 1") == "1")
        }
    }

    @Test("a folder whose socket path would be too long gets a short socket folder under /tmp")
    func longPath() throws {
        let scratch = try Scratch()
        let deep = scratch.url.appendingPathComponent(String(repeating: "long-folder-name-", count: 6))
        let home = deep.appendingPathComponent(".docket")
        try scratch.withCluster(home: home) { cluster in
            let connection = try cluster.start()
            #expect(connection.socketDirectory.hasPrefix("/tmp/docket-"))
            let socketPath = ClusterLocation.socketPath(in: connection.socketDirectory)
            #expect(socketPath.utf8.count <= ClusterLocation.maximumSocketPathLength)
            #expect(try psql(connection.url, "SELECT 1") == "1")

            let again = try LocalCluster(home: home, logger: LogRecorder().logger)
            #expect(again.connectionInfo() == connection)
        }
    }

    @Test(
        "as root, a folder the server's user cannot reach moves to /var/tmp, and says so",
        .enabled(if: isRoot, "PostgreSQL runs as another user only when docket runs as root")
    )
    func unreachableFolderFallsBack() throws {
        let scratch = try Scratch()
        let locked = scratch.url.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        chmod(locked.path, 0o700)
        let home = locked.appendingPathComponent("project/.docket")
        let recorder = LogRecorder()

        try scratch.withCluster(home: home, recorder: recorder) { cluster in
            #expect(cluster.directory.path.hasPrefix("/var/tmp/docket-"))
            let notices = recorder.messages(atLeast: .notice)
            #expect(notices.contains {
                $0.contains("\(home.path) is not reachable by user") && $0.contains("(\(locked.path) is mode 700")
                    && $0.hasSuffix("using \(cluster.directory.path) instead")
            })

            let connection = try cluster.start()
            #expect(try psql(connection.url, "SELECT 1") == "1")
            var info = stat()
            stat(cluster.directory.path, &info)
            #expect(info.st_uid != 0)
            #expect(info.st_mode & 0o777 == 0o700)

            // Status, stop and url from a later process find the same cluster.
            let later = try LocalCluster(home: home, logger: LogRecorder().logger)
            #expect(later.directory == cluster.directory)
            #expect(try later.status() == (try cluster.status()))
            #expect(later.connectionInfo() == connection)
        }
    }
}

extension LocalClusterTests {
    @Test(
        "as root, a cluster folder that already belongs to a user stays theirs",
        .enabled(if: isRoot, "PostgreSQL runs as another user only when docket runs as root")
    )
    func existingOwnerRunsTheServer() throws {
        let scratch = try Scratch()
        let home = scratch.url.appendingPathComponent(".docket")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let nobody = try #require(PasswordEntry(name: "nobody"))
        chown(home.path, nobody.uid, nobody.gid)

        try scratch.withCluster(home: home) { cluster in
            let connection = try cluster.start()
            #expect(try psql(connection.url, "SELECT 1") == "1")
            var info = stat()
            stat(cluster.dataDirectory.path, &info)
            #expect(info.st_uid == nobody.uid)
            stat(home.path, &info)
            #expect(info.st_uid == nobody.uid)
        }
    }
}

/// Results gathered from several threads.
/// `@unchecked Sendable`: `results` is only touched under `lock`.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<LocalCluster.Status, any Error>] = []

    func record(_ body: () throws -> LocalCluster.Status) {
        let result = Result(catching: body)
        lock.withLock { results.append(result) }
    }

    func values() throws -> [LocalCluster.Status] {
        try lock.withLock { try results.map { try $0.get() } }
    }
}

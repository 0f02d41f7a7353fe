import EventStore
public import Foundation
import LocalCluster
import Logging
import PostgresClient

/// The project's own throwaway PostgreSQL cluster for tests, in `.docket-test/` at the package root,
/// and a fresh migrated database per caller. Never a mock: every test talks to a real server.
public enum TestDatabase {
    /// The package root, found from this file's path.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let sqlDirectory = packageRoot.appendingPathComponent("sql")

    /// Starts (or reuses) the test cluster once per process. `DOCKET_TEST_DATABASE_URL` uses another server.
    public static let serverConninfo: Result<String, any Error> = Result {
        if let url = ProcessInfo.processInfo.environment["DOCKET_TEST_DATABASE_URL"], !url.isEmpty { return url }
        var logger = Logger(label: "docket-test")
        logger.logLevel = .warning
        // Durability does not matter for a throwaway cluster; speed and many connections do.
        let cluster = try LocalCluster(
            home: packageRoot.appendingPathComponent(".docket-test"), logger: logger,
            serverSettings: ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "200"])
        let conninfo = try cluster.start().conninfo
        try dropEarlierRunsDatabases(conninfo)
        return conninfo
    }

    /// Drops the databases earlier test runs left on the project's own cluster (each run makes a hundred
    /// or so, 7–10 MB each, and never drops them: after a few weeks of runs the cluster had 2,301 of them
    /// in 23 GB). SwiftPM lets one test run use the package at a time, so none of them is in use. Never
    /// done on a server given by `DOCKET_TEST_DATABASE_URL`.
    private static func dropEarlierRunsDatabases(_ conninfo: String) throws {
        let admin = try Connection(conninfo)
        let names = try admin.query(#"SELECT datname FROM pg_database WHERE datname LIKE 'test\_%' ORDER BY datname"#)
        for row in 0..<names.rowCount {
            guard let name = names.string(row, 0) else { continue }
            try admin.executeScript("DROP DATABASE IF EXISTS \(Connection.quoteIdentifier(name)) WITH (FORCE)")
        }
    }

    /// Creates a new, empty database on the test cluster, migrated unless `migrated` is false.
    /// Returns its conninfo. Databases are named after the caller and a random suffix.
    public static func create(_ label: String = "t", migrated: Bool = true) throws -> String {
        let server = try serverConninfo.get()
        let name = "test_" + label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(30)
            + "_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let admin = try Connection(server)
        try admin.executeScript("CREATE DATABASE \(name) ENCODING 'UTF8' TEMPLATE template0")
        let conninfo = server + " dbname=\(name)"
        if migrated {
            try Migrator(directory: sqlDirectory).migrate(try Connection(conninfo))
        }
        return conninfo
    }

    /// Waits until `condition` holds, checking it repeatedly; throws if `timeout` passes first.
    /// Tests wait on conditions like this, never on a fixed sleep.
    public static func waitUntil(
        _ what: String, timeout: Duration = .seconds(30), _ condition: () throws -> Bool
    ) throws {
        let deadline = ContinuousClock.now + timeout
        while try !condition() {
            guard ContinuousClock.now < deadline else {
                throw TimeoutError(description: "timed out after \(timeout) waiting for \(what)")
            }
            Thread.sleep(forTimeInterval: 0.005)  // a poll interval, not a wait for the outcome
        }
    }

    public struct TimeoutError: Error, CustomStringConvertible {
        public var description: String
    }
}

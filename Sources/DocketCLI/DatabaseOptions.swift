import ArgumentParser
import EventStore
import Foundation
import LocalCluster
import Logging
import PostgresClient

/// Where the database is: `--database-url`, `DOCKET_DATABASE_URL`, the `PG*` variables, or the embedded
/// cluster under `.docket/` (started and migrated on demand).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: "A libpq connection URL or conninfo string (default: DOCKET_DATABASE_URL, PG* variables, else the embedded cluster).")
    var databaseURL: String?

    /// The standard libpq variables that mean "the user chose a server".
    static let libpqVariables = [
        "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE", "PGSERVICEFILE", "PGPASSFILE",
    ]

    /// The connection string to use, starting the embedded cluster if no settings were given.
    func conninfo(logger: Logger) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let databaseURL { return databaseURL }
        if let url = environment["DOCKET_DATABASE_URL"], !url.isEmpty { return url }
        if Self.libpqVariables.contains(where: { environment[$0] != nil }) { return "" }
        let cluster = try LocalCluster(home: LocalCluster.defaultHome(
            environment: environment,
            currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)), logger: logger)
        return try cluster.start().conninfo
    }

    /// A connection to a migrated database.
    func connect(logger: Logger) throws -> Connection {
        let connection = try Connection(try conninfo(logger: logger))
        let migrator = try Migrator(directory: try Migrator.locateDirectory())
        for migration in try migrator.migrate(connection) {
            logger.info("applied migration \(migration.fileName)")
        }
        return connection
    }
}

/// Logging to stderr, once per process.
enum CLILogging {
    static let bootstrap: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let level = ProcessInfo.processInfo.environment["DOCKET_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            handler.logLevel = level ?? .notice
            return handler
        }
    }()

    static func logger(_ label: String = "docket") -> Logger {
        _ = bootstrap
        return Logger(label: label)
    }
}

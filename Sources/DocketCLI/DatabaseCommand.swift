import ArgumentParser
import EventStore
import Foundation
import LocalCluster
import Logging
import PostgresClient

/// `docket db …`: the embedded PostgreSQL cluster.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the private PostgreSQL cluster in .docket/ (or DOCKET_HOME).",
        discussion: """
            The cluster listens on a Unix socket inside its folder and on no TCP port. When docket runs as \
            root, the server runs as the unprivileged user postgres; if that user cannot reach the folder \
            (for example under /root), the cluster lives in a private folder under /var/tmp instead, and \
            docket says so.
            """,
        subcommands: [Start.self, Stop.self, Status.self, URLCommand.self]
    )

    static func cluster() throws -> LocalCluster {
        let environment = ProcessInfo.processInfo.environment
        return try LocalCluster(
            home: LocalCluster.defaultHome(
                environment: environment,
                currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)),
            logger: CLILogging.logger())
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the cluster if needed and start it (reuses a running one).")
        func run() throws {
            let info = try DatabaseCommand.cluster().start()
            print("running: \(info.url)")
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster cleanly.")
        func run() throws {
            try DatabaseCommand.cluster().stop()
            print("stopped")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the cluster exists and is running.")
        func run() throws {
            let cluster = try DatabaseCommand.cluster()
            print("\(try cluster.status()) (\(cluster.dataDirectory.path))")
        }
    }

    struct URLCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url", abstract: "Print a connection URL that psql and --database-url accept.")
        func run() throws {
            print(try DatabaseCommand.cluster().connectionInfo().url)
        }
    }
}

/// `docket migrate`.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the sql/NNNN_name.sql migrations that the database does not have yet.",
        discussion: "Each applied migration is recorded with a checksum; an applied migration whose file was edited is refused."
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let logger = CLILogging.logger()
        let connection = try Connection(try database.conninfo(logger: logger))
        let migrator = try Migrator(directory: try Migrator.locateDirectory())
        let applied = try migrator.migrate(connection)
        if applied.isEmpty {
            print("up to date (\(migrator.migrations.count) migrations)")
        } else {
            for migration in applied { print("applied \(migration.fileName)") }
        }
    }
}

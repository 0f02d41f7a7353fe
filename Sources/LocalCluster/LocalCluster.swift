public import Foundation
public import Logging

/// A private PostgreSQL cluster in a project-local folder (`.docket/` by default), run with the
/// installed server's own programs: initdb on first use, pg_ctl to start and stop.
///
/// The server listens only on a Unix socket inside the folder (no TCP), trusts local
/// connections, and has a superuser and a database both named `docket`. Start and stop are
/// serialised across processes with a lock file, so concurrent `docket` commands share one server.
///
/// PostgreSQL refuses to run as root. As root, the programs run as the owner of an existing
/// cluster folder, else as `postgres` (or `nobody`), who is given the folder; if that user cannot
/// reach the folder (say, a checkout under `/root`), the cluster lives in
/// `/var/tmp/docket-<hash of the folder>` instead, and a notice says so.
public struct LocalCluster: Sendable {
    /// What a cluster is doing.
    public enum Status: Sendable, Hashable, CustomStringConvertible {
        /// initdb has not run yet.
        case notCreated
        /// The cluster exists; no server is running on it.
        case stopped
        /// A server is running on the cluster.
        case running(pid: Int32)

        public var description: String {
            switch self {
            case .notCreated: "not created"
            case .stopped: "stopped"
            case .running(let pid): "running (pid \(pid))"
            }
        }
    }

    /// The superuser initdb creates, and the database created after the first start.
    public static let user = "docket"
    public static let database = "docket"

    /// The folder that was asked for.
    public let home: URL
    /// The folder the cluster lives in: `home`, or the private fallback when the server's user
    /// cannot reach `home`.
    public let directory: URL
    let location: ClusterLocation
    let account: ServerAccount
    let binaries: ServerBinaries
    let settings: ServerSettings
    let logger: Logger

    /// Describes the cluster in `home`; creates nothing until `start()`.
    ///
    /// - Parameter serverSettings: Extra server settings such as `["fsync": "off"]`, applied each time
    ///   the server starts (a running server keeps the settings it started with). The defaults are
    ///   PostgreSQL's, with `max_connections` 100.
    /// - Throws: `LocalClusterError` when the server is not installed, no user can run it, or a
    ///   setting is malformed.
    public init(home: URL, logger: Logger, serverSettings: [String: String] = [:]) throws {
        let binaries = try ServerBinaries.locate()
        let account = try ServerAccount.resolve(folder: ClusterLocation.canonicalPath(home))
        self.settings = try ServerSettings(serverSettings)
        self.location = ClusterLocation(home: home, account: account)
        self.home = home
        self.directory = URL(fileURLWithPath: location.directory, isDirectory: true)
        self.account = account
        self.binaries = binaries
        self.logger = logger

        if let reason = location.fallbackReason {
            logger.notice("\(reason); using \(location.directory) instead")
        }
        // pg_ctl runs the server through /bin/sh with these paths in double quotes.
        if let character = location.directory.first(where: { "\"\\$`\n".contains($0) }) {
            throw LocalClusterError(
                .unusableDirectory,
                "the cluster folder's path contains \(character.debugDescription), "
                    + "which pg_ctl cannot pass to the server",
                directory: location.directory,
                fix: "set DOCKET_HOME to a folder whose path has no \", \\, $, ` or line breaks"
            )
        }
    }

    /// The folder to use when none is given: `$DOCKET_HOME` (relative to `currentDirectory`),
    /// else `.docket` in `currentDirectory`.
    public static func defaultHome(environment: [String: String], currentDirectory: URL) -> URL {
        if let home = environment["DOCKET_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home, isDirectory: true, relativeTo: currentDirectory).standardizedFileURL
        }
        return currentDirectory.appendingPathComponent(".docket", isDirectory: true).standardizedFileURL
    }

    /// The server's data folder (PGDATA), inside `directory`.
    public var dataDirectory: URL { directory.appendingPathComponent("data", isDirectory: true) }

    /// The server's log, inside `directory`.
    public var logFile: URL { directory.appendingPathComponent("server.log", isDirectory: false) }

    /// How to connect; valid whenever the server is running.
    public func connectionInfo() -> ConnectionInfo {
        ConnectionInfo(
            socketDirectory: location.socketDirectory, port: ClusterLocation.port,
            user: Self.user, database: Self.database
        )
    }

    /// Whether the cluster exists and a server is running on it.
    ///
    /// A `postmaster.pid` left by a crash or a reboot does not count as running: its process must
    /// be alive and be PostgreSQL.
    public func status() throws -> Status {
        let versionFile = dataDirectory.appendingPathComponent("PG_VERSION").path
        guard FileManager.default.fileExists(atPath: versionFile) else {
            if FileManager.default.fileExists(atPath: dataDirectory.path),
                !FileManager.default.isReadableFile(atPath: dataDirectory.path)
            {
                throw LocalClusterError(
                    .unusableDirectory, "cannot read the cluster's data folder \(dataDirectory.path)",
                    directory: location.directory,
                    fix: "run docket as the user who created the cluster (root creates it for user \(account.name))"
                )
            }
            return .notCreated
        }
        guard let pid = PostmasterPIDFile(dataDirectory: dataDirectory.path).livePostmaster() else {
            return .stopped
        }
        return .running(pid: pid)
    }
}

import Foundation
import Logging

extension LocalCluster {
    /// Creates the cluster if needed, starts the server unless one is running, and makes sure the
    /// `docket` database exists. Safe to call from several processes at once: one does the work,
    /// the others wait for it and reuse its server.
    @discardableResult
    public func start() throws -> ConnectionInfo {
        try prepareDirectories()
        try FileLock.withLock(at: lockFile, logger: logger) {
            if try status() == .notCreated {
                try createCluster()
            }
            try includeSettingsFile()
            switch try status() {
            case .running(let pid):
                logger.info("reusing the cluster running in \(location.directory) (pid \(pid))")
            case .stopped, .notCreated:
                try startServer()
            }
            try createDatabase()
        }
        return connectionInfo()
    }

    /// Stops the server with pg_ctl's fast mode (open sessions are disconnected, work is not
    /// lost). Does nothing but say so when no server is running.
    public func stop() throws {
        guard FileManager.default.fileExists(atPath: location.directory) else {
            logger.notice("there is no cluster in \(location.directory)")
            return
        }
        try FileLock.withLock(at: lockFile, logger: logger) {
            guard case .running = try status() else {
                logger.notice("the cluster in \(location.directory) is not running")
                return
            }
            let stop = account.command(
                binaries.pgCtl, ["stop", "-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60"]
            )
            try run(
                stop, failure: "cannot stop the PostgreSQL server",
                fix: "the server log says what it is waiting for; `kill -INT <pid>` stops it immediately"
            )
            logger.info("stopped the cluster in \(location.directory)")
        }
    }

    private var lockFile: String { location.directory + "/cluster.lock" }
    private var settingsFileName: String { "docket.conf" }

    /// The cluster folder and, when separate, the socket folder, owned by the server's user.
    private func prepareDirectories() throws {
        let isFallback = location.directory != location.home
        let isCreated = try ClusterDirectory.prepare(
            location.directory, for: account, placement: isFallback ? .shared : .requested
        )
        if isCreated, !isFallback {
            // Keep the cluster out of version control in whatever project holds it.
            try? Data("*\n".utf8).write(to: directory.appendingPathComponent(".gitignore"), options: .atomic)
        }
        if location.socketDirectory != location.directory {
            try ClusterDirectory.prepare(location.socketDirectory, for: account, placement: .shared)
        }
    }

    private func createCluster() throws {
        logger.notice("creating a PostgreSQL cluster in \(location.directory)")
        var arguments = [
            "-D", dataDirectory.path, "-U", Self.user, "--auth=trust", "--encoding=UTF8", "--locale=C",
            "--no-instructions",
        ]
        if !settings.isDurable { arguments.append("--no-sync") }
        try run(
            account.command(binaries.initdb, arguments),
            failure: "initdb could not create the cluster",
            fix: "if \(dataDirectory.path) is left over from an earlier attempt, remove it and try again",
            showsServerLog: false
        )
    }

    /// Points postgresql.conf at `docket.conf`, once; an interrupted first start may have missed it.
    private func includeSettingsFile() throws {
        let configuration = dataDirectory.appendingPathComponent("postgresql.conf")
        let include = "include '\(settingsFileName)'"
        let text = (try? String(contentsOf: configuration, encoding: .utf8)) ?? ""
        guard !text.split(separator: "\n").contains(where: { $0 == include }) else { return }
        do {
            let handle = try FileHandle(forWritingTo: configuration)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("\n# Settings docket writes at every start.\n\(include)\n".utf8))
        } catch {
            throw LocalClusterError(
                .unusableDirectory, "cannot add docket's settings to \(configuration.path): \(error)",
                directory: location.directory
            )
        }
    }

    private func startServer() throws {
        let pidFile = PostmasterPIDFile(dataDirectory: dataDirectory.path)
        if pidFile.exists {
            // A server would hold this file; none does (status said so), so it outlived a crash or reboot.
            let owner = pidFile.processID.map { "process \($0)" } ?? "a process"
            logger.notice("removing \(pidFile.path), left by \(owner) that is no longer a running server")
            try? FileManager.default.removeItem(atPath: pidFile.path)
        }
        try ClusterDirectory.write(
            settings.configuration(socketDirectory: location.socketDirectory, port: ClusterLocation.port),
            to: dataDirectory.appendingPathComponent(settingsFileName).path, for: account
        )
        let start = account.command(
            binaries.pgCtl, ["start", "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60"]
        )
        try run(
            start, failure: "the PostgreSQL server did not start",
            fix: "the server log says why (all of it is in \(logFile.path)); a bad server setting is the usual cause"
        )
        logger.info("started the cluster in \(location.directory)")
    }

    /// Creates the `docket` database unless it exists; an interrupted first start may have missed it.
    private func createDatabase() throws {
        let connection = connectionInfo()
        let server = ["-h", connection.socketDirectory, "-p", String(connection.port), "-U", Self.user]
        let query = "SELECT 1 FROM pg_database WHERE datname = '\(Self.database)'"
        let exists = try run(
            account.command(binaries.psql, ["-X", "-A", "-t", "-d", "postgres", "-c", query] + server),
            failure: "cannot connect to the PostgreSQL server",
            fix: "the server log says why (all of it is in \(logFile.path))"
        )
        guard exists != "1" else { return }
        try run(
            account.command(binaries.createdb, server + [Self.database]),
            failure: "cannot create the \(Self.database) database", fix: nil
        )
    }

    /// Runs a command in the cluster folder and returns its output, turning a failure into an
    /// error that shows the command, its output and the end of the server log.
    @discardableResult
    private func run(_ command: Command, failure: String, fix: String?, showsServerLog: Bool = true) throws -> String {
        logger.debug("running \(command.commandLine)")
        let result = try command.run(in: directory)
        guard result.isSuccess else {
            throw LocalClusterError(
                .commandFailed, "\(failure) (exit status \(result.status))", directory: location.directory,
                commandLine: command.commandLine, output: result.output,
                serverLog: showsServerLog ? serverLogTail() : nil, fix: fix
            )
        }
        return result.output
    }

    /// The last lines of the server log, or nil when there is none yet.
    func serverLogTail(lines: Int = 20) -> String? {
        guard let text = try? String(contentsOf: logFile, encoding: .utf8), !text.isEmpty else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .suffix(lines + 1)
            .joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

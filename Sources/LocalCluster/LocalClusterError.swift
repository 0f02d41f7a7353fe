/// An error from managing the private PostgreSQL cluster: what failed, where (the folder, the
/// command line that was run, the last lines of the server log) and what to do about it.
public struct LocalClusterError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: switch with a `default`.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The PostgreSQL server binaries (initdb, pg_ctl, …) are not installed.
        public static let serverNotInstalled = Kind("serverNotInstalled")
        /// Running as root, but there is no unprivileged user to run the server as.
        public static let noServerUser = Kind("noServerUser")
        /// A folder the cluster needs could not be created, or exists with the wrong owner or type.
        public static let unusableDirectory = Kind("unusableDirectory")
        /// A server setting passed by the caller is malformed or reserved.
        public static let invalidServerSetting = Kind("invalidServerSetting")
        /// A command (initdb, pg_ctl, psql) could not be launched or exited with a failure.
        public static let commandFailed = Kind("commandFailed")
        /// The lock that serialises start and stop could not be taken.
        public static let lockFailed = Kind("lockFailed")
    }

    public var kind: Kind
    /// What failed, in one sentence.
    public var message: String
    /// The cluster folder involved, if any.
    public var directory: String?
    /// The command line that failed, rendered for copying into a shell.
    public var commandLine: String?
    /// What the command printed (stdout and stderr together), trimmed.
    public var output: String?
    /// The last lines of the server log, when the server was involved.
    public var serverLog: String?
    /// What the user can do about it.
    public var fix: String?

    init(
        _ kind: Kind, _ message: String, directory: String? = nil, commandLine: String? = nil,
        output: String? = nil, serverLog: String? = nil, fix: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.directory = directory
        self.commandLine = commandLine
        self.output = output
        self.serverLog = serverLog
        self.fix = fix
    }

    public var description: String {
        var text = message
        if let directory { text += "\n  cluster folder: \(directory)" }
        if let commandLine { text += "\n  command: \(commandLine)" }
        if let output, !output.isEmpty { text += "\n  output:\n" + Self.indented(output) }
        if let serverLog, !serverLog.isEmpty { text += "\n  server log (last lines):\n" + Self.indented(serverLog) }
        if let fix { text += "\n  fix: \(fix)" }
        return text
    }

    private static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "    " + $0 }
            .joined(separator: "\n")
    }
}

import ArgumentParser
import DocketShell
import Foundation
import LocalCluster
import PostgresClient

/// `docket repl`: the analyst's shell for the query language.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Ask the ledger questions in the query language, interactively or from a script.",
        discussion: """
            On a terminal: line editing and history (libedit, if the system has it), Tab completion of \
            sources, fields, keywords and backslash commands, Ctrl-C to cancel a running query (or clear \
            the line), Ctrl-D or \\q to leave. A query may span lines and ends with ; (a blank line does not \
            end it). \\? lists the backslash commands. History is kept in $DOCKET_HOME/history (default \
            .docket/history).

            Every answer ends with the stamp of the ledger state it describes: the log position, the Merkle \
            root and the newest signed checkpoint at or below it.

            Scripts: -c 'QUERY' (repeatable), -f FILE, or queries on standard input. Exit codes as psql's: \
            0 all answered, 1 an error (the script goes on), 2 the connection was lost, 3 an error with \
            --on-error-stop (the script stops there).
            """
    )

    @Option(name: .customShort("c"), help: ArgumentHelp("Run this query or backslash command and exit (repeatable; run in order).", valueName: "query"))
    var command: [String] = []

    @Option(name: .customShort("f"), help: ArgumentHelp("Run the queries and commands in this file and exit.", valueName: "file"))
    var file: String?

    @Flag(name: .customLong("on-error-stop"), help: "In a script, stop at the first error (exit code 3).")
    var onErrorStop = false

    @Option(name: .customLong("format"), help: "How answers are shown: table, csv, json or jsonl (\\format in the shell).")
    var format: String = "table"

    @Option(help: ArgumentHelp("Stop a statement that runs longer than this many seconds (as docket query's --timeout).", valueName: "seconds"))
    var timeout: Int = 30

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if OutputFormat(rawValue: format) == nil { throw ValidationError("--format takes table, csv, json or jsonl, not \"\(format)\"") }
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        if file != nil, !command.isEmpty { throw ValidationError("give -c or -f, not both") }
    }

    func run() throws {
        let logger = CLILogging.logger()
        let connection: Connection
        do {
            connection = try database.connect(logger: logger)
        } catch {
            FileHandle.standardError.write(Data("docket repl: cannot connect: \(error)\n".utf8))
            throw ExitCode(ReplSession.Outcome.connectionLost.rawValue)
        }
        let engine: LedgerQueryEngine
        do {
            engine = try LedgerQueryEngine(connection: connection, statementTimeout: .seconds(timeout))
        } catch let error as PostgresError where ["42501", "22023", "42704"].contains(error.sqlState ?? "") {
            throw CLIError("this login cannot act as docket_reader, the role the shell's queries run under; "
                + "run `GRANT docket_reader TO <your login>` as the database owner")
        }
        let isScript = file != nil || !command.isEmpty || isatty(STDIN_FILENO) != 1
        let shell = Shell(engine: engine, showsTiming: !isScript)
        shell.renderer.format = OutputFormat(rawValue: format) ?? .table
        let session = ReplSession(shell: shell, stopsOnError: isScript && onErrorStop)
        let outcome: ReplSession.Outcome
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("cannot read \(file): no such file, or not UTF-8 text")
            }
            outcome = session.runScript(text)
        } else if !command.isEmpty {
            outcome = session.runScript(command.joined(separator: "\n;\n"))
        } else {
            let home = LocalCluster.defaultHome(
                environment: ProcessInfo.processInfo.environment,
                currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            outcome = session.runInteractive(historyURL: home.appendingPathComponent("history"), banner: Self.banner(engine))
        }
        if outcome != .answered { throw ExitCode(outcome.rawValue) }
    }

    static func banner(_ engine: LedgerQueryEngine) -> String {
        "docket repl: ask the ledger in the query language. Queries end with ;  \\? for help, \\q to quit.\n"
    }
}

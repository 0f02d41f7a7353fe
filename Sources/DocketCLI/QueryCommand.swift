import ArgumentParser
import DocketQuery
import Foundation
import PostgresClient
import QueryExecution

/// The running query's cancel token, for the SIGINT handler. Written once before the statement starts and
/// only read afterwards, from the handler, so the unsynchronised access cannot race with a write.
nonisolated(unsafe) private var queryCancelToken: CancelToken?

/// `docket query 'TEXT'`: ask the ledger a question in the query language (docs/query-language.md).
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Answer a query-language question, stamped with the log position and Merkle root it describes.",
        discussion: """
            A query is a pipeline, source first: from decisions | where status == "taken" | sort taken_on desc | take 5. \
            See docs/query-language.md for the language and every source and field; queries/ holds worked examples.
            Exit status: 0 answered, 1 the query has a mistake (or the database refused it), 2 the connection was lost.
            """
    )

    @Argument(help: "The query text. Omit it and give -f FILE instead.")
    var text: String?

    @Option(name: [.customShort("f"), .customLong("file")], help: "Read the query from FILE ('-' for standard input).")
    var file: String?

    @Option(name: .customLong("param"), help: "A parameter's value, NAME=VALUE (repeatable); the query uses it as $NAME.")
    var parameters: [String] = []

    @Option(help: "table, csv, json (one object with the stamp) or jsonl (one object a row).")
    var format: String = "table"

    @Flag(help: "Print the compiled SQL and its parameters; do not run it.")
    var sql = false

    @Flag(help: "Print PostgreSQL's plan for the compiled statement (EXPLAIN) instead of the answer.")
    var explain = false

    @Option(help: "Stop a statement that runs longer than this many seconds.")
    var timeout: Int = 30

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if text == nil && file == nil { throw ValidationError("give the query as an argument or with -f FILE") }
        if text != nil && file != nil { throw ValidationError("give the query either as an argument or with -f FILE, not both") }
        if AnswerFormat(rawValue: format) == nil {
            throw ValidationError("--format must be one of \(AnswerFormat.allCases.map(\.rawValue).joined(separator: ", ")), not \(format)")
        }
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        for parameter in parameters where !parameter.contains("=") {
            throw ValidationError("--param \(parameter): write NAME=VALUE")
        }
    }

    func run() throws {
        let (queryText, name) = try readQuery()
        var values = [String: String]()
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0]).trimmingPrefix("$").description] = String(parts[1])
        }
        let compiled: CompiledQuery
        switch QueryCompiler.compile(queryText, parameters: values) {
        case .success(let query): compiled = query
        case .failure(let error):
            FileHandle.standardError.write(Data(error.rendered(source: queryText, name: name).utf8))
            throw ExitCode(1)
        }
        if sql {
            print(QueryCompiler.listing(compiled), terminator: "")
            return
        }
        let connection: Connection
        do {
            connection = try database.connect(logger: CLILogging.logger())
        } catch let error as PostgresError {
            FileHandle.standardError.write(Data("error: cannot reach the database: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        let options = QueryExecutor.Options(statementTimeout: .seconds(timeout))
        // Ctrl-C asks the server to cancel the running statement (PQcancel is safe in a signal handler); the
        // query then ends with its own "cancelled" message instead of the process dying mid-answer.
        queryCancelToken = connection.makeCancelToken()
        signal(SIGINT) { _ in _ = queryCancelToken?.cancel() }
        defer { signal(SIGINT, SIG_DFL) }
        do {
            if explain {
                print(try QueryExecutor.explain(compiled, on: connection, options: options), terminator: "")
                return
            }
            let answer = try QueryExecutor.run(compiled, on: connection, options: options)
            print(AnswerFormat(rawValue: format)!.render(answer), terminator: "")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(error.kind == .connectionLost ? 2 : 1)
        }
    }

    private func readQuery() throws -> (String, String) {
        if let text { return (text, "query") }
        guard let file else { return ("", "query") }
        if file == "-" {
            return (String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self), "stdin")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError("cannot read the query file \(file)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("\(file) is not UTF-8 text") }
        return (text, file)
    }
}

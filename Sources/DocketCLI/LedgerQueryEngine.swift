import DocketShell
import Foundation
import PostgresClient

/// The shell's engine on a real ledger: the query language's catalogue, compiler and executor over one
/// connection with only the reader role's rights and a statement timeout.
final class LedgerQueryEngine: QueryEngine {
    let connection: Connection
    let cancel: @Sendable () -> Void

    init(connection: Connection, statementTimeout: Duration) throws {
        self.connection = connection
        // Defence in depth under the executor's own read-only transaction and role: for the whole session,
        // nothing can write and only the reader role's grants apply (no personal columns), whatever is typed.
        try connection.executeScript("""
            SET statement_timeout = '\(statementTimeout.components.seconds)s';
            SET default_transaction_read_only = on;
            SET ROLE docket_reader;
            """)
        let token = connection.makeCancelToken()
        cancel = { _ = token?.cancel() }
    }

    var sources: [SourceDescription] { [] }
    var keywords: [String] { [] }
    var functions: [String] { [] }

    func answer(_ query: String, asOf: AsOf?) throws(ShellError) -> Answer {
        throw ShellError(.failed, "the query language is not part of this build yet")
    }

    func sql(_ query: String, asOf: AsOf?) throws(ShellError) -> String {
        throw ShellError(.failed, "the query language is not part of this build yet")
    }

    func explain(_ query: String, asOf: AsOf?) throws(ShellError) -> String {
        throw ShellError(.failed, "the query language is not part of this build yet")
    }

    func aggregateIDs(kind: String, prefix: String) -> [String] { [] }
}

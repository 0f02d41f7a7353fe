import DocketQuery
import DocketShell
import Foundation
import PostgresClient
import QueryExecution

/// The shell's engine on a real ledger: `QueryExecutor` over one connection, every query in a read-only
/// transaction under the reader role with a statement timeout.
final class LedgerQueryEngine: QueryEngine {
    let connection: Connection
    let options: QueryExecutor.Options
    let catalogue: QueryCatalogue
    let cancel: @Sendable () -> Void

    init(connection: Connection, statementTimeout: Duration, catalogue: QueryCatalogue = .standard) throws {
        self.connection = connection
        self.catalogue = catalogue
        options = QueryExecutor.Options(statementTimeout: statementTimeout)
        // Beneath the executor's own read-only transaction and role, the whole session is read-only and has
        // only the reader role's grants (no personal columns), so nothing typed can write or see more.
        try connection.executeScript("""
            SET default_transaction_read_only = on;
            SET statement_timeout = \(max(1, statementTimeout.components.seconds) * 1000);
            SET ROLE docket_reader;
            """)
        let token = connection.makeCancelToken()
        cancel = { _ = token?.cancel() }
    }

    func run(_ query: CompiledQuery) throws(ShellError) -> Answer {
        do {
            return try QueryExecutor.run(query, on: connection, options: options)
        } catch {
            throw Self.shellError(error)
        }
    }

    func explain(_ query: CompiledQuery) throws(ShellError) -> String {
        do {
            return try QueryExecutor.explain(query, on: connection, options: options)
        } catch {
            throw Self.shellError(error)
        }
    }

    /// Checkpoints are append-only, so the one the stamp names (size, root, key) has one date whenever it is read.
    func signedOn(_ checkpoint: Stamp.SignedCheckpoint) -> String? {
        let sql = """
            SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM docket.checkpoints
             WHERE tree_size = $1 AND root_hash = decode($2, 'hex') AND key_name = $3 ORDER BY id DESC LIMIT 1
            """
        guard let result = try? connection.query(sql, [checkpoint.treeSize, checkpoint.root, checkpoint.keyName]),
              result.rowCount == 1 else { return nil }
        return result.string(0, 0)
    }

    /// Up to 50 ids, for Tab after `history of KIND`. The table name comes from the catalogue; the prefix
    /// travels as a parameter.
    func ids(of kind: String, startingWith prefix: String) -> [String] {
        guard let source = catalogue.source(singular: kind), source.field(named: "id") != nil else { return [] }
        let sql = "SELECT DISTINCT id FROM \(source.table) WHERE starts_with(id, $1) ORDER BY id LIMIT 50"
        guard let result = try? connection.query(sql, [prefix]) else { return [] }
        return (0..<result.rowCount).compactMap { result.string($0, 0) }
    }

    static func shellError(_ error: QueryExecutionError) -> ShellError {
        switch error.kind {
        case .cancelled: ShellError(.cancelled, "query cancelled")
        case .connectionLost: ShellError(.connectionLost, error.description)
        default: ShellError(.failed, error.description)
        }
    }
}

public import DocketQuery
import EventStore
import Ledger
public import PostgresClient

/// Runs a compiled query in a read-only REPEATABLE READ transaction under the reader role, so no write
/// and no personal column is reachable even through a compiler bug, and stamps the answer with the
/// position, Merkle root and newest signed checkpoint read in the same snapshot.
public enum QueryExecutor {
    public struct Options: Sendable {
        /// The longest one statement may run; the server cancels it after that.
        public var statementTimeout: Duration
        /// The role the statement runs as; nil runs as the connection's own user (for a login that has
        /// only the reader's rights already).
        public var role: String?

        public init(statementTimeout: Duration = .seconds(30), role: String? = "docket_reader") {
            self.statementTimeout = statementTimeout
            self.role = role
        }
    }

    public static func run(_ compiled: CompiledQuery, on connection: Connection, options: Options = Options()) throws(QueryExecutionError) -> Answer {
        do {
            try connection.executeScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        } catch {
            throw QueryExecutionError(from: error)
        }
        do {
            let answer = try answer(compiled, connection: connection, options: options)
            try connection.executeScript("COMMIT")
            return answer
        } catch {
            if connection.isConnected { try? connection.executeScript("ROLLBACK") }
            if let error = error as? QueryExecutionError { throw error }
            if let error = error as? PostgresError { throw QueryExecutionError(from: error) }
            throw QueryExecutionError(.failed, "the answer could not be stamped: \(error)")
        }
    }

    private static func answer(_ compiled: CompiledQuery, connection: Connection, options: Options) throws -> Answer {
        if let role = options.role {
            let result = Result { () throws(PostgresError) in try connection.executeScript("SET LOCAL ROLE " + Connection.quoteIdentifier(role)) }
            if case .failure(let error) = result {
                guard ["42501", "22023", "42704"].contains(error.sqlState ?? "") else { throw error }
                throw QueryExecutionError(.permission, "this login cannot act as \(role), the role queries run under",
                                          hint: "run `GRANT \(role) TO <your login>` as the database owner")
            }
        }
        let milliseconds = max(1, options.statementTimeout.components.seconds * 1000 + options.statementTimeout.components.attoseconds / 1_000_000_000_000_000)
        try connection.executeScript("SET LOCAL statement_timeout = \(milliseconds); SET LOCAL TimeZone = 'UTC'")

        let basisPosition = try position(of: compiled.basis, connection: connection)
        var values = [String?]()
        var resolved = [Int64]()
        for parameter in compiled.parameters {
            switch parameter {
            case .value(let text, _):
                values.append(text)
                resolved.append(-1)
            case .position(let request):
                let position = try resolve(request, connection: connection)
                values.append(String(position))
                resolved.append(position)
            }
        }
        var stampPosition = basisPosition
        if case .asOf(let index) = compiled.temporal {
            stampPosition = resolved[index]
            guard stampPosition <= basisPosition else {
                let what = compiled.basis == .log ? "the log holds \(basisPosition) events" : "the read models describe the log up to position \(basisPosition)"
                throw QueryExecutionError(.beyondReadModels, "position \(stampPosition) is beyond what can be answered: \(what)",
                                          hint: compiled.basis == .log ? "ask for a position at or below \(basisPosition)"
                                            : "run `docket worker --once` to bring the read models up to date, or ask for an earlier position")
            }
        }
        let result = try connection.query(compiled.sql, values)
        var rows = [[String?]]()
        rows.reserveCapacity(result.rowCount)
        let isTime = compiled.columns.map { $0.type == .time }
        for row in 0..<result.rowCount {
            rows.append((0..<compiled.columns.count).map { column in
                guard !result.isNull(row, column), let text = result.string(row, column) else { return nil }
                return isTime[column] ? TimeText.iso8601(text) : text
            })
        }
        return Answer(columns: compiled.columns, rows: rows, stamp: try stamp(stampPosition, basis: compiled.basis, connection: connection))
    }

    /// The position the basis has reached in this snapshot.
    static func position(of basis: QueryBasis, connection: Connection) throws -> Int64 {
        switch basis {
        case .log:
            return try connection.query("SELECT position FROM docket.log_head").int64(0, 0) ?? 0
        case .tables, .findings:
            return try connection.query("SELECT position FROM projection.checkpoints WHERE name = $1", [basis.rawValue]).int64(0, 0) ?? 0
        }
    }

    /// A position given directly, or the last event recorded by a time. Recorded time never decreases along
    /// the log, so a binary search over positions finds it with a few primary-key lookups.
    public static func resolve(_ request: PositionRequest, connection: Connection) throws -> Int64 {
        let time: String
        let inclusive: Bool
        switch request {
        case .position(let n): return n
        case .lastRecordedAtOrBefore(let t): (time, inclusive) = (t, true)
        case .lastRecordedBefore(let t): (time, inclusive) = (t, false)
        }
        var low: Int64 = 0
        var high = try connection.query("SELECT position FROM docket.log_head").int64(0, 0) ?? 0
        let test = "SELECT recorded_at \(inclusive ? "<=" : "<") $2::timestamptz FROM docket.events WHERE position <= $1 ORDER BY position DESC LIMIT 1"
        while low < high {
            let middle = low + (high - low + 1) / 2
            if try connection.query(prepared: test, [middle, time]).bool(0, 0) ?? false {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return low
    }

    static func stamp(_ position: Int64, basis: QueryBasis, connection: Connection) throws -> Stamp {
        let root = try CompactRange(treeSize: Int(position), source: LedgerStore(connection: connection).subtrees).root
        let result = try connection.query("""
            SELECT tree_size, encode(root_hash, 'hex'), key_name, origin FROM docket.checkpoints
             WHERE tree_size <= $1 ORDER BY tree_size DESC, id DESC LIMIT 1
            """, [position])
        var checkpoint: Stamp.SignedCheckpoint?
        if result.rowCount == 1 {
            checkpoint = .init(treeSize: try result.int64(0, 0)!, root: result.string(0, 1)!, keyName: result.string(0, 2)!, origin: result.string(0, 3)!)
        }
        let logSize = try connection.query("SELECT position FROM docket.log_head").int64(0, 0) ?? 0
        return Stamp(position: position, root: root.hex, basis: basis, checkpoint: checkpoint, logSize: logSize)
    }
}

extension QueryExecutor {
    /// PostgreSQL's plan for the compiled statement, with its positions resolved as `run` would.
    public static func explain(_ compiled: CompiledQuery, on connection: Connection, options: Options = Options()) throws(QueryExecutionError) -> String {
        var explained = compiled
        explained.sql = "EXPLAIN " + compiled.sql
        explained.columns = [QueryColumn(name: "plan", type: .text)]
        explained.temporal = .current
        let answer = try run(explained, on: connection, options: options)
        return answer.rows.map { ($0.first ?? nil) ?? "" }.joined(separator: "\n") + "\n"
    }
}

internal import CLibPQ
import Foundation

/// One connection to a PostgreSQL server, through libpq.
///
/// A connection is used by one thread at a time and is not `Sendable`: parallel work opens more
/// connections, it never shares one. Blocking libpq calls therefore belong on a thread the caller
/// owns, not on the cooperative pool.
public final class Connection {
    private let handle: OpaquePointer
    private let settings: (conninfo: String, database: String?)
    /// Statements prepared on this session by ``query(prepared:_:)``: SQL text to statement name.
    private var preparedNames: [String: String] = [:]
    private var preparedCount = 0

    /// Connects with a libpq connection string — keyword/value (`host=/tmp dbname=docket`) or a URL
    /// (`postgresql://user@host/db`). An empty string means "use the standard `PG*` variables".
    /// `database`, if given, replaces the database the settings name.
    public init(_ conninfo: String, database: String? = nil) throws(PostgresError) {
        // expand_dbname=1 lets the first `dbname` carry a whole conninfo string or URL; later keywords
        // (including a second, plain `dbname`) override what it says.
        var keywords = ["dbname", "fallback_application_name", "client_encoding"]
        var values = [conninfo, "docket", "UTF8"]
        if let database {
            keywords.append("dbname")
            values.append(database)
        }
        if values.contains(where: Self.containsNul) {
            throw PostgresError(kind: .connectionFailed, message: "the connection settings hold a NUL character (U+0000)",
                                hint: "remove it from --database-url, DOCKET_DATABASE_URL or the PG* variables")
        }
        let connection = Self.withCStrings(keywords) { keywordPointers in
            Self.withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw PostgresError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(
                kind: .connectionFailed,
                message: message.isEmpty ? "could not connect to the server" : message,
                hint: "check that the server is running and the connection settings "
                    + "(--database-url, DOCKET_DATABASE_URL or PG* variables) are right"
            )
        }
        handle = connection
        settings = (conninfo, database)
        // Notices ("relation already exists, skipping") are not errors; keep them off the user's terminal.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        // Timestamps travel as text; fix the session's zone and style so they parse one way.
        try executeScript("SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET IntervalStyle TO 'iso_8601'")
    }

    deinit {
        PQfinish(handle)
    }

    /// A new connection with the same settings, for work on another thread.
    public func openSibling() throws(PostgresError) -> Connection {
        try Connection(settings.conninfo, database: settings.database)
    }

    /// The settings this connection was made with, as a keyword/value connection string, so another
    /// process can open the same database. It may hold a password: pass it in the environment, not argv.
    public var effectiveConninfo: String {
        guard let options = PQconninfo(handle) else { return "" }
        defer { PQconninfoFree(options) }
        var parts: [String] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val, value.pointee != 0 {
                let text = String(cString: value).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
                parts.append(String(cString: keyword) + "='" + text + "'")
            }
            option += 1
        }
        return parts.joined(separator: " ")
    }

    /// True while the server connection is healthy.
    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The server's process id for this session (what `pg_cancel_backend` and `pg_terminate_backend` take).
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// Runs one statement with its values passed as parameters (`$1`, `$2`, …), never spliced into the SQL.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws(PostgresError) -> QueryResult {
        let texts = parameters.map { $0?.postgresText }
        try Self.refuseNulCharacters(sql, texts)
        let result = Self.withOptionalCStrings(texts) { pointers in
            PQexecParams(handle, sql, Int32(pointers.count), nil, pointers, nil, nil, 0)
        }
        return try check(result)
    }

    /// Like ``query(_:_:)``, for a statement the caller runs again and again: it is prepared (parsed and
    /// planned) once per session, under a name of its own, and then only executed with new values. If the
    /// session lost its prepared statements (`DEALLOCATE ALL`, `DISCARD ALL`), it is prepared again.
    @discardableResult
    public func query(prepared sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws(PostgresError) -> QueryResult {
        let texts = parameters.map { $0?.postgresText }
        try Self.refuseNulCharacters(sql, texts)
        func execute() throws(PostgresError) -> QueryResult {
            let name: String
            if let known = preparedNames[sql] {
                name = known
            } else {
                name = "docket_\(preparedCount + 1)"
                _ = try check(PQprepare(handle, name, sql, Int32(texts.count), nil))
                preparedCount += 1
                preparedNames[sql] = name
            }
            let result = Self.withOptionalCStrings(texts) { pointers in
                PQexecPrepared(handle, name, Int32(pointers.count), pointers, nil, nil, 0)
            }
            return try check(result)
        }
        do {
            return try execute()
        } catch where error.sqlState == PostgresError.State.invalidStatementName {
            preparedNames.removeAll()
            return try execute()
        }
    }

    /// Runs SQL text that takes no values — a migration file, `BEGIN`, `LISTEN`. It may hold several
    /// statements. Anything carrying data goes through ``query(_:_:)`` instead.
    public func executeScript(_ sql: String) throws(PostgresError) {
        try Self.refuseNulCharacters(sql, [])
        _ = try check(PQexec(handle, sql))
    }

    /// Whether the session is inside a transaction block (`BEGIN` without its `COMMIT` yet), failed or not.
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Runs `body` in a transaction: commits if it returns, rolls back if it throws.
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        try executeScript("BEGIN")
        do {
            let value = try body(self)
            try executeScript("COMMIT")
            return value
        } catch {
            if isConnected { try? executeScript("ROLLBACK") }
            throw error
        }
    }

    // MARK: Results and errors

    private func check(_ result: OpaquePointer?) throws(PostgresError) -> QueryResult {
        guard let result else {
            throw lostOrFailed(message: Self.trimmed(PQerrorMessage(handle)))
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN:
            return QueryResult(owning: result)
        default:
            defer { PQclear(result) }
            throw error(from: result)
        }
    }

    func error(from result: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        guard let sqlState = field("C") else {
            return lostOrFailed(message: Self.trimmed(PQresultErrorMessage(result)))
        }
        let kind: PostgresError.Kind = switch sqlState {
        case PostgresError.State.queryCanceled: .cancelled
        case PostgresError.State.adminShutdown, "57P02", "57P03": .connectionLost
        default: .server
        }
        return PostgresError(
            kind: kind,
            message: field("M") ?? Self.trimmed(PQresultErrorMessage(result)),
            sqlState: sqlState,
            detail: field("D"),
            hint: field("H"),
            constraint: field("n")
        )
    }

    func lostOrFailed(message: String) -> PostgresError {
        if PQstatus(handle) != CONNECTION_OK {
            return PostgresError(
                kind: .connectionLost,
                message: message.isEmpty ? "the connection to the server was lost" : message,
                hint: "the server may have restarted or shut down; run the command again"
            )
        }
        return PostgresError(kind: .client, message: message.isEmpty ? "the query failed" : message)
    }

    // MARK: LISTEN / NOTIFY

    /// Subscribes this session to `channel`. The name is quoted as an identifier.
    public func listen(_ channel: String) throws(PostgresError) {
        try executeScript("LISTEN " + Self.quoteIdentifier(channel))
    }

    /// A notification received on a channel this session listens to.
    public struct Notification: Sendable, Hashable {
        public var channel: String
        public var payload: String
        public var senderPID: Int32
    }

    /// Waits on the connection's socket until a notification arrives or `timeout` passes.
    /// Returns nil on timeout. Notifications already received are returned without waiting.
    public func waitForNotification(timeout: Duration) throws(PostgresError) -> Notification? {
        if let pending = try nextNotification() { return pending }
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw lostOrFailed(message: "the connection has no socket") }
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return nil }
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000
                + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 && errno != EINTR {
                throw PostgresError(kind: .client, message: "poll failed: \(String(cString: strerror(errno)))")
            }
            if ready > 0, let notification = try nextNotification() { return notification }
        }
    }

    private func nextNotification() throws(PostgresError) -> Notification? {
        guard PQconsumeInput(handle) == 1 else {
            throw lostOrFailed(message: Self.trimmed(PQerrorMessage(handle)))
        }
        guard let raw = PQnotifies(handle) else { return nil }
        defer { PQfreemem(raw) }
        return Notification(
            channel: String(cString: raw.pointee.relname),
            payload: String(cString: raw.pointee.extra),
            senderPID: raw.pointee.be_pid
        )
    }

    // MARK: Cancellation

    /// A token another thread can use to cancel the query this connection is running.
    public func makeCancelToken() -> CancelToken? {
        guard let cancel = PQgetCancel(handle) else { return nil }
        return CancelToken(owning: cancel)
    }

    // MARK: COPY

    /// Loads rows with `COPY … FROM STDIN` (text format), the fastest way to insert many rows.
    /// `sql` is the COPY statement; each row holds one text value (or nil for NULL) per column.
    @discardableResult
    public func copyIn(_ sql: String, rows: some Sequence<[String?]>) throws(PostgresError) -> Int {
        _ = try check(PQexec(handle, sql))
        var data = CopyData()
        var count = 0
        for row in rows {
            data.append(row: row)
            count += 1
            if data.bytes.count >= 1 << 20 {
                try putCopyData(data.bytes)
                data.removeAll()
            }
        }
        try putCopyData(data.bytes)
        try endCopy()
        return count
    }

    /// `COPY … FROM STDIN` of rows already encoded; returns how many.
    @discardableResult
    public func copyIn(_ sql: String, _ data: CopyData) throws(PostgresError) -> Int {
        try copyIn(sql, stream: data.bytes)
        return data.rowCount
    }

    /// Starts `COPY … FROM STDIN`, sends `stream` in pieces of 1 MB, then `trailer`, and ends the COPY.
    func copyIn(_ sql: String, stream: [UInt8], trailer: [UInt8] = []) throws(PostgresError) {
        _ = try check(PQexec(handle, sql))
        var offset = 0
        while offset < stream.count {
            let end = min(offset + (1 << 20), stream.count)
            try putCopyData(stream[offset..<end])
            offset = end
        }
        try putCopyData(trailer)
        try endCopy()
    }

    /// Runs `COPY … TO STDOUT` and hands each chunk the server sends (a row, in text or CSV format) to
    /// `receive`; returns how many chunks came.
    @discardableResult
    public func copyOut(_ sql: String, _ receive: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let started = PQexec(handle, sql)
        guard let started, PQresultStatus(started) == PGRES_COPY_OUT else {
            _ = try check(started)
            throw PostgresError(kind: .client, message: "\(sql.prefix(40))… did not start a COPY TO STDOUT")
        }
        PQclear(started)
        var count = 0
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &buffer, 0)
            if length > 0, let buffer {
                defer { PQfreemem(buffer) }
                count += 1
                try receive(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
            } else if length == -1 {
                break
            } else {
                throw lostOrFailed(message: Self.trimmed(PQerrorMessage(handle)))
            }
        }
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil { failure = error(from: result) }
            PQclear(result)
        }
        if let failure { throw failure }
        return count
    }

    private func putCopyData(_ bytes: some Collection<UInt8>) throws(PostgresError) {
        guard !bytes.isEmpty else { return }
        let status = bytes.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                PQputCopyData(handle, $0, Int32(bytes.count))
            }
        }
        guard status == 1 else { throw lostOrFailed(message: Self.trimmed(PQerrorMessage(handle))) }
    }

    private func endCopy() throws(PostgresError) {
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw lostOrFailed(message: Self.trimmed(PQerrorMessage(handle)))
        }
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil { failure = error(from: result) }
            PQclear(result)
        }
        if let failure { throw failure }
    }

    // MARK: Helpers

    /// Quotes a name as an SQL identifier (`"name"`), doubling embedded quotes.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Text crosses into libpq as C strings, which end at the first NUL: a value holding U+0000 would be
    /// cut short there and the rest silently lost. PostgreSQL's text cannot hold NUL anyway, so such a
    /// value is refused whole, before anything is sent.
    static func refuseNulCharacters(_ sql: String, _ parameters: [String?]) throws(PostgresError) {
        if containsNul(sql) {
            throw PostgresError(kind: .client, message: "the SQL text holds a NUL character (U+0000); nothing was sent")
        }
        for (index, parameter) in parameters.enumerated() {
            guard let parameter, containsNul(parameter) else { continue }
            throw PostgresError(kind: .client, message:
                "parameter $\(index + 1) holds a NUL character (U+0000), which PostgreSQL text cannot store; nothing was sent")
        }
    }

    static func containsNul(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { $0.count > 0 && memchr($0.baseAddress!, 0, $0.count) != nil }
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { UnsafePointer($0) } + [nil])
    }

    private static func withOptionalCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        return body(copies.map { UnsafePointer($0) })
    }
}

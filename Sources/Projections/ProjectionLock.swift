public import PostgresClient

/// One of the locks that coordinate projection workers and rebuilds (sql/0004_projections.sql, at the end).
///
/// Each is `LOCK TABLE <view> IN SHARE UPDATE EXCLUSIVE MODE` on a view of its own in schema `docket`.
/// Only the owner of the views (the role that migrates, which projects) and superusers may take one:
/// PUBLIC and `docket_reader` have no privilege on them, so no other login can stall the worker, as it
/// could with an advisory lock. A table lock needs no transaction id and, in an idle READ COMMITTED
/// transaction, no snapshot, so one held for the worker's life keeps vacuum from nothing.
public struct ProjectionLock: Sendable, Hashable, CustomStringConvertible {
    /// The view locked, schema-qualified (a constant below).
    public let relation: String

    /// Held by the one running worker for its whole life, on a connection of its own (a ``ProjectionLease``).
    public static let worker = ProjectionLock(relation: "docket.projection_worker_lock")
    /// Held by every transaction that writes schema `projection`: each worker batch and findings refresh,
    /// and the rebuild's final catch-up and swap.
    public static let apply = ProjectionLock(relation: "docket.projection_apply_lock")
    /// Held by the one running rebuild for its whole life (a ``ProjectionLease``).
    public static let rebuild = ProjectionLock(relation: "docket.projection_rebuild_lock")

    public var description: String { relation }

    /// Takes the lock in the current transaction, waiting for it; released when the transaction ends.
    public func take(in connection: Connection) throws {
        try connection.executeScript("LOCK TABLE \(relation) IN SHARE UPDATE EXCLUSIVE MODE")
    }

    /// Takes the lock in the current transaction if no other session holds it; false if one does. On
    /// false, the transaction is failed and must be rolled back.
    func tryTake(in connection: Connection) throws -> Bool {
        // A plain catch: `catch let error as PostgresError where …` here crashed the Swift 6.3.1 compiler
        // (signal 11 in MandatoryAllocBoxToStack).
        do {
            try connection.executeScript("LOCK TABLE \(relation) IN SHARE UPDATE EXCLUSIVE MODE NOWAIT")
        } catch {
            guard error.sqlState == Self.lockNotAvailable else { throw error }
            return false
        }
        return true
    }

    private static let lockNotAvailable = "55P03"

    /// The sessions that hold the lock now (at most one, unless a prepared transaction holds it too),
    /// found in pg_locks and described from pg_stat_activity.
    public func holders(_ connection: Connection) throws -> [LockHolder] {
        let result = try connection.query("""
            SELECT l.pid, a.usename, a.application_name,
                   CASE WHEN l.pid IS NULL THEN 'a prepared transaction (' || l.virtualtransaction || ')'
                        WHEN a.client_port = -1 THEN 'local socket'
                        ELSE host(a.client_addr) || ':' || a.client_port END AS client,
                   to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS connected_at,
                   to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS held_since
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'relation' AND l.granted AND l.mode = 'ShareUpdateExclusiveLock'
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.relation = $1::regclass
            ORDER BY l.pid
            """, [relation])
        var holders = [LockHolder]()
        for row in result.rows {
            holders.append(LockHolder(
                lock: self, pid: try row.int64("pid").map { Int32($0) }, user: try row.string("usename"),
                applicationName: try row.string("application_name"), client: try row.string("client"),
                connectedAt: try row.string("connected_at"), heldSince: try row.string("held_since")))
        }
        return holders
    }
}

/// A session holding a ``ProjectionLock``, as pg_locks and pg_stat_activity describe it. Fields the
/// viewer may not see (another user's session, without pg_read_all_stats) are nil.
public struct LockHolder: Sendable, Equatable, CustomStringConvertible {
    public var lock: ProjectionLock
    /// The server process id (what `pg_terminate_backend` takes); nil for a prepared transaction.
    public var pid: Int32?
    public var user: String?
    public var applicationName: String?
    /// `host:port`, `local socket`, or the prepared transaction.
    public var client: String?
    /// When the session connected (UTC, RFC 3339).
    public var connectedAt: String?
    /// When its transaction, which holds the lock, began (UTC, RFC 3339).
    public var heldSince: String?

    /// Whether the holder is a docket worker's lease connection.
    public var isDocketWorker: Bool { applicationName == ProjectionWorker.leaseApplicationName }

    public var description: String {
        guard let pid else { return client ?? "an unknown session" }
        var facts = [String]()
        if let user { facts.append("user \(user)") }
        if let applicationName { facts.append("application '\(applicationName)'") }
        if let client { facts.append("client \(client)") }
        if let connectedAt { facts.append("connected \(connectedAt)") }
        if let heldSince { facts.append("holding \(lock.relation) since \(heldSince)") }
        return "server process \(pid)" + (facts.isEmpty ? "" : " (" + facts.joined(separator: ", ") + ")")
    }
}

/// A session-long ``ProjectionLock`` (the worker's, the rebuild's): a READ COMMITTED transaction left open
/// on a connection of its own, holding the lock, until ``release()`` or until the connection closes
/// (the process exits or dies, the server restarts or ends the session).
final class ProjectionLease {
    let lock: ProjectionLock
    private let connection: Connection
    private(set) var isHeld = false

    /// Opens a connection with `connection`'s settings, named `applicationName` (shown in pg_stat_activity,
    /// and how ``LockHolder/isDocketWorker`` recognises a worker), that no idle timeout ends.
    init(_ lock: ProjectionLock, openingLike connection: Connection, applicationName: String) throws {
        self.lock = lock
        self.connection = try connection.openSibling()
        try self.connection.query("""
            SELECT set_config('application_name', $1, false), set_config('idle_in_transaction_session_timeout', '0', false),
                   set_config('idle_session_timeout', '0', false)
            """, [applicationName])
    }

    /// Takes the lock if no other session holds it; false if one does.
    func tryTake() throws -> Bool {
        guard !isHeld else { return true }
        try connection.executeScript("BEGIN ISOLATION LEVEL READ COMMITTED")
        guard try lock.tryTake(in: connection) else {
            try connection.executeScript("ROLLBACK")
            return false
        }
        isHeld = true
        return true
    }

    /// The lease connection's server process.
    var backendPID: Int32 { connection.backendPID }

    /// Throws if the server closed the lease's connection, and the lock with it. Reads only what the
    /// server has already sent (no round trip): twice, since a server ending the session first sends a
    /// message (read like a notice) and then closes the stream.
    func check() throws {
        for _ in 0..<2 { _ = try connection.waitForNotification(timeout: .zero) }
        guard connection.isConnected else {
            throw PostgresError(kind: .connectionLost, message: "the lease connection holding \(lock.relation) was closed")
        }
    }

    /// Whether the connection, and so the lock if held, is still there.
    var isAlive: Bool { (try? check()) != nil }

    func release() {
        if isHeld, connection.isConnected { try? connection.executeScript("ROLLBACK") }
        isHeld = false
    }

    deinit { release() }
}

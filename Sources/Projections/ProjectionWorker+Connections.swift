import Foundation
import PostgresClient

/// The worker's connections: taking the worker lock on the lease connection, and regaining either
/// connection after the server closed it.
extension ProjectionWorker {
    enum LeaseOutcome {
        case taken
        case stopped
        case heldBy(LockHolder)
    }

    /// Takes the worker lock on a lease connection of its own. Without `once`, waits for it (logging who
    /// holds it); with `once`, returns the holder.
    func takeLease(stop: StopFlag) throws -> LeaseOutcome {
        let lease = try self.lease ?? ProjectionLease(.worker, openingLike: connection, applicationName: Self.leaseApplicationName)
        self.lease = lease
        var reported: LockHolder?
        while !stop.isSet {
            if try lease.tryTake() {
                if reported != nil { logger.notice("took the worker lock (\(ProjectionLock.worker)); this worker now applies events") }
                return .taken
            }
            // The holder may let go between the two statements: then try again at once.
            guard let holder = try ProjectionLock.worker.holders(connection).first else { continue }
            if options.once { return .heldBy(holder) }
            if holder.pid != reported?.pid {
                logger.notice("""
                    the worker lock (\(ProjectionLock.worker)) is held by \(holder)\(holder.isDocketWorker ? ", another docket worker" : ""); \
                    waiting to take over when it lets go
                    """)
                reported = holder
            }
            pause(.milliseconds(500), unless: stop)
        }
        return .stopped
    }

    /// Reopens whichever of the two connections (the worker's, the lease's) the server closed, retrying
    /// with doubling delays until `reconnectTimeout` has passed since `lostSince`. Returns false if `stop`
    /// was set first; throws once the time is up. The worker lock is taken again by the caller.
    func reconnect(stop: StopFlag, lostSince: ContinuousClock.Instant) throws -> Bool {
        if lease?.isAlive == false { lease = nil }
        var delay = options.reconnectDelay
        var attempt = 0
        while !stop.isSet {
            attempt += 1
            do {
                if !connection.isConnected || (try? connection.query("SELECT 1")) == nil {
                    let fresh = try connection.openSibling()
                    connection = fresh
                    projector = Projector(connection: fresh)
                }
                if lease == nil {
                    lease = try ProjectionLease(.worker, openingLike: connection, applicationName: Self.leaseApplicationName)
                }
                logger.notice("reconnected to PostgreSQL (attempt \(attempt)); resuming from the checkpoint")
                return true
            } catch {
                let waited = ContinuousClock.now - lostSince
                guard waited + delay <= options.reconnectTimeout else {
                    throw ProjectionError(
                        .connectionLost,
                        "could not reconnect to PostgreSQL within \(options.reconnectTimeout) (\(attempt) attempts; the last said: "
                            + "\(Self.summary(error)))\(whereTheProjectionsStay). Start docket worker again when the server is back",
                        underlying: error)
                }
                logger.warning("reconnection attempt \(attempt) failed (\(Self.summary(error))); next attempt in \(delay)")
                pause(delay, unless: stop)
                delay = min(delay * 2, options.maximumReconnectDelay)
            }
        }
        return false
    }

    /// The server's or libpq's first line about a lost connection, for one log line.
    static func summary(_ error: any Error) -> String {
        var current: (any Error)? = error
        while let error = current {
            if let error = error as? PostgresError {
                let line = error.message.split(separator: "\n").first.map(String.init) ?? error.message
                return line + (error.sqlState.map { " (SQLSTATE \($0))" } ?? "")
            }
            current = (error as? ProjectionError)?.underlying
        }
        return "\(error)"
    }

    /// Whether `error` means the connection (or the lease's) is gone, rather than a failed statement.
    func isConnectionLost(_ error: any Error) -> Bool {
        var current: (any Error)? = error
        while let error = current {
            if let error = error as? PostgresError, error.kind == .connectionLost || error.kind == .connectionFailed { return true }
            current = (error as? ProjectionError)?.underlying
        }
        return !connection.isConnected
    }

    /// Sleeps for `duration`, waking early when `stop` is set.
    func pause(_ duration: Duration, unless stop: StopFlag) {
        let end = ContinuousClock.now + duration
        while !stop.isSet, ContinuousClock.now < end {
            let left = ContinuousClock.now.duration(to: end)
            Thread.sleep(forTimeInterval: min(0.05, Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18))
        }
    }
}

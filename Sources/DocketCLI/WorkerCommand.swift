import ArgumentParser
import Dispatch
import Foundation
import Projections

/// `docket worker [--once]`.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Keep the projection tables (schema projection) up to date with the log.",
        discussion: """
            Catches up from its checkpoint in batches, each committed in one transaction with its checkpoint \
            (compare-and-set), then follows new events: LISTEN docket_events wakes it, and it polls every second \
            in case a notification is lost. SIGINT or SIGTERM finishes the current batch and exits 0. Only one \
            worker applies events: it holds the worker lock (docket.projection_worker_lock, which only the owner of \
            the projections and superusers may take) on a connection of its own, named 'docket worker lease'. A \
            second worker waits until the first stops, logging who holds the lock; with --once it exits at once, \
            naming the holder (status 0 if that is a docket worker, which keeps the projections current; 1 if not). \
            If the connection is lost (the server restarts, the session is ended), the worker reconnects with \
            delays doubling from 0.1 s to 5 s, logging each attempt, and resumes from its checkpoint; it exits 1 \
            if it has not reconnected within --reconnect-timeout. With --once a lost connection exits 1 at once. \
            An event the projection cannot apply stops the worker with an error naming it, also shown by \
            docket projections status.
            """
    )

    @Flag(help: "Project everything committed so far, then exit.")
    var once = false

    @Option(help: ArgumentHelp("Seconds to keep trying to reconnect after losing the connection before exiting 1.", valueName: "seconds"))
    var reconnectTimeout: Double = 300

    @Option(help: ArgumentHelp("Events per transaction.", visibility: .hidden))
    var batchSize = 5000

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard reconnectTimeout >= 0, reconnectTimeout <= 1e9 else {
            throw ValidationError("--reconnect-timeout must be a number of seconds from 0 to 1000000000 (got \(reconnectTimeout))")
        }
    }

    func run() throws {
        let logger = CLILogging.logger("docket.worker")
        // Handle SIGINT and SIGTERM before anything else, with a plain handler that only sets a lock-free
        // flag: a signal that arrives while connecting still means "stop cleanly", and none is ever lost
        // (a dispatch signal source needs SIG_IGN first, which drops signals until it is set up).
        // A parent may have spawned us with these signals blocked (Foundation's Process passes its own mask on),
        // which would make SIGTERM pend forever: unblock them too.
        let stop = workerStopFlag
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { _ in workerStopFlag.set() }
            sigaddset(&unblocked, signalNumber)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        let connection = try database.connect(logger: logger)
        let options = ProjectionWorker.Options(
            batchSize: batchSize, once: once, reconnectTimeout: .milliseconds(Int64((reconnectTimeout * 1000).rounded())))
        let worker = ProjectionWorker(connection: connection, logger: logger, options: options)
        switch try worker.run(stop: stop) {
        case .finished(let checkpoint):
            logger.notice("projections are at position \(checkpoint)")
        case .anotherWorkerRunning(let holder):
            let behind = try ProjectionStatus.all(connection).first { $0.name == Projector.checkpointName }?.eventsBehind ?? 0
            guard holder.isDocketWorker else {
                let remedy = holder.pid.map { "end that session (SELECT pg_terminate_backend(\($0)))" }
                    ?? "commit or roll back that prepared transaction (see pg_prepared_xacts)"
                throw CLIError("""
                    the worker lock (\(ProjectionLock.worker)) is held by \(holder), which is not a docket worker, so no \
                    worker can run and the projections are \(behind) events behind; \(remedy), or wait for it to let go
                    """)
            }
            print("Another projection worker is running: \(holder). It keeps the projections current (\(behind) events behind now).")
        }
    }
}

/// Set by SIGINT or SIGTERM; the worker checks it between batches and while it waits.
let workerStopFlag = StopFlag()

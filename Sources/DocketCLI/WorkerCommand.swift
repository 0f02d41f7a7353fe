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
            worker applies events (advisory lock 7368656/101): a second one waits until the first stops; with \
            --once it exits at once, since the running worker keeps the projections current. An event the \
            projection cannot apply stops the worker with an error naming it, also shown by docket projections status.
            """
    )

    @Flag(help: "Project everything committed so far, then exit.")
    var once = false

    @Option(help: ArgumentHelp("Events per transaction.", visibility: .hidden))
    var batchSize = 5000

    @OptionGroup var database: DatabaseOptions

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
        let worker = ProjectionWorker(connection: connection, logger: logger, options: .init(batchSize: batchSize, once: once))
        switch try worker.run(stop: stop) {
        case .finished(let checkpoint):
            logger.notice("projections are at position \(checkpoint)")
        case .anotherWorkerRunning:
            print("Another projection worker is running; it keeps the projections current.")
        }
    }
}

/// Set by SIGINT or SIGTERM; the worker checks it between batches and while it waits.
let workerStopFlag = StopFlag()

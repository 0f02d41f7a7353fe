import Commissioning
import DocketJSON
@testable import DocketCLI
import DocketTestSupport
import EventStore
import Foundation
import Logging
import PostgresClient
@testable import Projections
import Synchronization
import Testing

/// A `ProjectionWorker` running on a thread of its own with a connection of its own, as `docket worker` runs.
final class BackgroundWorker: Sendable {
    let stop = StopFlag()
    let log = LogRecorder()
    private let done = DispatchSemaphore(value: 0)
    private let result = Mutex<Result<ProjectionWorker.Outcome, any Error>?>(nil)

    init(_ conninfo: String, options: ProjectionWorker.Options = .init()) {
        let logger = log.logger
        Thread.detachNewThread { [self] in
            let outcome = Result { try ProjectionWorker(connection: try Connection(conninfo), logger: logger, options: options).run(stop: stop) }
            result.withLock { $0 = outcome }
            done.signal()
        }
    }

    /// Whether `run` has returned or thrown.
    var hasEnded: Bool { result.withLock { $0 != nil } }

    /// What `run` returned or threw, waiting up to `timeout` for it to end (without asking it to stop).
    func outcome(within timeout: Duration = .seconds(60)) throws -> Result<ProjectionWorker.Outcome, any Error> {
        let seconds = Double(timeout.components.seconds)
        guard done.wait(timeout: .now() + seconds) == .success else {
            throw WorkerStillRunning(description: "the worker did not end within \(timeout)")
        }
        done.signal()
        return result.withLock { $0! }
    }

    /// Asks the worker to stop and returns its outcome; throws what it threw.
    @discardableResult
    func finish() throws -> ProjectionWorker.Outcome {
        stop.set()
        return try outcome().get()
    }
}

struct WorkerStillRunning: Error, CustomStringConvertible {
    var description: String
}

/// Log messages kept for assertions. `@unchecked Sendable`: `entries` is only touched under `lock`.
final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(level: Logger.Level, message: String)] = []

    func append(_ level: Logger.Level, _ message: String) { lock.withLock { entries.append((level, message)) } }

    /// Messages at `level` or above that contain `text`.
    func messages(containing text: String, atLeast level: Logger.Level = .trace) -> [String] {
        lock.withLock { entries.filter { $0.level >= level && $0.message.contains(text) }.map(\.message) }
    }

    var all: String { lock.withLock { entries.map { "\($0.level): \($0.message)" }.joined(separator: "\n") } }

    var logger: Logger {
        var logger = Logger(label: "projections-test") { _ in RecordingLogHandler(recorder: self) }
        logger.logLevel = .info
        return logger
    }
}

struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        recorder.append(event.level, event.message.description)
    }
}

extension ProjectionDatabase {
    var databaseName: String { get throws { try connection.query("SELECT current_database()").string(0, 0)! } }

    /// The server processes of this database's sessions named `applicationName`.
    func backends(_ applicationName: String) throws -> [Int32] {
        try connection.query(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 ORDER BY pid", [applicationName]
        ).rows.map { Int32(try $0.int64("pid")!) }
    }

    /// Ends this database's sessions named `applicationNames` (pg_terminate_backend: what a server
    /// restart does to them), waiting until they are gone. Returns how many there were.
    @discardableResult
    func terminateBackends(_ applicationNames: [String]) throws -> Int {
        let pids = try applicationNames.flatMap(backends)
        for pid in pids { try connection.query("SELECT pg_terminate_backend($1)", [Int64(pid)]) }
        try TestDatabase.waitUntil("the terminated sessions to end") {
            try connection.query("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1::int[])",
                                 [PostgresTextArray(pids.map(String.init))]).int64(0, 0) == 0
        }
        return pids.count
    }

    /// Appends one new allocation between organisations of the demo ledger; returns the head after it.
    @discardableResult
    func appendAllocation() throws -> Int64 {
        var recorder = CommissioningRecorder(store: EventStore(connection: connection))
        let command: JSON = [
            "command": "make-allocation", "allocation": .string("a-\(UUID().uuidString.prefix(8).lowercased())"),
            "payer": "somerset-pct", "payee": "somerset-mental-health-trust", "amountPence": JSON(Int64(123_400)),
            "financialYear": "2011/12", "controlType": "real", "paymentMechanism": "block-contract",
            "occurredAt": "2011-06-01", "actor": "Finance director",
        ]
        _ = try recorder.record([("test allocation", command)], namespace: UUID())
        return try head
    }

    /// The session holding the worker lock, if any.
    var workerLockHolder: LockHolder? { get throws { try ProjectionLock.worker.holders(connection).first } }
}

/// Runs the built `docket` executable with `arguments` against `conninfo` (in its environment); returns
/// its exit status, standard output and standard error. One still running after `timeout` is killed and
/// reported as an error.
func runDocketProcess(
    _ arguments: [String], conninfo: String, timeout: Duration = .seconds(60)
) throws -> (status: Int32, output: String, error: String) {
    try DocketProcess(arguments, conninfo: conninfo).wait(timeout: timeout)
}

/// The built `docket` executable running as a child process, its output kept in files.
final class DocketProcess {
    let arguments: [String]
    private let process = Process()
    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docket-test-\(UUID())")
    private var outputFile: URL { folder.appendingPathComponent("stdout") }
    private var errorFile: URL { folder.appendingPathComponent("stderr") }

    init(_ arguments: [String], conninfo: String) throws {
        self.arguments = arguments
        process.executableURL = WorkerLifecycleTests.docket
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["DOCKET_DATABASE_URL": conninfo]) { $1 }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let outputHandle = try FileHandle(forWritingTo: outputFile), errorHandle = try FileHandle(forWritingTo: errorFile)
        defer {
            try? outputHandle.close()
            try? errorHandle.close()
        }
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    var isRunning: Bool { process.isRunning }

    /// Waits for the process to exit; one still running after `timeout` is killed and reported as an error.
    func wait(timeout: Duration = .seconds(60)) throws -> (status: Int32, output: String, error: String) {
        do {
            try TestDatabase.waitUntil("docket \(arguments.joined(separator: " ")) to exit", timeout: timeout) { !process.isRunning }
        } catch {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw error
        }
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: outputFile, encoding: .utf8), try String(contentsOf: errorFile, encoding: .utf8))
    }
}

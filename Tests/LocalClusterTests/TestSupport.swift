import Foundation
import Logging
import Testing

@testable import LocalCluster

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let isRoot = geteuid() == 0

/// Log messages kept for assertions.
/// `@unchecked Sendable`: `entries` is only touched under `lock` (NSLock, not Mutex, because the
/// package still builds for macOS 14).
final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(Logger.Level, String)] = []

    func append(_ level: Logger.Level, _ message: String) {
        lock.withLock { entries.append((level, message)) }
    }

    func messages(atLeast level: Logger.Level) -> [String] {
        lock.withLock { entries.filter { $0.0 >= level }.map(\.1) }
    }

    var logger: Logger {
        Logger(label: "LocalClusterTests") { _ in RecordingLogHandler(recorder: self) }
    }
}

struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var logLevel: Logger.Level = .debug
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        recorder.append(event.level, event.message.description)
    }
}

/// A fresh folder under the temporary folder, searchable by everyone so that the server's user can
/// reach a cluster inside it when the tests run as root; removed with everything a cluster in it
/// left elsewhere (fallback and socket folders).
struct Scratch {
    let url: URL

    init() throws {
        url = URL(fileURLWithPath: "/tmp", isDirectory: true)
            .appendingPathComponent("docket-test-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        chmod(url.path, 0o755)
    }

    /// Runs `body` with a cluster in `home`, then stops it and removes every folder it used.
    func withCluster<Result>(
        home: URL, serverSettings: [String: String] = testSettings, recorder: LogRecorder = LogRecorder(),
        _ body: (LocalCluster) throws -> Result
    ) throws -> Result {
        let cluster = try LocalCluster(home: home, logger: recorder.logger, serverSettings: serverSettings)
        defer {
            do {
                try cluster.stop()
                #expect(try cluster.status() == .stopped)
                for folder in [cluster.directory.path, cluster.connectionInfo().socketDirectory, url.path]
                where FileManager.default.fileExists(atPath: folder) {
                    try FileManager.default.removeItem(atPath: folder)
                }
            } catch {
                Issue.record("cleaning up the cluster in \(cluster.directory.path): \(error)")
            }
        }
        return try body(cluster)
    }
}

/// Durability is not under test; these keep clusters quick to create.
let testSettings = ["fsync": "off", "synchronous_commit": "off", "shared_buffers": "16MB"]

/// Runs psql as the current user, as a client would, and returns its unaligned output.
func psql(_ connection: String, _ sql: String) throws -> String {
    let binaries = try ServerBinaries.locate()
    let arguments = ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", connection, "-c", sql]
    let result = try Command(binaries.psql, arguments).run()
    guard result.isSuccess else {
        throw LocalClusterError(.commandFailed, "psql failed: \(result.output)")
    }
    return result.output
}

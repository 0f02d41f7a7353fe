@testable import DocketCLI
import DocketQuery
import DocketTestSupport
import Foundation
import PostgresClient
import QueryExecution

/// One test database holding the demo ledger with its read models up to date, made once per test run.
enum DemoLedger {
    static let conninfo: Result<String, any Error> = Result {
        let conninfo = try TestDatabase.create("querydemo")
        var command = try Docket.parseAsRoot(["demo", "--database-url", conninfo])
        try command.run()
        return conninfo
    }

    static func connection() throws -> Connection { try Connection(try conninfo.get()) }

    /// Compiles and runs `text`, failing on a compile error.
    static func answer(_ text: String, parameters: [String: String] = [:], on connection: Connection) throws -> Answer {
        let compiled = try QueryCompiler.compile(text, parameters: parameters).get()
        return try QueryExecutor.run(compiled, on: connection)
    }
}

/// Golden files: compared, or written when DOCKET_RECORD_GOLDENS=1.
enum Golden {
    static var isRecording: Bool { ProcessInfo.processInfo.environment["DOCKET_RECORD_GOLDENS"] == "1" }

    /// The stored text to compare with; nil after recording `actual`. A missing golden is written and
    /// reported as a mismatch, so a new one is always looked at.
    static func check(_ actual: String, at url: URL) throws -> String? {
        let isMissing = !FileManager.default.fileExists(atPath: url.path)
        if isRecording || isMissing {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return isRecording ? nil : "(no golden file yet: recorded \(url.lastPathComponent); review it and run again)"
        }
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}

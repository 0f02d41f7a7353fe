@testable import DocketCLI
import DocketTestSupport
import Foundation
import PostgresClient

/// The test databases the REPL tests use: one demo ledger (made once per run and only read), and empty ones.
enum ReplDatabases {
    static let demo: Result<String, any Error> = Result {
        let conninfo = try TestDatabase.create("repldemo")
        var command = try Docket.parseAsRoot(["demo", "--database-url", conninfo])
        try command.run()
        return conninfo
    }

    /// The demo ledger's size: its events, read from the log rather than written down.
    static let demoSize: Int64 = {
        guard let conninfo = try? demo.get(), let connection = try? Connection(conninfo),
              let head = try? connection.query("SELECT position FROM docket.log_head").int64(0, 0) else { return -1 }
        return head
    }()
}

/// `docket repl` run as a script would run it: arguments, standard input, exit code, both outputs.
struct ReplRun {
    var status: Int32
    var output: String
    var errors: String

    static func run(_ arguments: [String], input: String = "", environment extra: [String: String] = [:]) throws -> ReplRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReplTerminalTests.docket)
        process.arguments = ["repl"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { $1 }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ReplRun(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                       errors: String(decoding: errors, as: UTF8.self))
    }
}

import ArgumentParser
import EventStore
import Foundation
import Logging
import PostgresClient

/// The options every `docket bench` subcommand takes.
struct BenchOptions: ParsableArguments {
    @Option(help: "Events in the benchmark's ledger (append: per measurement). Each benchmark has its own default, shown in its description.")
    var events: Int?

    @Flag(help: "Print one JSON object (keys listed in the benchmark's description) instead of a table.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    /// `--events`, or the benchmark's default.
    func events(default value: Int) -> Int { events ?? value }

    func validate() throws {
        if let events, events < 1 { throw ValidationError("--events must be at least 1") }
    }
}

/// A database created for one run and dropped afterwards, on the same server as the ledger.
enum ScratchDatabase {
    static func with(conninfo: String, logger: Logger, _ body: (String) throws -> Void) throws {
        let name = "docket_scratch_\(ProcessInfo.processInfo.processIdentifier)"
        let admin = try Connection(conninfo)
        do {
            try admin.executeScript("DROP DATABASE IF EXISTS \(name)")
            try admin.executeScript("CREATE DATABASE \(name) ENCODING 'UTF8' TEMPLATE template0")
        } catch {
            throw CLIError("benchmarks need a scratch database beside the ledger, and creating one failed: \(error). Use a role with CREATEDB, or the embedded cluster")
        }
        defer { try? admin.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let connection = try Connection(conninfo, database: name)
        try Migrator(directory: try Migrator.locateDirectory()).migrate(connection)
        try body(name)
    }
}

import ArgumentParser
import DocketJSON
import Dispatch
import EventStore
import Foundation
import Logging
import PostgresClient
import Synchronization

/// `docket bench append`: docket's appends against raw INSERTs of the same payloads on the same server.
struct AppendBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append throughput: raw INSERTs versus docket appends, single and batched.",
        discussion: """
            Measures, on the same server in one run: (a) raw single-row INSERTs into a scratch table, 1 client; \
            (b) docket single-event appends with 1 and with 4 concurrent clients; (c) raw multi-row INSERTs of \
            1,000 rows per statement; (d) docket appends in batches of 1,000. Prints events/s and the ratios b/a \
            (1 client) and d/c. --json prints one object with the keys raw_single_eps, append_single_1_eps, \
            append_single_4_eps, raw_batch_eps, append_batch_eps, ratio_single and ratio_batch.
            """
    )

    @Option(help: "Events per measurement.")
    var events = 10_000

    @Flag(help: "Print one JSON object.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard events >= 4 else { throw ValidationError("--events must be at least 4") }
    }

    func run() throws {
        let logger = CLILogging.logger()
        let conninfo = try database.conninfo(logger: logger)
        try ScratchDatabase.with(conninfo: conninfo, logger: logger) { scratch in
            let setup = try Connection(conninfo, database: scratch)
            try setup.executeScript("""
                CREATE TABLE bench_raw (id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, stream text NOT NULL,
                                        type text NOT NULL, payload jsonb NOT NULL);
                """)
            let payloads = (0..<events).map(Self.payload)
            let rawInsert = "INSERT INTO bench_raw (event_id, stream, type, payload) VALUES ($1, $2, $3, $4::jsonb)"

            let rawSingle = try measure(events) {
                for (index, payload) in payloads.enumerated() {
                    try setup.query(rawInsert, [UUID(), Self.stream(index), "BenchmarkEvent", payload.canonicalString])
                }
            }
            let store = EventStore(connection: setup)
            let appendSingle1 = try measure(events) {
                for (index, payload) in payloads.enumerated() {
                    try store.append([Self.event(index, payload)])
                }
            }
            let appendSingle4 = try measure(events) {
                let failure = Mutex<(any Error)?>(nil)
                DispatchQueue.concurrentPerform(iterations: 4) { client in
                    do {
                        let store = EventStore(connection: try Connection(conninfo, database: scratch))
                        for index in stride(from: client, to: events, by: 4) {
                            try store.append([Self.event(index, payloads[index])])
                        }
                    } catch {
                        failure.withLock { $0 = $0 ?? error }
                    }
                }
                if let error = failure.withLock({ $0 }) { throw error }
            }
            let rawBatch = try measure(events) {
                for start in stride(from: 0, to: events, by: 1000) {
                    let end = min(start + 1000, events)
                    var sql = "INSERT INTO bench_raw (event_id, stream, type, payload) VALUES "
                    var parameters = [(any PostgresEncodable)?]()
                    for index in start..<end {
                        let base = parameters.count
                        sql += (index > start ? "," : "") + "($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4)::jsonb)"
                        parameters += [UUID(), Self.stream(index), "BenchmarkEvent", payloads[index].canonicalString]
                    }
                    try setup.query(sql, parameters)
                }
            }
            let appendBatch = try measure(events) {
                for start in stride(from: 0, to: events, by: 1000) {
                    let batch = (start..<min(start + 1000, events)).map { Self.event($0, payloads[$0]) }
                    try store.append(batch)
                }
            }
            var report = BenchReport(title: "docket bench append: \(events) events per measurement, same server, same run")
            report.add("(a) raw single-row INSERT, 1 client", key: "raw_single_eps", rawSingle, unit: "events/s")
            report.add("(b) docket append, 1 event, 1 client", key: "append_single_1_eps", appendSingle1, unit: "events/s")
            report.add("(b) docket append, 1 event, 4 clients", key: "append_single_4_eps", appendSingle4, unit: "events/s")
            report.add("(c) raw INSERT, 1,000 rows per statement", key: "raw_batch_eps", rawBatch, unit: "events/s")
            report.add("(d) docket append, batches of 1,000", key: "append_batch_eps", appendBatch, unit: "events/s")
            report.add("b/a (1 client)", key: "ratio_single", appendSingle1 / rawSingle, unit: "ratio")
            report.add("d/c", key: "ratio_batch", appendBatch / rawBatch, unit: "ratio")
            report.print(asJSON: json)
        }
    }

    /// Events per second for `body`, which handles `count` events.
    private func measure(_ count: Int, _ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(count) / max(seconds, 1e-9)
    }

    static func stream(_ index: Int) -> String { "allocation-bench-\(index % 500)" }

    /// A payload shaped like an allocation event (about 300 bytes).
    static func payload(_ index: Int) -> JSON {
        [
            "allocationId": .string("bench-\(index)"),
            "payer": "commissioner-somerset-pct",
            "payee": .string("provider-\(index % 97)"),
            "programme": .string("programme-\(index % 31)"),
            "amountPence": JSON(Int64(1_000_000 + index * 7919 % 90_000_000)),
            "financialYear": .string("20\(10 + index % 3)/\(11 + index % 3)"),
            "budgetControl": "pooled",
            "paymentMechanism": "block contract",
            "note": "benchmark payload of realistic size for an allocation made under a commissioning decision",
        ]
    }

    static func event(_ index: Int, _ payload: JSON) -> NewEvent {
        NewEvent(
            stream: stream(index), type: "AllocationMade", data: payload.objectValue!,
            context: EventContext(actor: "Finance lead", authority: "Board delegation"))
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

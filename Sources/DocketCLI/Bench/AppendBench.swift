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
            Measures, on the same server in one run, each over --events events (default 10,000): (a) raw single-row INSERTs into a scratch table, 1 client; \
            (a') the same INSERT prepared once; (b) docket single-event appends (a statement prepared once per \
            session) with 1 and with 4 concurrent clients; (c) raw multi-row INSERTs of \
            1,000 rows per statement; (d) docket appends in batches of 1,000. Prints events/s and the ratios b/a \
            (1 client) and d/c. --json prints one object with the keys raw_single_eps, raw_single_prepared_eps, \
            append_single_1_eps, append_single_4_eps, raw_batch_eps, append_batch_eps, ratio_single, \
            ratio_single_prepared and ratio_batch, and allocator (mimalloc or system: what this docket was linked with).
            """
    )

    @Option(help: "Rounds: the measurements take turns this many times, each on its share of the events.")
    var rounds = 5

    @OptionGroup var options: BenchOptions
    var events: Int { options.events(default: 10_000) }
    var json: Bool { options.json }
    var database: DatabaseOptions { options.database }

    func validate() throws {
        guard events >= 4 else { throw ValidationError("--events must be at least 4") }
        guard rounds >= 1, rounds <= events / 4 else {
            throw ValidationError("--rounds must be between 1 and a quarter of --events")
        }
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

            let store = EventStore(connection: setup)
            let clients = Clients(stores: try (0..<4).map { _ in EventStore(connection: try Connection(conninfo, database: scratch)) })
            // Each measurement handles a range of the events; see `Rounds`.
            let measurements: [(Range<Int>) throws -> Void] = [
                { range in  // (a)
                    for index in range {
                        try setup.query(rawInsert, [UUID(), Self.stream(index), "BenchmarkEvent", payloads[index].canonicalString])
                    }
                },
                { range in  // (a'): the same INSERT prepared once, as docket's single appends are
                    for index in range {
                        try setup.query(prepared: rawInsert, [UUID(), Self.stream(index), "BenchmarkEvent", payloads[index].canonicalString])
                    }
                },
                { range in  // (b), 1 client
                    for index in range { try store.append([Self.event(index, payloads[index], series: "b1")]) }
                },
                { range in  // (b), 4 clients, each on a thread of its own (concurrentPerform would run
                    // only as many at once as there are cores)
                    let failure = Mutex<(any Error)?>(nil)
                    let done = DispatchGroup()
                    for client in 0..<4 {
                        done.enter()
                        Thread {
                            defer { done.leave() }
                            do {
                                for index in stride(from: range.lowerBound + client, to: range.upperBound, by: 4) {
                                    try clients.stores[client].append([Self.event(index, payloads[index], series: "b4")])
                                }
                            } catch {
                                failure.withLock { $0 = $0 ?? error }
                            }
                        }.start()
                    }
                    done.wait()
                    if let error = failure.withLock({ $0 }) { throw error }
                },
                { range in  // (c)
                    for start in stride(from: range.lowerBound, to: range.upperBound, by: 1000) {
                        let end = min(start + 1000, range.upperBound)
                        var sql = "INSERT INTO bench_raw (event_id, stream, type, payload) VALUES "
                        var parameters = [(any PostgresEncodable)?]()
                        for index in start..<end {
                            let base = parameters.count
                            sql += (index > start ? "," : "") + "($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4)::jsonb)"
                            parameters += [UUID(), Self.stream(index), "BenchmarkEvent", payloads[index].canonicalString]
                        }
                        try setup.query(sql, parameters)
                    }
                },
                { range in  // (d)
                    for start in stride(from: range.lowerBound, to: range.upperBound, by: 1000) {
                        let batch = (start..<min(start + 1000, range.upperBound)).map { Self.event($0, payloads[$0], series: "d") }
                        try store.append(batch)
                    }
                },
            ]
            let rates = try Rounds(events: events, count: rounds).rates(of: measurements)
            let (rawSingle, rawSinglePrepared, appendSingle1, appendSingle4, rawBatch, appendBatch) =
                (rates[0], rates[1], rates[2], rates[3], rates[4], rates[5])
            var report = BenchReport(title: "docket bench append: \(events) events per measurement, same server, same run")
            report.add("(a) raw single-row INSERT, 1 client", key: "raw_single_eps", rawSingle, unit: "events/s")
            report.add("(a') raw single-row INSERT, prepared, 1 client", key: "raw_single_prepared_eps", rawSinglePrepared, unit: "events/s")
            report.add("(b) docket append, 1 event, 1 client", key: "append_single_1_eps", appendSingle1, unit: "events/s")
            report.add("(b) docket append, 1 event, 4 clients", key: "append_single_4_eps", appendSingle4, unit: "events/s")
            report.add("(c) raw INSERT, 1,000 rows per statement", key: "raw_batch_eps", rawBatch, unit: "events/s")
            report.add("(d) docket append, batches of 1,000", key: "append_batch_eps", appendBatch, unit: "events/s")
            report.add("b/a (1 client)", key: "ratio_single", appendSingle1 / rawSingle, unit: "ratio")
            report.add("b/a' (1 client, both prepared)", key: "ratio_single_prepared", appendSingle1 / rawSinglePrepared, unit: "ratio")
            report.add("d/c", key: "ratio_batch", appendBatch / rawBatch, unit: "ratio")
            report.print(asJSON: json)
        }
    }

    /// The four clients' stores; each thread of the 4-client measurement uses only its own.
    struct Clients: @unchecked Sendable {
        let stores: [EventStore]
    }

    /// The measurements take turns: each round gives every measurement its next share of the events,
    /// so a slow spell of a shared machine falls on all of them rather than on whichever ran then. A
    /// measurement's rate is all its events over all its time.
    struct Rounds {
        let events: Int
        let count: Int

        func rates(of measurements: [(Range<Int>) throws -> Void]) throws -> [Double] {
            let clock = ContinuousClock()
            var elapsed = [Duration](repeating: .zero, count: measurements.count)
            for round in 0..<count {
                let range = (events * round / count)..<(events * (round + 1) / count)
                for (index, body) in measurements.enumerated() {
                    elapsed[index] += try clock.measure { try body(range) }
                }
            }
            return elapsed.map { duration in
                let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
                return Double(events) / max(seconds, 1e-9)
            }
        }
    }

    /// Each event opens an allocation of its own, as recording allocations does: a valid domain event, so
    /// the appends pay for the domain's checks (sql/0003_domain_rules.sql) as real ones do.
    static func stream(_ index: Int, series: String = "x") -> String { "allocation-bench-\(series)-\(index)" }

    /// An allocation's payload (about 300 bytes).
    static func payload(_ index: Int) -> JSON {
        let year = 2010 + index % 3
        return [
            "allocation": .string("bench-\(index)"),
            "payer": "somerset-pct",
            "payee": .string("provider-\(index % 97)"),
            "programme": .string("programme-\(index % 31)"),
            "amountPence": JSON(Int64(1_000_000 + index * 7919 % 90_000_000)),
            "financialYear": .string("\(year)/\(year % 100 + 1)"),
            "controlType": "pooled",
            "paymentMechanism": "block-contract",
            "purpose": "benchmark payload of realistic size for an allocation made under a commissioning decision",
        ]
    }

    /// Each measurement (`series`) appends to streams of its own.
    static func event(_ index: Int, _ payload: JSON, series: String = "x") -> NewEvent {
        var data = payload.objectValue!
        data["allocation"] = .string("bench-\(series)-\(index)")  // the stream's own id
        return NewEvent(
            stream: stream(index, series: series), type: "AllocationMade", data: data,
            context: EventContext(actor: "Finance lead", authority: "Board delegation"))
    }
}

import ArgumentParser
import Commissioning
import DocketJSON
import DocketQuery
import EventStore
import Foundation
import PostgresClient
import Projections
import QueryExecution

/// `docket bench query`: each saved query's compiled SQL against a hand-written statement for the same
/// question, interleaved in the same run on a synthetic ledger.
struct QueryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Compiled saved queries against hand-written SQL twins, compile time, and `history of` time.",
        discussion: "Records N synthetic events into a scratch database and rebuilds its read models, then runs every saved query in queries/ (compiled) and its hand-written twin, alternately, and takes the fastest run of each. --json prints one object with the keys events, max_ratio (slowest compiled/twin), compile_us_max (slowest compile of a saved query, median of 200), history_ms (median `history of decision` with its stamp), queries (one object per query: name, compiled_ms, twin_ms, ratio, compile_us, rows) and allocator."
    )

    @Option(help: "Events in the ledger.")
    var events = 1_000_000

    @Option(help: "Runs of each statement (the fastest of them is reported).")
    var rounds = 21

    @Flag(help: "Print one JSON object.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let logger = CLILogging.logger()
        let conninfo = try database.conninfo(logger: logger)
        let folder = try Migrator.locateDirectory().deletingLastPathComponent().appendingPathComponent("queries")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".dq") }.sorted()
        try ScratchDatabase.with(conninfo: conninfo, logger: logger) { scratch in
            let connection = try Connection(conninfo, database: scratch)
            var ledger = SyntheticLedger(seed: 1, plannedEvents: events)
            var recorder = CommissioningRecorder(store: EventStore(connection: connection))
            try recorder.recordSynthetic(events, from: &ledger, reportingProgress: !json)
            if !json { print("query: rebuilding the read models…") }
            _ = try ChildDocket(conninfo: connection.effectiveConninfo).run(["projections", "rebuild"])
            try connection.executeScript("VACUUM (ANALYZE)")
            let clock = ContinuousClock()
            var entries = [JSON]()
            var maxRatio = 0.0, compileMax = 0.0
            var out = BenchReport(title: "docket bench query: \(events) synthetic events, \(rounds) rounds, same server, same run")
            for file in names {
                let name = String(file.dropLast(3))
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                guard let twin = QueryBenchTwins.sql[name] else { throw CLIError("queries/\(file) has no hand-written twin in QueryBenchTwins") }
                let compileTimes = (0..<200).map { _ in clock.measure { _ = QueryCompiler.compile(text) } }
                let compiled = try QueryCompiler.compile(text).get()
                let values = try compiled.parameters.map { parameter -> String in
                    switch parameter {
                    case .value(let text, _): return text
                    case .position(let request): return String(try QueryExecutor.resolve(request, connection: connection))
                    }
                }
                var compiledTimes = [Duration](), twinTimes = [Duration]()
                var rows = (0, 0)
                for round in 0..<rounds {
                    // Alternate which runs first, so neither always meets a warmer cache.
                    let first = round % 2 == 0
                    for side in first ? [0, 1] : [1, 0] {
                        if side == 0 {
                            compiledTimes.append(try clock.measure { rows.0 = try connection.query(compiled.sql, values).rowCount })
                        } else {
                            twinTimes.append(try clock.measure { rows.1 = try connection.query(twin).rowCount })
                        }
                    }
                }
                guard rows.0 == rows.1 else {
                    throw CLIError("\(name): the compiled query returned \(rows.0) rows and its twin \(rows.1)")
                }
                // The fastest run of each: on a shared machine the minimum is the figure least moved by other work.
                let compiledMS = seconds(compiledTimes.min()!) * 1000, twinMS = seconds(twinTimes.min()!) * 1000
                let compileUS = seconds(median(compileTimes)) * 1_000_000
                let ratio = compiledMS / max(twinMS, 0.001)
                maxRatio = max(maxRatio, ratio)
                compileMax = max(compileMax, compileUS)
                entries.append(.object([
                    "name": .string(name), "compiled_ms": .number((compiledMS * 1000).rounded() / 1000),
                    "twin_ms": .number((twinMS * 1000).rounded() / 1000), "ratio": .number((ratio * 1000).rounded() / 1000),
                    "compile_us": .number(compileUS.rounded()), "rows": .number(Double(rows.0)),
                ]))
                out.add("\(name): compiled \(String(format: "%.2f", compiledMS)) ms, twin \(String(format: "%.2f", twinMS)) ms",
                        key: "ratio_\(name)", ratio, unit: "ratio")
            }
            let decision = try connection.query("SELECT id FROM projection.decisions WHERE valid_to_position IS NULL ORDER BY id LIMIT 1").string(0, 0) ?? "none"
            let history = try QueryCompiler.compile("history of decision \"\(decision.replacingOccurrences(of: "\"", with: "\\\""))\"").get()
            let historyTimes = try (0..<max(rounds, 5)).map { _ in try clock.measure { _ = try QueryExecutor.run(history, on: connection) } }
            let historyMS = seconds(median(historyTimes)) * 1000
            out.add("events", key: "events", Double(events), unit: "")
            out.add("slowest compiled / twin", key: "max_ratio", maxRatio, unit: "ratio")
            out.add("slowest compile of a saved query", key: "compile_us_max", compileMax, unit: "µs")
            out.add("history of one decision, stamped", key: "history_ms", historyMS, unit: "ms")
            if json {
                let object: [String: JSON] = [
                    "events": .number(Double(events)), "max_ratio": .number((maxRatio * 1000).rounded() / 1000),
                    "compile_us_max": .number(compileMax.rounded()), "history_ms": .number((historyMS * 1000).rounded() / 1000),
                    "queries": .array(entries), "allocator": .string(BenchReport.allocator),
                ]
                print(JSON.object(object).canonicalString)
            } else {
                out.print(asJSON: false)
            }
        }
    }

    private func median(_ values: [Duration]) -> Duration {
        let sorted = values.sorted()
        return sorted.isEmpty ? .zero : sorted[sorted.count / 2]
    }
}

import ArgumentParser
import Commissioning
import EventStore
import Foundation
import Logging
import PostgresClient
import Projections

/// `docket bench rebuild`: projection rebuild rate and peak memory, against reading the log without projecting.
struct ProjectionRebuildBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Projection rebuild rate and peak memory over N synthetic events, against reading the same log without projecting.",
        discussion: "Records N events (--events, default 100,000) of the synthetic ledger into a scratch database and vacuums it, then times a baseline (reading the log in the rebuild's batches, decoding every event) and docket projections rebuild, run as a child process as a user would run it. --json prints one object with the keys events, rebuild_eps, baseline_eps and peak_rss_mb (the rebuild's peak resident memory, its VmHWM, sampled), and allocator (mimalloc or system: what this docket was linked with)."
    )

    @OptionGroup var options: BenchOptions
    var events: Int { options.events(default: 100_000) }
    var json: Bool { options.json }
    var database: DatabaseOptions { options.database }

    func run() throws {
        let logger = CLILogging.logger()
        let conninfo = try database.conninfo(logger: logger)
        try ScratchDatabase.with(conninfo: conninfo, logger: logger) { scratch in
            let connection = try Connection(conninfo, database: scratch)
            var ledger = SyntheticLedger(seed: 1, plannedEvents: events)
            var recorder = CommissioningRecorder(store: EventStore(connection: connection))
            try recorder.recordSynthetic(events, from: &ledger, reportingProgress: !json)
            // Settle the new ledger as autovacuum and the checkpointer soon would, so that neither starts on
            // it in the middle of a measurement: autovacuum on the million new rows took one of two cores
            // from the rebuild, and the streams' updated rows and the ledger's other tables draw it too.
            try connection.executeScript("VACUUM (ANALYZE)")
            do {
                try connection.executeScript("CHECKPOINT")
            } catch {
                logger.notice("bench: CHECKPOINT failed (\(error)); the server's own checkpoint may fall in the measurement")
            }
            let clock = ContinuousClock()
            let store = EventStore(connection: connection)
            var read = 0
            let baseline = try clock.measure {
                var after: Int64 = 0
                while true {
                    let batch = try store.readLog(after: after, limit: 10_000)
                    guard let last = batch.last else { break }
                    read += batch.count
                    after = last.position
                }
            }
            // In a process of its own, as `docket projections rebuild` runs: this one has just recorded the
            // ledger, and its heap (500 MB at 1,000,000 events) would be measured with the rebuild's.
            if !json { print("rebuild: running docket projections rebuild…") }
            var peakMB = 0.0
            let rebuild = try clock.measure {
                peakMB = try ChildDocket(conninfo: connection.effectiveConninfo).run(["projections", "rebuild"])
            }
            let rebuilt = try ProjectionStatus.all(connection).map(\.checkpoint).min() ?? 0
            guard rebuilt == Int64(events), read == events else {
                throw CLIError("the benchmark rebuilt \(rebuilt) and read \(read) of \(events) events")
            }
            var out = BenchReport(title: "docket bench rebuild: \(events) synthetic events, same server, same run")
            out.add("events", key: "events", Double(events), unit: "")
            out.add("rebuild (project every table, swap)", key: "rebuild_eps", Double(events) / seconds(rebuild), unit: "events/s")
            out.add("baseline: read and decode the log, no projection", key: "baseline_eps", Double(read) / seconds(baseline), unit: "events/s")
            out.add("peak resident memory of the rebuild", key: "peak_rss_mb", peakMB, unit: "MB")
            out.print(asJSON: json)
        }
    }
}

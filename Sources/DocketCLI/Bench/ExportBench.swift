import ArgumentParser
import Commissioning
import EventStore
import Foundation
import Ledger
import PostgresClient
import Projections

/// `docket bench export`: a full public-transparency export against copying the same data out as CSV, and
/// an incremental export after 1,000 more events.
struct ExportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export time and peak memory over N synthetic events, against COPYing the projection tables and the log to CSV.",
        discussion: """
            Records N events (--events, 1,000 to 1,000,000; default 1,000,000) of the synthetic ledger into a scratch database and projects them, then times a \
            baseline (COPY of every projection table and of docket.events to CSV files), docket export run as a \
            child process as a user would run it, and, after 1,000 more events, docket export --previous. \
            --json prints one object with the keys events, export_s, baseline_s, ratio (export ÷ baseline), \
            incremental_s, peak_rss_mb (the larger of the two exports' peak resident memory) and allocator.
            """
    )

    @OptionGroup var options: BenchOptions
    var events: Int { options.events(default: 1_000_000) }
    var json: Bool { options.json }
    var database: DatabaseOptions { options.database }

    func validate() throws {
        guard (1_000...1_000_000).contains(events) else { throw ValidationError("--events must be between 1000 and 1000000 (got \(events))") }
    }

    func run() throws {
        let logger = CLILogging.logger()
        let conninfo = try database.conninfo(logger: logger)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docket-bench-export-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try ScratchDatabase.with(conninfo: conninfo, logger: logger) { scratch in
            let connection = try Connection(conninfo, database: scratch)
            var ledger = SyntheticLedger(seed: 1, plannedEvents: events + 1_000)
            var recorder = CommissioningRecorder(store: EventStore(connection: connection))
            try recorder.recordSynthetic(events, from: &ledger, reportingProgress: !json)
            try runWorkerOnce(connection: connection, logger: logger)
            try connection.executeScript("VACUUM (ANALYZE)")
            let key = try SigningKey.generate(name: "bench")
            let keyFile = folder.appendingPathComponent("bench.key").path
            guard FileManager.default.createFile(atPath: keyFile, contents: Data(key.privateKeyFile.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CLIError("cannot write the benchmark's key to \(keyFile)")
            }
            let clock = ContinuousClock()
            let baseline = try clock.measure { try Self.copyOut(connection, to: folder.appendingPathComponent("baseline")) }

            let child = ChildDocket(conninfo: connection.effectiveConninfo)
            let full = folder.appendingPathComponent("full").path
            if !json { FileHandle.standardError.write(Data("exporting with docket export…\n".utf8)) }
            var fullPeak = 0.0
            let export = try clock.measure { fullPeak = try child.run(["export", "--out", full, "--key", keyFile]) }

            try recorder.recordSynthetic(1_000, from: &ledger, reportingProgress: false)
            let next = folder.appendingPathComponent("next").path
            var nextPeak = 0.0
            let incremental = try clock.measure {
                nextPeak = try child.run(["export", "--out", next, "--key", keyFile, "--previous", full])
            }
            guard FileManager.default.fileExists(atPath: next + "/ledger/consistency.json") else {
                throw CLIError("the incremental export wrote no consistency proof")
            }
            let exported = try EventStore(connection: connection).headPosition()
            var out = BenchReport(title: "docket bench export: \(events) synthetic events, same server, same run")
            out.add("events", key: "events", Double(events), unit: "")
            out.add("export (docket export, child process)", key: "export_s", seconds(export), unit: "s")
            out.add("baseline: COPY projection tables and the log to CSV", key: "baseline_s", seconds(baseline), unit: "s")
            out.add("export ÷ baseline", key: "ratio", seconds(export) / seconds(baseline), unit: "ratio")
            out.add("incremental export after 1,000 more events (\(exported) in all)", key: "incremental_s", seconds(incremental), unit: "s")
            out.add("peak resident memory of an export", key: "peak_rss_mb", max(fullPeak, nextPeak), unit: "MB")
            out.print(asJSON: json)
        }
    }

    /// The baseline: every projection table and the log, COPYed to CSV files.
    static func copyOut(_ connection: Connection, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tables = ProjectionSchema.allTableNames.map { "projection." + $0 } + ["docket.events"]
        for table in tables {
            let path = folder.appendingPathComponent(table + ".csv").path
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw CLIError("cannot write \(path)")
            }
            defer { try? handle.close() }
            var buffer = [UInt8]()
            buffer.reserveCapacity(1 << 20)
            try connection.copyOut("COPY \(table) TO STDOUT WITH (FORMAT csv, HEADER)") { chunk in
                buffer.append(contentsOf: chunk)
                if buffer.count >= 1 << 20 {
                    handle.write(Data(buffer))
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            handle.write(Data(buffer))
        }
    }
}

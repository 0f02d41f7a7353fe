import ArgumentParser
import DocketJSON
import EventStore
import Foundation
import Ledger
import PostgresClient

/// `docket bench verify`: full ledger verification against reading the same rows without verifying.
struct VerifyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verification rate: docket verify over N events, against reading the same rows without checking.",
        discussion: "Loads N synthetic events (--events, default 100,000) (batches of 10,000) into a scratch database, then times both. --json prints one object with the keys events, verify_eps, read_eps and load_eps, and allocator (mimalloc or system: what this docket was linked with)."
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
            let store = EventStore(connection: connection)
            let clock = ContinuousClock()
            let load = clock.measure {
                for start in stride(from: 0, to: events, by: 10_000) {
                    let batch = (start..<min(start + 10_000, events)).map { AppendBench.event($0, AppendBench.payload($0)) }
                    do { try store.append(batch) } catch { fatalError("loading the benchmark ledger failed: \(error)") }
                    if !json, start % 100_000 == 0, start > 0 { FileHandle.standardError.write(Data("loaded \(start) events\n".utf8)) }
                }
            }
            let key = try SigningKey.generate(name: "bench")
            _ = try LedgerStore(connection: connection).makeCheckpoint(key: key, origin: "docket/bench")
            let verifier = LedgerVerifier(connection: connection, keys: [key.verifier])
            var scanned: Int64 = 0
            let read = try clock.measure { scanned = try verifier.scanOnly() }
            var report = LedgerVerifier.Report()
            let verify = try clock.measure { report = try verifier.verify() }
            guard report.isValid, report.events == Int64(events), scanned == Int64(events) else {
                throw CLIError("the benchmark ledger did not verify: \(String(describing: report.problem))")
            }
            var out = BenchReport(title: "docket bench verify: \(events) events, same server, same run")
            out.add("events", key: "events", Double(events), unit: "")
            out.add("verify (recompute leaves, tree, checkpoint)", key: "verify_eps", Double(events) / seconds(verify), unit: "events/s")
            out.add("baseline: read the same rows, no checks", key: "read_eps", Double(events) / seconds(read), unit: "events/s")
            out.add("load (docket append, batches of 10,000)", key: "load_eps", Double(events) / seconds(load), unit: "events/s")
            out.print(asJSON: json)
        }
    }
}

/// A duration in seconds, for rates.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

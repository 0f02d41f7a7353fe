import ArgumentParser
import DocketJSON
import Foundation
import Projections

/// `docket projections status|rebuild`.
struct ProjectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "Inspect or rebuild the projection tables.",
        subcommands: [ProjectionsStatusCommand.self, ProjectionsRebuildCommand.self]
    )
}

struct ProjectionsStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Each projection's checkpoint, how far it is behind the log, and its error if stopped.",
        discussion: """
            Behind: the number of events not yet projected, and the age of the oldest of them (how long ago it \
            was recorded), which keeps growing while no worker projects it, even if nothing more is appended. \
            With --json, events_behind and seconds_behind.
            """
    )

    @Flag(help: "Print one JSON object per projection, one per line.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let connection = try database.connect(logger: CLILogging.logger())
        for status in try ProjectionStatus.all(connection) {
            if json {
                var object: [String: JSON] = [
                    "name": .string(status.name), "checkpoint": JSON(status.checkpoint), "head": JSON(status.head),
                    "events_behind": JSON(status.eventsBehind),
                    "seconds_behind": .number((status.secondsBehind * 1000).rounded() / 1000),
                ]
                if let error = status.error {
                    object["error"] = .string(error)
                    object["error_position"] = status.errorPosition.map { JSON($0) } ?? .null
                    object["error_event_id"] = status.errorEventID.map { .string($0.uuidString.lowercased()) } ?? .null
                    object["error_type"] = status.errorType.map { .string($0) } ?? .null
                }
                print(JSON.object(object).canonicalString)
            } else {
                var line = "\(status.name): position \(status.checkpoint) of \(status.head), "
                if status.eventsBehind == 0 {
                    line += "caught up"
                } else {
                    line += "\(status.eventsBehind) event\(status.eventsBehind == 1 ? "" : "s") behind, "
                        + String(format: "the oldest recorded %.3f s ago", status.secondsBehind)
                }
                if let error = status.error { line += "\n  STOPPED: \(error)" }
                print(line)
            }
        }
    }
}

struct ProjectionsRebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Replay the log into fresh tables and swap them in atomically, while the worker keeps running.",
        discussion: "Builds schema projection_rebuild, catches up with the log, then briefly takes the worker's apply lock to project the last events and rename the schemas in one transaction. Shows a progress bar on a terminal, progress lines otherwise."
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let logger = CLILogging.logger("docket.rebuild")
        let connection = try database.connect(logger: logger)
        let reporter = ProgressReporter(label: "rebuild")
        let clock = ContinuousClock()
        let start = clock.now
        let events = try ProjectionRebuild(connection: connection, logger: logger).run { reporter.report($0.position, of: $0.head) }.events
        reporter.finish()
        let elapsed = seconds(clock.now - start)
        print(String(format: "Rebuilt the projections from %lld events in %.2f s (%.0f events/s) and swapped them in.",
                     events, elapsed, Double(events) / max(elapsed, 1e-9)))
    }
}

/// A progress bar on a terminal (stderr), a line every few seconds otherwise.
final class ProgressReporter {
    let label: String
    let isTerminal = isatty(2) == 1
    let clock = ContinuousClock()
    let start: ContinuousClock.Instant
    var lastLine: ContinuousClock.Instant

    init(label: String) {
        self.label = label
        start = clock.now
        lastLine = clock.now
    }

    func report(_ done: Int64, of total: Int64) {
        let elapsed = seconds(clock.now - start)
        let rate = Double(done) / max(elapsed, 1e-9)
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(Data(String(format: "\r%@ [%@] %3.0f%% %lld/%lld events, %.0f events/s",
                                                       label, bar, fraction * 100, done, total, rate).utf8))
        } else if clock.now - lastLine >= .seconds(2) {
            lastLine = clock.now
            FileHandle.standardError.write(Data(String(format: "%@: %lld of %lld events (%.0f%%), %.0f events/s\n",
                                                       label, done, total, fraction * 100, rate).utf8))
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

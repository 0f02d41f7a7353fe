import ArgumentParser
import DocketJSON
import Foundation

/// `docket bench …`: performance figures, each against a baseline measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance against a baseline taken in the same run.",
        discussion: "Benchmarks run in a scratch database created beside the ledger's and dropped afterwards; the ledger itself is not touched.",
        subcommands: [AppendBench.self, VerifyBench.self, ProjectionRebuildBench.self, WorkerBench.self]
    )
}

/// Prints a benchmark's figures as text, or as one JSON object.
struct BenchReport {
    var title: String
    var rows: [(label: String, key: String, value: Double, unit: String)] = []

    mutating func add(_ label: String, key: String, _ value: Double, unit: String) {
        rows.append((label, key, value, unit))
    }

    func print(asJSON: Bool) {
        if asJSON {
            var object = [String: JSON]()
            for row in rows { object[row.key] = .number((row.value * 1000).rounded() / 1000) }
            Swift.print(JSON.object(object).canonicalString)
            return
        }
        Swift.print(title)
        let width = rows.map(\.label.count).max() ?? 0
        for row in rows {
            let value = row.unit == "ratio" || row.unit == "s" ? String(format: "%.3f", row.value) : String(format: "%.0f", row.value)
            Swift.print("  " + row.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value + " " + (row.unit == "ratio" ? "" : row.unit))
        }
    }
}

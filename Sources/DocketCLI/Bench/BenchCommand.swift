import ArgumentParser
import DocketJSON
import Foundation

/// `docket bench …`: performance figures, each against a baseline measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance against a baseline taken in the same run.",
        discussion: "Benchmarks run in a scratch database created beside the ledger's and dropped afterwards; the ledger itself is not touched.",
        subcommands: [AppendBench.self, VerifyBench.self, ProjectionRebuildBench.self, WorkerBench.self, QueryBench.self, ExportBench.self]
    )
}

/// Prints a benchmark's figures as text, or as one JSON object.
struct BenchReport {
    var title: String
    var rows: [(label: String, key: String, value: Double, unit: String)] = []

    mutating func add(_ label: String, key: String, _ value: Double, unit: String) {
        rows.append((label, key, value, unit))
    }

    /// Every report also names the allocator this build of docket runs on (`allocator`), which moves the
    /// client's share of the figures (see Package.swift).
    func print(asJSON: Bool) {
        let allocator = Self.allocator
        if asJSON {
            var object = [String: JSON]()
            for row in rows { object[row.key] = .number((row.value * 1000).rounded() / 1000) }
            object["allocator"] = .string(allocator)
            Swift.print(JSON.object(object).canonicalString)
            return
        }
        Swift.print(title)
        let label = "allocator of this docket"
        let width = max(rows.map(\.label.count).max() ?? 0, label.count)
        for row in rows {
            let value = row.unit == "ratio" || row.unit == "s" ? String(format: "%.3f", row.value) : String(format: "%.0f", row.value)
            Swift.print("  " + row.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value + " " + (row.unit == "ratio" ? "" : row.unit))
        }
        Swift.print("  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + allocator)
    }

    /// `mimalloc` when this process has libmimalloc mapped (it then serves malloc), else `system`.
    static var allocator: String {
        // Read to the end: procfs reports a size of 0, and a read sized by it stops after the first page.
        let maps = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps")).readToEnd()) ?? Data()
        return String(decoding: maps, as: UTF8.self).contains("libmimalloc") ? "mimalloc" : "system"
    }
}

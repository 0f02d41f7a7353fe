import DocketTestSupport
import Foundation
import Ledger
import Testing
@testable import TransparencyExport

/// tools/verify_export.py, written from docs/ledger-format.md and docs/export.md only, agrees with
/// docket verify-export.
@Suite("tools/verify_export.py: the independent verifier")
struct IndependentVerifierTests {
    static let script = TestDatabase.packageRoot.appendingPathComponent("tools/verify_export.py").path

    static func verify(_ folder: ExportFolder, previous: ExportFolder? = nil) throws -> (status: Int32, output: String) {
        let written = try ExportFixtures.write(folder)
        defer { try? FileManager.default.removeItem(at: written) }
        let key = written.appendingPathExtension("pub")
        try Data(ExportFixtures.key.publicKeyFile.utf8).write(to: key)
        defer { try? FileManager.default.removeItem(at: key) }
        var arguments = [script, written.path, "--key", key.path]
        var old: URL?
        if let previous {
            old = try ExportFixtures.write(previous)
            arguments += ["--previous", old!.path]
        }
        defer { old.map { try? FileManager.default.removeItem(at: $0) } }
        return try ExportFixtures.run("python3", arguments)
    }

    @Test func itAcceptsTheDemoExport() throws {
        let result = try Self.verify(try DemoLedger.shared.get().export())
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("valid: "))
    }

    @Test func itAcceptsTheGoldenLedgersExport() throws {
        let folder = try TransparencyExport.export(events: ExportGoldenTests.events, options: ExportFixtures.options())
        let result = try Self.verify(folder)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func itCatchesAnAlteredCSVRowAndADroppedEvent() throws {
        let folder = try DemoLedger.shared.get().export()
        var altered = folder
        let path = "csv/spend-over-25000.csv"
        var rows = CSVTables.parse(altered.text(path))
        try #require(rows.count > 1)
        let amount = try #require(rows[0].firstIndex(of: "Amount"))
        rows[1][amount] = "999999.99"
        altered.files[path] = Array(rows.map(CSVTables.line).joined().utf8)
        let csv = try Self.verify(altered)
        #expect(csv.status == 1)
        #expect(csv.output.contains("\(path): row 1 (\(rows[1][6])): Amount 999999.99"), "\(csv.output)")

        var dropped = folder
        var lines = dropped.text("ledger/log.jsonl").split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: 4)
        dropped.files["ledger/log.jsonl"] = Array(lines.joined(separator: "\n").utf8)
        let log = try Self.verify(dropped)
        #expect(log.status == 1)
        #expect(log.output.contains("ledger/log.jsonl: line 5: position 6, expected 5"), "\(log.output)")
    }

    @Test func itChecksAReleaseAmountAgainstItsEvent() throws {
        var folder = try DemoLedger.shared.get().export()
        let path = try #require(folder.paths.first { $0.hasPrefix("ocds/releases/") && folder.text($0).contains("\"awards\"") })
        let text = folder.text(path)
        let range = try #require(text.range(of: #""value":\{"amount":"#, options: .regularExpression))
        folder.files[path] = Array(text.replacingCharacters(in: range, with: "\"value\":{\"amount\":1").utf8)
        let result = try Self.verify(folder)
        #expect(result.status == 1)
        #expect(result.output.contains("\(path): release "), "\(result.output)")
    }

    @Test func itChecksAnExtensionOfAPreviousExport() throws {
        let demo = try DemoLedger.shared.get()
        var events = try demo.events()
        let earlier = try TransparencyExport.export(events: Array(events.prefix(events.count - 7)), options: ExportFixtures.options())
        let later = try TransparencyExport.export(events: events, options: ExportFixtures.options(previous: try PreviousExport(folder: earlier)))
        let result = try Self.verify(later, previous: earlier)
        #expect(result.status == 0, "\(result.output)")
        // A previous export of another history is refused.
        events[0].data["name"] = .string("Another history")
        let other = try TransparencyExport.export(events: Array(events.prefix(events.count - 7)), options: ExportFixtures.options())
        let refused = try Self.verify(later, previous: other)
        #expect(refused.status == 1)
        #expect(refused.output.contains("ledger/consistency.json"), "\(refused.output)")
    }
}

import Commissioning
import DocketJSON
import Foundation
import Testing

/// `docket replay`'s rendering, on demo streams: golden files in Golden/, recorded with
/// DOCKET_RECORD_GOLDEN=1. The directory is loaded the way the command loads it, stream by stream.
@Suite("Replay rendering")
struct ReplayTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func history(_ ledger: TestLedger, _ stream: String) -> (StreamHistory, Directory) {
        let events = ledger.log.filter { $0.stream == stream }
        let bodies = ledger.log.filter { $0.type == "MemberAppointed" && stream.hasPrefix("member-") && $0.data["member"]?.stringValue == String(stream.dropFirst("member-".count)) }.map(\.stream)
        let directory = Directory.around(events, alsoRead: bodies) { streams in
            let wanted = Set(streams)
            return ledger.log.filter { wanted.contains($0.stream) }
        }
        return (StreamHistory(stream: stream, events: events, directory: directory), directory)
    }

    @Test(arguments: [
        "organisation-somerset-pct", "organisation-somerset-pct-provider-arm", "body-somerset-pct-board",
        "member-somerset-gp-member-a", "decision-somerset-diabetes-remodel-2011",
        "consultation-calderdale-dementia-review-2011", "consultation-somerset-diabetes-2010",
        "contract-somerset-diabetes-intermediate-care", "programme-somerset-stroke-esd", "allocation-wirral-mas-2011-12",
    ])
    func demoStreamReadsAsRecorded(stream: String) throws {
        let ledger = try DemoLedgerTests.load()
        let (history, directory) = Self.history(ledger, stream)
        #expect(!history.steps.isEmpty, "no events in \(stream)")
        let text = history.text(directory: directory, showingState: true)
        let file = Self.folder.appendingPathComponent("replay-\(stream).txt")
        if ProcessInfo.processInfo.environment["DOCKET_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(text == golden, "replay of \(stream) differs from \(file.lastPathComponent); re-record with DOCKET_RECORD_GOLDEN=1")
    }

    @Test func noIdentifierOrRawValueReachesThePage() throws {
        let ledger = try DemoLedgerTests.load()
        let (history, directory) = Self.history(ledger, "decision-somerset-diabetes-remodel-2011")
        let text = history.text(directory: directory)
        #expect(text.contains("£2,400,000.00"))
        #expect(!text.contains("240000000"))
        #expect(!text.contains("somerset-gp-member-a"))
        #expect(text.contains("GP board member A, Somerset PCT (GP member, Somerset PCT Board)"))
        #expect(!text.contains("approved_amount"))
    }

    @Test func aCorrectionShowsTheOldAndNewValueAndItsReason() throws {
        let ledger = try DemoLedgerTests.load()
        let (history, _) = Self.history(ledger, "consultation-calderdale-dementia-review-2011")
        let step = try #require(history.steps.first { $0.event.type == "EventCorrected" })
        let amendment = try #require(step.amendment)
        #expect(amendment.fields.first?.old == "The committee asks which council area the review covers.")
        #expect(amendment.fields.first?.new?.contains("Calderdale or Kirklees") == true)
        #expect(amendment.reason == "Summary mis-transcribed from the committee's letter")
        #expect(step.changes.count == 1 && step.changes[0].old != nil && step.changes[0].new != nil)
    }

    @Test func aRetractionShowsWhatWasWithdrawn() throws {
        let ledger = try DemoLedgerTests.load()
        let (history, _) = Self.history(ledger, "consultation-somerset-diabetes-2010")
        let step = try #require(history.steps.first { $0.event.type == "EventRetracted" })
        #expect(step.amendment?.target?.type == "ConsultationResponseReceived")
        #expect(step.changes.count == 1 && step.changes[0].new == nil)
    }

    @Test func aPCTShowsWhereItsFunctionsWent() throws {
        let ledger = try DemoLedgerTests.load()
        let (history, directory) = Self.history(ledger, "organisation-wirral-pct")
        let text = history.text(directory: directory)
        #expect(text.contains("Where its functions went:"))
        #expect(text.contains("1 Apr 2013 → Wirral CCG"))
    }
}

/// `docket findings`' rendering of the demo's findings: a golden file, recorded with DOCKET_RECORD_GOLDEN=1.
@Suite("Findings rendering")
struct FindingReportTests {
    @Test func demoFindingsReadAsRecorded() throws {
        let ledger = try DemoLedgerTests.load()
        var directory = Directory()
        for event in ledger.log { directory.observe(event) }
        let evidence = Dictionary(uniqueKeysWithValues: ledger.log.map { ($0.position, $0) })
        let text = FindingReport(directory: directory, evidence: evidence).text(ledger.findings)
        let file = ReplayTests.folder.appendingPathComponent("findings-demo.txt")
        if ProcessInfo.processInfo.environment["DOCKET_RECORD_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOf: file, encoding: .utf8)), "re-record with DOCKET_RECORD_GOLDEN=1")
        #expect(!text.contains("'somerset-"), "an id reached the page")
    }

    @Test func aPCTsFindingsBelongToItsSuccessor() throws {
        let ledger = try DemoLedgerTests.load()
        var directory = Directory()
        for event in ledger.log { directory.observe(event) }
        let report = FindingReport(directory: directory, evidence: [:])
        let underCCG = ledger.findings.filter { report.belongs($0, to: directory.lineage(of: "somerset-ccg")) }
        let underPCT = ledger.findings.filter { report.belongs($0, to: directory.lineage(of: "somerset-pct")) }
        #expect(!underCCG.isEmpty && underCCG.count > underPCT.count - 1)
        #expect(Set(underPCT.map(\.summary)).isSubset(of: Set(underCCG.map(\.summary))))
        #expect(!underCCG.contains { report.commissioners($0).contains("wirral-pct") })
    }
}

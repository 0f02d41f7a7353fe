import Commissioning
import DocketJSON
import Foundation
import Testing

@Suite("Synthetic ledger")
struct SyntheticLedgerTests {
    static func replay(seed: UInt64, events: Int) throws -> TestLedger {
        var generator = SyntheticLedger(seed: seed, plannedEvents: events)
        var ledger = TestLedger()
        while generator.eventsGenerated < events {
            let command = generator.next()
            do {
                try ledger.record(command)
            } catch {
                Issue.record("generated command \(generator.eventsGenerated - 1) was rejected: \(error)\n\(command)")
                throw error
            }
        }
        return ledger
    }

    @Test func twentyThousandEventsReplayCleanly() throws {
        let ledger = try Self.replay(seed: 42, events: 20_000)
        #expect(ledger.log.count == 20_000)
        let types = Set(ledger.log.map(\.type))
        #expect(types.count >= 25, "types: \(types.sorted())")
    }

    @Test(arguments: [1, 7, 2024] as [UInt64])
    func otherSeedsReplayCleanly(seed: UInt64) throws {
        _ = try Self.replay(seed: seed, events: 8_000)
    }

    @Test func sameSeedSameCommands() {
        var a = SyntheticLedger(seed: 9, plannedEvents: 5_000)
        var b = SyntheticLedger(seed: 9, plannedEvents: 5_000)
        #expect(a.next(5_000) == b.next(5_000))
        var c = SyntheticLedger(seed: 10, plannedEvents: 5_000)
        var d = SyntheticLedger(seed: 9, plannedEvents: 5_000)
        #expect(c.next(5_000) != d.next(5_000))
    }

    @Test func everyFindingRuleFires() throws {
        let findings = try Self.replay(seed: 42, events: 60_000).findings
        for rule in FindingRule.all {
            #expect(findings.contains { $0.rule == rule }, "no finding for \(rule.id)")
        }
    }

    @Test func realisticProportions() throws {
        let ledger = try Self.replay(seed: 5, events: 40_000)
        func count(_ type: String) -> Int { ledger.log.filter { $0.type == type }.count }
        #expect(count("OrganisationRegistered") > 100)
        #expect(count("ConsultationResponseReceived") > count("ConsultationOpened") * 3)
        #expect(count("AllocationMade") > count("DecisionTaken"))
        let amounts = ledger.log.filter { $0.type == "AllocationMade" }.compactMap { $0.data["amountPence"]?.int64Value }
        let median = amounts.sorted()[amounts.count / 2]
        #expect(median >= 1_000_000_00 / 10 && median <= 1_000_000_000_00, "median \(median) pence")
        let years = Set(ledger.log.filter { $0.type == "AllocationMade" }.compactMap { $0.data["financialYear"]?.stringValue })
        #expect(years.contains("2009/10") && years.contains("2020/21"))
        #expect(years.allSatisfy { $0 >= "2008/09" && $0 <= "2024/25" })
    }

    @Test func eventCountIsOnePerCommand() {
        var generator = SyntheticLedger(seed: 3, plannedEvents: 1_000)
        let commands = generator.next(1_000)
        #expect(commands.reduce(0) { $0 + SyntheticLedger.eventCount(of: $1) } == generator.eventsGenerated)
    }

    @Test func survivesTheJSONLinesRoundTrip() throws {
        // As `docket generate | docket record` would see it: canonical text, parsed back.
        var generator = SyntheticLedger(seed: 11, plannedEvents: 3_000)
        var ledger = TestLedger()
        for _ in 0..<3_000 {
            let line = generator.next().canonicalString
            try ledger.record(try JSON(parsing: line))
        }
    }
}

import Commissioning
import DocketJSON
import Testing

@Suite("Demo ledger")
struct DemoLedgerTests {
    static func load() throws -> TestLedger {
        var ledger = TestLedger()
        for (index, command) in DemoLedger.commands().enumerated() {
            do {
                try ledger.record(command)
            } catch {
                Issue.record("demo command \(index) (\(command["command"]?.stringValue ?? "?")) was rejected: \(error)")
                throw error
            }
        }
        return ledger
    }

    @Test func loadsCleanly() throws {
        let ledger = try Self.load()
        #expect(ledger.log.count == DemoLedger.commands().count)
    }

    @Test func twoLoadsGiveIdenticalEvents() throws {
        let first = try Self.load()
        let second = try Self.load()
        #expect(first.log.count == second.log.count)
        for (a, b) in zip(first.log, second.log) {
            #expect(a.id == b.id)
            #expect(a.stream == b.stream && a.type == b.type && a.version == b.version)
            #expect(a.data == b.data)
            #expect(a.restricted == b.restricted)
            #expect(a.metadata == b.metadata && a.occurredAt == b.occurredAt)
        }
        #expect(DemoLedger.commands() == DemoLedger.commands())
    }

    @Test func triggersEveryFindingRule() throws {
        let findings = try Self.load().findings
        for rule in FindingRule.all {
            #expect(findings.contains { $0.rule == rule }, "no finding for \(rule.id)")
        }
    }

    @Test func findsExactlyThePlantedIrregularities() throws {
        let summaries = try Self.load().findings.map { "\($0.rule.id): \($0.summary)" }
        #expect(summaries == [
            "decision-relies-on-open-consultation: Decision 'calderdale-dementia-priorities-2011' taken on 2011-09-15 relied on consultation 'calderdale-dementia-review-2011', which was still open: it closed only on 2011-10-14.",
            "interested-member-voted: Member 'somerset-gp-member-a' voted for on decision 'somerset-diabetes-remodel-2011' on 2011-02-10 while holding a declared financial interest in 'somerset-gp-practice-a' (interest 'practice-partner', from 2009-04-01), an affected organisation, and did not recuse.",
            "service-without-measurable-objectives: Decision 'somerset-stroke-esd-2011' of 2011-03-10 approved a new service without measurable objectives.",
            "service-operating-before-contract: The service of programme 'somerset-stroke-esd' by 'somerset-mental-health-trust' began on 2011-05-03, 205 days before contract 'somerset-stroke-esd' was agreed on 2011-11-24.",
            "allocation-exceeds-decided-amount: Allocations under decision 'wirral-mas-2011' total £1,035,000.00, above the £900,000.00 decided (£135,000.00 over).",
            "less-than-six-months-notice: Contract 'wirral-podiatry-community' was varied effective 2011-12-01 with 91 days' notice (given 2011-09-01); six months' notice meant giving it by 2011-06-01.",
        ])
    }

    @Test func usesTheStudySitesAndTheirPopulations() throws {
        let ledger = try Self.load()
        let populations = Dictionary(uniqueKeysWithValues: ledger.log
            .filter { $0.type == "OrganisationRegistered" && $0.data["population"] != nil }
            .map { ($0.data["organisation"]!.stringValue!, $0.data["population"]!.int64Value!) })
        #expect(populations == ["calderdale-pct": 202_741, "somerset-pct": 525_186, "wirral-pct": 308_837])
        let programmes = ledger.log.filter { $0.type == "ProgrammeLaunched" }.compactMap { $0.data["programme"]?.stringValue }
        #expect(programmes.count == 6)
    }

    @Test func recordsTheApril2013Succession() throws {
        let ledger = try Self.load()
        let successions = ledger.log.filter { $0.type == "OrganisationSucceeded" && $0.occurredAt == Day(year: 2013, month: 4, day: 1)!.date }
        #expect(Set(successions.map(\.stream)) == ["organisation-calderdale-pct", "organisation-kirklees-pct", "organisation-somerset-pct", "organisation-wirral-pct"])
    }

    @Test func respondentNamesAreRestricted() throws {
        let ledger = try Self.load()
        for event in ledger.log where event.type == "ConsultationResponseReceived" {
            #expect(event.data["respondentName"] == nil)
        }
        #expect(ledger.log.contains { $0.restricted?["respondentName"] != nil })
    }

    @Test func includesACorrectionAndARetraction() throws {
        let types = Set(try Self.load().log.map(\.type))
        #expect(types.isSuperset(of: ["EventCorrected", "EventRetracted"]))
    }

    @Test func summaryNamesTheSites() {
        for site in ["Calderdale", "Somerset", "Wirral", "202,741", "525,186", "308,837"] {
            #expect(DemoLedger.summary.contains(site))
        }
    }
}

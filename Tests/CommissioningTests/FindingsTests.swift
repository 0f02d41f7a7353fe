import Commissioning
import DocketJSON
import Foundation
import Testing

/// Each governance rule: a ledger that breaks it yields a finding naming the events; one that keeps it yields none.
@Suite("Findings")
struct FindingsTests {
    static let beforeDecision: [JSON] = Fixture.organisations + [Fixture.consultation, Fixture.response, Fixture.closure, Fixture.proposal]

    func retraction(_ event: LoggedEvent) -> JSON {
        Fixture.command("retract-event", "2013-01-01", [
            "stream": .string(event.stream), "event": .string(event.id.uuidString.lowercased()),
            "reason": "Recorded in error", "authority": "Audit committee",
        ])
    }

    @Test func fixtureWorldHasNoFindings() throws {
        let ledger = try Fixture.ledger(Fixture.world + [
            Fixture.command("commence-service", "2011-07-01", [
                "programme": "test-programme", "provider": "test-trust", "contract": "test-contract", "service": "Clinics",
            ]),
        ])
        #expect(ledger.findings.isEmpty, "\(ledger.findings)")
    }

    // MARK: decision-relies-on-open-consultation

    @Test func decisionBeforeTheConsultationClosed() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.proposal])
        try ledger.record([Fixture.decision, Fixture.closure.with(["occurredAt": "2011-03-01"])])
        let findings = ledger.findings(.decisionReliesOnOpenConsultation)
        try #require(findings.count == 1)
        #expect(findings[0].summary.contains("it closed only on 2011-03-01"))
        #expect(findings[0].events.map(\.type) == ["ConsultationOpened", "DecisionTaken", "ConsultationClosed"])
        #expect(findings[0].events.map(\.position) == findings[0].events.map(\.position).sorted())
    }

    @Test func decisionOnANeverClosedConsultation() throws {
        let ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.decision])
        #expect(ledger.findings(.decisionReliesOnOpenConsultation).first?.summary.contains("no recorded closure") == true)
    }

    @Test func closureRecordedLateButDatedBeforeTheDecisionIsFine() throws {
        let ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.decision, Fixture.closure])
        #expect(ledger.findings(.decisionReliesOnOpenConsultation).isEmpty)
    }

    @Test func closedConsultationRaisesNothing() throws {
        let ledger = try Fixture.ledger(Self.beforeDecision + [Fixture.decision])
        #expect(ledger.findings(.decisionReliesOnOpenConsultation).isEmpty)
    }

    @Test func retractedClosureCountsAsOpen() throws {
        var ledger = try Fixture.ledger(Self.beforeDecision + [Fixture.decision])
        try ledger.record(retraction(ledger.log.first { $0.type == "ConsultationClosed" }!))
        #expect(ledger.findings(.decisionReliesOnOpenConsultation).count == 1)
    }

    // MARK: interested-member-voted

    static let gpVotes: JSON = [["member": "chair", "vote": "for"], ["member": "gp-a", "vote": "for"], ["member": "lay", "vote": "for"]]

    @Test func interestedMemberWhoVotes() throws {
        let ledger = try Fixture.ledger(Self.beforeDecision + [Fixture.decision.with(["recusals": [], "votes": Self.gpVotes])])
        let findings = ledger.findings(.interestedMemberVoted)
        try #require(findings.count == 1)
        #expect(findings[0].summary.contains("Member 'gp-a' voted for on decision 'test-decision'"))
        #expect(findings[0].summary.contains("financial interest in 'test-practice'"))
        #expect(Set(findings[0].events.map(\.type)) == ["InterestDeclared", "DecisionTaken"])
    }

    @Test func interestDeclaredAfterTheVoteStillCounts() throws {
        var ledger = try Fixture.ledger(Self.beforeDecision + [
            Fixture.decision.with(["recusals": [], "votes": Self.gpVotes, "affectedOrganisations": ["test-trust"]]),
        ])
        #expect(ledger.findings(.interestedMemberVoted).isEmpty)
        try ledger.record(Fixture.interest.with(["interest": "trust-governor", "organisation": "test-trust", "occurredAt": "2012-01-01", "from": "2010-06-01"]))
        #expect(ledger.findings(.interestedMemberVoted).count == 1)
    }

    @Test func recusalRaisesNothing() throws {
        let ledger = try Fixture.ledger(Self.beforeDecision + [Fixture.decision])
        #expect(ledger.findings(.interestedMemberVoted).isEmpty)
    }

    @Test func interestInAnUnaffectedOrganisationRaisesNothing() throws {
        let ledger = try Fixture.ledger(Self.beforeDecision + [
            Fixture.decision.with(["recusals": [], "votes": Self.gpVotes, "affectedOrganisations": ["test-trust"]]),
        ])
        #expect(ledger.findings(.interestedMemberVoted).isEmpty)
    }

    @Test func endedInterestRaisesNothing() throws {
        let ledger = try Fixture.ledger(Self.beforeDecision + [
            Fixture.command("end-interest", "2011-01-05", ["member": "gp-a", "interest": "partner", "endedOn": "2010-12-31"]),
            Fixture.decision.with(["recusals": [], "votes": Self.gpVotes]),
        ])
        #expect(ledger.findings(.interestedMemberVoted).isEmpty)
    }

    // MARK: service-without-measurable-objectives

    @Test func newServiceWithoutObjectives() throws {
        let ledger = try Fixture.ledger(Self.beforeDecision + [Fixture.decision.with(["serviceChange": "new", "objectives": []])])
        let findings = ledger.findings(.serviceWithoutObjectives)
        try #require(findings.count == 1)
        #expect(findings[0].summary == "Decision 'test-decision' of 2011-02-10 approved a new service without measurable objectives.")
    }

    @Test func recommissionedServiceWithoutObjectives() throws {
        let ledger = try Fixture.ledger(Self.beforeDecision + [Fixture.decision.with(["objectives": nil])])
        #expect(ledger.findings(.serviceWithoutObjectives).count == 1)
    }

    @Test func objectivesOrNoServiceChangeRaiseNothing() throws {
        #expect(try Fixture.ledger(Self.beforeDecision + [Fixture.decision]).findings(.serviceWithoutObjectives).isEmpty)
        #expect(try Fixture.ledger(Self.beforeDecision + [Fixture.decision.with(["serviceChange": "continued", "objectives": []])])
            .findings(.serviceWithoutObjectives).isEmpty)
        #expect(try Fixture.ledger(Self.beforeDecision + [
            Fixture.decision.with(["outcome": "rejected", "approvedAmountPence": nil, "objectives": []]),
        ]).findings(.serviceWithoutObjectives).isEmpty)
    }

    @Test func revisionsSupplyOrRemoveObjectives() throws {
        var ledger = try Fixture.ledger(Self.beforeDecision + [Fixture.decision.with(["objectives": []])])
        let revise = Fixture.command("revise-decision", "2011-06-01", ["decision": "test-decision", "grounds": "Specification agreed", "objectives": [Fixture.objective]])
        try ledger.record(revise)
        #expect(ledger.findings(.serviceWithoutObjectives).isEmpty)
        try ledger.record(revise.with(["occurredAt": "2011-07-01", "objectives": []]))
        #expect(ledger.findings(.serviceWithoutObjectives).count == 1)
    }

    // MARK: less-than-six-months-notice

    func notice(_ on: String, _ intent: String, effective: String) -> JSON {
        Fixture.command("give-notice", on, ["contract": "test-contract", "intent": .string(intent), "effectiveOn": .string(effective)])
    }

    func variation(effective: String) -> JSON {
        Fixture.command("vary-contract", "2012-06-20", ["contract": "test-contract", "effectiveOn": .string(effective), "description": "Change"])
    }

    @Test func variationOnShortNotice() throws {
        let ledger = try Fixture.ledger(Fixture.world + [notice("2012-04-01", "variation", effective: "2012-07-01"), variation(effective: "2012-07-01")])
        let findings = ledger.findings(.shortNotice)
        try #require(findings.count == 1)
        #expect(findings[0].summary == "Contract 'test-contract' was varied effective 2012-07-01 with 91 days' notice (given 2012-04-01); six months' notice meant giving it by 2012-01-01.")
        #expect(findings[0].events.map(\.type) == ["ContractNoticeGiven", "ContractVaried"])
    }

    @Test func changeWithoutAnyNotice() throws {
        let ledger = try Fixture.ledger(Fixture.world + [
            Fixture.command("terminate-contract", "2012-06-01", ["contract": "test-contract", "effectiveOn": "2012-06-30", "grounds": "Performance"]),
        ])
        #expect(ledger.findings(.shortNotice).first?.summary.contains("terminated effective 2012-06-30 with no notice recorded") == true)
    }

    @Test func sixMonthsNoticeRaisesNothing() throws {
        let ledger = try Fixture.ledger(Fixture.world + [notice("2012-01-01", "variation", effective: "2012-07-01"), variation(effective: "2012-07-01")])
        #expect(ledger.findings(.shortNotice).isEmpty)
    }

    @Test func noticeMustAnnounceTheRightChange() throws {
        let ledger = try Fixture.ledger(Fixture.world + [notice("2011-10-01", "termination", effective: "2012-07-01"), variation(effective: "2012-07-01")])
        #expect(ledger.findings(.shortNotice).count == 1)
        let decommissioned = try Fixture.ledger(Fixture.world + [
            notice("2011-10-01", "termination", effective: "2012-07-01"),
            Fixture.command("decommission-service", "2012-06-01", ["contract": "test-contract", "effectiveOn": "2012-07-01", "grounds": "Replaced"]),
        ])
        #expect(decommissioned.findings(.shortNotice).isEmpty)
    }

    // MARK: service-operating-before-contract

    func commence(_ on: String, contract: String? = nil) -> JSON {
        var fields: [String: JSON] = ["programme": "test-programme", "provider": "test-trust", "service": "Clinics"]
        if let contract { fields["contract"] = .string(contract) }
        return Fixture.command("commence-service", on, fields)
    }

    @Test func serviceRunningBeforeItsContract() throws {
        let ledger = try Fixture.ledger(Fixture.world + [commence("2011-03-01")])
        let findings = ledger.findings(.serviceBeforeContract)
        try #require(findings.count == 1)
        #expect(findings[0].summary.contains("began on 2011-03-01, 80 days before its own contract 'test-contract' was agreed on 2011-05-20"))
        #expect(findings[0].events.map(\.type) == ["ContractAwarded", "ServiceCommenced"])
    }

    @Test func serviceRecordedBeforeAnyContract() throws {
        var ledger = try Fixture.ledger(Self.beforeDecision + [Fixture.decision, commence("2011-03-01")])
        #expect(ledger.findings(.serviceBeforeContract).first?.summary.contains("no contract of its own is recorded") == true)
        try ledger.record(Fixture.contract.with(["occurredAt": "2011-02-20"]))
        #expect(ledger.findings(.serviceBeforeContract).isEmpty)
    }

    @Test func serviceStartingUnderItsContractRaisesNothing() throws {
        let ledger = try Fixture.ledger(Fixture.world + [commence("2011-07-01", contract: "test-contract")])
        #expect(ledger.findings(.serviceBeforeContract).isEmpty)
    }

    // MARK: allocation-exceeds-decided-amount

    func allocation(_ slug: String, _ pence: Int64) -> JSON {
        Fixture.allocation.with(["allocation": .string(slug), "amountPence": JSON(pence), "financialYear": "2012/13"])
    }

    @Test func allocationsAboveTheDecidedAmount() throws {
        let ledger = try Fixture.ledger(Fixture.world + [allocation("second", 45_000_000)])
        let findings = ledger.findings(.allocationExceedsDecision)
        try #require(findings.count == 1)
        #expect(findings[0].summary == "Allocations under decision 'test-decision' total £1,050,000.00, above the £1,000,000.00 decided (£50,000.00 over).")
        #expect(findings[0].events.map(\.type) == ["DecisionTaken", "AllocationMade", "AllocationMade"])
    }

    @Test func allocationsUpToTheDecidedAmountRaiseNothing() throws {
        let ledger = try Fixture.ledger(Fixture.world + [allocation("second", 40_000_000)])
        #expect(ledger.findings(.allocationExceedsDecision).isEmpty)
    }

    @Test func adjustmentsAndWithdrawalsCount() throws {
        var ledger = try Fixture.ledger(Fixture.world + [allocation("second", 40_000_000)])
        try ledger.record(Fixture.command("adjust-allocation", "2012-06-01", ["allocation": "second", "amountPence": 40_000_001]))
        #expect(ledger.findings(.allocationExceedsDecision).count == 1)
        try ledger.record(Fixture.command("withdraw-allocation", "2012-07-01", ["allocation": "second"]))
        #expect(ledger.findings(.allocationExceedsDecision).isEmpty)
    }

    @Test func revisedAmountIsTheDecidedAmount() throws {
        var ledger = try Fixture.ledger(Fixture.world + [allocation("second", 45_000_000)])
        try ledger.record(Fixture.command("revise-decision", "2012-05-01", ["decision": "test-decision", "grounds": "Demand", "approvedAmountPence": 110_000_000]))
        #expect(ledger.findings(.allocationExceedsDecision).isEmpty)
    }

    @Test func rescindedDecisionDecidesNothing() throws {
        var ledger = try Fixture.ledger()
        try ledger.record(Fixture.command("rescind-decision", "2011-07-01", ["decision": "test-decision", "grounds": "Withdrawn"]))
        #expect(ledger.findings(.allocationExceedsDecision).first?.summary.contains("although the decision was rescinded on 2011-07-01") == true)
    }

    @Test func retractedAllocationIsLeftOut() throws {
        var ledger = try Fixture.ledger(Fixture.world + [allocation("second", 45_000_000)])
        try ledger.record(retraction(ledger.lastEvent))
        #expect(ledger.findings(.allocationExceedsDecision).isEmpty)
    }

    // MARK: The detector

    @Test func findingsAreOrderedAndDeterministic() throws {
        let ledger = try Fixture.ledger(Self.beforeDecision + [
            Fixture.decision.with(["recusals": [], "votes": Self.gpVotes, "objectives": []]),
        ])
        let findings = ledger.findings
        #expect(findings.map(\.rule) == [.interestedMemberVoted, .serviceWithoutObjectives])
        #expect(ledger.findings == findings)
    }

    @Test func unreadableEventsAreReportedNotFatal() throws {
        let ledger = try Fixture.ledger([Fixture.pct])
        var event = ledger.log[0]
        event.type = "SomethingNew"
        var detector = FindingsDetector()
        detector.observe(event)
        #expect(detector.unreadable.count == 1)
        #expect(detector.findings.isEmpty)
    }

    @Test func everyRuleIsDocumented() {
        #expect(Set(FindingRule.all.map(\.id)).count == FindingRule.all.count)
        for rule in FindingRule.all {
            #expect(!rule.title.isEmpty && !rule.explanation.isEmpty && !rule.source.isEmpty)
        }
    }
}

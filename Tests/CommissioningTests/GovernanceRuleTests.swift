import Commissioning
import DocketJSON
import Foundation
import Testing

/// The rules the sources call for beyond the first six: each fires on a ledger that breaks it and not
/// on one that keeps it.
@Suite("Findings: reviews, consensus, decommissioning, contract values, consultation")
struct GovernanceRuleTests {
    static let commenced = Fixture.command("commence-service", "2011-07-01", [
        "programme": "test-programme", "provider": "test-trust", "contract": "test-contract", "service": "Clinics",
    ])

    static func review(on day: String, met: Bool) -> JSON {
        Fixture.command("review-service", day, [
            "contract": "test-contract", "periodFrom": "2011-07-01", "periodTo": "2012-06-30", "activity": "Clinics running.",
            "quality": "Good.", "results": [["metric": "Patients in community care", "actual": 48, "target": 60, "isMet": .bool(met)]],
        ])
    }

    static let notice = Fixture.command("give-notice", "2013-01-10", [
        "contract": "test-contract", "intent": "variation", "effectiveOn": "2013-12-01",
    ])

    static func continuation(_ extra: [String: JSON] = [:]) -> JSON {
        Fixture.command("take-decision", "2012-11-08", [
            "decision": "test-continue", "programme": "test-programme", "body": "test-board", "title": "Continue",
            "outcome": "approved", "serviceChange": "continued", "membersPresent": ["chair", "lay"],
            "votes": [["member": "chair", "vote": "for"], ["member": "lay", "vote": "for"]], "rationale": "Still the best option.",
        ].merging(extra) { $1 })
    }

    // MARK: objective-review-overdue

    @Test func reviewDatePassedWithoutAReview() throws {
        // Objectives to be reviewed by 2012-09-30; the contract's record reaches 2013-01-10 with no review.
        let ledger = try Fixture.ledger(Fixture.world + [Self.commenced, Self.notice])
        let findings = ledger.findings(.objectiveReviewOverdue)
        try #require(findings.count == 1)
        #expect(findings[0].summary.contains("reviewed by 2012-09-30"))
        #expect(findings[0].events.map(\.type) == ["DecisionTaken", "ContractNoticeGiven"])
    }

    @Test func aReviewEvenLateOrALedgerNotYetPastTheDateRaisesNothing() throws {
        #expect(try Fixture.ledger(Fixture.world + [Self.commenced]).findings(.objectiveReviewOverdue).isEmpty)
        let late = try Fixture.ledger(Fixture.world + [Self.commenced, Self.review(on: "2012-12-01", met: true), Self.notice])
        #expect(late.findings(.objectiveReviewOverdue).isEmpty)
    }

    // MARK: service-continued-despite-unmet-objectives

    @Test func continuedAfterUnmetReviewWithoutRationale() throws {
        let ledger = try Fixture.ledger(Fixture.world + [Self.review(on: "2012-09-20", met: false), Self.continuation()])
        let findings = ledger.findings(.continuedDespiteUnmetObjectives)
        try #require(findings.count == 1)
        #expect(findings[0].subjects.map(\.slug) == ["test-continue", "test-contract"])
    }

    @Test func continuingWithARationaleOrAfterAMetReviewRaisesNothing() throws {
        let explained = try Fixture.ledger(Fixture.world + [
            Self.review(on: "2012-09-20", met: false), Self.continuation(["unmetObjectivesRationale": "A recovery plan is agreed."]),
        ])
        #expect(explained.findings(.continuedDespiteUnmetObjectives).isEmpty)
        let met = try Fixture.ledger(Fixture.world + [Self.review(on: "2012-09-20", met: true), Self.continuation()])
        #expect(met.findings(.continuedDespiteUnmetObjectives).isEmpty)
    }

    // MARK: interested-member-present-at-consensus

    static func consensus(recusals: [JSON]) -> JSON {
        Fixture.command("take-decision", "2011-06-09", [
            "decision": "test-consensus", "programme": "test-programme", "body": "test-board", "title": "Care homes",
            "outcome": "approved", "serviceChange": "none", "membersPresent": ["chair", "gp-a", "lay"], "recusals": .array(recusals),
            "rationale": "Agreed by consensus.", "affectedOrganisations": ["test-practice"],
        ])
    }

    @Test func interestedMemberPresentAtAConsensus() throws {
        let ledger = try Fixture.ledger(Fixture.world + [Self.consensus(recusals: [])])
        let findings = ledger.findings(.interestedMemberAtConsensus)
        try #require(findings.count == 1)
        #expect(findings[0].subjects.first?.slug == "gp-a")
        #expect(ledger.findings(.interestedMemberVoted).isEmpty)
    }

    @Test func aRecusalAtAConsensusRaisesNothing() throws {
        #expect(try Fixture.ledger(Fixture.world + [Self.consensus(recusals: ["gp-a"])]).findings(.interestedMemberAtConsensus).isEmpty)
    }

    // MARK: service-decommissioned-without-decision

    static let decommissioning = Fixture.command("decommission-service", "2013-06-27", [
        "contract": "test-contract", "effectiveOn": "2014-01-31", "grounds": "Replaced.",
    ])

    @Test func decommissionedWithNoDecision() throws {
        let ledger = try Fixture.ledger(Fixture.world + [Self.decommissioning])
        #expect(ledger.findings(.decommissionedWithoutDecision).count == 1)
    }

    @Test func decommissionedUnderADecisionToDecommission() throws {
        let decision = Fixture.command("take-decision", "2013-06-13", [
            "decision": "test-decommission", "programme": "test-programme", "body": "test-board", "title": "Decommission",
            "outcome": "approved", "serviceChange": "decommissioned", "membersPresent": ["chair", "lay"],
            "votes": [["member": "chair", "vote": "for"], ["member": "lay", "vote": "for"]], "rationale": "Replaced.",
        ])
        let ledger = try Fixture.ledger(Fixture.world + [decision, Self.decommissioning.with(["decision": "test-decommission"])])
        #expect(ledger.findings(.decommissionedWithoutDecision).isEmpty)
        // Naming a decision that decided something else does not count.
        let other = try Fixture.ledger(Fixture.world + [Self.decommissioning.with(["decision": "test-decision"])])
        #expect(other.findings(.decommissionedWithoutDecision).first?.summary.contains("did not decide to decommission") == true)
    }

    // MARK: contracts-exceed-decided-amount

    @Test func contractsWorthMoreThanDecided() throws {
        let ledger = try Fixture.ledger(Fixture.world + [
            Fixture.command("vary-contract", "2011-09-01", [
                "contract": "test-contract", "effectiveOn": "2012-04-01", "description": "More clinics.", "valuePence": 120_000_000,
            ]),
        ])
        let findings = ledger.findings(.contractsExceedDecidedAmount)
        try #require(findings.count == 1)
        #expect(findings[0].summary.contains("£1,200,000.00, above the £1,000,000.00 decided"))
    }

    @Test func anAnnualAmountIsNotComparedWithAContractsWholeValue() throws {
        let annual = Fixture.decision.with(["financialYear": "2011/12"])
        let commands = Fixture.organisations + [Fixture.consultation, Fixture.response, Fixture.closure, Fixture.proposal, annual]
        let ledger = try Fixture.ledger(commands + [Fixture.contract.with(["valuePence": 500_000_000])])
        #expect(ledger.findings(.contractsExceedDecidedAmount).isEmpty)
    }

    // MARK: consultation-halted-without-grounds

    @Test func haltedWithoutGrounds() throws {
        let halted = Fixture.closure.with(["outcome": "halted-early", "occurredAt": "2010-10-15"])
        let ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, halted])
        #expect(ledger.findings(.consultationHaltedWithoutGrounds).count == 1)
        let explained = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, halted.with(["grounds": "Enough evidence."])])
        #expect(explained.findings(.consultationHaltedWithoutGrounds).isEmpty)
    }

    // MARK: significant-change-without-statutory-consultation

    @Test func significantChangeNeedsAStatutoryConsultation() throws {
        let significant = Fixture.decision.with(["isSignificantChange": true])
        let nonStatutory = Fixture.consultation.with(["isStatutory": false])
        let unmet = try Fixture.ledger(Fixture.organisations + [nonStatutory, Fixture.response, Fixture.closure, Fixture.proposal, significant])
        #expect(unmet.findings(.significantChangeWithoutStatutoryConsultation).count == 1)
        let met = try Fixture.ledger(FindingsTests.beforeDecision + [significant])
        #expect(met.findings(.significantChangeWithoutStatutoryConsultation).isEmpty)
    }
}

import Commissioning
import DocketJSON
import Foundation
import Testing

@Suite("Corrections and retractions")
struct CorrectionTests {
    func correction(_ stream: String, _ event: UUID, _ changes: JSON) -> JSON {
        Fixture.command("correct-event", "2012-01-10", [
            "stream": .string(stream), "event": .string(event.uuidString.lowercased()), "changes": changes,
            "reason": "Transcription error", "authority": "Information governance lead",
        ])
    }

    func retraction(_ stream: String, _ event: UUID) -> JSON {
        Fixture.command("retract-event", "2012-01-10", [
            "stream": .string(stream), "event": .string(event.uuidString.lowercased()),
            "reason": "Recorded in error", "authority": "Information governance lead",
        ])
    }

    /// The id of the event at a position of the fixture world's log.
    func id(_ ledger: TestLedger, type: String) -> UUID { ledger.log.first { $0.type == type }!.id }

    @Test func correctionNamesEventReasonAndAuthority() throws {
        var ledger = try Fixture.ledger()
        let response = id(ledger, type: "ConsultationResponseReceived")
        let events = try ledger.record(correction("consultation-test-consultation", response, [
            "summary": "Closer to home, please, and sooner.", "respondentName": "Resident Y (invented)",
        ]))
        #expect(events[0].type == .eventCorrected)
        #expect(events[0].stream == "consultation-test-consultation")
        #expect(events[0].data["event"]?.stringValue == response.uuidString.lowercased())
        #expect(events[0].data["eventType"] == "ConsultationResponseReceived")
        #expect(events[0].data["reason"] == "Transcription error")
        #expect(events[0].data["authority"] == "Information governance lead")
        #expect(events[0].data["changes"] == ["summary": "Closer to home, please, and sooner."])
        // A corrected personal field stays out of the public payload.
        #expect(events[0].restricted == ["changes": ["respondentName": "Resident Y (invented)"]])
        #expect(events[0].metadata.authority == "Information governance lead")
    }

    @Test func onlyCorrectableFieldsOfTheEventCanBeCorrected() throws {
        var ledger = try Fixture.ledger()
        let allocation = id(ledger, type: "AllocationMade")
        expectRejected(&ledger, correction("allocation-test-allocation", allocation, ["amountPence": 1]), field: "changes.amountPence",
                       "'amountPence' is not correctable; retract the event and record the right one")
        expectRejected(&ledger, correction("allocation-test-allocation", allocation, ["colour": "red"]), field: "changes.colour",
                       "AllocationMade has no field 'colour'")
        expectRejected(&ledger, correction("allocation-test-allocation", allocation, ["purpose": 5]), field: "changes.purpose",
                       "expected a string, found a number")
        try ledger.record(correction("allocation-test-allocation", allocation, ["purpose": "Community clinics"]))
    }

    @Test func correctedEventMustBeInTheStream() throws {
        var ledger = try Fixture.ledger()
        let allocation = id(ledger, type: "AllocationMade")
        expectRejected(&ledger, correction("contract-test-contract", allocation, ["purpose": "x"]), field: "event", "is not in stream 'contract-test-contract'")
        expectRejected(&ledger, correction("contract-ghost", allocation, ["purpose": "x"]), field: "stream", "stream 'contract-ghost' has no events")
    }

    @Test func correctionsOfCorrectionsAreRefused() throws {
        var ledger = try Fixture.ledger()
        let allocation = id(ledger, type: "AllocationMade")
        let first = try ledger.record(correction("allocation-test-allocation", allocation, ["purpose": "Clinics"]))[0]
        expectRejected(&ledger, correction("allocation-test-allocation", first.id, ["reason": "x"]), field: "event", "correct the original event instead")
    }

    @Test func retractionsAreFinal() throws {
        var ledger = try Fixture.ledger()
        let response = id(ledger, type: "ConsultationResponseReceived")
        let retracted = try ledger.record(retraction("consultation-test-consultation", response))[0]
        expectRejected(&ledger, retraction("consultation-test-consultation", response), field: "event", "was already retracted")
        expectRejected(&ledger, correction("consultation-test-consultation", response, ["summary": "x"]), field: "event", "was already retracted")
        expectRejected(&ledger, retraction("consultation-test-consultation", retracted.id), field: "event", "is a retraction, which cannot be retracted")
    }

    @Test func retractingACreationRetractsTheAggregate() throws {
        var ledger = try Fixture.ledger()
        let contract = id(ledger, type: "ContractAwarded")
        try ledger.record(retraction("contract-test-contract", contract))
        let notice = Fixture.command("give-notice", "2012-01-01", ["contract": "test-contract", "intent": "variation", "effectiveOn": "2012-08-01"])
        expectRejected(&ledger, notice, field: "contract", "contract 'test-contract' was retracted")
        expectRejected(&ledger, Fixture.contract, field: "contract", "was recorded and retracted; choose another id")
        try ledger.record(Fixture.contract.with(["contract": "test-contract-2"]))
    }

    @Test func retractingAClosureReopensTheConsultation() throws {
        var ledger = try Fixture.ledger()
        let closure = id(ledger, type: "ConsultationClosed")
        try ledger.record(retraction("consultation-test-consultation", closure))
        try ledger.record(Fixture.closure.with(["occurredAt": "2010-12-15"]))
    }

    @Test func retractingATakingReturnsTheDecisionToProposed() throws {
        var ledger = try Fixture.ledger()
        let taken = id(ledger, type: "DecisionTaken")
        try ledger.record(retraction("decision-test-decision", taken))
        expectRejected(&ledger, Fixture.allocation.with(["allocation": "a2"]), field: "decision", "proposed but not taken")
        try ledger.record(Fixture.decision.with(["occurredAt": "2011-03-10"]))
    }

    @Test func retractingAnAdjustmentRestoresTheAmount() throws {
        var ledger = try Fixture.ledger()
        let adjust = Fixture.command("adjust-allocation", "2011-09-01", ["allocation": "test-allocation", "amountPence": 65_000_000])
        let adjusted = try ledger.record(adjust)[0]
        try ledger.record(retraction("allocation-test-allocation", adjusted.id))
        expectRejected(&ledger, adjust.with(["amountPence": 60_000_000]), field: "amountPence", "already £600,000.00")
        try ledger.record(adjust)
    }

    @Test func retractingATerminationReopensTheContract() throws {
        var ledger = try Fixture.ledger()
        let terminated = try ledger.record(Fixture.command("terminate-contract", "2012-01-01", [
            "contract": "test-contract", "effectiveOn": "2012-06-30", "grounds": "Performance",
        ]))[0]
        try ledger.record(retraction("contract-test-contract", terminated.id))
        try ledger.record(Fixture.command("vary-contract", "2012-02-01", [
            "contract": "test-contract", "effectiveOn": "2012-03-01", "description": "Change",
        ]))
    }

    @Test func retractingAnAppointmentRemovesTheMember() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation])
        let appointment = ledger.log.first { $0.type == "MemberAppointed" && $0.data["member"] == "lay" }!.id
        try ledger.record(retraction("body-test-board", appointment))
        expectRejected(&ledger, Fixture.decision, field: "membersPresent[2]", "'lay' is not a member of body 'test-board'")
    }

    @Test func retractingAWithdrawalRestoresTheAllocation() throws {
        var ledger = try Fixture.ledger()
        let withdrawn = try ledger.record(Fixture.command("withdraw-allocation", "2011-10-01", ["allocation": "test-allocation"]))[0]
        try ledger.record(retraction("allocation-test-allocation", withdrawn.id))
        try ledger.record(Fixture.command("adjust-allocation", "2011-11-01", ["allocation": "test-allocation", "amountPence": 61_000_000]))
    }
}

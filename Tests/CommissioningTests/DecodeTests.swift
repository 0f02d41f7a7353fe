import Commissioning
import DocketJSON
import Testing

/// Structural errors: each is rejected by `Command.decode` with the field and the reason.
@Suite("Decoding commands")
struct DecodeTests {
    func issues(_ json: JSON) -> [CommandError.Issue] {
        do {
            _ = try Command.decode(json)
            return []
        } catch {
            #expect(error.kind == .malformed)
            return error.issues
        }
    }

    func expectIssue(_ json: JSON, field: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = issues(json)
        #expect(found.contains { $0.field == field && $0.message.contains(message) }, "got \(found)", sourceLocation: sourceLocation)
    }

    @Test func validCommandsDecode() throws {
        for command in Fixture.world {
            _ = try Command.decode(command)
        }
    }

    @Test func commandMustBeAnObject() {
        expectIssue(["take-decision"], field: "", "expected a command object, found an array")
    }

    @Test func commandNameIsRequired() {
        expectIssue(["occurredAt": "2011-01-01"], field: "command", "required")
    }

    @Test func commandNameMustBeAString() {
        expectIssue(["command": 3], field: "command", "expected a string, found a number")
    }

    @Test func unknownCommandIsNamed() {
        expectIssue(Fixture.pct.with(["command": "make-decision"]), field: "command", "unknown command 'make-decision'")
    }

    @Test func unknownFieldIsReported() {
        expectIssue(Fixture.pct.with(["populaton": 5]), field: "populaton", "unknown field")
    }

    @Test func unknownNestedFieldIsReported() {
        let objective: JSON = ["metric": "m", "target": 1, "reviewBy": "2012-01-01", "deadline": "x"]
        expectIssue(Fixture.decision.with(["objectives": [objective]]), field: "objectives[0].deadline", "unknown field")
    }

    @Test func requiredFieldMissing() {
        expectIssue(Fixture.pct.with(["name": nil]), field: "name", "required")
        expectIssue(Fixture.pct.with(["actor": nil]), field: "actor", "required")
        expectIssue(Fixture.pct.with(["occurredAt": nil]), field: "occurredAt", "required")
    }

    @Test func wrongTypeNamesExpectedAndFound() {
        expectIssue(Fixture.consultation.with(["isStatutory": "yes"]), field: "isStatutory", "expected true or false, found a string")
        expectIssue(Fixture.pct.with(["name": 12]), field: "name", "expected a string, found a number")
    }

    @Test func nestedFieldPathsIncludeTheIndex() {
        let bad: JSON = ["metric": "m", "target": "sixty", "reviewBy": "2012-01-01"]
        expectIssue(Fixture.decision.with(["objectives": [Fixture.objective, Fixture.objective, bad]]),
                    field: "objectives[2].target", "expected a number, found a string")
    }

    @Test func emptyTextIsRejected() {
        expectIssue(Fixture.pct.with(["name": "  "]), field: "name", "must not be empty")
    }

    @Test func overlongTextIsRejected() {
        expectIssue(Fixture.pct.with(["name": .string(String(repeating: "x", count: 20_001))]), field: "name", "at most 20000 bytes")
    }

    @Test(arguments: ["Somerset-PCT", "-pct", "pct-", "pct_1", "", String(repeating: "a", count: 65)])
    func invalidIdentifiers(slug: String) {
        expectIssue(Fixture.pct.with(["organisation": .string(slug)]), field: "organisation", "is not a valid identifier")
    }

    @Test func longestIdentifierIsAccepted() throws {
        _ = try Command.decode(Fixture.pct.with(["organisation": .string(String(repeating: "a", count: 64))]))
    }

    @Test(arguments: ["2011-02-30", "2011-13-01", "11-02-2011", "2011/02/01", "1899-12-31"])
    func invalidDates(text: String) {
        expectIssue(Fixture.consultation.with(["plannedCloseOn": .string(text)]), field: "plannedCloseOn", "expected a date as YYYY-MM-DD")
    }

    @Test(arguments: ["2011-05-12T25:00:00Z", "2011-05-12 14:00:00", "2011-05-12T14:00:00", "yesterday"])
    func invalidOccurredAt(text: String) {
        expectIssue(Fixture.pct.with(["occurredAt": .string(text)]), field: "occurredAt", "expected YYYY-MM-DD or an RFC 3339 timestamp")
    }

    @Test func timestampsAreAccepted() throws {
        let command = try Command.decode(Fixture.pct.with(["occurredAt": "2011-05-12T23:30:00-01:00"]))
        #expect(command.envelope.occurredAt.day == Day(year: 2011, month: 5, day: 13))
    }

    @Test func negativeAmountIsRejected() {
        expectIssue(Fixture.allocation.with(["amountPence": -500]), field: "amountPence", "must be more than 0 pence")
    }

    @Test func zeroAllocationIsRejected() {
        expectIssue(Fixture.allocation.with(["amountPence": 0]), field: "amountPence", "must be more than 0 pence")
    }

    @Test func fractionalPenceAreRejected() {
        expectIssue(Fixture.allocation.with(["amountPence": 12.5]), field: "amountPence", "expected a whole number of pence")
    }

    @Test func negativeApprovedAmountIsRejected() {
        expectIssue(Fixture.decision.with(["approvedAmountPence": -1]), field: "approvedAmountPence", "must not be negative")
    }

    @Test(arguments: ["2011-12", "2011/13", "11/12", "2011/2012"])
    func invalidFinancialYears(text: String) {
        expectIssue(Fixture.allocation.with(["financialYear": .string(text)]), field: "financialYear", "expected a financial year like 2011/12")
    }

    @Test func unknownVocabularyListsTheChoices() {
        expectIssue(Fixture.pct.with(["kind": "hospital"]), field: "kind", "expected one of national-specialised-commissioning-group")
        expectIssue(Fixture.allocation.with(["controlType": "hard"]), field: "controlType", "found 'hard'")
    }

    @Test func foundationTrustOnlyForTrusts() {
        expectIssue(Fixture.practice.with(["isFoundationTrust": true]), field: "isFoundationTrust", "only NHS trusts")
    }

    @Test func populationMustBePositive() {
        expectIssue(Fixture.pct.with(["population": 0]), field: "population", "must be at least 1")
    }

    @Test func overlongCommandIDIsRejected() {
        expectIssue(Fixture.pct.with(["id": .string(String(repeating: "x", count: 201))]), field: "id", "at most 200 bytes")
    }

    @Test func successorCannotBeItself() {
        let command = Fixture.command("record-succession", "2013-04-01", ["organisation": "test-pct", "successors": ["test-pct"]])
        expectIssue(command, field: "successors[0]", "cannot succeed itself")
    }

    @Test func successorsMustBeListed() {
        let command = Fixture.command("record-succession", "2013-04-01", ["organisation": "test-pct", "successors": []])
        expectIssue(command, field: "successors", "must list at least one")
    }

    @Test func duplicateIdentifiersInAListAreRejected() {
        expectIssue(Fixture.decision.with(["membersPresent": ["chair", "chair"]]), field: "membersPresent[1]", "listed twice")
    }

    @Test func interestCannotEndBeforeItBegins() {
        expectIssue(Fixture.interest.with(["to": "2009-03-31"]), field: "to", "must not be before from")
    }

    /// Record reality: a consultation halted without stated grounds is accepted, and reported as a finding.
    @Test func haltedConsultationWithoutGroundsIsAccepted() throws {
        _ = try Command.decode(Fixture.closure.with(["outcome": "halted-early"]))
    }

    @Test func votesMustComeFromMembersPresent() {
        let votes: JSON = [["member": "chair", "vote": "for"], ["member": "stranger", "vote": "for"]]
        expectIssue(Fixture.decision.with(["votes": votes]), field: "votes[1].member", "not listed in membersPresent")
    }

    @Test func recusedMemberCannotVote() {
        let votes: JSON = [["member": "gp-a", "vote": "for"]]
        expectIssue(Fixture.decision.with(["votes": votes]), field: "votes[0].member", "recused and cannot vote")
    }

    @Test func memberVotesOnce() {
        let votes: JSON = [["member": "chair", "vote": "for"], ["member": "chair", "vote": "against"]]
        expectIssue(Fixture.decision.with(["votes": votes]), field: "votes[1].member", "already voted")
    }

    @Test func recusalsMustBePresent() {
        expectIssue(Fixture.decision.with(["recusals": ["stranger"]]), field: "recusals[0]", "not listed in membersPresent")
    }

    @Test func membersPresentIsRequired() {
        expectIssue(Fixture.decision.with(["membersPresent": []]), field: "membersPresent", "must list at least one")
    }

    @Test func onlyApprovedDecisionsHaveAnAmount() {
        expectIssue(Fixture.decision.with(["outcome": "rejected"]), field: "approvedAmountPence", "only an approved decision")
    }

    @Test func revisionMustChangeSomething() {
        let command = Fixture.command("revise-decision", "2011-03-01", ["decision": "test-decision", "grounds": "Because"])
        expectIssue(command, field: "", "nothing to revise")
    }

    @Test func allocationNeedsPayeeOrProgramme() {
        expectIssue(Fixture.allocation.with(["payee": nil, "programme": nil]), field: "payee", "give a payee, a programme, or both")
    }

    @Test func contractMustEndAfterItStarts() {
        expectIssue(Fixture.contract.with(["endOn": "2011-07-01"]), field: "endOn", "must be after startOn")
    }

    @Test func reviewPeriodMustBeInOrder() {
        let command = Fixture.command("review-service", "2012-09-20", [
            "contract": "test-contract", "periodFrom": "2012-07-01", "periodTo": "2012-06-30",
            "activity": "a", "quality": "q",
        ])
        expectIssue(command, field: "periodTo", "must not be before periodFrom")
    }

    @Test func correctionsNeedReasonAndAuthority() {
        let command = Fixture.command("retract-event", "2012-01-01", [
            "stream": "consultation-test-consultation", "event": "8a1e2c2e-7f0b-8d6c-9a4b-1d2e3f405162",
        ])
        expectIssue(command, field: "reason", "required for retract-event")
        expectIssue(command, field: "authority", "required for retract-event")
    }

    @Test func correctionsNameAStreamAndAnEvent() {
        let command = Fixture.command("retract-event", "2012-01-01", [
            "stream": "consultations/x", "event": "not-a-uuid", "reason": "r", "authority": "a",
        ])
        expectIssue(command, field: "stream", "is not a stream name")
        expectIssue(command, field: "event", "expected an event id (UUID)")
    }

    @Test func correctionMustChangeSomething() {
        let command = Fixture.command("correct-event", "2012-01-01", [
            "stream": "consultation-test-consultation", "event": "8a1e2c2e-7f0b-8d6c-9a4b-1d2e3f405162",
            "changes": [:], "reason": "r", "authority": "a",
        ])
        expectIssue(command, field: "changes", "must correct at least one field")
    }

    @Test func allProblemsAreReportedTogether() {
        let found = issues(Fixture.allocation.with(["amountPence": -5, "financialYear": "2011", "payer": "Bad Payer"]))
        #expect(Set(found.map(\.field)) == ["amountPence", "financialYear", "payer"])
    }

    @Test func listsMustBeListsOfTheRightThing() {
        expectIssue(Fixture.decision.with(["evidence": ["Report", 3]]), field: "evidence[1]", "expected a string, found a number")
        expectIssue(Fixture.decision.with(["votes": "all for"]), field: "votes", "expected an array of objects, found a string")
        expectIssue(Fixture.decision.with(["votes": ["chair"]]), field: "votes[0]", "expected an object, found a string")
        expectIssue(Fixture.decision.with(["consultations": "test-consultation"]), field: "consultations", "expected an array of identifiers")
        expectIssue(Fixture.decision.with(["evidence": "Report"]), field: "evidence", "expected an array of strings")
    }

    @Test func otherWrongTypes() {
        expectIssue(Fixture.pct.with(["population": "many"]), field: "population", "expected a whole number, found a string")
        expectIssue(Fixture.trust.with(["isFoundationTrust": "yes"]), field: "isFoundationTrust", "expected true or false")
        expectIssue(Fixture.pct.with(["organisation": 7]), field: "organisation", "expected an identifier string, found a number")
        expectIssue(Fixture.consultation.with(["plannedCloseOn": 20101130]), field: "plannedCloseOn", "expected a date string")
        expectIssue(Fixture.allocation.with(["financialYear": 2011]), field: "financialYear", "expected a financial year string")
        expectIssue(Fixture.allocation.with(["amountPence": "100"]), field: "amountPence", "expected a whole number of pence, found a string")
        expectIssue(Fixture.pct.with(["kind": 1]), field: "kind", "expected a string, found a number")
        let correction = Fixture.command("correct-event", "2012-01-01", [
            "stream": "consultation-x", "event": "8a1e2c2e-7f0b-8d6c-9a4b-1d2e3f405162", "changes": "summary",
            "reason": "r", "authority": "a",
        ])
        expectIssue(correction, field: "changes", "expected an object, found a string")
    }

    @Test func streamsReadNameTheTargetFirst() throws {
        let command = try Command.decode(Fixture.decision)
        #expect(command.streamsRead == [
            "decision-test-decision", "programme-test-programme", "body-test-board", "consultation-test-consultation",
            "organisation-test-trust", "organisation-test-practice",
        ])
        #expect(command.targetStream == "decision-test-decision")
        #expect(command.eventCount == 1)
    }
}

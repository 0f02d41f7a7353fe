import Commissioning
import DocketJSON
import Testing

/// Commands that contradict the ledger's state are rejected, naming the field and the reason,
/// and leave the state unchanged.
@Suite("Validation against the ledger")
struct ValidationTests {
    // MARK: Existence

    @Test func creatingWhatExistsIsRejected() throws {
        var ledger = try Fixture.ledger()
        expectRejected(&ledger, Fixture.pct, field: "organisation", "organisation 'test-pct' already exists")
        expectRejected(&ledger, Fixture.board, field: "body", "already exists")
        expectRejected(&ledger, Fixture.member("chair")[0], field: "member", "already exists")
        expectRejected(&ledger, Fixture.programme, field: "programme", "already exists")
        expectRejected(&ledger, Fixture.consultation, field: "consultation", "already exists")
        expectRejected(&ledger, Fixture.proposal, field: "decision", "already exists")
        expectRejected(&ledger, Fixture.allocation, field: "allocation", "already exists")
        expectRejected(&ledger, Fixture.contract, field: "contract", "already exists")
    }

    @Test func referencesMustExist() throws {
        var ledger = try Fixture.ledger(Fixture.organisations)
        expectRejected(&ledger, Fixture.consultation.with(["programme": "no-such-programme"]), field: "programme",
                       "programme 'no-such-programme' does not exist")
        expectRejected(&ledger, Fixture.board.with(["body": "other-board", "organisation": "nowhere"]), field: "organisation",
                       "organisation 'nowhere' does not exist")
        expectRejected(&ledger, Fixture.proposal.with(["body": "no-board"]), field: "body", "decision body 'no-board' does not exist")
    }

    @Test func rejectedCommandLeavesStateUnchanged() throws {
        var ledger = try Fixture.ledger(Fixture.organisations)
        let before = ledger.state.version(of: "programme-test-programme")
        expectRejected(&ledger, Fixture.consultation.with(["plannedCloseOn": "2010-08-01"]), field: "plannedCloseOn", "before it opens")
        #expect(ledger.state.version(of: "programme-test-programme") == before)
        #expect(ledger.state.version(of: "consultation-test-consultation") == 0)
        try ledger.record(Fixture.consultation)
    }

    @Test func commandIDCannotBeReused() throws {
        var ledger = try Fixture.ledger(Fixture.organisations)
        try ledger.record(Fixture.consultation.with(["id": "cmd-1"]))
        expectRejected(&ledger, Fixture.response.with(["id": "cmd-1"]), field: "id", "already recorded")
    }

    // MARK: Organisations

    @Test func commissionerMustBeACommissioner() throws {
        var ledger = try Fixture.ledger(Fixture.organisations)
        expectRejected(&ledger, Fixture.programme.with(["programme": "p2", "commissioner": "test-trust"]), field: "commissioner",
                       "organisation 'test-trust' is a acute-trust, not a commissioner")
    }

    @Test func payerMustBeACommissioner() throws {
        var ledger = try Fixture.ledger()
        expectRejected(&ledger, Fixture.allocation.with(["allocation": "a2", "payer": "test-trust"]), field: "payer", "not a commissioner")
    }

    @Test func providerMustBeAProvider() throws {
        var ledger = try Fixture.ledger()
        expectRejected(&ledger, Fixture.contract.with(["contract": "c2", "provider": "test-pct"]), field: "provider", "not a provider")
    }

    @Test func successionRules() throws {
        var ledger = try Fixture.ledger([Fixture.pct, Fixture.ccg])
        let succession = Fixture.command("record-succession", "2013-04-01", ["organisation": "test-pct", "successors": ["test-ccg"]])
        expectRejected(&ledger, succession.with(["occurredAt": "2001-01-01"]), field: "occurredAt", "before 'test-pct' was established")
        expectRejected(&ledger, succession.with(["occurredAt": "2013-03-31"]), field: "successors[0]", "was only established on 2013-04-01")
        expectRejected(&ledger, succession.with(["successors": ["nobody"]]), field: "successors[0]", "does not exist")
        try ledger.record(succession)
        expectRejected(&ledger, succession, field: "organisation", "was already succeeded on 2013-04-01")
    }

    // MARK: Bodies, members and interests

    @Test func appointmentRules() throws {
        var ledger = try Fixture.ledger(Fixture.organisations)
        let appoint = Fixture.command("appoint-member", "2010-01-01", ["body": "test-board", "member": "chair", "role": "Chair"])
        expectRejected(&ledger, appoint, field: "member", "already serves on 'test-board' (since 2009-04-01)")
        expectRejected(&ledger, appoint.with(["member": "ghost"]), field: "member", "member 'ghost' does not exist")
    }

    @Test func membershipEndRules() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.command("register-member", "2009-04-01", ["member": "outsider", "role": "Visitor"])])
        let end = Fixture.command("end-membership", "2013-03-31", ["body": "test-board", "member": "chair"])
        expectRejected(&ledger, end.with(["member": "outsider"]), field: "member", "does not serve on 'test-board'")
        expectRejected(&ledger, end.with(["occurredAt": "2009-03-31"]), field: "occurredAt", "before it began on 2009-04-01")
        try ledger.record(end)
        expectRejected(&ledger, end, field: "member", "does not serve")
    }

    @Test func interestRules() throws {
        var ledger = try Fixture.ledger(Fixture.organisations)
        expectRejected(&ledger, Fixture.interest, field: "interest", "has already declared interest 'partner'")
        expectRejected(&ledger, Fixture.interest.with(["interest": "other", "organisation": "nowhere"]), field: "organisation", "does not exist")
        expectRejected(&ledger, Fixture.interest.with(["member": "ghost"]), field: "member", "does not exist")
        let end = Fixture.command("end-interest", "2012-01-01", ["member": "gp-a", "interest": "partner", "endedOn": "2011-12-31"])
        expectRejected(&ledger, end.with(["interest": "nothing"]), field: "interest", "has not declared interest 'nothing'")
        expectRejected(&ledger, end.with(["endedOn": "2009-03-01"]), field: "endedOn", "before the interest began")
        try ledger.record(end)
        expectRejected(&ledger, end, field: "interest", "already ended on 2011-12-31")
    }

    // MARK: Programmes and services

    @Test func commencedServiceMustMatchItsContract() throws {
        var ledger = try Fixture.ledger(Fixture.world + [
            Fixture.programme.with(["programme": "other-programme"]),
        ])
        let commence = Fixture.command("commence-service", "2011-07-01", [
            "programme": "test-programme", "provider": "test-trust", "contract": "test-contract", "service": "Clinics",
        ])
        expectRejected(&ledger, commence.with(["provider": "test-pct"]), field: "provider", "not a provider")
        expectRejected(&ledger, commence.with(["programme": "other-programme"]), field: "contract", "belongs to programme 'test-programme'")
        expectRejected(&ledger, commence.with(["provider": "test-practice"]), field: "contract", "is with provider 'test-trust'")
        expectRejected(&ledger, commence.with(["contract": "no-contract"]), field: "contract", "does not exist")
        try ledger.record(commence)
    }

    // MARK: Consultations

    @Test func consultationCannotCloseBeforeItOpens() throws {
        var ledger = try Fixture.ledger(Fixture.organisations)
        expectRejected(&ledger, Fixture.consultation.with(["plannedCloseOn": "2010-08-31"]), field: "plannedCloseOn",
                       "cannot close on 2010-08-31, before it opens on 2010-09-01")
        try ledger.record(Fixture.consultation)
        expectRejected(&ledger, Fixture.closure.with(["occurredAt": "2010-08-31"]), field: "occurredAt", "before it opened on 2010-09-01")
    }

    @Test func consultationClosesOnce() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.closure])
        expectRejected(&ledger, Fixture.closure, field: "consultation", "was already closed on 2010-11-30")
    }

    @Test func responsesFallWithinTheConsultation() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation])
        expectRejected(&ledger, Fixture.response.with(["occurredAt": "2010-08-31"]), field: "occurredAt", "before the consultation opened")
        try ledger.record(Fixture.closure)
        expectRejected(&ledger, Fixture.response.with(["occurredAt": "2010-12-01"]), field: "occurredAt", "after the consultation closed on 2010-11-30")
        try ledger.record(Fixture.response.with(["occurredAt": "2010-11-30"]))
    }

    // MARK: Decisions

    @Test func decisionIsTakenOnce() throws {
        var ledger = try Fixture.ledger()
        expectRejected(&ledger, Fixture.decision, field: "decision", "was already taken on 2011-02-10")
    }

    @Test func takingMustMatchTheProposal() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [
            Fixture.consultation, Fixture.closure, Fixture.proposal,
            Fixture.programme.with(["programme": "other-programme"]),
            Fixture.board.with(["body": "other-board"]),
        ])
        expectRejected(&ledger, Fixture.decision.with(["programme": "other-programme", "consultations": []]), field: "programme",
                       "was proposed for programme 'test-programme'")
        expectRejected(&ledger, Fixture.decision.with(["body": "other-board"]), field: "body", "was proposed to body 'test-board'")
        expectRejected(&ledger, Fixture.decision.with(["occurredAt": "2011-01-12"]), field: "occurredAt", "before it was proposed on 2011-01-13")
    }

    @Test func membersPresentMustServeOnTheBody() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [
            Fixture.consultation, Fixture.closure,
            Fixture.command("register-member", "2009-04-01", ["member": "visitor", "role": "Visitor"]),
        ])
        expectRejected(&ledger, Fixture.decision.with(["membersPresent": ["chair", "gp-a", "lay", "visitor"]]), field: "membersPresent[3]",
                       "'visitor' is not a member of body 'test-board' on 2011-02-10")
        expectRejected(&ledger, Fixture.decision.with(["occurredAt": "2009-03-31"]), field: "membersPresent[0]", "is not a member")
    }

    @Test func consultationsReliedOnMustHaveOpened() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation])
        expectRejected(&ledger, Fixture.decision.with(["occurredAt": "2010-08-01", "objectives": []]), field: "consultations[0]",
                       "only opened on 2010-09-01, after the decision on 2010-08-01")
        expectRejected(&ledger, Fixture.decision.with(["consultations": ["test-consultation", "ghost"]]), field: "consultations[1]",
                       "consultation 'ghost' does not exist")
    }

    @Test func affectedOrganisationsMustExist() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation])
        expectRejected(&ledger, Fixture.decision.with(["affectedOrganisations": ["test-trust", "ghost-trust"]]),
                       field: "affectedOrganisations[1]", "does not exist")
    }

    @Test func objectivesAreReviewedAfterTheDecision() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation])
        let early: JSON = ["metric": "m", "target": 1, "reviewBy": "2011-02-10"]
        expectRejected(&ledger, Fixture.decision.with(["objectives": [Fixture.objective, early]]), field: "objectives[1].reviewBy",
                       "must be after the decision (2011-02-10)")
    }

    @Test func revisionRules() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.proposal])
        let revise = Fixture.command("revise-decision", "2011-06-01", [
            "decision": "test-decision", "grounds": "Costs rose", "approvedAmountPence": 120_000_000,
        ])
        expectRejected(&ledger, revise, field: "decision", "has been proposed but not taken")
        try ledger.record(Fixture.decision)
        expectRejected(&ledger, revise.with(["occurredAt": "2011-02-01"]), field: "occurredAt", "before the decision was taken on 2011-02-10")
        let early: JSON = ["metric": "m", "target": 1, "reviewBy": "2011-05-01"]
        expectRejected(&ledger, revise.with(["objectives": [early]]), field: "objectives[0].reviewBy", "must be after the decision (2011-06-01)")
        try ledger.record(revise)
        try ledger.record(Fixture.command("rescind-decision", "2011-07-01", ["decision": "test-decision", "grounds": "Withdrawn"]))
        expectRejected(&ledger, revise.with(["occurredAt": "2011-08-01"]), field: "decision", "was rescinded on 2011-07-01")
    }

    @Test func rejectedDecisionHasNoAmountEvenByRevision() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.decision.with(["outcome": "rejected", "approvedAmountPence": nil])])
        let revise = Fixture.command("revise-decision", "2011-06-01", [
            "decision": "test-decision", "grounds": "Costs rose", "approvedAmountPence": 120_000_000,
        ])
        expectRejected(&ledger, revise, field: "approvedAmountPence", "the outcome was rejected")
    }

    @Test func rescissionRules() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.proposal])
        let rescind = Fixture.command("rescind-decision", "2011-07-01", ["decision": "test-decision", "grounds": "Withdrawn"])
        expectRejected(&ledger, rescind, field: "decision", "proposed but not taken")
        try ledger.record(Fixture.decision)
        expectRejected(&ledger, rescind.with(["occurredAt": "2011-01-01"]), field: "occurredAt", "before the decision was taken")
        try ledger.record(rescind)
        expectRejected(&ledger, rescind, field: "decision", "was already rescinded on 2011-07-01")
    }

    // MARK: Allocations

    @Test func allocationDecisionMustBeTaken() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.proposal])
        expectRejected(&ledger, Fixture.allocation, field: "decision", "decision 'test-decision' has been proposed but not taken")
        expectRejected(&ledger, Fixture.allocation.with(["decision": "ghost"]), field: "decision", "does not exist")
        expectRejected(&ledger, Fixture.allocation.with(["decision": nil, "payee": "ghost"]), field: "payee", "does not exist")
        expectRejected(&ledger, Fixture.allocation.with(["decision": nil, "programme": "ghost"]), field: "programme", "does not exist")
    }

    @Test func adjustmentRules() throws {
        var ledger = try Fixture.ledger()
        let adjust = Fixture.command("adjust-allocation", "2011-09-01", ["allocation": "test-allocation", "amountPence": 65_000_000])
        expectRejected(&ledger, adjust.with(["amountPence": 60_000_000]), field: "amountPence", "already £600,000.00")
        expectRejected(&ledger, adjust.with(["occurredAt": "2011-03-01"]), field: "occurredAt", "before the allocation was made on 2011-04-01")
        try ledger.record(adjust)
        #expect(ledger.lastEvent.data["previousAmountPence"] == 60_000_000)
        let withdraw = Fixture.command("withdraw-allocation", "2011-10-01", ["allocation": "test-allocation"])
        expectRejected(&ledger, withdraw.with(["occurredAt": "2011-03-01"]), field: "occurredAt", "before the allocation was made")
        try ledger.record(withdraw)
        expectRejected(&ledger, withdraw, field: "allocation", "was already withdrawn on 2011-10-01")
        expectRejected(&ledger, adjust.with(["amountPence": 70_000_000]), field: "allocation", "was withdrawn on 2011-10-01")
    }

    // MARK: Contracts

    @Test func contractDecisionMustBeTaken() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.proposal])
        expectRejected(&ledger, Fixture.contract, field: "decision", "has been proposed but not taken")
    }

    @Test func noticeTakesEffectAfterItIsGiven() throws {
        var ledger = try Fixture.ledger()
        let notice = Fixture.command("give-notice", "2012-01-01", ["contract": "test-contract", "intent": "variation", "effectiveOn": "2011-12-31"])
        expectRejected(&ledger, notice, field: "effectiveOn", "cannot take effect earlier, on 2011-12-31")
        expectRejected(&ledger, notice.with(["contract": "ghost"]), field: "contract", "contract 'ghost' does not exist")
    }

    @Test func variationEndMustFollowStart() throws {
        var ledger = try Fixture.ledger()
        let vary = Fixture.command("vary-contract", "2012-01-01", [
            "contract": "test-contract", "effectiveOn": "2012-07-01", "description": "Shorter", "endOn": "2011-06-30",
        ])
        expectRejected(&ledger, vary, field: "endOn", "must be after the contract's start (2011-07-01)")
    }

    @Test func endedContractsCannotChange() throws {
        var ledger = try Fixture.ledger()
        let terminate = Fixture.command("terminate-contract", "2012-01-01", [
            "contract": "test-contract", "effectiveOn": "2012-06-30", "grounds": "Performance",
        ])
        try ledger.record(terminate)
        expectRejected(&ledger, terminate, field: "contract", "was already terminated (effective 2012-06-30)")
        expectRejected(&ledger, Fixture.command("decommission-service", "2012-02-01", [
            "contract": "test-contract", "effectiveOn": "2012-06-30", "grounds": "Replaced",
        ]), field: "contract", "already terminated")
        expectRejected(&ledger, Fixture.command("vary-contract", "2012-02-01", [
            "contract": "test-contract", "effectiveOn": "2012-03-01", "description": "Change",
        ]), field: "contract", "already terminated")
        expectRejected(&ledger, Fixture.command("give-notice", "2012-02-01", [
            "contract": "test-contract", "intent": "variation", "effectiveOn": "2012-08-01",
        ]), field: "contract", "already terminated")
    }

    @Test func reviewNeedsAContract() throws {
        var ledger = try Fixture.ledger()
        let review = Fixture.command("review-service", "2012-09-20", [
            "contract": "ghost", "periodFrom": "2011-07-01", "periodTo": "2012-06-30", "activity": "a", "quality": "q",
        ])
        expectRejected(&ledger, review, field: "contract", "contract 'ghost' does not exist")
    }

    @Test func moreReferencesMustExist() throws {
        var ledger = try Fixture.ledger()
        expectRejected(&ledger, Fixture.command("enter-stage", "2011-01-01", ["programme": "ghost", "stage": "review"]), field: "programme",
                       "programme 'ghost' does not exist")
        expectRejected(&ledger, Fixture.consultation.with(["consultation": "c2", "conductedBy": "ghost"]), field: "conductedBy",
                       "organisation 'ghost' does not exist")
        expectRejected(&ledger, Fixture.response.with(["consultation": "ghost"]), field: "consultation", "consultation 'ghost' does not exist")
        expectRejected(&ledger, Fixture.command("record-succession", "2013-04-01", ["organisation": "ghost", "successors": ["test-pct"]]),
                       field: "organisation", "organisation 'ghost' does not exist")
        expectRejected(&ledger, Fixture.command("commence-service", "2011-07-01", [
            "programme": "ghost", "provider": "test-trust", "service": "Clinics",
        ]), field: "programme", "does not exist")
    }

    @Test func contractCommissionerMustBeACommissioner() throws {
        var ledger = try Fixture.ledger()
        expectRejected(&ledger, Fixture.contract.with(["contract": "c2", "commissioner": "test-trust"]), field: "commissioner", "not a commissioner")
    }

    @Test func retractedDecisionCannotBeTakenAgain() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.closure, Fixture.decision])
        let taken = ledger.lastEvent
        try ledger.record(Fixture.command("retract-event", "2011-03-01", [
            "stream": "decision-test-decision", "event": .string(taken.id.uuidString.lowercased()),
            "reason": "Wrong meeting", "authority": "Board secretary",
        ]))
        expectRejected(&ledger, Fixture.decision, field: "decision", "was recorded and retracted; choose another id")
        expectRejected(&ledger, Fixture.allocation, field: "decision", "decision 'test-decision' was retracted")
    }

    // MARK: Loading

    @Test func unloadedStreamsAreReported() throws {
        var state = CommissioningState()
        let command = try Command.decode(Fixture.programme)
        let context = CommandContext(namespace: TestLedger().namespace, index: 0)
        #expect(throws: CommandError.self) { try command.handle(in: &state, context: context) }
        do {
            _ = try command.handle(in: &state, context: context)
        } catch {
            #expect(error.kind == .streamNotLoaded)
            #expect(error.issues.map(\.message) == [
                "stream 'programme-test-programme' was not loaded before handling",
                "stream 'organisation-test-pct' was not loaded before handling",
            ])
        }
    }
}

import Commissioning
import DocketJSON
import Foundation
import Testing

@Suite("State, expectations and loading")
struct StateTests {
    @Test func creationExpectsNoStreamAndLaterEventsExactVersions() throws {
        var ledger = try Fixture.ledger(Fixture.organisations)
        let opened = try ledger.record(Fixture.consultation)[0]
        #expect(opened.expectation == .noStream)
        let response = try ledger.record(Fixture.response)[0]
        #expect(response.expectation == .exact(1))
        let closed = try ledger.record(Fixture.closure)[0]
        #expect(closed.expectation == .exact(2))
        #expect(ledger.state.version(of: "consultation-test-consultation") == 3)
    }

    @Test func twoPeopleDecidingAtOnceConflict() throws {
        // Both clerks load the same ledger, then each records a different taking of the proposed decision.
        let base = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.closure, Fixture.proposal])
        var first = base.state
        var second = base.state
        let namespace = base.namespace
        let one = try Command.decode(Fixture.decision).handle(in: &first, context: CommandContext(namespace: namespace, index: 100))[0]
        let two = try Command.decode(Fixture.decision.with(["outcome": "deferred", "approvedAmountPence": nil]))
            .handle(in: &second, context: CommandContext(namespace: namespace, index: 101))[0]
        // Both expect the stream at version 1; the store accepts the first and refuses the second.
        #expect(one.expectation == .exact(1))
        #expect(two.expectation == .exact(1))
        #expect(one.stream == two.stream)
    }

    @Test func reloadingTheLogGivesTheSameState() throws {
        let ledger = try Fixture.ledger()
        var reloaded = CommissioningState()
        for event in ledger.log { try reloaded.apply(event) }
        for stream in Set(ledger.log.map(\.stream)) {
            #expect(reloaded.version(of: stream) == ledger.state.version(of: stream))
            reloaded.markLoaded(stream)
        }
        // The reloaded state validates as the original does.
        var copy = ledger
        copy.state = reloaded
        expectRejected(&copy, Fixture.decision, field: "decision", "was already taken on 2011-02-10")
        try copy.record(Fixture.command("rescind-decision", "2011-07-01", ["decision": "test-decision", "grounds": "Withdrawn"]))
    }

    @Test func eventsMustArriveInVersionOrder() throws {
        let ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation, Fixture.response])
        var state = CommissioningState()
        let response = ledger.log.last!
        #expect(throws: ApplyError.self) { try state.apply(response) }
    }

    @Test func unknownEventTypesAndNewerSchemasAreRefused() throws {
        let ledger = try Fixture.ledger([Fixture.pct])
        var state = CommissioningState()
        var event = ledger.log[0]
        event.type = "OrganisationRenamed"
        do {
            try state.apply(event)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("unknown event type 'OrganisationRenamed'"))
            #expect(error.position == 1)
        }
        event = ledger.log[0]
        event.schemaVersion = 2
        #expect(throws: ApplyError.self) { try state.apply(event) }
    }

    @Test func lazyLoadingByStreamsRead() throws {
        // The caller loads exactly the streams a command reads, then handles it.
        let ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation])
        var state = CommissioningState()
        let command = try Command.decode(Fixture.response)
        for stream in command.streamsRead {
            for event in ledger.log where event.stream == stream { try state.apply(event) }
            state.markLoaded(stream)
        }
        let events = try command.handle(in: &state, context: CommandContext(namespace: ledger.namespace, index: 0))
        #expect(events[0].expectation == .exact(1))
    }

    @Test func personalDataIsKeptOutOfThePayload() throws {
        var ledger = try Fixture.ledger(Fixture.organisations + [Fixture.consultation])
        let event = try ledger.record(Fixture.response)[0]
        #expect(event.data["respondentName"] == nil)
        #expect(event.restricted == ["respondentName": "Resident Z (invented)"])
        let member = try ledger.record(Fixture.command("register-member", "2010-01-01", ["member": "named", "role": "Lay member", "name": "Member Q (invented)"]))[0]
        #expect(member.data["name"] == nil)
        #expect(member.restricted == ["name": "Member Q (invented)"])
    }

    @Test func eventIDsDeriveFromTheCommandID() throws {
        var ledger = try Fixture.ledger([Fixture.pct])
        let event = try ledger.record(Fixture.trust.with(["id": "import-42"]))[0]
        #expect(event.id == EventID.derive(commandID: "import-42", eventIndex: 0))
        #expect(event.metadata.causationId == "import-42")
        let anonymous = try ledger.record(Fixture.practice)[0]
        #expect(anonymous.id == EventID.derive(namespace: ledger.namespace, commandIndex: 2, eventIndex: 0))
    }

    @Test func metadataComesFromTheEnvelope() throws {
        var ledger = TestLedger()
        let event = try ledger.record(Fixture.pct.with([
            "occurredAt": "2002-04-01T09:30:00Z", "authority": "Establishment order", "reason": "Backfill",
            "correlationId": "import-2024",
        ]))[0]
        #expect(event.metadata == EventMetadata(
            actor: "Board secretary, Test PCT", authority: "Establishment order", reason: "Backfill", correlationId: "import-2024"
        ))
        #expect(event.occurredAt == Date(timeIntervalSince1970: Double(Day(year: 2002, month: 4, day: 1)!.number) * 86_400 + 9.5 * 3600))
    }
}

import Commissioning
import DocketJSON
import Foundation
import Testing

/// The rules the ledger enforces on domain streams accept every event the domain writes, and refuse
/// what the read models could not apply.
@Suite("Domain event rules")
struct DomainEventRulesTests {
    static func problems(in log: [LoggedEvent]) -> [String] {
        log.compactMap { event in
            DomainEventRules.problem(
                stream: event.stream, type: event.type, schemaVersion: event.schemaVersion,
                data: event.data.objectValue ?? [:], version: event.version
            ).map { "position \(event.position) \(event.type) in \(event.stream): \($0)" }
        }
    }

    @Test func everyDemoEventIsAccepted() throws {
        var ledger = TestLedger()
        try ledger.record(DemoLedger.commands())
        #expect(Self.problems(in: ledger.log) == [])
    }

    @Test func everySyntheticEventIsAccepted() throws {
        let ledger = try SyntheticLedgerTests.replay(seed: 3, events: 20_000)
        #expect(Self.problems(in: ledger.log) == [])
    }

    @Test func aDayThatDoesNotExistIsRefused() throws {
        var ledger = TestLedger()
        try ledger.record(DemoLedger.commands())
        func dateField(_ event: LoggedEvent) -> String? {
            event.data.objectValue?.keys.sorted().first { key in
                guard let text = event.data[key]?.stringValue else { return false }
                return text.count == 10 && Day.parse(text) != nil
            }
        }
        let taken = try #require(ledger.log.first { dateField($0) != nil })
        var data = try #require(taken.data.objectValue)
        let field = try #require(dateField(taken))
        data[field] = "2011-02-31"
        let problem = try #require(DomainEventRules.problem(stream: taken.stream, type: taken.type, schemaVersion: 1, data: data, version: taken.version))
        #expect(problem.field == "data." + field)
    }

    @Test func streamsTheDomainDoesNotOwnAreNotItsConcern() {
        for stream in ["nul", "s-1", "bench-allocation-1", "Organisation-x", "audit-note-7"] {
            #expect(DomainEventRules.problem(stream: stream, type: "Anything", schemaVersion: 9, data: ["x": 1], version: 1) == nil)
        }
    }
}

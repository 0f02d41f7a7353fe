import DocketJSON
import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
@testable import Projections
import Testing

@Suite("Reading the log for projecting")
struct ProjectionLogTests {
    /// The reader shares a String with the row before when a column repeats it, and takes known event
    /// types' names from the build: neither may carry a value into a row where it differs.
    @Test func repeatedAndKnownValuesComeBackAsStored() throws {
        let db = try ProjectionDatabase("projlog")
        let store = EventStore(connection: db.connection)
        func event(_ type: String, actor: String?, authority: String?, at text: String) -> NewEvent {
            NewEvent(
                stream: "log-test", type: type, data: ["n": 1],
                context: EventContext(actor: actor, authority: authority), occurredAt: PostgresTimestamp.parse(text))
        }
        let events = [
            event("DecisionProposed", actor: "Clerk to the board", authority: nil, at: "2011-03-15T00:00:00Z"),
            event("DecisionProposed", actor: "Clerk to the board", authority: "Board", at: "2011-03-15T00:00:00Z"),
            event("DecisionTaken", actor: "Clerk to the boarD", authority: "Board", at: "2011-03-16T00:00:00Z"),
            event("DecisionTakenX", actor: nil, authority: "Board", at: "2011-03-16T00:00:00Z"),
            event("Decision", actor: "Clerk to the boar", authority: nil, at: "2011-03-16T00:00:00.5Z"),
        ]
        try store.append(events)
        let read = try ProjectionLog.read(db.connection, after: 0, limit: 10)
        #expect(read.map(\.type) == events.map(\.type))
        #expect(read.map(\.actor) == events.map(\.context.actor))
        #expect(read.map(\.authority) == events.map(\.context.authority))
        #expect(read.map(\.occurredAtText) == [
            "2011-03-15 00:00:00+00", "2011-03-15 00:00:00+00", "2011-03-16 00:00:00+00", "2011-03-16 00:00:00+00",
            "2011-03-16 00:00:00.5+00",
        ])
        #expect(Set(read.map(\.recordedAtText)).count == 1, "one append, one recorded time")
    }
}

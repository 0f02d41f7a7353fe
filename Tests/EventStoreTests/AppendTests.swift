import DocketJSON
import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
import Testing

func event(_ stream: String, _ n: Int = 0, expected: ExpectedVersion = .any, id: UUID = UUID()) -> NewEvent {
    NewEvent(id: id, stream: stream, type: "Noted", data: ["n": JSON(n)], expectedVersion: expected)
}

@Suite("Appending: versions, idempotency, atomic batches")
struct AppendTests {
    let store: EventStore
    init() throws { store = EventStore(connection: try Connection(try TestDatabase.create("append"))) }

    @Test func expectedVersionsAreEnforcedWithATypedConflict() throws {
        try store.append([event("minutes-a", expected: .noStream)])
        try store.append([event("minutes-a", expected: .exact(1)), event("minutes-a", expected: .exact(2))])
        try store.append([event("minutes-a", expected: .streamExists)])

        let cases: [(NewEvent, ExpectedVersion, Int64)] = [
            (event("minutes-a", expected: .noStream), .noStream, 4),
            (event("minutes-a", expected: .exact(2)), .exact(2), 4),
            (event("minutes-b", expected: .streamExists), .streamExists, 0),
            (event("minutes-b", expected: .exact(0)), .exact(0), 0),  // passes: exact 0 means empty
        ]
        for (candidate, expected, actual) in cases.prefix(3) {
            let error = try #require(throws: EventStoreError.self) { try store.append([candidate]) }
            #expect(error.kind == .versionConflict)
            #expect(error.stream == candidate.stream)
            #expect(error.expected == expected)
            #expect(error.actualVersion == actual)
            #expect(error.message.contains(candidate.stream))
        }
        #expect(try store.append([cases[3].0])[0].version == 1)
        #expect(try store.readStream("minutes-a").map(\.version) == [1, 2, 3, 4])
    }

    @Test func retryingTheSameEventReturnsTheOriginalPositionAndWritesNothing() throws {
        let id = UUID()
        let first = try store.append([event("note-x", 7, id: id)])
        let head = try store.headPosition()
        let again = try store.append([event("note-x", 7, expected: .noStream, id: id)])
        #expect(again[0].position == first[0].position)
        #expect(again[0].isDuplicate)
        #expect(!first[0].isDuplicate)
        #expect(try store.headPosition() == head)
        #expect(try store.readStream("note-x").count == 1)
    }

    @Test func theSameIDWithDifferentContentIsRefused() throws {
        let id = UUID()
        try store.append([event("note-y", 1, id: id)])
        let error = try #require(throws: EventStoreError.self) { try store.append([event("note-y", 2, id: id)]) }
        #expect(error.kind == .duplicateEventID)
        #expect(error.eventID == id)
        #expect(try store.readStream("note-y").map { $0.data["n"] } == [JSON(1)])
    }

    @Test func aFailingBatchAppendsNothing() throws {
        try store.append([event("note-z")])
        let head = try store.headPosition()
        let batch = [event("note-new-1"), event("note-new-2"), event("note-z", expected: .noStream)]
        let error = try #require(throws: EventStoreError.self) { try store.append(batch) }
        #expect(error.kind == .versionConflict)
        #expect(error.index == 2)
        #expect(try store.headPosition() == head)
        #expect(try store.readStream("note-new-1").isEmpty)
        #expect(try store.readLog(after: head).isEmpty)
    }

    @Test func eventsWithinOneBatchTakeConsecutiveVersionsAndPositions() throws {
        let results = try store.append([event("s-1", expected: .noStream), event("s-2"), event("s-1", expected: .exact(1))])
        #expect(results.map(\.version) == [1, 1, 2])
        #expect(results.map(\.position) == Array(results[0].position...(results[0].position + 2)))
    }

    @Test func streamsReadFromAVersionUpToAVersionOrARecordedTime() throws {
        for n in 1...3 { try store.append([event("note-p", n)]) }
        let all = try store.readStream("note-p")
        #expect(try store.readStream("note-p", fromVersion: 2).map(\.version) == [2, 3])
        #expect(try store.readStream("note-p", toVersion: 2).map(\.version) == [1, 2])
        #expect(try store.readStream("note-p", recordedAtOrBefore: all[1].recordedAt).map(\.version) == [1, 2])
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.recordedAt <= $1.recordedAt })
    }

    @Test func overLimitEventsAndBatchesAreRefusedBeforeTheServer() throws {
        let big = NewEvent(stream: "s", type: "T", data: ["x": .string(String(repeating: "a", count: 1 << 20))])
        #expect(throws: EventStoreError.self) { try store.append([big]) }
        let many = (0...EventStore.maximumBatchEvents).map { event("s", $0) }
        let error = try #require(throws: EventStoreError.self) { try store.append(many) }
        #expect(error.kind == .invalidInput)
        #expect(try store.headPosition() == 0)
    }

    /// Every way in takes the same occurred times: a staged batch travels as binary COPY, whose timestamps
    /// the server takes back to 4713 BC, where the other ways (text) stop at year 1 — and readers parse
    /// no BC. Year 10000 and later would not read back either.
    @Test(arguments: ["0000-06-01T00:00:00Z", "10000-01-01T00:00:00Z", "0000-12-31T23:59:00Z"])
    func anOccurredTimeOutsideTheYearsOneTo9999IsRefusedWhicheverWayItComes(text: String) throws {
        store.stagingThreshold = 2
        var bad = event("s")
        bad.occurredAt = try #require(PostgresTimestamp.parse(text) ?? ISO8601DateFormatter().date(from: text)
            ?? (text.hasPrefix("10000") ? Date(timeIntervalSince1970: 253_402_300_800) : nil))
        for batch in [[bad], [event("s"), bad], [event("s"), bad, event("s")]] {
            let error = try #require(throws: EventStoreError.self) { try store.append(batch) }
            #expect(error.kind == .invalidInput)
            #expect(error.message.contains("outside the years 1 to 9999"))
        }
        var edges = [event("s"), event("s")]
        edges[0].occurredAt = PostgresTimestamp.parse("0001-01-01T00:00:00Z")
        edges[1].occurredAt = PostgresTimestamp.parse("9999-12-31T23:59:59Z")  // (a Date has no microseconds left there)
        try store.append(edges)
        #expect(try store.readLog(after: 0).map(\.occurredAt) == edges.map(\.occurredAt))
    }

    @Test(arguments: [
        (["note": .array(["ok", .string("a\u{0}b")])], "note[1]"),
        (["nested": .object(["ke\u{0}y": "v"])], "nested.ke\u{0}y"),
    ] as [([String: JSON], String)])
    func aNulCharacterAnywhereInAPayloadIsRefusedWithItsPath(data: [String: JSON], path: String) throws {
        let clean = event("s")
        let bad = NewEvent(stream: "s", type: "T", data: data)
        let error = try #require(throws: EventStoreError.self) { try store.append([clean, bad]) }
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains("NUL character"))
        // The path is shown with the NUL escaped, so the message itself holds none.
        #expect(error.message.contains("in \(path.replacingOccurrences(of: "\u{0}", with: "\\u0000"))"))
        #expect(!error.message.utf8.contains(0))
        #expect(error.index == 1)
        #expect(try store.headPosition() == 0)
    }
}

@Suite("Append-only in the database")
struct AppendOnlyTests {
    let conninfo: String
    init() throws { conninfo = try TestDatabase.create("appendonly") }

    @Test(arguments: [
        "UPDATE docket.events SET event_type = 'Forged'",
        "DELETE FROM docket.events",
        "TRUNCATE docket.events CASCADE",
        "UPDATE docket.ledger_nodes SET hash = hash",
        "DELETE FROM docket.ledger_nodes",
    ])
    func changesAreRefusedEvenForTheOwner(statement: String) throws {
        let connection = try Connection(conninfo)
        try EventStore(connection: connection).append((1...300).map { event("s", $0) })
        let error = try #require(throws: PostgresError.self) { try connection.executeScript(statement) }
        #expect(error.sqlState == "DK010")
        #expect(error.message.contains("append-only"))
        #expect(try connection.query("SELECT count(*) FROM docket.events").int64(0, 0) == 300)
    }

    @Test func theWriterMayOnlyAppendAndTheReaderMayOnlyRead() throws {
        let connection = try Connection(conninfo)
        try connection.executeScript("SET ROLE docket_writer")
        let store = EventStore(connection: connection)
        store.stagingThreshold = 2
        try store.append([event("w")])
        try store.append([event("w"), event("w")])  // a batch goes through the staging table
        for statement in ["INSERT INTO docket.events (position) VALUES (99)", "UPDATE docket.streams SET version = 9",
                          "DELETE FROM docket.events", "SELECT * FROM docket.events",
                          "DELETE FROM pg_temp.docket_staging", "SELECT * FROM pg_temp.docket_staging"] {
            let error = try #require(throws: PostgresError.self) { try connection.executeScript(statement) }
            #expect(error.sqlState == PostgresError.State.insufficientPrivilege, "\(statement)")
        }
        try connection.executeScript("RESET ROLE; SET ROLE docket_reader")
        #expect(try connection.query("SELECT count(*) FROM docket.events").int64(0, 0) == 3)
        for statement in ["SELECT docket.append('[]')", "SELECT docket.open_staging()", "INSERT INTO docket.events (position) VALUES (99)",
                          "DELETE FROM docket.events", "SELECT * FROM docket.event_restricted"] {
            let error = try #require(throws: PostgresError.self) { try connection.executeScript(statement) }
            #expect(error.sqlState == PostgresError.State.insufficientPrivilege, "\(statement)")
        }
    }
}

import DocketJSON
import DocketTestSupport
import EventStore
import Foundation
import Ledger
import PostgresClient
import Testing

/// The three ways into the log (`docket.append_event`, `docket.append` and COPY plus `docket.append_staged`)
/// keep one contract. Here every batch of two or more events is staged, as large batches are in use.
@Suite("Staged batches and single appends keep the append contract")
struct StagedAppendTests {
    let store: EventStore
    init() throws {
        store = EventStore(connection: try Connection(try TestDatabase.create("staged")))
        store.stagingThreshold = 2
    }

    /// An event that uses every field, with text that JSON and text COPY must escape (staged rows go as
    /// binary COPY, which escapes nothing).
    func fullEvent(_ stream: String, restricted: Bool) -> NewEvent {
        NewEvent(
            stream: stream, type: "Tab\tType", schemaVersion: 3,
            data: ["text": "line\nbreak\ttab back\\slash \\N quote\" Ynys Môn ✓", "n": JSON(7), "list": [1, "two", nil]],
            restricted: restricted ? ["respondentName": "Resident\tA\\B"] : nil,
            metadata: ["source": "minutes\r\n"],
            context: EventContext(actor: "", authority: "Board\\delegation", reason: "tab\there",
                                  correlationID: UUID(), causationID: UUID()),
            occurredAt: PostgresTimestamp.parse("2012-10-01T09:30:00.123456Z"))
    }

    @Test func everyFieldArrivesTheSameWhicheverWayItCameIn() throws {
        store.stagingThreshold = 3
        var events = [
            fullEvent("one-plain", restricted: false),           // docket.append_event
            fullEvent("one-restricted", restricted: true),       // docket.append, one event
            fullEvent("json", restricted: true), fullEvent("json", restricted: false),  // docket.append, two
            fullEvent("staged", restricted: true), fullEvent("staged", restricted: false),
            fullEvent("staged", restricted: false),           // staged, three
        ]
        // Staged rows travel as binary COPY: a time before PostgreSQL's epoch (2000) is a negative count of
        // microseconds there, and absent ids are NULLs.
        events[5].occurredAt = PostgresTimestamp.parse("1992-09-01T23:59:59.999999Z")
        events[6].context = EventContext(actor: "Registrar")
        try store.append([events[0]])
        try store.append([events[1]])
        try store.append(Array(events[2...3]))
        try store.append(Array(events[4...6]))
        let logged = try store.readLog(after: 0)
        #expect(logged.count == events.count)
        for (event, recorded) in zip(events, logged) {
            #expect(recorded.id == event.id)
            #expect(recorded.stream == event.stream)
            #expect(recorded.type == event.type)
            #expect(recorded.schemaVersion == event.schemaVersion)
            #expect(recorded.data == event.data)
            #expect(recorded.metadata == event.metadata)
            #expect(recorded.context == event.context)
            #expect(recorded.occurredAt == event.occurredAt)
        }
        let restricted = try store.connection.query("""
            SELECT e.event_id, r.fields::text FROM docket.event_restricted r JOIN docket.events e USING (position)
            ORDER BY position
            """)
        #expect(restricted.rowCount == 3)
        for row in 0..<restricted.rowCount {
            #expect(try JSON.parse(Array(restricted.string(row, 1)!.utf8)) == .object(["respondentName": "Resident\tA\\B"]))
        }
        // The leaves the functions wrote are the ones the verifier rebuilds from the stored fields.
        #expect(try LedgerVerifier(connection: store.connection, keys: []).verify().events == Int64(events.count))
    }

    @Test func aChangedRestrictedFieldOrOccurredTimeOnRetryIsRefused() throws {
        let original = [fullEvent("retry", restricted: true), fullEvent("retry", restricted: false)]
        try store.append(original)
        #expect(try store.append(original).allSatisfy { $0.isDuplicate })

        var changedFields = original
        changedFields[0].restricted = ["respondentName": "Someone else"]
        var changedTime = original
        changedTime[1].occurredAt = Date(timeIntervalSince1970: 0)
        for (batch, index) in [(changedFields, 0), (changedTime, 1)] {
            let error = try #require(throws: EventStoreError.self) { try store.append(batch) }
            #expect(error.kind == .duplicateEventID)
            #expect(error.index == index)
            #expect(error.eventID == original[index].id)
        }
        #expect(try store.headPosition() == 2)
    }

    @Test func aRetriedBatchReturnsItsPositionsAndAMixedOneAppendsOnlyWhatIsNew() throws {
        let first = [event("batch-a", 1), event("batch-b", 2), event("batch-a", 3)]
        let appended = try store.append(first)
        let head = try store.headPosition()
        let retried = try store.append(first)
        #expect(retried.map(\.position) == appended.map(\.position))
        #expect(retried.allSatisfy { $0.isDuplicate })
        #expect(try store.headPosition() == head)

        // New events before and after the logged one take the next positions, in input order.
        let before = event("batch-c", 4), fresh = event("batch-b", 5)
        let mixed = try store.append([before, first[1], fresh])
        #expect(mixed.map(\.isDuplicate) == [false, true, false])
        #expect(mixed.map(\.position) == [head + 1, appended[1].position, head + 2])
        #expect(mixed[2].version == 2)
        #expect(try store.readStream("batch-b").map(\.id) == [first[1].id, fresh.id])
        #expect(try store.readLog(after: head, limit: 10).map(\.id) == [before.id, fresh.id])
    }

    @Test func oneIDTwiceInABatchIsRefusedWhole() throws {
        let id = UUID()
        let error = try #require(throws: EventStoreError.self) {
            try store.append([event("twice", 1, id: id), event("twice", 2, id: id)])
        }
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains(id.uuidString.lowercased()))
        #expect(try store.headPosition() == 0)
    }

    @Test func aBatchInTheCallersTransactionIsUndoneWithIt() throws {
        let connection = store.connection
        try connection.executeScript("BEGIN")
        try store.append([event("undone", 1), event("undone", 2)])
        try store.append([event("undone", 3), event("undone", 4)])
        #expect(try connection.query("SELECT count(*) FROM docket.events").int64(0, 0) == 4)
        try connection.executeScript("ROLLBACK")
        #expect(try store.headPosition() == 0)
        // Nothing is left staged for the next batch of the session.
        let next = try store.append([event("kept", 1), event("kept", 2)])
        #expect(next.map(\.position) == [1, 2])
        #expect(try store.readStream("undone").isEmpty)
    }

    @Test func aStagingTableTheCallerMadeIsNotTrusted() throws {
        // A table the writer owns could carry triggers that would run with the append function's rights.
        try store.connection.executeScript("SET ROLE docket_writer; CREATE TEMPORARY TABLE docket_staging (ord bigint)")
        let error = try #require(throws: EventStoreError.self) { try store.append([event("s", 1), event("s", 2)]) }
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains("docket_staging"))
        try store.connection.executeScript("RESET ROLE")
        #expect(try store.headPosition() == 0)
        try store.connection.executeScript("DROP TABLE pg_temp.docket_staging")
        #expect(try store.append([event("s", 1), event("s", 2)]).count == 2)
    }

    @Test func aFailedStagedBatchInTheCallersTransactionLeavesNothingStaged() throws {
        try store.append([event("s", 1), event("s", 2)])
        try store.connection.executeScript("BEGIN")
        let error = try #require(throws: EventStoreError.self) {
            try store.append([event("t", 1), event("s", 2, expected: .noStream)])
        }
        #expect(error.kind == .versionConflict)
        try store.connection.executeScript("ROLLBACK")
        #expect(try store.append([event("t", 1), event("t", 2)]).map(\.position) == [3, 4])
        #expect(try store.readLog(after: 0).map(\.stream) == ["s", "s", "t", "t"])
    }

    @Test func aStagingViewTheWriterMadeIsNotTrustedEither() throws {
        try store.connection.executeScript("""
            SET ROLE docket_writer;
            CREATE TEMPORARY VIEW docket_staging AS SELECT 1::bigint AS ord
            """)
        let error = try #require(throws: EventStoreError.self) { try store.append([event("v", 1), event("v", 2)]) }
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains("DISCARD TEMP") || error.message.contains("docket_staging"))
    }

    @Test func singleAppendsSurviveARolledBackTransactionAndLostPreparedStatements() throws {
        try store.append([event("p", 1)])
        try store.connection.executeScript("BEGIN")
        try store.append([event("p", 2)])
        try store.connection.executeScript("ROLLBACK")
        try store.append([event("p", 3)])
        try store.connection.executeScript("DEALLOCATE ALL")
        try store.append([event("p", 4)])
        #expect(try store.readStream("p").map { $0.data["n"] } == [JSON(1), JSON(3), JSON(4)])
    }

    @Test func missingOptionalFieldsTakeTheSameDefaultsOnEveryPath() throws {
        // What a caller at psql may leave out: metadata, schema version and expected version.
        let digest = "\\x" + String(repeating: "ab", count: 32)
        try store.connection.query("""
            SELECT docket.append_event($1::uuid, 'defaults', 'Noted', NULL, NULL, '{}', $2::bytea, NULL, $2::bytea,
                                       NULL, NULL, NULL, NULL, NULL, NULL)
            """, [UUID(), digest])
        try store.connection.query("""
            SELECT * FROM docket.append(jsonb_build_array(jsonb_build_object(
                'id', gen_random_uuid(), 'stream', 'defaults', 'type', 'Noted', 'data', '{}'::jsonb,
                'payload_digest', repeat('ab', 32), 'metadata_digest', repeat('ab', 32))))
            """)
        try store.connection.executeScript("BEGIN; SELECT docket.open_staging()")
        try store.connection.query("""
            INSERT INTO pg_temp.docket_staging (ord, id, stream, type, data, payload_digest, metadata_digest)
            VALUES (1, gen_random_uuid(), 'defaults', 'Noted', '{}', $1::bytea, $1::bytea)
            """, [digest])
        try store.connection.query("SELECT * FROM docket.append_staged()")
        try store.connection.executeScript("COMMIT")
        let rows = try store.connection.query(
            "SELECT schema_version, metadata::text, stream_version FROM docket.events ORDER BY position")
        #expect(rows.rowCount == 3)
        for row in 0..<rows.rowCount {
            #expect(try rows.int64(row, 0) == 1)
            #expect(rows.string(row, 1) == "{}")
            #expect(try rows.int64(row, 2) == Int64(row + 1))
        }
    }
}

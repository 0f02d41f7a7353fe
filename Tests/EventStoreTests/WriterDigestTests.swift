import DocketJSON
import DocketTestSupport
import EventStore
import Foundation
import Ledger
import PostgresClient
import Testing

/// A writer that sends a digest not matching what it appends cannot pass it off as tampering: the next
/// checkpoint finds and records it before signing, and verify names it for what it is.
@Suite("Digests a writer sends")
struct WriterDigestTests {
    /// Appends, as docket_writer through docket.append_event, an event whose payload digest is wrong.
    static func appendWithWrongDigest(_ connection: Connection, stream: String) throws -> Int64 {
        try connection.executeScript("SET ROLE docket_writer")
        defer { try? connection.executeScript("RESET ROLE") }
        let metadataDigest = Digest.sha256(Array("{}".utf8))
        return try connection.query("""
            SELECT position FROM docket.append_event(gen_random_uuid(), $1, 'Noted', 1, 'any', '{"n": 1}',
                $2, '{}', $3, NULL, NULL, NULL, NULL, NULL, NULL)
            """, [stream, PostgresBytes([UInt8](repeating: 7, count: 32)), PostgresBytes(metadataDigest.bytes)]).int64(0, 0)!
    }

    @Test func aWrongDigestIsFoundBeforeSigningAndReportedAsTheWritersFault() throws {
        let connection = try Connection(try TestDatabase.create("writerdigest"))
        let store = EventStore(connection: connection)
        try store.append([NewEvent(stream: "note-1", type: "Noted", data: ["n": 0])])
        let key = try SigningKey.generate(name: "test")
        _ = try LedgerStore(connection: connection).makeCheckpoint(key: key, origin: "docket/test")
        let bad = try Self.appendWithWrongDigest(connection, stream: "note-2")
        try store.append([NewEvent(stream: "note-3", type: "Noted", data: ["n": 3])])

        let (_, _, faults) = try LedgerStore(connection: connection).makeCheckpoint(key: key, origin: "docket/test")
        #expect(faults.map(\.position) == [bad])
        #expect(faults.first?.part == "payload")

        let report = try LedgerVerifier(connection: connection, keys: [key.verifier]).verify()
        #expect(report.problem == nil, "\(report.problem.map(String.init(describing:)) ?? "")")
        #expect(report.writerFaults.map(\.position) == [bad])
        #expect(report.writerFaults.first?.description.contains("does not match the digest committed when it was appended") == true)
        #expect(report.events == 3)
        // A second checkpoint does not record it again.
        #expect(try LedgerStore(connection: connection).makeCheckpoint(key: key, origin: "docket/test").faults.isEmpty)
    }

    /// A recorded fault excuses only the part it names, and only as the checkpoints signed it.
    @Test func aFaultCannotCoverOtherChangesOrBeForged() throws {
        let connection = try Connection(try TestDatabase.create("writerdigestforged"))
        let store = EventStore(connection: connection)
        let key = try SigningKey.generate(name: "test")
        try store.append([NewEvent(stream: "note-1", type: "Noted", data: ["n": 0])])
        let bad = try Self.appendWithWrongDigest(connection, stream: "note-2")
        _ = try LedgerStore(connection: connection).makeCheckpoint(key: key, origin: "docket/test")
        #expect(try LedgerVerifier(connection: connection, keys: [key.verifier]).verify().problem == nil)

        // Its metadata changed afterwards: a change, whatever the fault says of its payload.
        try connection.executeScript("""
            ALTER TABLE docket.events DISABLE TRIGGER events_append_only;
            UPDATE docket.events SET metadata = '{"evil": true}' WHERE position = \(bad);
            ALTER TABLE docket.events ENABLE TRIGGER events_append_only;
            """)
        let changed = try LedgerVerifier(connection: connection, keys: [key.verifier]).verify()
        #expect(changed.problem?.position == bad, "\(changed.problem.map(String.init(describing:)) ?? "no problem")")

        // A fault row slipped in for a signed event whose payload was changed: the checkpoint did not sign it.
        let other = try Connection(try TestDatabase.create("writerdigestforged2"))
        let otherStore = EventStore(connection: other)
        try otherStore.append([NewEvent(stream: "note-1", type: "Noted", data: ["n": 0])])
        _ = try LedgerStore(connection: other).makeCheckpoint(key: key, origin: "docket/test")
        try other.executeScript("""
            ALTER TABLE docket.events DISABLE TRIGGER events_append_only;
            UPDATE docket.events SET payload = '{"n": 99}' WHERE position = 1;
            ALTER TABLE docket.events ENABLE TRIGGER events_append_only;
            INSERT INTO docket.append_faults (position, part, found_at, detail) VALUES (1, 'payload', '2000-01-01', 'forged');
            """)
        let forged = try LedgerVerifier(connection: other, keys: [key.verifier]).verify()
        #expect(forged.problem?.message.contains("docket.append_faults was changed") == true, "\(forged.problem.map(String.init(describing:)) ?? "no problem")")
        #expect(forged.writerFaults.isEmpty)
    }

    @Test func aChangeAfterSigningIsStillTampering() throws {
        let connection = try Connection(try TestDatabase.create("writerdigestsigned"))
        let store = EventStore(connection: connection)
        try store.append([NewEvent(stream: "note-1", type: "Noted", data: ["n": 0]), NewEvent(stream: "note-2", type: "Noted", data: ["n": 1])])
        let key = try SigningKey.generate(name: "test")
        _ = try LedgerStore(connection: connection).makeCheckpoint(key: key, origin: "docket/test")
        try connection.executeScript("""
            ALTER TABLE docket.events DISABLE TRIGGER events_append_only;
            UPDATE docket.events SET payload = '{"n": 2}' WHERE position = 2;
            ALTER TABLE docket.events ENABLE TRIGGER events_append_only;
            """)
        let report = try LedgerVerifier(connection: connection, keys: [key.verifier]).verify()
        #expect(report.problem?.position == 2)
        #expect(report.problem?.message.contains("payload differs from what was appended") == true)
        #expect(report.writerFaults.isEmpty)
        // The next checkpoint audits only what no checkpoint covered, so it records no fault for it.
        try store.append([NewEvent(stream: "note-3", type: "Noted", data: ["n": 3])])
        #expect(try LedgerStore(connection: connection).makeCheckpoint(key: key, origin: "docket/test").faults.isEmpty)
        #expect(try LedgerVerifier(connection: connection, keys: [key.verifier]).verify().problem?.position == 2)
    }
}

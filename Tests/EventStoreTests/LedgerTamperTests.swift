import DocketJSON
import DocketTestSupport
import EventStore
import Foundation
import Ledger
import PostgresClient
import Testing

/// A ledger of 600 events (batches of 100 staged or as JSON, the last 100 appended singly) with a checkpoint at 500, tampered with as a superuser with triggers off.
@Suite("Verifiable ledger against tampering")
struct LedgerTamperTests {
    let connection: Connection
    let key: SigningKey

    init() throws {
        connection = try Connection(try TestDatabase.create("ledger"))
        key = try SigningKey.generate(name: "test-signer")
        let store = EventStore(connection: connection)
        for start in stride(from: 0, to: 600, by: 100) {
            // Every way in must write the same leaves: these batches alternate between staging and JSON.
            store.stagingThreshold = start % 200 == 0 ? 2 : 1_000
            var batch = [NewEvent]()
            for n in start..<start + 100 {
                let data: [String: JSON] = ["n": JSON(n), "note": .string("décision n°\(n)")]
                let restricted: [String: JSON]? = n % 50 == 0 ? ["respondentName": .string("Resident \(n)")] : nil
                let context = EventContext(actor: "Chair", authority: "Board", reason: n % 2 == 0 ? "minuted" : nil)
                batch.append(NewEvent(
                    stream: "minutes-\(n % 9)", type: "DecisionNoted", data: data, restricted: restricted, context: context))
            }
            // The last hundred go one at a time: a single event takes its own path (docket.append_event()),
            // and both paths must write the same leaves (these cross the stored subtree of positions 257…512).
            if start == 500 {
                for event in batch { try store.append([event]) }
            } else {
                try store.append(batch)
            }
            if start == 400 { _ = try LedgerStore(connection: connection).makeCheckpoint(key: key, origin: "docket/test") }
        }
    }

    func verify() throws -> LedgerVerifier.Report {
        try LedgerVerifier(connection: connection, keys: [key.verifier]).verify()
    }

    func tamper(_ sql: String) throws {
        try connection.executeScript("SET session_replication_role = replica; \(sql); SET session_replication_role = origin")
    }

    @Test func anUntouchedLedgerVerifiesAndMatchesTheTreeBuiltInSQL() throws {
        let report = try verify()
        #expect(report.isValid, "\(String(describing: report.problem))")
        #expect(report.events == 600)
        #expect(report.checkpointsChecked == 1)
        #expect(report.root == (try LedgerStore(connection: connection).head().root))
        // Proofs from the stored subtrees verify against the recomputed root.
        let subtrees = LedgerStore(connection: connection).subtrees
        for index in [0, 255, 256, 511, 599] {
            let leaf = try LedgerStore(connection: connection).leaf(position: Int64(index + 1))
            try MerkleTree.verifyInclusion(
                leafIndex: index, treeSize: 600, leafHash: leaf.hash,
                proof: try subtrees.inclusionProof(leafIndex: index, treeSize: 600), root: report.root)
        }
    }

    @Test func oneChangedPayloadByteIsFoundAtItsPosition() throws {
        try tamper("UPDATE docket.events SET payload = jsonb_set(payload, '{note}', '\"décision n°43\"') WHERE position = 42")
        let problem = try #require(try verify().problem)
        #expect(problem.position == 42)
        #expect(problem.eventID != nil)
        #expect(problem.message.contains("payload"))
    }

    @Test func aDeletedEventIsFoundAtItsPosition() throws {
        try tamper("DELETE FROM docket.event_restricted WHERE position = 137; DELETE FROM docket.events WHERE position = 137")
        let problem = try #require(try verify().problem)
        #expect(problem.position == 137)
        #expect(problem.message.contains("deleted"))
    }

    @Test func twoSwappedEventsAreFoundAtTheFirst() throws {
        try tamper("""
            UPDATE docket.events SET position = position + 1000000 WHERE position IN (210, 305);
            UPDATE docket.events SET position = CASE position WHEN 1000210 THEN 305 ELSE 210 END WHERE position > 1000000
            """)
        let problem = try #require(try verify().problem)
        #expect(problem.position == 210)
    }

    @Test func aForgedAppendedEventIsFound() throws {
        try tamper("""
            INSERT INTO docket.events (position, event_id, stream_id, stream_version, event_type, payload, occurred_at, recorded_at,
                                       payload_digest, metadata_digest, leaf_hash)
            SELECT 601, gen_random_uuid(), 'decision-forged', 1, 'DecisionTaken', '{}', now(), now(),
                   sha256('{}'), sha256('{}'), sha256('forged')
            """)
        let problem = try #require(try verify().problem)
        #expect(problem.position == 601)
    }

    @Test func aChangedActorIsFoundEvenWhenThePayloadIsIntact() throws {
        try tamper("UPDATE docket.events SET actor = 'Someone else' WHERE position = 77")
        #expect(try verify().problem?.position == 77)
    }

    @Test func changedRestrictedFieldsAreFoundButErasedOnesStillVerify() throws {
        try tamper("DELETE FROM docket.event_restricted WHERE position = 51")  // an erasure
        let erased = try verify()
        #expect(erased.isValid)
        #expect(erased.erasedRestricted == 1)
        try tamper("UPDATE docket.event_restricted SET fields = '{\"respondentName\": \"Someone Else\"}' WHERE position = 101")
        #expect(try verify().problem?.position == 101)
    }

    @Test func aForgedCheckpointOrOneSignedWithAnotherKeyIsRejected() throws {
        let stranger = try SigningKey.generate(name: "test-signer")  // same name, different key
        let forged = try Checkpoint(origin: "docket/test", size: 600, rootHash: MerkleHash.emptyRoot).signed(with: [stranger])
        try connection.query(
            "INSERT INTO docket.checkpoints (origin, tree_size, root_hash, signed_note, key_name) VALUES ($1, $2, $3, $4, $5)",
            ["docket/test", 600, PostgresBytes(MerkleHash.emptyRoot.bytes), forged.text, stranger.verifier.verifierKey])
        let problem = try #require(try verify().problem)
        #expect(problem.message.contains("not validly signed"))
    }

    @Test func aCheckpointIsRefusedWhenHistoryBeforeTheLastOneChanged() throws {
        try tamper("""
            UPDATE docket.ledger_nodes SET hash = sha256('x') WHERE level = 8 AND "index" = 0;
            UPDATE docket.events SET payload = '{"n": 3}', payload_digest = sha256('{"n":3}') WHERE position = 4
            """)
        let error = try #require(throws: LedgerError.self) {
            try LedgerStore(connection: connection).makeCheckpoint(key: key, origin: "docket/test")
        }
        #expect(error.description.contains("not consistent with checkpoint"))
    }

    @Test func aRewrittenHistoryContradictsTheSignedCheckpoint() throws {
        // An attacker who recomputes the leaf, the stored subtree and the head still cannot match the signed root.
        let leafAndTree = try LedgerVerifier(connection: connection, keys: [key.verifier]).verify()
        #expect(leafAndTree.isValid)
        try tamper("UPDATE docket.checkpoints SET root_hash = sha256('other') WHERE id = 1")
        let problem = try #require(try verify().problem)
        #expect(problem.message.contains("checkpoint 1"))
    }
}

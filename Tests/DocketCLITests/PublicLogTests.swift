import DocketJSON
@testable import DocketCLI
import DocketTestSupport
import EventStore
import Foundation
import Ledger
import PostgresClient
import Testing

@Suite("docket log --json: every leaf can be rebuilt from the public form alone")
struct PublicLogTests {
    @Test func everyDemoLeafIsRebuiltFromItsPrintedLine() throws {
        let docket = try DocketRunner("publiclog")
        try docket.run(["demo"])
        let store = try docket.store
        let stored = try store.connection.query("SELECT position, encode(leaf_hash, 'hex') FROM docket.events ORDER BY position")
        let events = try store.readPublicLog(after: 0, limit: 1_000_000)
        #expect(events.count == stored.rowCount)
        #expect(events.contains { $0.restrictedDigest != nil }, "the demo has events with personal fields")
        for (index, event) in events.enumerated() {
            // Through the printed text, as an outside auditor reads it.
            let line = event.json.canonicalString
            let reread = try PublicEvent(json: try JSON.parse(Array(line.utf8)))
            #expect(reread == event)
            #expect(reread.leaf.leafHash.hex == stored.string(index, 1), "position \(event.position): \(line)")
        }
    }

    @Test func actorAuthorityAndIdsHaveTheirOwnKeysNotMetadata() throws {
        let docket = try DocketRunner("publiclog-keys")
        let id = UUID()
        try docket.run(["append", try docket.file("""
            {"stream":"minutes-a","type":"DecisionNoted","data":{"n":1},"metadata":{"actor":"Board secretary","authority":"Standing orders","reason":"minutes","correlationId":"\(id.uuidString)","source":"minutes"}}

            """)])
        let event = try #require(try docket.store.readPublicLog(after: 0, limit: 10).first)
        let json = try #require(event.json.objectValue)
        #expect(Set(json.keys) == Set(PublicEvent.keys))
        #expect(json["actor"] == .string("Board secretary"))
        #expect(json["authority"] == .string("Standing orders"))
        #expect(json["reason"] == .string("minutes"))
        #expect(json["correlationId"] == .string(id.uuidString.lowercased()))
        #expect(json["causationId"] == .null)
        #expect(json["metadata"] == .object(["source": .string("minutes")]))
        #expect(json["restrictedDigest"] == .null)
    }

    @Test func aMalformedKeyIsNamed() throws {
        var object = PublicEvent(
            position: 1, id: UUID(), stream: "s", version: 1, type: "T", schemaVersion: 1,
            occurredAtMicroseconds: 0, recordedAtMicroseconds: 1, actor: nil, authority: nil, reason: nil,
            correlationID: nil, causationID: nil, metadata: [:], data: [:], restrictedDigest: nil).json.objectValue!
        object["occurredAt"] = .string("2012-04-01")
        let error = try #require(throws: PublicEventError.self) { try PublicEvent(json: .object(object)) }
        #expect(error.description.contains("\"occurredAt\""))
    }
}

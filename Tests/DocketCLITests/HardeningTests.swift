import Commissioning
import DocketJSON
@testable import DocketCLI
import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
import Testing

/// Text and times are stored exactly as given or refused, with the line and field named, on every way in.
@Suite("Bad input is refused, never altered")
struct HardeningTests {
    /// A line of `docket append` input with `field` carrying a NUL character.
    static func appendLine(nulIn field: String, index: Int = 0) -> String {
        var event: [String: JSON] = ["stream": .string("note-\(index)"), "type": "Noted", "data": ["n": JSON(index)]]
        var metadata: [String: JSON] = ["actor": "Clerk"]
        switch field {
        case "stream": event["stream"] = "note\u{0}one"
        case "type": event["type"] = "No\u{0}ted"
        case "data": event["data"] = ["text": "a\u{0}b"]
        default: metadata[field] = "x\u{0}y"
        }
        event["metadata"] = .object(metadata)
        return JSON.object(event).canonicalString + "\n"
    }

    /// One event alone (docket.append_event), in a batch of two (docket.append), in a batch of 300 (staged).
    @Test(arguments: ["stream", "type", "actor", "authority", "reason", "data"], [1, 2, 300])
    func aNulCharacterIsRefusedWithItsLineAndField(field: String, batch: Int) throws {
        let docket = try DocketRunner("nul")
        var input = ""
        for index in 0..<(batch - 1) { input += JSON.object(["stream": .string("note-\(index)"), "type": "Noted", "data": [:]]).canonicalString + "\n" }
        input += Self.appendLine(nulIn: field)
        let error = try #require(throws: CLIError.self) { try docket.run(["append", try docket.file(input)]) }
        #expect(error.description.contains(":\(batch): "), "\(error)")
        #expect(error.description.contains("NUL"), "\(error)")
        #expect(error.description.contains(field), "\(error)")
        #expect(try docket.store.headPosition() == 0)
    }

    @Test func aNulCharacterInACommandIsRefusedWithItsLineAndField() throws {
        let docket = try DocketRunner("nulrecord")
        let command = #"{"command":"register-organisation","occurredAt":"2011-02-01","actor":"Cl\u0000erk","organisation":"y-pct","name":"Y","kind":"primary-care-trust"}"#
        let error = try #require(throws: RecordError.self) { try docket.run(["record", try docket.file("\n" + command + "\n")]) }
        #expect(error.description.contains(":2: "), "\(error)")
        #expect(error.description.contains("actor: holds a NUL character"), "\(error)")
        #expect(try docket.store.headPosition() == 0)
    }

    /// No text reaches libpq as a C string that would end early at a NUL.
    @Test func theClientRefusesAParameterWithANulCharacter() throws {
        let connection = try Connection(try TestDatabase.create("nulparam"))
        let error = try #require(throws: PostgresError.self) { try connection.query("SELECT $1::text", ["nul\u{0}one"]) }
        #expect(error.message.contains("parameter $1 holds a NUL character"))
        #expect(throws: PostgresError.self) { try connection.query(prepared: "SELECT $1::text", ["a\u{0}"]) }
        #expect(throws: PostgresError.self) { try connection.executeScript("SELECT 1;\u{0} DROP TABLE x") }
    }

    static let impossibleTimes = ["2011-02-31T00:00:00Z", "2011-06-31T00:00:00Z", "2011-06-30T23:59:60Z",
                                  "2011-06-30T10:00:00+99:99", "2011-06-30T10:00:00+24:00", "2100-02-29T00:00:00Z"]

    @Test(arguments: impossibleTimes)
    func anImpossibleTimeIsRefusedByAppend(time: String) throws {
        let docket = try DocketRunner("time")
        let line = #"{"stream":"note-1","type":"Noted","data":{},"occurredAt":"\#(time)"}"#
        let error = try #require(throws: CLIError.self) { try docket.run(["append", try docket.file(line + "\n")]) }
        #expect(error.description.contains(":1: occurredAt \"\(time)\" is not a valid RFC 3339 time"), "\(error)")
        #expect(try docket.store.headPosition() == 0)
    }

    @Test(arguments: impossibleTimes)
    func anImpossibleTimeIsRefusedByRecordAndAsOf(time: String) throws {
        let docket = try DocketRunner("timerecord")
        let command = #"{"command":"register-organisation","occurredAt":"\#(time)","actor":"Clerk","organisation":"y-pct","name":"Y","kind":"primary-care-trust"}"#
        let error = try #require(throws: RecordError.self) { try docket.run(["record", try docket.file(command + "\n")]) }
        #expect(error.description.contains("occurredAt"), "\(error)")
        #expect(try docket.store.headPosition() == 0)
        for command in ["replay", "stream"] {
            let asOf = try #require(throws: (any Error).self) { try docket.run([command, "organisation-y-pct", "--as-of", time]) }
            #expect("\(asOf)".contains("is not a time"), "\(asOf)")
        }
        if Day.parse(String(time.prefix(10))) == nil {
            let asOf = try #require(throws: (any Error).self) { try docket.run(["stream", "organisation-y-pct", "--as-of", String(time.prefix(10))]) }
            #expect("\(asOf)".contains("is not a time"), "\(asOf)")
        }
    }

    @Test func theLastValidTimesAreStoredExactly() throws {
        let docket = try DocketRunner("timeok")
        let line = #"{"stream":"note-1","type":"Noted","data":{},"occurredAt":"2012-02-29T23:59:59.999999+23:59"}"#
        try docket.run(["append", try docket.file(line + "\n")])
        let stored = try docket.store.readStream("note-1")[0].occurredAt
        #expect(PostgresTimestamp.format(stored) == "2012-02-29T00:00:59.999999Z")
    }

    @Test func aVersionConflictNamesTheInputLine() throws {
        let docket = try DocketRunner("conflictline")
        try docket.run(["append", try docket.file(#"{"stream":"note-1","type":"Noted","data":{}}"# + "\n")])
        let input = "\n" + #"{"stream":"note-2","type":"Noted","data":{}}"# + "\n\n"
            + #"{"stream":"note-1","type":"Noted","data":{},"expectedVersion":"noStream"}"# + "\n"
        let error = try #require(throws: CLIError.self) { try docket.run(["append", try docket.file(input)]) }
        #expect(error.description.contains(":4: version conflict on stream note-1"), "\(error)")
    }

    @Test func aReusedIDNamesTheInputLine() throws {
        let docket = try DocketRunner("reusedline")
        let id = UUID().uuidString.lowercased()
        try docket.run(["append", try docket.file(#"{"id":"\#(id)","stream":"note-1","type":"Noted","data":{"n":1}}"# + "\n")])
        let input = #"{"stream":"note-2","type":"Noted","data":{}}"# + "\n"
            + #"{"id":"\#(id)","stream":"note-1","type":"Noted","data":{"n":2}}"# + "\n"
        let error = try #require(throws: CLIError.self) { try docket.run(["append", try docket.file(input)]) }
        #expect(error.description.contains(":2: event id \(id) is already in the log"), "\(error)")
    }

    /// Even a superuser's TRUNCATE of the tree's head is refused by the ledger's own error, not left to
    /// break the next append with an obscure one.
    @Test func theTreesHeadCannotBeTruncated() throws {
        let connection = try Connection(try TestDatabase.create("truncatehead"))
        let error = try #require(throws: PostgresError.self) { try connection.executeScript("TRUNCATE docket.ledger_head") }
        #expect(error.sqlState == "DK010")
        try EventStore(connection: connection).append([NewEvent(stream: "note-1", type: "Noted", data: [:])])
    }
}

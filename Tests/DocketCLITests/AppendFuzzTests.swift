import Commissioning
import DocketJSON
@testable import DocketCLI
import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
import Testing

/// Generated and mutated input, thousands of lines: every refused batch leaves the ledger exactly as it
/// was, and every accepted event reads back as it was given. A crash would end the test process.
@Suite("Fuzzed input to append and record")
struct AppendFuzzTests {
    /// Everything a refused batch must leave unchanged: the log, the tree and the streams.
    static func snapshot(_ connection: Connection) throws -> [String] {
        let result = try connection.query("""
            SELECT (SELECT position || ' ' || recorded_at FROM docket.log_head),
                   (SELECT size || ' ' || md5(array_to_string(hashes, ',')) FROM docket.ledger_head),
                   (SELECT count(*) || ' ' || coalesce(md5(string_agg(stream_id || '=' || version, ',' ORDER BY stream_id)), '') FROM docket.streams),
                   (SELECT count(*) FROM docket.ledger_nodes)::text, (SELECT count(*) FROM docket.event_restricted)::text
            """)
        return (0..<5).map { result.string(0, $0) ?? "" }
    }

    static let texts = ["plain", "Ynys Môn ✓", "tab\there", "quote\" back\\slash", "😀 astral", "$1; DROP TABLE x", "\\u0000", "",
                        String(repeating: "long ", count: 200)]
    static let times = ["2012-03-31T10:00:00Z", "2012-02-29T00:00:00+01:00", "2011-02-31T00:00:00Z", "2011-06-30T23:59:60Z",
                        "2011-06-30T10:00:00+99:99", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "not a time", "2012-03-31"]

    /// A line of `docket append` input, usually valid, then perhaps mutated.
    static func line(_ random: inout SeededGenerator, index: Int) -> String {
        var event: [String: JSON] = [
            "stream": .string(random.pick(["note-\(random.below(20))", "audit-\(random.below(5))", "organisation-fz\(random.below(3))", "nul", "x"])),
            "type": .string(random.pick(["Noted", "Checked", "OrganisationRegistered", "Bogus"])),
            "data": ["n": JSON(index), "text": .string(random.pick(texts)), "nested": ["list": [1, 2.5, nil, true, .string(random.pick(texts))]]],
        ]
        if random.below(3) == 0 { event["occurredAt"] = .string(random.pick(times)) }
        if random.below(3) == 0 { event["metadata"] = ["actor": .string(random.pick(texts)), "reason": .string(random.pick(texts))] }
        if random.below(4) == 0 { event["expectedVersion"] = random.pick(["any", "noStream", "streamExists", JSON(random.below(3))]) }
        // An id on every line, so each accepted event can be found again; some reused, some malformed.
        event["id"] = .string(random.below(5) == 0
            ? random.pick(["not-a-uuid", "00000000-0000-4000-8000-00000000000\(random.below(3))"])
            : UUID(uuid: (UInt8(index >> 8 & 255), UInt8(index & 255), 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, UInt8(random.below(256)))).uuidString)
        var text = JSON.object(event).canonicalString
        switch random.below(8) {
        case 0:  // flip a byte
            var bytes = Array(text.utf8)
            bytes[random.below(bytes.count)] = UInt8(random.below(256))
            text = String(decoding: bytes, as: UTF8.self)
        case 1:  // cut it short
            text = String(text.prefix(random.below(max(text.count, 1))))
        case 2:  // a NUL where text goes
            text = text.replacingOccurrences(of: "plain", with: "pl\\u0000ain")
        default: break
        }
        return text
    }

    @Test func fuzzedAppendsLeaveTheLedgerWholeOrStoreExactlyWhatWasGiven() throws {
        let docket = try DocketRunner("fuzzappend")
        let connection = try Connection(docket.conninfo)
        var random = SeededGenerator(state: 20_261_205)
        var accepted = 0
        var refused = 0
        var lineNumber = 0
        for batch in 0..<250 {
            let size = random.pick([1, 1, 2, 3, 7, 20, 60])
            let lines = (0..<size).map { _ in lineNumber += 1; return Self.line(&random, index: lineNumber) }
            let before = try Self.snapshot(connection)
            let head = try docket.store.headPosition()
            do {
                try docket.run(["append", try docket.file(lines.joined(separator: "\n") + "\n")])
            } catch {
                refused += 1
                #expect(try Self.snapshot(connection) == before, "batch \(batch) was refused (\(error)) but changed the ledger")
                continue
            }
            accepted += 1
            // Every line of an accepted batch is an event; each reads back as given.
            var reader = EventLineReader(source: "batch")
            reader.read(Array((lines.joined(separator: "\n") + "\n").utf8))
            let stored = Dictionary(try docket.store.readLog(after: 0, limit: 100_000).map { ($0.id, $0) }) { first, _ in first }
            #expect(try docket.store.headPosition() >= head)
            for given in reader.events {
                guard let event = stored[given.id] else {
                    Issue.record("batch \(batch): event \(given.id) of an accepted batch was not stored")
                    continue
                }
                #expect(event.stream == given.stream && event.type == given.type, "batch \(batch)")
                #expect(JSON.object(event.data).canonicalString == JSON.object(given.data).canonicalString, "batch \(batch)")
                #expect(event.context.actor == given.context.actor && event.context.reason == given.context.reason, "batch \(batch)")
                if let occurred = given.occurredAt { #expect(event.occurredAt == occurred, "batch \(batch)") }
            }
        }
        #expect(accepted > 10 && refused > 10, "the generator should produce both: \(accepted) accepted, \(refused) refused")
    }

    @Test func fuzzedCommandsLeaveTheLedgerWholeWhenRefused() throws {
        let docket = try DocketRunner("fuzzrecord")
        let connection = try Connection(docket.conninfo)
        var random = SeededGenerator(state: 7)
        let commands = DemoLedger.commands().map(\.canonicalString)
        var refused = 0
        var start = 0
        while start < commands.count {
            let size = min(random.pick([1, 5, 20]), commands.count - start)
            var lines = Array(commands[start..<start + size])
            let mutate = random.below(3) == 0
            if mutate {
                let index = random.below(lines.count)
                var bytes = Array(lines[index].utf8)
                switch random.below(4) {
                case 0: bytes[random.below(bytes.count)] = UInt8(random.below(128))
                case 1: bytes = Array(bytes.prefix(random.below(bytes.count)))
                case 2: lines[index] = lines[index].replacingOccurrences(of: "\"occurredAt\":\"20", with: "\"occurredAt\":\"2011-02-31T00:00:00Z\",\"x\":\"20")
                default: lines[index] = lines[index].replacingOccurrences(of: "\"actor\":\"", with: "\"actor\":\"\\u0000")
                }
                if random.below(4) != 0 { lines[index] = String(decoding: bytes, as: UTF8.self) }
            }
            let before = try Self.snapshot(connection)
            do {
                try docket.run(["record", try docket.file(lines.joined(separator: "\n") + "\n")])
                start += size
            } catch {
                refused += 1
                #expect(try Self.snapshot(connection) == before, "commands \(start)… were refused (\(error)) but changed the ledger")
                if !mutate { Issue.record("unmutated demo commands \(start)… were refused: \(error)"); return }
                // Go on with the unmutated commands, so later steps find what they refer to.
            }
        }
        #expect(refused > 0)
        try docket.run(["verify"])
    }
}

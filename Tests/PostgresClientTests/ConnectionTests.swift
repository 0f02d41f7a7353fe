import DocketTestSupport
import Foundation
import PostgresClient
import Testing

@Suite("libpq connection, against the test cluster")
struct ConnectionTests {
    let conninfo: String
    init() throws { conninfo = try TestDatabase.create("conn", migrated: false) }

    @Test func parametersTravelAsValuesAndNullsDecodeAsNil() throws {
        let connection = try Connection(conninfo)
        let hostile = "'); DROP TABLE x; --"
        let result = try connection.query(
            "SELECT $1::text AS a, $2::bigint AS b, $3::text AS c, $4::boolean AS d, $5::uuid AS e, $6::timestamptz AS f",
            [hostile, Int64(9_007_199_254_740_993), nil, true, UUID(uuidString: "3f2b8c1e-7a40-4d8e-9c1a-2b7e5d9f0a11")!,
             PostgresTimestamp.parse("2013-04-01T00:00:00.123456Z")!])
        let row = result[0]
        #expect(try row.string("a") == hostile)
        #expect(try row.int64("b") == 9_007_199_254_740_993)
        #expect(try row.string("c") == nil)
        #expect(result.isNull(0, 2))
        #expect(try row.bool("d") == true)
        #expect(try row.uuid("e") == UUID(uuidString: "3f2b8c1e-7a40-4d8e-9c1a-2b7e5d9f0a11"))
        #expect(try row.date("f").map(PostgresTimestamp.format) == "2013-04-01T00:00:00.123456Z")
        // An empty string is not NULL.
        #expect(try connection.query("SELECT ''::text").string(0, 0) == "")
    }

    @Test func uuidsByteasAndIntegersTravelInCopyRowsAndParametersAsTheServerReadsThem() throws {
        let connection = try Connection(conninfo)
        try connection.executeScript("CREATE TABLE typed (id uuid, digest bytea, n bigint, note text)")
        let ids = (0..<200).map { _ in UUID() }
        var rows = CopyData()
        for (index, id) in ids.enumerated() {
            rows.append(uuid: id)
            rows.append(bytea: [UInt8(index & 0xff), 0, 0x5c, 0xff])
            rows.append(integer: index - 100)
            rows.append(nil as String?)
            rows.endRow()
        }
        #expect(try connection.copyIn("COPY typed (id, digest, n, note) FROM STDIN", rows) == 200)
        let back = try connection.query("SELECT id::text, encode(digest, 'hex'), n, note IS NULL FROM typed ORDER BY n")
        for (index, id) in ids.enumerated() {
            #expect(back.string(index, 0) == id.uuidString.lowercased())
            #expect(back.string(index, 1) == String(format: "%02x005cff", index & 0xff))
            #expect(try back.int64(index, 2) == Int64(index - 100))
            #expect(try back.bool(index, 3) == true)
            #expect(id.postgresText == id.uuidString.lowercased())
            #expect(try connection.query("SELECT $1::uuid = $2::uuid", [id, id.uuidString]).bool(0, 0) == true)
        }
    }

    @Test func byteaRoundTrips() throws {
        let connection = try Connection(conninfo)
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xff]
        #expect(try connection.query("SELECT $1::bytea", [PostgresBytes(bytes)]).bytes(0, 0) == bytes)
    }

    @Test func timestampsTravelAsTheServerReadsThem() throws {
        let connection = try Connection(conninfo)
        let cases = [
            ("0099-01-02T03:04:05.000000Z", "0099-01-02 03:04:05+00"),  // Date is a Double: no microseconds this far back
            ("1970-01-01T00:00:00.000000Z", "1970-01-01 00:00:00+00"),
            ("2013-03-31T23:59:59.999999Z", "2013-03-31 23:59:59.999999+00"),
            ("2024-02-29T12:00:00.500000Z", "2024-02-29 12:00:00.5+00"),
        ]
        for (text, server) in cases {
            let date = try #require(PostgresTimestamp.parse(text))
            #expect(PostgresTimestamp.format(date) == text)
            #expect(try connection.query("SELECT $1::timestamptz::text", [date]).string(0, 0) == server)
        }
    }

    @Test func textArraysRoundTripWhateverTheirElementsHold() throws {
        let connection = try Connection(conninfo)
        let elements = ["plain", "", "with \"quotes\"", "back\\slash\\", "{braces}, commas", "NULL", "  spaced ", "Ynys Môn ✓"]
        let result = try connection.query(
            "SELECT element FROM unnest($1::text[]) WITH ORDINALITY AS a(element, n) ORDER BY n", [PostgresTextArray(elements)])
        #expect((0..<result.rowCount).map { result.string($0, 0) } == elements)
    }

    @Test func serverErrorsCarrySQLStateMessageAndDetail() throws {
        let connection = try Connection(conninfo)
        try connection.executeScript("CREATE TABLE uniq (k int PRIMARY KEY)")
        try connection.query("INSERT INTO uniq VALUES ($1)", [1])
        let error = try #require(throws: PostgresError.self) {
            try connection.query("INSERT INTO uniq VALUES ($1)", [1])
        }
        #expect(error.kind == .server)
        #expect(error.sqlState == PostgresError.State.uniqueViolation)
        #expect(error.constraint == "uniq_pkey")
        #expect(error.detail?.contains("(k)=(1)") == true)
        // The connection is still usable after an error.
        #expect(try connection.query("SELECT count(*) FROM uniq").int64(0, 0) == 1)
    }

    @Test func transactionsCommitOrRollBack() throws {
        let connection = try Connection(conninfo)
        try connection.executeScript("CREATE TABLE tx (v int)")
        _ = try connection.transaction { try $0.query("INSERT INTO tx VALUES (1)") }
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO tx VALUES (2)")
                throw Abort()
            }
        }
        #expect(try connection.query("SELECT array_agg(v)::text FROM tx").string(0, 0) == "{1}")
    }

    @Test func copyInLoadsRowsWithEscapesAndNulls() throws {
        let connection = try Connection(conninfo)
        try connection.executeScript("CREATE TABLE copied (a text, b text)")
        let rows: [[String?]] = (0..<2500).map { ["row\($0)\ttab\\slash\nline", $0 % 2 == 0 ? nil : "x"] }
        #expect(try connection.copyIn("COPY copied (a, b) FROM STDIN", rows: rows) == 2500)
        let result = try connection.query("SELECT count(*), count(b), min(a) FROM copied")
        #expect(try result.int64(0, 0) == 2500)
        #expect(try result.int64(0, 1) == 1250)
        #expect(result.string(0, 2) == "row0\ttab\\slash\nline")
    }

    @Test func listenWaitsOnTheSocketForANotification() throws {
        let listener = try Connection(conninfo)
        try listener.listen("docket test")
        #expect(try listener.waitForNotification(timeout: .milliseconds(50)) == nil)
        let sender = try Connection(conninfo)
        try sender.query("SELECT pg_notify($1, $2)", ["docket test", "42"])
        let notification = try #require(try listener.waitForNotification(timeout: .seconds(10)))
        #expect(notification.channel == "docket test")
        #expect(notification.payload == "42")
        #expect(notification.senderPID == sender.backendPID)
    }

    @Test func aRunningQueryCanBeCancelledFromAnotherThread() throws {
        let connection = try Connection(conninfo)
        let token = try #require(connection.makeCancelToken())
        let pid = connection.backendPID
        let conninfo = conninfo
        let thread = Thread {
            guard let watcher = try? Connection(conninfo) else { return }
            // Cancel once the query is really running on the server.
            try? TestDatabase.waitUntil("the sleep to start") {
                try watcher.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'SELECT pg_sleep%' AND state = 'active'", [pid]).int64(0, 0) == 1
            }
            token.cancel()
        }
        thread.start()
        let error = try #require(throws: PostgresError.self) { try connection.query("SELECT pg_sleep(60)") }
        #expect(error.kind == .cancelled)
        #expect(try connection.query("SELECT 1").int64(0, 0) == 1)
    }

    @Test func aTerminatedSessionIsReportedAsLost() throws {
        let victim = try Connection(conninfo)
        let killer = try Connection(conninfo)
        try killer.query("SELECT pg_terminate_backend($1)", [victim.backendPID])
        let error = try #require(throws: PostgresError.self) { try victim.query("SELECT 1") }
        #expect(error.kind == .connectionLost)
        #expect(!victim.isConnected)
    }

    @Test func aRefusedConnectionSaysWhatToCheck() throws {
        let error = try #require(throws: PostgresError.self) {
            try Connection("host=/nonexistent-docket-socket dbname=nothing connect_timeout=2")
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.description.contains("/nonexistent-docket-socket"))
    }
}

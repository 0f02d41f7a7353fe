import DocketJSON
import DocketQuery
import Foundation
import PostgresClient
import QueryExecution
import Testing

/// `as of position N` answers what a replay of the events recorded up to N says, for every N.
@Suite("As of: answers equal a replay of the events recorded by then")
struct AsOfReplayTests {
    /// Each allocation's amount, and each decision's status, from the log's first `position` events alone.
    static func replay(_ events: [(position: Int64, stream: String, type: String, payload: JSON)], through position: Int64)
        -> (allocations: [String: String], decisions: [String: String]) {
        var allocations = [String: String](), decisions = [String: String]()
        for event in events where event.position <= position {
            guard case .object(let payload) = event.payload else { continue }
            switch event.type {
            case "AllocationMade", "AllocationAdjusted":
                if case .string(let id)? = payload["allocation"], case .number(let pence)? = payload["amountPence"] {
                    allocations[id] = String(Int64(pence))
                }
            case "DecisionProposed", "DecisionTaken", "DecisionRescinded":
                if case .string(let id)? = payload["decision"] {
                    decisions[id] = ["DecisionProposed": "proposed", "DecisionTaken": "taken", "DecisionRescinded": "rescinded"][event.type]
                }
            default: break
            }
        }
        return (allocations, decisions)
    }

    @Test func everyPositionOfTheDemoLedger() throws {
        let connection = try DemoLedger.connection()
        let result = try connection.query("SELECT position, stream_id, event_type, payload::text FROM docket.events ORDER BY position")
        let events = try (0..<result.rowCount).map { row in
            (position: try result.int64(row, 0)!, stream: result.string(row, 1)!, type: result.string(row, 2)!,
             payload: try JSON(parsing: result.string(row, 3)!))
        }
        let head = events.last?.position ?? 0
        for position in stride(from: Int64(0), through: head, by: 5) + [head] {
            let expected = Self.replay(events, through: position)
            let allocations = try DemoLedger.answer("from allocations as of position $n | select id, amount", parameters: ["n": String(position)], on: connection)
            #expect(allocations.stamp.position == position)
            #expect(Dictionary(uniqueKeysWithValues: allocations.rows.map { ($0[0]!, $0[1]!) }) == expected.allocations, "allocations at \(position)")
            let decisions = try DemoLedger.answer("from decisions as of position \(position) | select id, status", on: connection)
            #expect(Dictionary(uniqueKeysWithValues: decisions.rows.map { ($0[0]!, $0[1]!) }) == expected.decisions, "decisions at \(position)")
        }
    }

    @Test func anAsOfTimeResolvesToThePositionRecordedByThen() throws {
        let connection = try DemoLedger.connection()
        let recorded = try connection.query("""
            SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') FROM docket.events ORDER BY position DESC LIMIT 1
            """).string(0, 0)!
        let now = try DemoLedger.answer("from allocations as of \(recorded) | aggregate n = count()", on: connection)
        let current = try DemoLedger.answer("from allocations | aggregate n = count()", on: connection)
        #expect(now.rows == current.rows)
        #expect(now.stamp.position == current.stamp.position)
        let before = try DemoLedger.answer("from allocations as of 2000-01-01 | aggregate n = count()", on: connection)
        #expect(before.stamp.position == 0)
        #expect(before.rows == [["0"]])
    }

    @Test func historyOfOneRecordListsAVersionPerEventOfItsStream() throws {
        let connection = try DemoLedger.connection()
        let id = "somerset-diabetes-remodel-2011"
        let answer = try DemoLedger.answer("history of decision \(id) | select version, event", on: connection)
        let events = try connection.query(
            "SELECT position::text, event_type FROM docket.events WHERE stream_id = $1 ORDER BY position", ["decision-" + id])
        #expect(answer.rows == events.rows.map { [$0.result.string($0.index, 0), $0.result.string($0.index, 1)] })
        #expect(answer.rows.count >= 2)
    }

    @Test func changesBetweenTwoPositionsAreTheVersionsTheirEventsProduced() throws {
        let connection = try DemoLedger.connection()
        let answer = try DemoLedger.answer("from allocations changes between position 100 and position 150 | select version, event, id", on: connection)
        let events = try connection.query("""
            SELECT position::text, event_type FROM docket.events
             WHERE position > 100 AND position <= 150 AND stream_id LIKE 'allocation-%' ORDER BY position
            """)
        #expect(answer.rows.map { [$0[0], $0[1]] } == events.rows.map { [$0.result.string($0.index, 0), $0.result.string($0.index, 1)] })
        #expect(!answer.rows.isEmpty)
        // A window given by dates covers recorded time: the demo was recorded today, not in 2011.
        let dated = try DemoLedger.answer("from allocations changes between 2011-04-01 and 2012-03-31", on: connection)
        #expect(dated.rows.isEmpty)
    }
}

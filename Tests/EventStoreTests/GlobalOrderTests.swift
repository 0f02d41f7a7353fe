import Dispatch
import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
import Synchronization
import Testing

@Suite("Global order: gap-free and equal to commit order")
struct GlobalOrderTests {
    @Test func aTailingReaderSeesEveryEventOnceInOrderWhileFourWritersAppend() throws {
        let conninfo = try TestDatabase.create("order")
        let writers = 4, perWriter = 2000, total = writers * perWriter
        let failures = Mutex<[String]>([])
        let readerResult = Mutex<[Int64]>([])

        let reader = Thread {
            do {
                let store = EventStore(connection: try Connection(conninfo))
                var seen = [Int64]()
                var last: Int64 = 0
                let deadline = ContinuousClock.now + .seconds(300)
                while seen.count < total, ContinuousClock.now < deadline {
                    for event in try store.readLog(after: last, limit: 500) {
                        seen.append(event.position)
                        last = event.position
                    }
                }
                readerResult.withLock { $0 = seen }
            } catch {
                failures.withLock { $0.append("reader: \(error)") }
            }
        }
        reader.start()

        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let store = EventStore(connection: try Connection(conninfo))
                var generator = SystemRandomNumberGenerator()
                var written = 0
                while written < perWriter {
                    // Batches of 1…5 events over 10 streams that every writer shares.
                    let size = min(Int.random(in: 1...5, using: &generator), perWriter - written)
                    let batch = (0..<size).map { _ in
                        event("shared-\(Int.random(in: 0..<10, using: &generator))", writer)
                    }
                    try store.append(batch)
                    written += size
                }
            } catch {
                failures.withLock { $0.append("writer \(writer): \(error)") }
            }
        }
        try TestDatabase.waitUntil("the reader to finish", timeout: .seconds(300)) { reader.isFinished }

        #expect(failures.withLock { $0 }.isEmpty)
        let seen = readerResult.withLock { $0 }
        #expect(seen.count == total)
        // Report the first place the sequence departs from 1, 2, 3, … rather than all 8,000 numbers.
        let firstDeparture = seen.enumerated().first { $0.element != Int64($0.offset + 1) }
        #expect(firstDeparture == nil, "the reader must see 1…\(total) exactly once, in order; at index \(firstDeparture?.offset ?? 0) it saw \(firstDeparture?.element ?? 0)")

        let check = try Connection(conninfo)
        let streams = try check.query("""
            SELECT stream_id, count(*), min(stream_version), max(stream_version), count(DISTINCT stream_version)
            FROM docket.events GROUP BY stream_id
            """)
        #expect(streams.rowCount == 10)
        for row in 0..<streams.rowCount {
            let count = try streams.int64(row, 1)
            #expect(try streams.int64(row, 2) == 1)
            #expect(try streams.int64(row, 3) == count)
            #expect(try streams.int64(row, 4) == count)
        }
    }

    /// A and B each append one event (docket.append_event(), which waits for a table lock on the head)
    /// or two (docket.append(), which locks the head's row): every pairing must serialise.
    @Test(arguments: [(1, 1), (1, 2), (2, 1), (2, 2)])
    func anAppendHeldOpenIsNotSkippedByATailingReader(slowCount: Int, fastCount: Int) throws {
        let conninfo = try TestDatabase.create("held\(slowCount)\(fastCount)")
        let reader = EventStore(connection: try Connection(conninfo))
        try reader.append([event("before")])

        // Transaction A appends and stays open.
        let slow = try Connection(conninfo)
        try slow.executeScript("BEGIN")
        let slowAppend = try EventStore(connection: slow).append((0..<slowCount).map { _ in event("slow") })
        #expect(slowAppend.map(\.position) == Array(2...Int64(1 + slowCount)))

        // B appends meanwhile, on another thread; it must wait for A rather than commit a later position first.
        let fast = Mutex<AppendedEvent?>(nil)
        let thread = Thread {
            guard let connection = try? Connection(conninfo) else { return }
            let result = try? EventStore(connection: connection).append((0..<fastCount).map { _ in event("fast") })
            fast.withLock { $0 = result?.first }
        }
        thread.start()
        let watcher = try Connection(conninfo)
        try waitForAnAppenderToQueue(watcher, "B to wait for A's lock")
        // While A is open the reader sees nothing new, and B has not committed anything past A.
        #expect(try reader.readLog(after: 1).isEmpty)

        try slow.executeScript("COMMIT")
        try TestDatabase.waitUntil("B to finish") { thread.isFinished }
        #expect(fast.withLock { $0 }?.position == Int64(2 + slowCount))
        let after = try reader.readLog(after: 1)
        #expect(after.map(\.position) == Array(2...Int64(1 + slowCount + fastCount)))
        #expect(after.map(\.stream) == Array(repeating: "slow", count: slowCount) + Array(repeating: "fast", count: fastCount))
    }

    /// A transaction that holds the log appends again, by the same path or another, while a second
    /// appender waits for it: the waiter must hold nothing the second append needs. (A table lock taken
    /// by single appends alone once deadlocked here: the waiter's pending row lock held the table.)
    /// Sizes: 1 goes through docket.append_event(), 2 through docket.append(), 300 through staging.
    @Test(arguments: [(2, 1, 2), (2, 1, 1), (1, 2, 2), (1, 1, 1), (300, 1, 2), (2, 300, 1)])
    func aTransactionAppendsAgainWhileAnotherWaits(first: Int, second: Int, waiting: Int) throws {
        let conninfo = try TestDatabase.create("again\(first)_\(second)_\(waiting)")
        let holder = try Connection(conninfo)
        let store = EventStore(connection: holder)
        try holder.executeScript("BEGIN")
        _ = try store.append((0..<first).map { _ in event("holder") })

        let waiter = Mutex<Result<[AppendedEvent], any Error>?>(nil)
        let thread = Thread {
            let result = Result { try EventStore(connection: try Connection(conninfo)).append((0..<waiting).map { _ in event("waiter") }) }
            waiter.withLock { $0 = result }
        }
        thread.start()
        let watcher = try Connection(conninfo)
        try waitForAnAppenderToQueue(watcher, "the second appender to wait for the first")

        let again = try store.append((0..<second).map { _ in event("holder") })
        #expect(again.map(\.position) == Array(Int64(first + 1)...Int64(first + second)))
        try holder.executeScript("COMMIT")
        try TestDatabase.waitUntil("the second appender to finish") { thread.isFinished }
        let waited = try #require(waiter.withLock { $0 }).get()
        #expect(waited.first?.position == Int64(first + second + 1))
        let log = try EventStore(connection: watcher).readLog(after: 0, limit: 1000)
        #expect(log.map(\.position) == Array(1...Int64(first + second + waiting)))
        #expect(log.map(\.stream) == Array(repeating: "holder", count: first + second) + Array(repeating: "waiter", count: waiting))
    }

    /// Waits until one session of `watcher`'s database is waiting for a lock inside an appending function.
    private func waitForAnAppenderToQueue(_ watcher: Connection, _ what: String) throws {
        try TestDatabase.waitUntil(what) {
            try watcher.query("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%docket.append%'
                """).int64(0, 0) == 1
        }
    }
}

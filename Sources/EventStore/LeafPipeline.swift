import Foundation
import PostgresClient

/// Reads and rebuilds leaves on two threads, each with its own connection, while the caller checks them
/// in order: the expensive part of verification (JSON canonicalisation and hashing) then uses both cores
/// and overlaps the database's work.
///
/// `@unchecked Sendable`: every mutable field is read and written only while holding `condition`.
final class LeafPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Int: Result<[LeafRows.Row], any Error>] = [:]
    private var consumed = 0
    private var isCancelled = false
    private let batchSize: Int
    private let workers = 2
    private let lookahead = 4

    init(connection: Connection, batchSize: Int) throws {
        self.batchSize = batchSize
        for worker in 0..<workers {
            let sibling = try connection.openSibling()
            // A Connection is not Sendable; each one is handed to exactly one thread and used only there.
            nonisolated(unsafe) let owned = sibling
            Thread { [self] in run(worker: worker, connection: owned) }.start()
        }
    }

    deinit {
        cancel()
    }

    /// Batch `index` covers positions index·batchSize+1 … (index+1)·batchSize. Blocks until it is read.
    func batch(_ index: Int) throws -> [LeafRows.Row] {
        condition.lock()
        defer { condition.unlock() }
        while ready[index] == nil { condition.wait() }
        let result = ready.removeValue(forKey: index)!
        consumed = index + 1
        condition.broadcast()
        return try result.get()
    }

    func cancel() {
        condition.lock()
        isCancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func run(worker: Int, connection: Connection) {
        var index = worker
        while true {
            condition.lock()
            while !isCancelled, index >= consumed + lookahead { condition.wait() }
            let stop = isCancelled
            condition.unlock()
            if stop { return }
            let result = Result { try LeafRows(connection: connection).fetch(range: index, size: batchSize) }
            condition.lock()
            ready[index] = result
            condition.broadcast()
            condition.unlock()
            // A failure or an empty batch (the end of the log) ends this worker.
            guard case .success(let rows) = result, !rows.isEmpty else { return }
            index += workers
        }
    }
}

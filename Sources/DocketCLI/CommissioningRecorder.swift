import Commissioning
import DocketJSON
import EventStore
import Foundation

/// Runs commissioning commands against the ledger: decodes and validates every command against the state
/// of the streams it reads (loaded from the log in bulk), then appends the resulting events with the
/// expected versions the commands chose — all commands checked before anything is written.
struct CommissioningRecorder {
    let store: EventStore
    private(set) var state = CommissioningState()

    /// A problem with one command, located by its line (or index) in the input.
    struct Problem: CustomStringConvertible {
        var location: String
        var message: String
        var description: String { "\(location): \(message)" }
    }

    struct Outcome {
        var commands = 0
        var appended = 0
        var duplicates = 0
        var firstPosition: Int64?
        var lastPosition: Int64?
    }

    init(store: EventStore) {
        self.store = store
    }

    /// Validates every command, then appends. Throws ``RecordError`` listing every problem if any command
    /// is invalid; nothing is appended then. Events are appended in atomic batches of at most 10,000
    /// events that never split one command's events.
    mutating func record(
        _ commands: [(location: String, json: JSON)], namespace: UUID,
        progress: ((Int) -> Void)? = nil
    ) throws -> Outcome {
        var problems = [Problem]()
        var decoded = [(location: String, command: Command)]()
        decoded.reserveCapacity(commands.count)
        for (location, json) in commands {
            do {
                decoded.append((location, try Command.decode(json)))
            } catch {
                problems.append(Problem(location: location, message: error.description))
            }
        }
        try load(Set(decoded.flatMap(\.command.streamsRead)))

        var batches = [[NewEvent]]()
        var current = [NewEvent]()
        for (index, item) in decoded.enumerated() {
            do {
                let events = try item.command.handle(in: &state, context: CommandContext(namespace: namespace, index: index))
                if current.count + events.count > EventStore.maximumBatchEvents, !current.isEmpty {
                    batches.append(current)
                    current = []
                }
                current += events.map(Self.newEvent)
            } catch {
                problems.append(Problem(location: item.location, message: error.description))
            }
        }
        if !current.isEmpty { batches.append(current) }
        guard problems.isEmpty else { throw RecordError(problems: problems) }

        var outcome = Outcome(commands: decoded.count)
        // Encode the next batch (canonical JSON, digests) on another thread while the server appends this one.
        let encoder = BatchEncoder(batches)
        for index in batches.indices {
            let results: [AppendedEvent]
            do {
                results = try store.append(try encoder.batch(index))
            } catch {
                let written = outcome.appended > 0
                    ? "\(outcome.appended) events of earlier batches were appended (positions \(outcome.firstPosition!)…\(outcome.lastPosition!))"
                    : "nothing was appended"
                throw CLIError("\(error.message)\n\(written)")
            }
            outcome.appended += results.count
            outcome.duplicates += results.filter(\.isDuplicate).count
            outcome.firstPosition = outcome.firstPosition ?? results.first?.position
            outcome.lastPosition = results.last?.position ?? outcome.lastPosition
            progress?(outcome.appended)
        }
        return outcome
    }

    /// Loads the given streams' events into the state, in bulk; streams with no events are marked loaded.
    private mutating func load(_ streams: Set<String>) throws {
        let missing = streams.filter { !state.isLoaded($0) }.sorted()
        for start in stride(from: 0, to: missing.count, by: 5000) {
            let chunk = Array(missing[start..<min(start + 5000, missing.count)])
            for event in try store.readStreams(chunk) {
                try state.apply(Self.logged(event))
            }
            for stream in chunk { state.markLoaded(stream) }
        }
    }

    static func newEvent(_ proposed: ProposedEvent) -> NewEvent {
        var metadata = [String: JSON]()
        let correlation = proposed.metadata.correlationId
        let causation = proposed.metadata.causationId
        let correlationUUID = correlation.flatMap(UUID.init(uuidString:))
        let causationUUID = causation.flatMap(UUID.init(uuidString:))
        if let correlation, correlationUUID == nil { metadata["correlationId"] = .string(correlation) }
        if let causation, causationUUID == nil { metadata["causationId"] = .string(causation) }
        let expectation: ExpectedVersion = switch proposed.expectation {
        case .any: .any
        case .noStream: .noStream
        case .streamExists: .streamExists
        case .exact(let version): .exact(version)
        }
        return NewEvent(
            id: proposed.id, stream: proposed.stream, type: proposed.type.rawValue, schemaVersion: proposed.schemaVersion,
            data: proposed.data.objectValue ?? [:], restricted: proposed.restricted, metadata: metadata,
            context: EventContext(
                actor: proposed.metadata.actor, authority: proposed.metadata.authority, reason: proposed.metadata.reason,
                correlationID: correlationUUID, causationID: causationUUID),
            occurredAt: proposed.occurredAt, expectedVersion: expectation)
    }

    static func logged(_ event: RecordedEvent) -> LoggedEvent {
        LoggedEvent(
            position: event.position, stream: event.stream, version: event.version, id: event.id, type: event.type,
            schemaVersion: event.schemaVersion, data: .object(event.data), restricted: nil,
            metadata: EventMetadata(
                actor: event.context.actor ?? "",
                authority: event.context.authority, reason: event.context.reason,
                correlationId: event.context.correlationID?.uuidString.lowercased() ?? event.metadata["correlationId"]?.stringValue,
                causationId: event.context.causationID?.uuidString.lowercased() ?? event.metadata["causationId"]?.stringValue),
            occurredAt: event.occurredAt, recordedAt: event.recordedAt)
    }
}

/// Encodes batches one ahead of the caller, on a global queue.
///
/// `@unchecked Sendable`: `results` is only touched while holding `lock`, and each batch is encoded once.
final class BatchEncoder: @unchecked Sendable {
    private let batches: [[NewEvent]]
    private let lock = NSCondition()
    private var results: [Int: Result<EventStore.EncodedBatch, EventStoreError>] = [:]
    private var started = Set<Int>()

    init(_ batches: [[NewEvent]]) {
        self.batches = batches
    }

    /// Batch `index`, encoded; starts encoding `index + 1` in the background.
    func batch(_ index: Int) throws(EventStoreError) -> EventStore.EncodedBatch {
        start(index)
        start(index + 1)
        lock.lock()
        while results[index] == nil { lock.wait() }
        let result = results.removeValue(forKey: index)!
        lock.unlock()
        return try result.get()
    }

    private func start(_ index: Int) {
        guard batches.indices.contains(index) else { return }
        lock.lock()
        let isNew = started.insert(index).inserted
        lock.unlock()
        guard isNew else { return }
        DispatchQueue.global().async { [self] in
            let result = Result { () throws(EventStoreError) in try EventStore.encode(batches[index]) }
            lock.lock()
            results[index] = result
            lock.broadcast()
            lock.unlock()
        }
    }
}

/// Every invalid command of a batch, reported together.
struct RecordError: Error, CustomStringConvertible {
    var problems: [CommissioningRecorder.Problem]
    var description: String {
        let shown = problems.prefix(50).map(\.description).joined(separator: "\n")
        let more = problems.count > 50 ? "\n… and \(problems.count - 50) more" : ""
        return "\(problems.count) invalid command\(problems.count == 1 ? "" : "s"); nothing was appended:\n\(shown)\(more)"
    }
}

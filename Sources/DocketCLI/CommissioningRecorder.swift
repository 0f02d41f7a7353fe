import Commissioning
import DocketJSON
import EventStore
import Foundation
import PostgresClient

/// Runs commissioning commands against the ledger: decodes and validates every command against the state
/// of the streams it reads (loaded from the log in bulk), then appends the resulting events with the
/// expected versions the commands chose — all commands checked before anything is written.
struct CommissioningRecorder {
    let store: EventStore
    private(set) var state = CommissioningState()

    /// A problem with one command, located by its line (or index) in the input.
    struct Problem: Error, CustomStringConvertible {
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

    /// One command of the input: where it is, and its JSON or why it is not JSON.
    typealias Input = (location: String, json: Result<JSON, Problem>)

    /// Events per call of the store's append. Larger batches cost more per event on the server (their
    /// sorts outgrow work_mem); on the 2-core VM of docs/performance.md 2,000 loaded faster than 10,000.
    static let batchEvents = 2_000

    /// Commands decoded, loaded and checked together: the streams a step reads are loaded in bulk
    /// before any of its commands is checked.
    static let stepCommands = 2_000

    /// Validates every command and appends their events, all in one transaction: throws ``RecordError``
    /// listing every problem if any command is invalid, and nothing is appended then.
    mutating func record(_ commands: [(location: String, json: JSON)], namespace: UUID) throws -> Outcome {
        try record(commands.lazy.map { (location: $0.location, json: .success($0.json)) }, namespace: namespace)
    }

    /// Validates every command and appends their events, all in one transaction: throws ``RecordError``
    /// listing every problem if any command is invalid, and nothing is appended then.
    ///
    /// The input streams through: commands are parsed, decoded and checked a step at a time, and events go
    /// to the server in batches of about ``batchEvents`` (never splitting one command's events), encoded
    /// and appended in the background while later commands are still being read. The transaction commits
    /// only once every command has passed and every batch has been appended. A step's streams are loaded
    /// before its commands are checked (none if the log was empty), on a second connection once appends
    /// have begun: a stream that the transaction has written was loaded when it was first read, so those
    /// loads see only committed events, as the transaction itself would.
    mutating func record(_ inputs: some Sequence<Input>, namespace: UUID) throws -> Outcome {
        var problems = [(index: Int, problem: Problem)]()  // in the order found; reported in input order
        var step = [(location: String, index: Int, command: Command)]()
        step.reserveCapacity(Self.stepCommands)
        var appender: BackgroundAppender?
        let reader = StreamReader(store: store)
        var current = [NewEvent]()
        var currentLocations = [String]()  // the input location of each event in `current`
        var commandCount = 0
        // Checked before anything of this input is appended; an empty log needs no loading.
        let logWasEmpty = try state.eventCount == 0 && store.headPosition() == 0

        func submit(_ batch: [NewEvent], _ locations: [String]) throws {
            if appender == nil {
                appender = BackgroundAppender(store: store)
                reader.appender = appender
            }
            appender!.submit(batch, locations: locations)
        }
        func check(_ step: [(location: String, index: Int, command: Command)]) throws {
            try load(Set(step.lazy.flatMap(\.command.streamsRead)), logWasEmpty: logWasEmpty, reading: reader.readStreams)
            for item in step {
                let events: [ProposedEvent]
                do {
                    events = try item.command.handle(in: &state, context: CommandContext(namespace: namespace, index: item.index))
                } catch {
                    problems.append((item.index, Problem(location: item.location, message: error.description)))
                    continue
                }
                if current.count + events.count > Self.batchEvents, !current.isEmpty {
                    if problems.isEmpty { try submit(current, currentLocations) }
                    current = []
                    currentLocations = []
                }
                current += events.map(Self.newEvent)
                currentLocations += repeatElement(item.location, count: events.count)
            }
        }

        do {
            for input in inputs {
                defer { commandCount += 1 }
                switch input.json {
                case .failure(let problem):
                    problems.append((commandCount, problem))
                case .success(let json):
                    do {
                        step.append((input.location, commandCount, try Command.decode(json)))
                    } catch {
                        problems.append((commandCount, Problem(location: input.location, message: error.description)))
                    }
                }
                if step.count == Self.stepCommands {
                    try check(step)
                    step.removeAll(keepingCapacity: true)
                }
            }
            try check(step)
            if problems.isEmpty, !current.isEmpty { try submit(current, currentLocations) }
        } catch {
            _ = try? appender?.finish(commit: false)
            throw error
        }
        let results: [AppendedEvent]
        do {
            results = try appender?.finish(commit: problems.isEmpty) ?? []
        } catch let error as EventStoreError {
            throw CLIError("\(error.message)\nnothing was appended")
        } catch let error as PostgresError {
            throw CLIError("\(error)\nnothing was appended")
        }
        guard problems.isEmpty else {
            throw RecordError(problems: problems.enumerated().sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }.map(\.element.problem))
        }

        var outcome = Outcome(commands: commandCount)
        outcome.appended = results.count
        outcome.duplicates = results.filter(\.isDuplicate).count
        outcome.firstPosition = results.first?.position
        outcome.lastPosition = results.last?.position
        return outcome
    }

    /// Loads the given streams' events into the state, in bulk; streams with no events are marked loaded.
    private mutating func load(
        _ streams: Set<String>, logWasEmpty: Bool, reading read: ([String]) throws -> [RecordedEvent]
    ) throws {
        let missing = streams.filter { !state.isLoaded($0) }.sorted()
        // Every stream of an empty log is empty. (A writer that commits to one meanwhile makes this
        // input's appends conflict, as when the streams were loaded before it wrote.)
        if logWasEmpty {
            for stream in missing { state.markLoaded(stream) }
            return
        }
        for start in stride(from: 0, to: missing.count, by: 5000) {
            let chunk = Array(missing[start..<min(start + 5000, missing.count)])
            for event in try read(chunk) {
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
        if let source = proposed.metadata.source { metadata["source"] = .string(source) }
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
                causationId: event.context.causationID?.uuidString.lowercased() ?? event.metadata["causationId"]?.stringValue,
                source: event.metadata["source"]?.stringValue),
            occurredAt: event.occurredAt, recordedAt: event.recordedAt)
    }
}

/// Reads the streams `record` checks commands against: on the main connection until appends begin, then
/// on a second connection, which sees only committed events, as the transaction would for streams it has
/// not written (and it has written none that it had not loaded).
final class StreamReader {
    let store: EventStore
    var appender: BackgroundAppender?
    private var sibling: EventStore?
    private var siblingUnavailable = false

    init(store: EventStore) {
        self.store = store
    }

    func readStreams(_ names: [String]) throws -> [RecordedEvent] {
        guard let appender else { return try store.readStreams(names) }
        if sibling == nil, !siblingUnavailable {
            do {
                let connection = try store.connection.openSibling()
                // A read here can queue behind a request for an exclusive lock on the log which itself waits
                // for the recording transaction: a cycle the database cannot see. Give up soon instead.
                try connection.executeScript("SET lock_timeout = '1s'")
                sibling = EventStore(connection: connection)
            } catch {
                siblingUnavailable = true
            }
        }
        if let sibling, !siblingUnavailable {
            do {
                return try sibling.readStreams(names)
            } catch {
                guard error.underlying?.sqlState == "55P03" else { throw error }
                siblingUnavailable = true
            }
        }
        // No second connection, or its read timed out (and so may the next): read in the transaction, after
        // the batches queued so far. Slower, and the same result.
        return try appender.read { try $0.readStreams(names) }
    }
}

/// Appends batches in one transaction on background queues while the caller goes on producing them:
/// one queue encodes (canonical JSON, digests), the next appends, so both overlap with the caller's work.
///
/// `@unchecked Sendable`: the store's connection, `results` and `failure` are only touched on `appendQueue`
/// (``finish(commit:)`` runs there too), and batches are handed over by value.
final class BackgroundAppender: @unchecked Sendable {
    private let store: EventStore
    private let encodeQueue = DispatchQueue(label: "docket.record.encode")
    private let appendQueue = DispatchQueue(label: "docket.record.append")
    private var results = [AppendedEvent]()
    private var failure: (any Error)?

    init(store: EventStore) {
        self.store = store
        appendQueue.async { [self] in
            do { try self.store.connection.executeScript("BEGIN") } catch { self.failure = error }
        }
    }

    /// Queues `batch`, whose events come from the input at `locations` (one per event); batches are
    /// appended in the order they are submitted. A refusal that concerns one event names its location.
    func submit(_ batch: [NewEvent], locations: [String]) {
        encodeQueue.async { [self] in
            let encoded = Result { () throws(EventStoreError) in try EventStore.encode(batch) }
            appendQueue.async { [self] in
                guard failure == nil else { return }
                do {
                    results += try store.append(try encoded.get())
                } catch let error as EventStoreError {
                    var located = error
                    if let index = error.index, locations.indices.contains(index) {
                        located.message = "\(locations[index]): \(error.message)"
                    }
                    failure = located
                } catch {
                    failure = error
                }
            }
        }
    }

    /// Runs `body` with the store in the transaction, after the batches already handed to the appending
    /// queue (not those still being encoded).
    func read<T>(_ body: (EventStore) throws -> T) throws -> T {
        try appendQueue.sync { try body(store) }
    }

    /// Waits for every submitted batch, then commits if `commit` is true and all of them were appended,
    /// and rolls back otherwise. Returns the appended events, in order; rethrows the first failure (after
    /// which nothing was appended), or a ``CLIError`` if the COMMIT itself failed.
    func finish(commit: Bool) throws -> [AppendedEvent] {
        encodeQueue.sync {}  // every batch has been handed on to appendQueue
        return try appendQueue.sync { [self] () throws -> [AppendedEvent] in
            if failure == nil, commit {
                do {
                    try store.connection.executeScript("COMMIT")
                    return results
                } catch {
                    // The server may have committed before the connection broke: say so, not "nothing".
                    throw CLIError("committing the recorded events failed: \(error)\nif the connection was lost, the commit may have taken effect; check with \(Invocation.hint("docket log"))")
                }
            }
            if store.connection.isConnected { try? store.connection.executeScript("ROLLBACK") }
            if let failure { throw failure }
            return []
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

extension CommissioningRecorder {
    /// Records the next `count` commands of `ledger`, 50,000 at a time (the benchmarks' loads), saying
    /// on stderr how far it got when `reportingProgress`.
    mutating func recordSynthetic(_ count: Int, from ledger: inout SyntheticLedger, reportingProgress: Bool) throws {
        for start in stride(from: 0, to: count, by: 50_000) {
            let commands = ledger.next(min(50_000, count - start)).enumerated().map { (location: "synthetic \(start + $0.offset)", json: $0.element) }
            _ = try record(commands, namespace: UUID())
            if reportingProgress { FileHandle.standardError.write(Data("loaded \(start + commands.count) events\n".utf8)) }
        }
    }
}

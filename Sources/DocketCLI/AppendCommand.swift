import ArgumentParser
import EventStore
import Foundation

/// `docket append [FILE|-]`.
struct AppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append events from JSON Lines, one event per line, and print their positions.",
        discussion: """
            Each line is an object with "stream", "type" and "data" (an object), and optionally "id" (a UUID; \
            appending the same id with the same content again returns the original position and writes \
            nothing), "expectedVersion" ("any", "noStream", "streamExists" or a number), "occurredAt" \
            (ISO 8601), "schemaVersion" and "metadata" (an object; its "actor", "authority", "reason", \
            "correlationId" and "causationId" are stored as columns of the log).

            The whole input is one atomic batch: every event is appended, or none is. A batch holds at most \
            10,000 events and 64 MiB; an event at most 1 MiB. With --batch-size N the input is appended in \
            consecutive atomic batches of N events; all input is still checked before the first is written, \
            and if a later batch fails the earlier ones stay appended (the output says which).
            """
    )

    @Argument(help: "A JSON Lines file, or - for standard input (the default).")
    var file: String?

    @Option(help: "Append in consecutive atomic batches of this many events (1…10000).")
    var batchSize: Int?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let batchSize, !(1...EventStore.maximumBatchEvents).contains(batchSize) {
            throw ValidationError("--batch-size must be between 1 and \(EventStore.maximumBatchEvents)")
        }
    }

    func run() throws {
        let input = try InputSource.read(file)
        var reader = EventLineReader(source: input.name)
        reader.read(input.bytes)
        if !reader.problems.isEmpty {
            let shown = reader.problems.prefix(20).map(\.description).joined(separator: "\n")
            let more = reader.problems.count > 20 ? "\n… and \(reader.problems.count - 20) more" : ""
            throw CLIError("nothing was appended; fix these and run again:\n\(shown)\(more)")
        }
        let events = reader.events
        guard !events.isEmpty else { throw CLIError("\(input.name) holds no events; nothing was appended") }
        let size = batchSize ?? events.count
        if batchSize == nil, events.count > EventStore.maximumBatchEvents {
            throw CLIError("""
                \(input.name) holds \(events.count) events, over the limit of \(EventStore.maximumBatchEvents) for one atomic batch; \
                nothing was appended. Split the input, or pass --batch-size N to append it in consecutive batches
                """)
        }
        let logger = CLILogging.logger()
        let store = EventStore(connection: try database.connect(logger: logger))
        var appended = 0
        var duplicates = 0
        for start in stride(from: 0, to: events.count, by: size) {
            let batch = Array(events[start..<min(start + size, events.count)])
            let results: [AppendedEvent]
            do {
                results = try store.append(batch)
            } catch {
                var message = error.message
                if let index = error.index, reader.lines.indices.contains(start + index) {
                    message = "\(input.name):\(reader.lines[start + index]): " + message
                }
                if start > 0 { message += "\n\(start) events in earlier batches were appended; events \(start + 1)… were not" }
                else { message += "\nnothing was appended" }
                throw CLIError(message)
            }
            for result in results { print(result.position) }
            appended += results.count
            duplicates += results.filter(\.isDuplicate).count
        }
        var summary = "appended \(appended - duplicates) event\(appended - duplicates == 1 ? "" : "s")"
        if duplicates > 0 { summary += "; \(duplicates) already in the log with the same content (not written again)" }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
    }
}

public import Ledger

/// The log an export reads: events 1…`size` in their public form, read in batches as many times as the export
/// needs, so that it never holds them all. `docket export` reads them from the database; tests hand over an
/// array.
public struct ExportLog {
    /// The number of events exported (N).
    public var size: Int
    /// Calls `body` with events 1…`size` in position order, in batches; with `types`, only events of those
    /// types.
    public var read: (_ types: [String]?, _ body: ([PublicEvent]) throws -> Void) throws -> Void
    /// The events at the given positions (any order).
    public var events: (_ positions: [Int64]) throws -> [PublicEvent]

    public init(
        size: Int, read: @escaping (_ types: [String]?, _ body: ([PublicEvent]) throws -> Void) throws -> Void,
        events: @escaping (_ positions: [Int64]) throws -> [PublicEvent]
    ) {
        self.size = size
        self.read = read
        self.events = events
    }

    /// A log held in memory (tests, and the verifier, which has read the folder's log).
    public init(events all: [PublicEvent]) {
        self.init(
            size: all.count,
            read: { types, body in
                let batch = 10_000
                for start in stride(from: 0, to: all.count, by: batch) {
                    let slice = all[start..<min(all.count, start + batch)]
                    try body(types.map { wanted in slice.filter { wanted.contains($0.type) } } ?? Array(slice))
                }
            },
            events: { positions in positions.compactMap { $0 >= 1 && $0 <= all.count ? all[Int($0 - 1)] : nil } })
    }
}

/// Where an export's files go. A file is written in pieces (`append`), ending with `finish`; pieces of
/// different files may interleave. `docket export` writes them to a staged folder.
public protocol ExportSink {
    mutating func append(_ path: String, _ bytes: [UInt8]) throws
    mutating func finish(_ path: String) throws
}

/// Room for bytes the export writes once and reads back later (the releases, for the record packages;
/// the leaves, for the proofs), so that it need not hold them. `docket export` keeps them in a temporary file.
public protocol ExportScratch: AnyObject {
    /// Stores `bytes`; returns where they are.
    func store(_ bytes: [UInt8]) throws -> Range<Int>
    func load(_ range: Range<Int>) throws -> [UInt8]
}

/// Scratch space in memory.
public final class MemoryScratch: ExportScratch {
    private var buffer = [UInt8]()
    public init() {}
    public func store(_ bytes: [UInt8]) -> Range<Int> {
        let start = buffer.count
        buffer += bytes
        return start..<buffer.count
    }
    public func load(_ range: Range<Int>) -> [UInt8] { Array(buffer[range]) }
}

/// Collects whole files in memory.
struct FolderSink: ExportSink {
    var folder = ExportFolder()
    mutating func append(_ path: String, _ bytes: [UInt8]) { folder.files[path, default: []] += bytes }
    mutating func finish(_ path: String) { if folder.files[path] == nil { folder.files[path] = [] } }
}

import Commissioning
import Crypto
import DocketJSON
import Ledger

/// One pass over the log in batches: the tree, the public record and the findings, with every event's line
/// of `ledger/log.jsonl` written as it is met, and each release's bytes and each leaf's bytes put in scratch
/// space, so that what stays in memory is the tree (64 bytes a leaf), a few numbers a position, and the
/// state of the tables.
struct Fold {
    /// A release in scratch: its contracting process (an index into `ocids`), its event, its bytes.
    struct Release {
        var ocid: Int32
        var position: Int64
        var bytes: Range<Int>
    }

    var tree: PackedSubtreeHashSource
    var record: PublicRecord
    var findings: [Finding]
    /// When each event was recorded, by position − 1.
    var recordedAt: [Int64]
    /// Every event's leaf bytes in scratch, by position − 1.
    var leaves: [Range<Int>]
    var releases: [Release]
    /// The contracting processes, in the order of their first release.
    var ocids: [String]
    /// The positions cited so far by releases and response rows, indexed by position.
    var cited: [Bool]
    /// Rows of `csv/consultation-responses.csv`, and how many of them say `REDACTED PERSONAL DATA`.
    var responseRows = 0
    var redactedResponses = 0

    init(log: ExportLog, ocidPrefix: String, scratch: any ExportScratch, output: inout ExportOutput<some ExportSink>) throws {
        var record = PublicRecord(ocidPrefix: ocidPrefix)
        // Corrections and retractions first: the tables show the state at the end.
        try log.read(["EventCorrected", "EventRetracted"]) { batch in
            for event in batch { record.noteCorrection(event) }
        }
        var detector = FindingsDetector()
        var ocidIndex = [String: Int32]()
        var tree = PackedSubtreeHashSource(capacity: log.size)
        var cited = [Bool](repeating: false, count: log.size + 1)
        var responseRows = 0
        var redactedResponses = 0
        try output.append(CSVTables.responsesPath, Array(CSVTables.line(CSVTables.responsesHeader + [CSVTables.positionsColumn]).utf8))
        var recordedAt = [Int64]()
        var leaves = [Range<Int>]()
        var releases = [Release]()
        var ocids = [String]()
        recordedAt.reserveCapacity(log.size)
        leaves.reserveCapacity(log.size)
        var line = [UInt8]()
        try log.read(nil) { batch in
            line.removeAll(keepingCapacity: true)
            for event in batch {
                guard event.position == Int64(recordedAt.count + 1) else {
                    throw ExportError("the events given run 1…N without gaps; position \(recordedAt.count + 1) is \(event.position)")
                }
                let leaf = event.leaf.bytes
                tree.append(MerkleHash.leafHash(leaf))
                leaves.append(try scratch.store(leaf))
                recordedAt.append(event.recordedAtMicroseconds)
                event.json.write(canonicalTo: &line)
                line.append(0x0A)
                record.observe(event)
                for release in record.releases {
                    let index: Int32
                    if let known = ocidIndex[release.ocid] {
                        index = known
                    } else {
                        index = Int32(ocids.count)
                        ocidIndex[release.ocid] = index
                        ocids.append(release.ocid)
                    }
                    releases.append(Release(ocid: index, position: release.position, bytes: try scratch.store(release.bytes)))
                    cited[Int(release.position)] = true
                }
                record.releases.removeAll(keepingCapacity: true)
                detector.observe(TransparencyExport.logged(event))
            }
            try output.append(LedgerFiles.log, line)
            // Responses go to their table as they are met, rather than being held to the end.
            var rows = ""
            for response in record.responses.values.sorted(by: { $0.positions[0] < $1.positions[0] }) {
                rows += CSVTables.line(CSVTables.responseRow(response))
                for position in response.positions { cited[Int(position)] = true }
                responseRows += 1
                if response.hasRestrictedFields { redactedResponses += 1 }
            }
            record.responses.removeAll(keepingCapacity: true)
            try output.append(CSVTables.responsesPath, Array(rows.utf8))
        }
        guard recordedAt.count == log.size else {
            throw ExportError("the log holds \(recordedAt.count) events, not the \(log.size) expected")
        }
        try output.finish(LedgerFiles.log)
        try output.finish(CSVTables.responsesPath)
        self.cited = cited
        self.responseRows = responseRows
        self.redactedResponses = redactedResponses
        self.tree = tree
        self.recordedAt = recordedAt
        self.leaves = leaves
        self.releases = releases
        self.ocids = ocids
        self.record = record
        self.findings = detector.findings
    }
}

/// The files written so far, with their SHA-256 and size for the manifest. Release files a previous export
/// published are written as they were.
struct ExportOutput<Sink: ExportSink> {
    var sink: Sink
    /// The previous export, whose release files are written as they were.
    let carried: PreviousExport?
    private(set) var entries: [Manifest.Entry] = []
    private var open: [String: (hash: SHA256, size: Int)] = [:]

    init(sink: Sink, carried: PreviousExport?) {
        self.sink = sink
        self.carried = carried
    }

    mutating func append(_ path: String, _ bytes: [UInt8]) throws {
        var state = open[path] ?? (SHA256(), 0)
        state.hash.update(data: bytes)
        state.size += bytes.count
        open[path] = state
        try sink.append(path, bytes)
    }

    mutating func finish(_ path: String) throws {
        let state = open.removeValue(forKey: path) ?? (SHA256(), 0)
        entries.append(Manifest.Entry(path: path, sha256: Digest(bytes: state.hash.finalize())!, size: state.size))
        try sink.finish(path)
    }

    /// A whole file at once.
    mutating func write(_ path: String, _ bytes: [UInt8]) throws {
        try append(path, bytes)
        try finish(path)
    }

    /// The bytes of a release file the previous export published, if it did.
    func published(_ path: String) throws -> [UInt8]? {
        guard let carried, carried.releasePaths.contains(path) else { return nil }
        return try carried.readRelease(path)
    }
}

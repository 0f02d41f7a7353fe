public import Ledger
import Commissioning
import DocketJSON
import Foundation

/// The public-transparency export: a pure function of the log's public events (positions 1…N) and the
/// options, to files. Writing them to a folder is the caller's business (`docket export`); so is reading
/// the previous export. The same events and options always give the same bytes.
public enum TransparencyExport {
    public static let formatVersion = 1
    public static let softwareVersion = "docket 0.1.0"
    public static let ocdsVersion = "1.1.5"

    /// The whole folder in memory (tests, and folders small enough to hold).
    public static func export(events: [PublicEvent], options: ExportOptions) throws(ExportError) -> ExportFolder {
        var sink = FolderSink()
        try export(log: ExportLog(events: events), options: options, scratch: MemoryScratch(), to: &sink)
        return sink.folder
    }

    /// Writes the folder to `sink` in pieces as it is made, reading the log in batches and keeping releases
    /// and leaves in `scratch`, so that neither the events nor any large file is held in memory;
    /// `manifest.json` and `manifest.sig` come last. An export that stops (an empty log, a previous export
    /// this log does not extend) may have written some files: the caller discards them (`docket export`
    /// writes into a staged folder).
    public static func export(
        log: ExportLog, options: ExportOptions, scratch: any ExportScratch, to sink: inout some ExportSink
    ) throws(ExportError) {
        guard log.size > 0 else { throw ExportError("the log is empty: there is nothing to export yet") }
        if let previous = options.previous {
            let old = try previousCheckpoint(previous.checkpointNote, options: options)
            guard old.size <= log.size else {
                throw ExportError("the previous export's checkpoint covers \(old.size) events, but this log has only \(log.size): the log is not an extension of what was published; nothing was written")
            }
        }
        // Release files end where the previous export's did, so that it is made again byte for byte.
        var earlierEnds = Set((options.previous?.releasePaths).map { $0.compactMap(OCDSFiles.lastPosition) } ?? [])
        if let note = options.previous?.checkpointNote, let old = try? Checkpoint(parsing: try SignedNote(parsing: note).body) {
            earlierEnds.insert(Int64(old.size))
        }
        // Releases already published are carried over as they were: a release is never rewritten.
        var output = ExportOutput(sink: sink, carried: options.previous)
        defer { sink = output.sink }
        do {
            let fold = try Fold(log: log, ocidPrefix: options.ocidPrefix, scratch: scratch, output: &output)
            let size = log.size
            let root = try fold.tree.root(treeSize: size)
            let time = LedgerTime.format(microseconds: fold.recordedAt[size - 1])
            let note: String
            do {
                note = try Checkpoint(origin: options.origin, size: size, rootHash: root, extensions: ["time \(time)"])
                    .signed(with: [options.key]).text
            } catch {
                throw ExportError("cannot sign the checkpoint: \(error)")
            }
            var previous = options.previous
            // A run with no new events reproduces the previous export: it continues from what that one continued from.
            if let given = previous, let old = try? Checkpoint(verifying: given.checkpointNote, using: [options.key.verifier]),
               old.size == size, old.rootHash == root {
                previous = given.earlierCheckpointNote.map {
                    PreviousExport(checkpointNote: $0, releasePaths: given.releasePaths, readRelease: given.readRelease)
                }
            }
            var previousSummary: JSON = .null
            if let previous {
                let proof = try consistency(from: previous.checkpointNote, to: note, size: size, root: root, tree: fold.tree, options: options)
                try output.write(LedgerFiles.consistency, (try? proof.jsonData()).map { Array($0) + [0x0A] } ?? [])
                previousSummary = .object([
                    "size": JSON(proof.oldSize), "root": .string(proof.oldRoot.hex), "checkpoint": .string(previous.checkpointNote),
                    "consistencyProof": .string(LedgerFiles.consistency),
                ])
            }
            let counts = try derived(
                fold: fold, log: log, scratch: scratch, root: root, checkpoint: note, ocidPrefix: options.ocidPrefix,
                publisher: options.publisher, releaseRangeEnds: earlierEnds, output: &output)
            let manifest = Manifest.make(
                entries: output.entries, options: options, size: size, root: root, checkpoint: note, previous: previousSummary, counts: counts)
            try output.sink.append(Manifest.path, manifest)
            try output.sink.finish(Manifest.path)
            try output.sink.append(Manifest.signaturePath, Array(try Manifest.signature(of: manifest, origin: options.origin, size: size, key: options.key).utf8))
            try output.sink.finish(Manifest.signaturePath)
        } catch let error as ExportError {
            throw error
        } catch {
            throw ExportError("cannot write the export: \(error)")
        }
    }

    /// Every file that derives from the events held in memory and the signed checkpoint: everything but the
    /// manifest, its signature and the consistency proof. The verifier calls this to rebuild what a folder
    /// should hold.
    static func content(
        events: [PublicEvent], root: Digest, checkpoint note: String, ocidPrefix: String, publisher: String,
        releaseRangeEnds: Set<Int64>
    ) throws -> ExportFolder {
        let log = ExportLog(events: events)
        let scratch = MemoryScratch()
        var output = ExportOutput(sink: FolderSink(), carried: nil)
        let fold = try Fold(log: log, ocidPrefix: ocidPrefix, scratch: scratch, output: &output)
        _ = try derived(
            fold: fold, log: log, scratch: scratch, root: root, checkpoint: note, ocidPrefix: ocidPrefix, publisher: publisher,
            releaseRangeEnds: releaseRangeEnds, output: &output)
        return output.sink.folder
    }

    /// The files made from the fold: OCDS, CSV, the checkpoint, the proofs and the page. Returns the counts.
    static func derived(
        fold: Fold, log: ExportLog, scratch: any ExportScratch, root: Digest, checkpoint note: String,
        ocidPrefix: String, publisher: String, releaseRangeEnds: Set<Int64>, output: inout ExportOutput<some ExportSink>
    ) throws -> JSON {
        let size = log.size
        let record = fold.record
        let findings = fold.findings
        let publishedDate = LedgerTime.format(microseconds: fold.recordedAt[size - 1])
        try OCDSFiles.write(
            fold: fold, scratch: scratch, publisher: publisher, publishedDate: publishedDate,
            rangeEnds: OCDSFiles.rangeEnds(size: Int64(size), earlier: releaseRangeEnds),
            recordedAt: { LedgerTime.format(microseconds: fold.recordedAt[Int($0 - 1)]) }, output: &output)
        var cited = fold.cited
        var rowCounts: [String: JSON] = [CSVTables.responsesPath: JSON(fold.responseRows)]
        var redactedCells = fold.redactedResponses
        for table in CSVTables.tables(record, findings: findings) {
            try output.write(table.path, table.bytes)
            rowCounts[table.path] = JSON(table.rows.count)
            for row in table.rows {
                for position in row.last!.split(separator: " ") { cited[Int(position)!] = true }
                redactedCells += row.filter { $0 == CSVTables.redacted }.count
            }
        }
        try output.write(LedgerFiles.checkpoint, Array(note.utf8))
        let provedEvents: Int
        do {
            provedEvents = try LedgerFiles.writeProofs(cited: cited, fold: fold, scratch: scratch, root: root, output: &output)
        } catch {
            throw ExportError("cannot build the inclusion proofs: \(error)")
        }
        var evidence = [Int64: PublicEvent]()
        for event in try log.events(Array(Set(findings.prefix(PublicPage.findingsShown).flatMap { $0.events.map(\.position) }))) {
            evidence[event.position] = event
        }
        try output.write("index.html", Array(PublicPage(
            record: record, findings: findings, evidenceEvents: evidence, ocidPrefix: ocidPrefix, publisher: publisher, size: size,
            root: root, publishedDate: publishedDate).html.utf8))
        return .object([
            "events": JSON(size),
            "releases": JSON(fold.releases.count),
            "records": JSON(fold.ocids.count),
            "csvRows": .object(rowCounts),
            "findings": JSON(findings.count),
            "provedEvents": JSON(provedEvents),
            "restrictedEvents": JSON(record.restrictedEvents),
            "redactedCells": JSON(redactedCells),
        ])
    }

    /// The previous export's checkpoint, if it is signed by this key and of this log (checked before the
    /// log is read, so that a wrong `--previous` stops the export at once).
    static func previousCheckpoint(_ note: String, options: ExportOptions) throws(ExportError) -> Checkpoint {
        let old: Checkpoint
        do {
            old = try Checkpoint(verifying: note, using: [options.key.verifier])
        } catch {
            throw ExportError("the previous export's checkpoint is not signed by this key (\(options.key.name)): \(error); export without --previous, or with the key that signed it")
        }
        guard old.origin == options.origin else {
            throw ExportError("the previous export's checkpoint is of log \"\(old.origin)\", not \"\(options.origin)\": it is another ledger's export")
        }
        return old
    }

    /// The proof that this log extends the previous export's; refuses a previous checkpoint it cannot check
    /// or that this log does not extend.
    static func consistency(
        from previousNote: String, to note: String, size: Int, root: Digest, tree: some SubtreeHashSource, options: ExportOptions
    ) throws(ExportError) -> ConsistencyProof {
        let old = try previousCheckpoint(previousNote, options: options)
        guard old.size <= size else {
            throw ExportError("the previous export's checkpoint covers \(old.size) events, but this log has only \(size): the log is not an extension of what was published; nothing was written")
        }
        do {
            let oldRoot = try tree.root(treeSize: old.size)
            guard oldRoot == old.rootHash else {
                throw ExportError("the previous export's checkpoint (size \(old.size), root \(old.rootHash)) is inconsistent with this log, whose first \(old.size) events have root \(oldRoot): events already published were changed, removed or reordered; nothing was written")
            }
            let path = old.size == 0 ? [] : try tree.consistencyProof(oldSize: old.size, newSize: size)
            return ConsistencyProof(
                oldSize: old.size, newSize: size, oldRoot: old.rootHash, newRoot: root, path: path,
                oldCheckpoint: previousNote, newCheckpoint: note)
        } catch let error as ExportError {
            throw error
        } catch {
            throw ExportError("cannot prove consistency with the previous export: \(error)")
        }
    }

    /// The public event as the findings detector reads it (restricted fields are not needed by any rule).
    static func logged(_ event: PublicEvent) -> LoggedEvent {
        LoggedEvent(
            position: event.position, stream: event.stream, version: event.version, id: event.id, type: event.type,
            schemaVersion: Int(event.schemaVersion), data: .object(event.data), restricted: nil,
            metadata: EventMetadata(
                actor: event.actor ?? "", authority: event.authority, reason: event.reason,
                correlationId: event.correlationID?.uuidString.lowercased() ?? event.metadata["correlationId"]?.stringValue,
                causationId: event.causationID?.uuidString.lowercased() ?? event.metadata["causationId"]?.stringValue),
            occurredAt: Date(timeIntervalSince1970: Double(event.occurredAtMicroseconds) / 1_000_000),
            recordedAt: Date(timeIntervalSince1970: Double(event.recordedAtMicroseconds) / 1_000_000))
    }
}

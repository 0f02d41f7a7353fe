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
        var folder = ExportFolder()
        try export(events: events, options: options) { folder.files[$0] = $1 }
        return folder
    }

    /// Hands each file to `sink` as soon as it is made, so that no more than a few files' bytes are held at
    /// once; `manifest.json` and `manifest.sig` come last. Checks everything that can stop the export (an
    /// empty log, a previous export this log does not extend) before the first file.
    public static func export(
        events: [PublicEvent], options: ExportOptions, to sink: (_ path: String, _ bytes: [UInt8]) throws -> Void
    ) throws(ExportError) {
        guard let last = events.last else { throw ExportError("the log is empty: there is nothing to export yet") }
        for (index, event) in events.enumerated() where event.position != Int64(index + 1) {
            throw ExportError("the events given run 1…N without gaps; position \(index + 1) is \(event.position)")
        }
        let leaves = events.map(\.leaf)
        let tree = InMemorySubtreeHashSource(leafHashes: leaves.map(\.leafHash))
        let size = leaves.count
        let root: Digest
        let note: String
        do {
            root = try tree.root(treeSize: size)
            let time = LedgerTime.format(microseconds: last.recordedAtMicroseconds)
            note = try Checkpoint(origin: options.origin, size: size, rootHash: root, extensions: ["time \(time)"])
                .signed(with: [options.key]).text
        } catch {
            throw ExportError("cannot sign the checkpoint: \(error)")
        }
        // Release files end where the previous export's did, so that it is made again byte for byte.
        var earlierEnds = Set((options.previous?.releaseFiles.keys).map { $0.compactMap(OCDSFiles.lastPosition) } ?? [])
        if let note = options.previous?.checkpointNote, let old = try? Checkpoint(parsing: try SignedNote(parsing: note).body) {
            earlierEnds.insert(Int64(old.size))
        }
        var previous = options.previous
        // A run with no new events reproduces the previous export: it continues from what that one continued from.
        if let given = previous, let old = try? Checkpoint(verifying: given.checkpointNote, using: [options.key.verifier]),
           old.size == size, old.rootHash == root {
            previous = given.earlierCheckpointNote.map { PreviousExport(checkpointNote: $0, releaseFiles: given.releaseFiles) }
        }
        var previousSummary: JSON = .null
        var consistencyBytes: [UInt8]?
        if let previous {
            let proof = try consistency(from: previous.checkpointNote, to: note, size: size, root: root, tree: tree, options: options)
            consistencyBytes = (try? proof.jsonData()).map { Array($0) + [0x0A] } ?? []
            previousSummary = .object([
                "size": JSON(proof.oldSize), "root": .string(proof.oldRoot.hex), "checkpoint": .string(previous.checkpointNote),
                "consistencyProof": .string(LedgerFiles.consistency),
            ])
        }

        var entries = [Manifest.Entry]()
        func emit(_ path: String, _ bytes: [UInt8]) throws {
            // Releases already published are carried over as they were: a release is never rewritten.
            let bytes = path.hasPrefix(OCDSFiles.releasesFolder) ? options.previous?.releaseFiles[path] ?? bytes : bytes
            entries.append(Manifest.Entry(path: path, sha256: Digest.sha256(bytes), size: bytes.count))
            try sink(path, bytes)
        }
        do {
            if let consistencyBytes { try emit(LedgerFiles.consistency, consistencyBytes) }
            let counts = try content(
                events: events, leaves: leaves, tree: tree, root: root, checkpoint: note,
                ocidPrefix: options.ocidPrefix, publisher: options.publisher, releaseRangeEnds: earlierEnds, emit: emit)
            let manifest = Manifest.make(
                entries: entries, options: options, size: size, root: root, checkpoint: note, previous: previousSummary, counts: counts)
            try sink(Manifest.path, manifest)
            try sink(Manifest.signaturePath, Array(try Manifest.signature(of: manifest, origin: options.origin, size: size, key: options.key).utf8))
        } catch let error as ExportError {
            throw error
        } catch {
            throw ExportError("cannot write the export: \(error)")
        }
    }

    /// Every file that derives from the events and the signed checkpoint: everything but the manifest, its
    /// signature and the consistency proof. The verifier calls this too, to rebuild what a folder should hold.
    static func content(
        events: [PublicEvent], leaves: [EventLeaf], tree: InMemorySubtreeHashSource, root: Digest, checkpoint note: String,
        ocidPrefix: String, publisher: String, releaseRangeEnds: Set<Int64>,
        emit: (_ path: String, _ bytes: [UInt8]) throws -> Void
    ) throws -> JSON {
        let size = events.count
        let last = events[size - 1]
        let record = PublicRecord(events: events, ocidPrefix: ocidPrefix)
        var detector = FindingsDetector()
        for event in events { detector.observe(logged(event)) }
        let findings = detector.findings
        let publishedDate = LedgerTime.format(microseconds: last.recordedAtMicroseconds)

        try OCDSFiles.write(
            record: record, publisher: publisher, publishedDate: publishedDate,
            rangeEnds: OCDSFiles.rangeEnds(size: Int64(size), earlier: releaseRangeEnds),
            recordedAt: { LedgerTime.format(microseconds: events[Int($0 - 1)].recordedAtMicroseconds) }, emit: emit)
        let tables = CSVTables.tables(record, findings: findings)
        var cited = Set(record.releases.map(\.position))
        var rowCounts = [String: JSON]()
        var redactedCells = 0
        for table in tables {
            try emit(table.path, table.bytes)
            rowCounts[table.path] = JSON(table.rows.count)
            for row in table.rows {
                for position in row.last!.split(separator: " ") { cited.insert(Int64(position)!) }
                redactedCells += row.filter { $0 == CSVTables.redacted }.count
            }
        }
        try emit(LedgerFiles.log, LedgerFiles.logBytes(events))
        try emit(LedgerFiles.checkpoint, Array(note.utf8))
        let proofs: [UInt8]
        do {
            proofs = try LedgerFiles.proofBytes(positions: cited.sorted(), leaves: leaves, tree: tree, root: root)
        } catch {
            throw ExportError("cannot build the inclusion proofs: \(error)")
        }
        try emit(LedgerFiles.proofs, proofs)
        try emit("index.html", Array(PublicPage(
            record: record, findings: findings, events: events, ocidPrefix: ocidPrefix, publisher: publisher, size: size,
            root: root, publishedDate: publishedDate).html.utf8))
        return .object([
            "events": JSON(size),
            "releases": JSON(record.releases.count),
            "records": JSON(Set(record.releases.map(\.ocid)).count),
            "csvRows": .object(rowCounts),
            "findings": JSON(findings.count),
            "provedEvents": JSON(cited.count),
            "restrictedEvents": JSON(record.restrictedEvents),
            "redactedCells": JSON(redactedCells),
        ])
    }

    /// The proof that this log extends the previous export's; refuses a previous checkpoint it cannot check
    /// or that this log does not extend.
    static func consistency(
        from previousNote: String, to note: String, size: Int, root: Digest, tree: InMemorySubtreeHashSource, options: ExportOptions
    ) throws(ExportError) -> ConsistencyProof {
        let old: Checkpoint
        do {
            old = try Checkpoint(verifying: previousNote, using: [options.key.verifier])
        } catch {
            throw ExportError("the previous export's checkpoint is not signed by this key (\(options.key.name)): \(error); export without --previous, or with the key that signed it")
        }
        guard old.origin == options.origin else {
            throw ExportError("the previous export's checkpoint is of log \"\(old.origin)\", not \"\(options.origin)\": it is another ledger's export")
        }
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

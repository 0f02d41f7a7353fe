public import Foundation
public import Ledger
public import PostgresClient

/// Recomputes every leaf from the stored events, then the tree, then checks every stored checkpoint —
/// trusting nothing the database says about hashes.
public struct LedgerVerifier {
    public let connection: Connection
    /// Checkpoint signatures are checked with these keys; a checkpoint signed by none of them fails.
    public var keys: [NoteVerifier]
    /// How many events to read per query.
    public var batchSize = 10_000

    public init(connection: Connection, keys: [NoteVerifier]) {
        self.connection = connection
        self.keys = keys
    }

    /// The first problem found, phrased for an auditor.
    public struct Problem: Sendable, CustomStringConvertible {
        public var position: Int64?
        public var eventID: UUID?
        public var message: String
        public var description: String {
            var text = ""
            if let position { text += "position \(position)" }
            if let eventID { text += (text.isEmpty ? "" : ", ") + "event \(eventID.uuidString.lowercased())" }
            return text.isEmpty ? message : "\(text): \(message)"
        }
    }

    /// An event whose content does not match a digest committed at its append, recorded by `docket
    /// checkpoint` before any signed tree covered it: a writer's wrong digest (the appending functions
    /// commit to the digest they are sent), or a change before signing; not a change to signed history.
    public struct WriterFault: Sendable, CustomStringConvertible {
        public var position: Int64
        public var eventID: UUID
        /// payload, metadata or restricted.
        public var part: String
        public var foundAt: Date
        public var description: String {
            "position \(position), event \(eventID.uuidString.lowercased()): its \(part) does not match the digest committed "
                + "when it was appended, found (\(PostgresTimestamp.format(foundAt))) before any signed checkpoint covered it: "
                + "its writer sent a wrong digest, or it was changed before signing; signed history is intact, and this "
                + "\(part) cannot be verified"
        }
    }

    public struct Report: Sendable {
        public var events: Int64 = 0
        /// Events appended with a digest that does not match their content, recorded before signing.
        public var writerFaults: [WriterFault] = []
        public var checkpointsChecked = 0
        public var erasedRestricted = 0
        public var root: Digest = MerkleHash.emptyRoot
        public var problem: Problem?
        public var isValid: Bool { problem == nil && writerFaults.isEmpty }
        public init() {}
    }

    /// Verifies the whole ledger. `progress` is called after each batch with the events checked so far.
    public func verify(progress: (Int64) -> Void = { _ in }) throws -> Report {
        var report = Report()
        let store = LedgerStore(connection: connection)
        let checkpoints = try store.checkpoints()
        let storedHead = try store.head()
        let logHead = try connection.query("SELECT position FROM docket.log_head").int64(0, 0) ?? 0
        let storedNodes = try self.storedNodes()
        let faults = try recordedFaults()
        // A recorded fault counts only where the checkpoints that cover it signed it: each checkpoint's
        // `docket-append-faults` line must match the faults recorded at or below its size. A fault no
        // signed checkpoint covers yet is trusted as recorded (nothing signed is at stake).
        for checkpoint in checkpoints {
            guard let parsed = try? Checkpoint(verifying: checkpoint.signedNote, using: keys) else { continue }
            let signed = parsed.extensions.first { $0.hasPrefix(Self.faultsLinePrefix) }
            let expected = Self.faultsLine(faults, upTo: Int64(checkpoint.treeSize))
            if signed != expected, !(signed == nil && expected == nil) {
                report.problem = Problem(message: "the recorded append faults at or below position \(checkpoint.treeSize) are not those checkpoint \(checkpoint.id) signed (it says \(signed ?? "none"), the table gives \(expected ?? "none")): docket.append_faults was changed")
                return report
            }
        }

        // Checkpoint signatures first: they are the anchor everything else is compared with.
        for checkpoint in checkpoints {
            do {
                let parsed = try Checkpoint(verifying: checkpoint.signedNote, using: keys)
                guard parsed.size == checkpoint.treeSize, parsed.rootHash == checkpoint.rootHash else {
                    report.problem = Problem(message: "checkpoint \(checkpoint.id)'s signed note says size \(parsed.size), root \(parsed.rootHash), but its row says size \(checkpoint.treeSize), root \(checkpoint.rootHash)")
                    return report
                }
            } catch {
                report.problem = Problem(message: "checkpoint \(checkpoint.id) (size \(checkpoint.treeSize)) is not validly signed by \(keys.isEmpty ? "any given key (pass --key)" : keys.map(\.name).joined(separator: ", ")): \(error)")
                return report
            }
        }
        var pendingCheckpoints = checkpoints.sorted { $0.treeSize < $1.treeSize }[...]
        var tree = CompactRange()
        var versions = [String: Int64]()
        var expected: Int64 = 1

        func checkCheckpoints() -> Problem? {
            while let next = pendingCheckpoints.first, next.treeSize == tree.size {
                pendingCheckpoints.removeFirst()
                report.checkpointsChecked += 1
                if tree.root != next.rootHash {
                    return Problem(message: "the tree of the first \(next.treeSize) events has root \(tree.root), but signed checkpoint \(next.id) says \(next.rootHash): events before position \(next.treeSize + 1) were changed, removed or reordered")
                }
            }
            return nil
        }
        if let problem = checkCheckpoints() { report.problem = problem; return report }

        let pipeline = try LeafPipeline(connection: connection, batchSize: batchSize)
        defer { pipeline.cancel() }
        var batchIndex = 0
        while true {
            let rows = try pipeline.batch(batchIndex)
            batchIndex += 1
            if rows.isEmpty { break }
            for row in rows {
                let leaf = row.leaf
                func fail(_ message: String) -> Report {
                    report.problem = Problem(position: leaf.position, eventID: leaf.eventID, message: message)
                    return report
                }
                if leaf.position != expected {
                    report.problem = Problem(position: expected, message: "no event is at this position (the next is \(leaf.position)): an event was deleted or moved")
                    return report
                }
                if leaf.position > Int64(storedHead.size) {
                    return fail("the event is beyond the tree, which has \(storedHead.size) leaves: it did not go through an appending function")
                }
                var hash = row.leafHash
                if let parts = row.mismatchedParts, let fault = faults[leaf.position], fault.part == parts {
                    report.writerFaults.append(WriterFault(position: leaf.position, eventID: leaf.eventID, part: parts, foundAt: fault.foundAt))
                    hash = row.committedLeafHash
                } else {
                    if leaf.payloadDigest != row.storedPayloadDigest {
                        return fail("the payload differs from what was appended (its canonical SHA-256 is \(leaf.payloadDigest), the committed digest \(row.storedPayloadDigest))")
                    }
                    if leaf.metadataDigest != row.storedMetadataDigest {
                        return fail("the metadata differ from what was appended")
                    }
                    if let recomputed = row.recomputedRestrictedDigest, recomputed != leaf.restrictedDigest {
                        return fail("the restricted fields differ from their committed salted digest")
                    }
                }
                if row.recomputedRestrictedDigest == nil, leaf.restrictedDigest != nil {
                    report.erasedRestricted += 1
                }
                if hash != row.storedLeafHash {
                    return fail("the event's fields (stream, version, type, times, actor, authority, reason, ids or position) no longer match its leaf hash: it was changed or moved after it was appended")
                }
                let version = versions[leaf.stream, default: 0] + 1
                if leaf.version != version {
                    return fail("stream \(leaf.stream) jumps from version \(version - 1) to \(leaf.version)")
                }
                versions[leaf.stream] = version
                for node in tree.append(hash) where node.level >= LedgerStore.storedLevel {
                    if storedNodes[NodeKey(level: node.level, index: node.index)] != node.hash {
                        return fail("the stored subtree (level \(node.level), index \(node.index)) differs from the one recomputed from the events")
                    }
                }
                if let problem = checkCheckpoints() { report.problem = problem; return report }
                expected += 1
            }
            report.events = expected - 1
            progress(report.events)
        }
        report.events = expected - 1
        report.root = tree.root
        if report.events != Int64(storedHead.size) || report.events != logHead {
            report.problem = Problem(position: report.events + 1, message: "the log has \(report.events) events, but the tree records \(storedHead.size) and the log head \(logHead): events at the end were removed")
            return report
        }
        if tree.root != storedHead.root {
            report.problem = Problem(message: "the stored tree head (root \(storedHead.root)) differs from the tree recomputed from the events (root \(tree.root))")
            return report
        }
        if let unchecked = pendingCheckpoints.first {
            report.problem = Problem(message: "signed checkpoint \(unchecked.id) covers \(unchecked.treeSize) events, but the log has only \(report.events): events were removed")
        }
        return report
    }

    /// The extension line of a signed checkpoint that commits to the append faults recorded at or below
    /// its size: `docket-append-faults <count> <SHA-256 of "position part\n" lines in position order>`.
    static let faultsLinePrefix = "docket-append-faults "

    static func faultsLine(_ faults: [Int64: (part: String, foundAt: Date)], upTo size: Int64) -> String? {
        let covered = faults.filter { $0.key <= size }.sorted { $0.key < $1.key }
        guard !covered.isEmpty else { return nil }
        let text = covered.map { "\($0.key) \($0.value.part)\n" }.joined()
        return faultsLinePrefix + "\(covered.count) " + Digest.sha256(Array(text.utf8)).hex
    }

    /// The faults line for a checkpoint about to be signed at `size`.
    public func faultsLine(upTo size: Int64) throws -> String? {
        Self.faultsLine(try recordedFaults(), upTo: size)
    }

    private func recordedFaults() throws -> [Int64: (part: String, foundAt: Date)] {
        var faults = [Int64: (part: String, foundAt: Date)]()
        for row in try connection.query("SELECT position, part, found_at FROM docket.append_faults").rows {
            faults[try row.int64("position")!] = (try row.string("part")!, try row.date("found_at")!)
        }
        return faults
    }

    /// What `docket checkpoint` finds in the events it is about to sign for the first time.
    public struct Audit: Sendable {
        /// Events whose content does not match the digest their writer sent, newly recorded as faults.
        public var newFaults: [WriterFault] = []
        /// The first event whose stored fields no longer match its leaf hash: a change after append.
        public var changed: Problem?
    }

    /// Checks the events at positions `first…last` (those no signed checkpoint covers yet): recomputes
    /// each one's digests and leaf, records in `docket.append_faults` each whose content never matched
    /// the digest its writer sent, and reports the first whose fields changed after it was appended.
    public func audit(from first: Int64, through last: Int64) throws -> Audit {
        var audit = Audit()
        guard first <= last else { return audit }
        let rows = LeafRows(connection: connection)
        var after = first - 1
        while after < last {
            let batch = try rows.fetch(after: after, limit: batchSize, upTo: last)
            guard let final = batch.last else { break }
            for row in batch {
                let leaf = row.leaf
                guard let part = row.mismatchedParts else {
                    if row.leafHash != row.storedLeafHash, audit.changed == nil {
                        audit.changed = Problem(position: leaf.position, eventID: leaf.eventID, message:
                            "the event's fields no longer match its leaf hash: it was changed after it was appended")
                    }
                    continue
                }
                guard row.committedLeafHash == row.storedLeafHash else {
                    if audit.changed == nil {
                        audit.changed = Problem(position: leaf.position, eventID: leaf.eventID, message:
                            "the event no longer matches its leaf hash: it was changed after it was appended")
                    }
                    continue
                }
                let inserted = try connection.query("""
                    INSERT INTO docket.append_faults (position, part, detail) VALUES ($1, $2, $3)
                    ON CONFLICT (position) DO NOTHING RETURNING found_at
                    """, [leaf.position, part, "the \(part) does not match the digest sent with it at append"])
                if let foundAt = try inserted.rows.first?.date("found_at") {
                    audit.newFaults.append(WriterFault(position: leaf.position, eventID: leaf.eventID, part: part, foundAt: foundAt))
                }
            }
            after = final.leaf.position
        }
        return audit
    }

    /// Reads the whole log as `verify()` does, without rebuilding or checking anything; returns the count.
    /// This is the baseline for `docket bench verify`.
    public func scanOnly() throws -> Int64 {
        var last: Int64 = 0
        var total: Int64 = 0
        while true {
            let batch = try LeafRows.scan(connection, after: last, limit: batchSize)
            if batch.count == 0 { return total }
            total += Int64(batch.count)
            last = batch.last
        }
    }

    private struct NodeKey: Hashable { var level: Int; var index: Int }

    private func storedNodes() throws -> [NodeKey: Digest] {
        let result = try connection.query("SELECT level, \"index\", encode(hash, 'hex') FROM docket.ledger_nodes")
        var nodes = [NodeKey: Digest](minimumCapacity: result.rowCount)
        for row in 0..<result.rowCount {
            nodes[NodeKey(level: Int(try result.int64(row, 0)!), index: Int(try result.int64(row, 1)!))] = Digest(hex: result.string(row, 2)!)
        }
        return nodes
    }
}

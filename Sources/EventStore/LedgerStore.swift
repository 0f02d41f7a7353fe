public import Foundation
public import Ledger
public import PostgresClient

/// The Merkle tree the database keeps over the log: its head, stored subtrees, proofs and checkpoints.
public final class LedgerStore {
    public let connection: Connection

    /// Subtrees of 2^8 leaves and more are stored (sql/0002_ledger.sql); smaller ones are rebuilt from leaf hashes.
    public static let storedLevel = 8

    public init(connection: Connection) {
        self.connection = connection
    }

    /// The tree as it stands: its size and right edge.
    public func head() throws -> CompactRange {
        let result = try connection.query("SELECT size, array_to_string(hashes, ',') FROM docket.ledger_head")
        let size = Int(try result.int64(0, 0)!)
        let hashes = try (result.string(0, 1) ?? "").split(separator: ",").map { text in
            guard let digest = Digest(hex: String(text.dropFirst(2))) else {
                throw LedgerError("the stored tree head holds a malformed hash \(text)")
            }
            return digest
        }
        return try CompactRange(size: size, hashes: hashes)
    }

    /// The hash source that proofs are built from.
    public var subtrees: DatabaseSubtrees { DatabaseSubtrees(connection: connection) }

    /// The leaf bytes and hash of the event at `position`, rebuilt from its stored fields.
    public func leaf(position: Int64) throws -> (bytes: [UInt8], hash: Digest) {
        guard let row = try LeafRows(connection: connection).fetch(after: position - 1, limit: 1).first,
              row.leaf.position == position else {
            throw LedgerError("there is no event at position \(position)")
        }
        return (row.leaf.bytes, row.leaf.leafHash)
    }

    /// The position of the event with this id.
    public func position(of id: UUID) throws -> Int64 {
        guard let position = try connection.query("SELECT position FROM docket.events WHERE event_id = $1", [id]).int64(0, 0) ?? nil else {
            throw LedgerError("there is no event with id \(id.uuidString.lowercased())")
        }
        return position
    }

    // MARK: Checkpoints

    public struct StoredCheckpoint: Sendable {
        public var id: Int64
        public var origin: String
        public var treeSize: Int
        public var rootHash: Digest
        public var signedNote: String
        public var keyName: String
        public var createdAt: Date
    }

    public func checkpoints() throws -> [StoredCheckpoint] {
        let result = try connection.query("""
            SELECT id, origin, tree_size, encode(root_hash, 'hex'), signed_note, key_name, created_at
            FROM docket.checkpoints ORDER BY id
            """)
        return try (0..<result.rowCount).map { row in
            StoredCheckpoint(
                id: try result.int64(row, 0)!, origin: result.string(row, 1)!, treeSize: Int(try result.int64(row, 2)!),
                rootHash: Digest(hex: result.string(row, 3)!)!, signedNote: result.string(row, 4)!,
                keyName: result.string(row, 5)!, createdAt: try result.date(row, 6)!)
        }
    }

    /// Signs the current tree with `key` and stores the checkpoint, refusing if the tree is not an
    /// extension of the previous checkpoint's tree (its consistency proof must verify).
    ///
    /// First it audits the events no signed checkpoint covers yet (``LedgerVerifier/audit(from:through:)``):
    /// an event whose content never matched its writer's digest is recorded as a writer's fault (and
    /// returned), and one changed since its append makes it refuse to sign.
    public func makeCheckpoint(key: SigningKey, origin: String, now: Date = Date()) throws
        -> (checkpoint: StoredCheckpoint, note: SignedNote, faults: [LedgerVerifier.WriterFault]) {
        let signedSize = Int64(try checkpoints().map(\.treeSize).max() ?? 0)
        // Most of the audit runs before appends are held back; the rest, under the lock, is what came since.
        let auditor = LedgerVerifier(connection: connection, keys: [])
        var faults = [LedgerVerifier.WriterFault]()
        func audit(through size: Int64, from first: Int64) throws {
            let found = try auditor.audit(from: first, through: size)
            if let changed = found.changed {
                throw LedgerError("refusing to sign: \(changed) — run docket verify")
            }
            faults += found.newFaults
        }
        let auditedSize = Int64(try head().size)
        try audit(through: auditedSize, from: signedSize + 1)
        return try connection.transaction { connection in
            // Hold appends back for the moment it takes to read the head and sign it.
            try connection.query("SELECT 1 FROM docket.ledger_head FOR SHARE")
            let head = try head()
            try audit(through: Int64(head.size), from: auditedSize + 1)
            let previous = try checkpoints().last
            if let previous {
                guard previous.origin == origin else {
                    throw LedgerError("this ledger's checkpoints have origin \"\(previous.origin)\"; sign with the same origin (--origin \"\(previous.origin)\")")
                }
                guard head.size >= previous.treeSize else {
                    throw LedgerError("the tree has \(head.size) leaves but the previous checkpoint had \(previous.treeSize): the log has lost events; run docket verify")
                }
                if previous.treeSize > 0 {
                    let proof = try subtrees.consistencyProof(oldSize: previous.treeSize, newSize: head.size)
                    do {
                        try MerkleTree.verifyConsistency(
                            oldSize: previous.treeSize, newSize: head.size, oldRoot: previous.rootHash, newRoot: head.root, proof: proof)
                    } catch {
                        throw LedgerError("""
                            refusing to sign: the tree of \(head.size) leaves is not consistent with checkpoint \(previous.id) \
                            (size \(previous.treeSize), root \(previous.rootHash)) — history before that checkpoint was changed; run docket verify
                            """)
                    }
                }
            }
            let time = PostgresTimestamp.format(now)
            // The append faults recorded at or below this size are signed with it (LedgerVerifier.faultsLine).
            let faultsLine = try auditor.faultsLine(upTo: Int64(head.size))
            let checkpoint = try Checkpoint(origin: origin, size: head.size, rootHash: head.root,
                                            extensions: ["time \(time)"] + (faultsLine.map { [$0] } ?? []))
            let note = try checkpoint.signed(with: [key])
            let inserted = try connection.query("""
                INSERT INTO docket.checkpoints (origin, tree_size, root_hash, signed_note, key_name)
                VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at
                """, [origin, head.size, PostgresBytes(head.root.bytes), note.text, key.verifier.verifierKey])
            return (StoredCheckpoint(
                id: try inserted.int64(0, 0)!, origin: origin, treeSize: head.size, rootHash: head.root,
                signedNote: note.text, keyName: key.verifier.verifierKey, createdAt: try inserted.date(0, 1)!), note, faults)
        }
    }
}

/// Subtree hashes from the database: stored nodes for big subtrees, leaf hashes for the rest.
public struct DatabaseSubtrees: SubtreeHashSource {
    let connection: Connection

    public func hash(level: Int, index: Int) throws -> Digest {
        if level >= LedgerStore.storedLevel {
            let result = try connection.query(
                "SELECT encode(hash, 'hex') FROM docket.ledger_nodes WHERE level = $1 AND \"index\" = $2", [level, index])
            guard result.rowCount == 1, let digest = Digest(hex: result.string(0, 0)!) else {
                throw LedgerError("the stored subtree (level \(level), index \(index)) is missing")
            }
            return digest
        }
        let first = Int64(index << level) + 1
        let count = Int64(1 << level)
        let result = try connection.query(
            "SELECT encode(leaf_hash, 'hex') FROM docket.events WHERE position BETWEEN $1 AND $2 ORDER BY position",
            [first, first + count - 1])
        guard result.rowCount == count else {
            throw LedgerError("positions \(first)…\(first + count - 1) are not all in the log")
        }
        return MerkleTree.root((0..<result.rowCount).map { Digest(hex: result.string($0, 0)!)! })
    }
}

/// A ledger problem, phrased for the user.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

import DocketJSON
import Foundation
import Ledger
import PostgresClient

/// Reads events with everything their leaves commit to, and rebuilds each leaf independently of the
/// SQL that built it at append time.
struct LeafRows {
    let connection: Connection

    struct Row: Sendable {
        /// The leaf rebuilt from the stored fields, with digests recomputed from the stored JSON.
        var leaf: EventLeaf
        /// The leaf hash of `leaf`, computed by whichever thread read the row.
        var leafHash: Digest
        var storedLeafHash: Digest
        var storedPayloadDigest: Digest
        var storedMetadataDigest: Digest
        /// The restricted fields' recomputed digest, when they are still held (not erased).
        var recomputedRestrictedDigest: Digest?

        /// The parts whose recomputed digests differ from those committed at append (comma-separated:
        /// payload, metadata, restricted), if any.
        var mismatchedParts: String? {
            var parts = [String]()
            if leaf.payloadDigest != storedPayloadDigest { parts.append("payload") }
            if leaf.metadataDigest != storedMetadataDigest { parts.append("metadata") }
            if let recomputedRestrictedDigest, recomputedRestrictedDigest != leaf.restrictedDigest { parts.append("restricted") }
            return parts.isEmpty ? nil : parts.joined(separator: ",")
        }

        /// The leaf hash of the event's stored fields with the digests committed at append: what the
        /// appending function hashed. It equals the stored leaf hash unless a field changed afterwards.
        var committedLeafHash: Digest {
            var committed = leaf
            committed.payloadDigest = storedPayloadDigest
            committed.metadataDigest = storedMetadataDigest
            return committed.leafHash
        }
    }

    /// The restricted parts' range is given too, so their merge join starts at the batch rather than at the
    /// first restricted event (PostgreSQL does not carry a range across the join's equality).
    static let query = """
            SELECT e.position, e.event_id, e.stream_id, e.stream_version, e.event_type, e.schema_version,
                   e.payload::text, e.metadata::text, e.actor, e.authority, e.reason, e.correlation_id, e.causation_id,
                   (extract(epoch FROM e.occurred_at - timestamptz '1970-01-01 00:00:00+00') * 1000000)::bigint,
                   (extract(epoch FROM e.recorded_at - timestamptz '1970-01-01 00:00:00+00') * 1000000)::bigint,
                   e.payload_digest, e.metadata_digest, e.restricted_digest, e.leaf_hash, r.salt, r.fields::text
            FROM docket.events e
            LEFT JOIN docket.event_restricted r ON r.position = e.position AND r.position > $1 AND r.position <= $3
            WHERE e.position > $1 AND e.position <= $3 ORDER BY e.position LIMIT $2
            """

    /// Reads the rows without rebuilding anything: the baseline `docket bench verify` compares with.
    static func scan(_ connection: Connection, after position: Int64, limit: Int) throws -> (count: Int, last: Int64) {
        let result = try connection.query(query, [position, limit, Int64.max])
        guard result.rowCount > 0 else { return (0, position) }
        return (result.rowCount, try result.int64(result.rowCount - 1, 0)!)
    }

    /// The rows of batch `index`: positions index·size+1 … (index+1)·size (fewer if some are missing).
    func fetch(range index: Int, size: Int) throws -> [Row] {
        try fetch(after: Int64(index) * Int64(size), limit: size, upTo: Int64(index + 1) * Int64(size))
    }

    func fetch(after position: Int64, limit: Int, upTo last: Int64 = .max) throws -> [Row] {
        let result = try connection.query(Self.query, [position, limit, last])
        var rows = [Row]()
        rows.reserveCapacity(result.rowCount)
        for row in 0..<result.rowCount {
            func digest(_ column: Int) throws -> Digest? {
                guard let bytes = try result.bytes(row, column) else { return nil }
                guard let digest = Digest(bytes: bytes) else {
                    throw LedgerError("position \(try result.int64(row, 0) ?? 0): a stored digest is not 32 bytes")
                }
                return digest
            }
            func canonicalDigest(_ column: Int) throws -> Digest {
                try result.withBytes(row, column) { bytes in
                    Digest.sha256(try JSON.parse(bytes!).canonicalBytes)
                }
            }
            var restricted: Digest?
            if let salt = try result.bytes(row, 19) {
                let fields = try result.withBytes(row, 20) { try JSON.parse($0!).canonicalBytes }
                restricted = Digest.restricted(salt: salt, canonicalFields: fields)
            }
            let leaf = EventLeaf(
                position: try result.int64(row, 0)!, eventID: try result.uuid(row, 1)!, stream: result.string(row, 2)!,
                version: try result.int64(row, 3)!, type: result.string(row, 4)!, schemaVersion: Int32(try result.int64(row, 5)!),
                occurredAtMicroseconds: try result.int64(row, 13)!, recordedAtMicroseconds: try result.int64(row, 14)!,
                actor: result.string(row, 8), authority: result.string(row, 9), reason: result.string(row, 10),
                correlationID: try result.uuid(row, 11), causationID: try result.uuid(row, 12),
                metadataDigest: try canonicalDigest(7), payloadDigest: try canonicalDigest(6),
                restrictedDigest: try digest(17))
            rows.append(Row(
                leaf: leaf, leafHash: leaf.leafHash, storedLeafHash: try digest(18)!, storedPayloadDigest: try digest(15)!,
                storedMetadataDigest: try digest(16)!, recomputedRestrictedDigest: restricted))
        }
        return rows
    }
}

public import Foundation
import Crypto

/// The fields of one event that its Merkle leaf commits to, and their encoding (ledger format version 1).
///
/// docs/ledger-format.md specifies the bytes; `sql/0002_ledger.sql` builds the same bytes inside
/// PostgreSQL at append time. The two are independent implementations, and `docket verify` checks that
/// they agree for every event.
public struct EventLeaf: Hashable, Sendable {
    /// The format version, the first byte of every leaf.
    public static let formatVersion: UInt8 = 1

    public var position: Int64
    public var eventID: UUID
    public var stream: String
    public var version: Int64
    public var type: String
    public var schemaVersion: Int32
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var occurredAtMicroseconds: Int64
    public var recordedAtMicroseconds: Int64
    public var actor: String?
    public var authority: String?
    public var reason: String?
    public var correlationID: UUID?
    public var causationID: UUID?
    /// SHA-256 of the canonical (RFC 8785) metadata object.
    public var metadataDigest: Digest
    /// SHA-256 of the canonical (RFC 8785) public payload object.
    public var payloadDigest: Digest
    /// SHA-256(salt ‖ canonical restricted object), when the event has restricted fields.
    public var restrictedDigest: Digest?

    public init(
        position: Int64, eventID: UUID, stream: String, version: Int64, type: String, schemaVersion: Int32,
        occurredAtMicroseconds: Int64, recordedAtMicroseconds: Int64,
        actor: String?, authority: String?, reason: String?, correlationID: UUID?, causationID: UUID?,
        metadataDigest: Digest, payloadDigest: Digest, restrictedDigest: Digest?
    ) {
        self.position = position
        self.eventID = eventID
        self.stream = stream
        self.version = version
        self.type = type
        self.schemaVersion = schemaVersion
        self.occurredAtMicroseconds = occurredAtMicroseconds
        self.recordedAtMicroseconds = recordedAtMicroseconds
        self.actor = actor
        self.authority = authority
        self.reason = reason
        self.correlationID = correlationID
        self.causationID = causationID
        self.metadataDigest = metadataDigest
        self.payloadDigest = payloadDigest
        self.restrictedDigest = restrictedDigest
    }

    /// The leaf bytes; the tree's leaf hash is SHA-256(0x00 ‖ bytes).
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(192 + stream.utf8.count + type.utf8.count)
        out.append(Self.formatVersion)
        Self.append(position, to: &out)
        Self.append(eventID, to: &out)
        Self.appendText(stream, to: &out)
        Self.append(version, to: &out)
        Self.appendText(type, to: &out)
        Self.append(UInt32(bitPattern: schemaVersion), to: &out)
        Self.append(occurredAtMicroseconds, to: &out)
        Self.append(recordedAtMicroseconds, to: &out)
        for text in [actor, authority, reason] {
            if let text {
                out.append(1)
                Self.appendText(text, to: &out)
            } else {
                out.append(0)
            }
        }
        for id in [correlationID, causationID] {
            if let id {
                out.append(1)
                Self.append(id, to: &out)
            } else {
                out.append(0)
            }
        }
        out.append(contentsOf: metadataDigest.bytes)
        out.append(contentsOf: payloadDigest.bytes)
        if let restrictedDigest {
            out.append(1)
            out.append(contentsOf: restrictedDigest.bytes)
        } else {
            out.append(0)
        }
        return out
    }

    /// The RFC 6962 leaf hash of this event.
    public var leafHash: Digest { MerkleHash.leafHash(bytes) }

    /// Microseconds since the Unix epoch, rounded to the nearest microsecond as PostgreSQL stores them.
    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    private static func append(_ value: Int64, to out: inout [UInt8]) {
        append(UInt64(bitPattern: value), to: &out)
    }

    private static func append(_ value: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func append(_ value: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    private static func append(_ id: UUID, to out: inout [UInt8]) {
        withUnsafeBytes(of: id.uuid) { out.append(contentsOf: $0) }
    }

    private static func appendText(_ text: String, to out: inout [UInt8]) {
        append(UInt32(text.utf8.count), to: &out)
        out.append(contentsOf: text.utf8)
    }
}

extension Digest {
    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: some Sequence<UInt8>) -> Digest {
        Digest(unchecked: Array(SHA256.hash(data: Array(bytes))))
    }

    /// SHA-256(salt ‖ canonical bytes): the commitment to an event's restricted fields.
    public static func restricted(salt: [UInt8], canonicalFields: [UInt8]) -> Digest {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: canonicalFields)
        return Digest(unchecked: Array(hasher.finalize()))
    }
}

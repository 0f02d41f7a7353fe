public import DocketJSON
public import Foundation

/// An event in its public form: every field its leaf commits to, each under its own key, with the public
/// payload and metadata, and restricted (personal) fields only as their salted digest.
///
/// `docket log --json` prints this form and an export's `ledger/` holds it; docs/ledger-format.md §8
/// specifies it. Anyone can rebuild the event's leaf from it alone (``leaf``).
public struct PublicEvent: Hashable, Sendable {
    public var position: Int64
    public var id: UUID
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
    public var metadata: [String: JSON]
    public var data: [String: JSON]
    /// SHA-256(salt ‖ canonical restricted object), for events with restricted fields.
    public var restrictedDigest: Digest?

    public init(
        position: Int64, id: UUID, stream: String, version: Int64, type: String, schemaVersion: Int32,
        occurredAtMicroseconds: Int64, recordedAtMicroseconds: Int64,
        actor: String?, authority: String?, reason: String?, correlationID: UUID?, causationID: UUID?,
        metadata: [String: JSON], data: [String: JSON], restrictedDigest: Digest?
    ) {
        self.position = position
        self.id = id
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
        self.metadata = metadata
        self.data = data
        self.restrictedDigest = restrictedDigest
    }

    /// The leaf this event commits to, with its digests computed from `data` and `metadata`.
    public var leaf: EventLeaf {
        EventLeaf(
            position: position, eventID: id, stream: stream, version: version, type: type, schemaVersion: schemaVersion,
            occurredAtMicroseconds: occurredAtMicroseconds, recordedAtMicroseconds: recordedAtMicroseconds,
            actor: actor, authority: authority, reason: reason, correlationID: correlationID, causationID: causationID,
            metadataDigest: Digest.sha256(JSON.object(metadata).canonicalBytes),
            payloadDigest: Digest.sha256(JSON.object(data).canonicalBytes),
            restrictedDigest: restrictedDigest)
    }

    /// The keys of the public form, in the order docs/ledger-format.md §8 lists them.
    public static let keys = [
        "position", "id", "stream", "version", "type", "schemaVersion", "occurredAt", "recordedAt",
        "actor", "authority", "reason", "correlationId", "causationId", "metadata", "data", "restrictedDigest",
    ]

    /// The public form as a JSON object; absent optional fields are `null`.
    public var json: JSON {
        func text(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
        func uuid(_ value: UUID?) -> JSON { value.map { .string($0.uuidString.lowercased()) } ?? .null }
        return .object([
            "position": JSON(position),
            "id": uuid(id),
            "stream": .string(stream),
            "version": JSON(version),
            "type": .string(type),
            "schemaVersion": JSON(Int64(schemaVersion)),
            "occurredAt": .string(LedgerTime.format(microseconds: occurredAtMicroseconds)),
            "recordedAt": .string(LedgerTime.format(microseconds: recordedAtMicroseconds)),
            "actor": text(actor),
            "authority": text(authority),
            "reason": text(reason),
            "correlationId": uuid(correlationID),
            "causationId": uuid(causationID),
            "metadata": .object(metadata),
            "data": .object(data),
            "restrictedDigest": restrictedDigest.map { .string($0.hex) } ?? .null,
        ])
    }

    /// Reads the public form; the error names the key that is missing or malformed.
    public init(json: JSON) throws(PublicEventError) {
        guard let object = json.objectValue else { throw PublicEventError(key: nil, message: "is not a JSON object") }
        if let unknown = object.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            throw PublicEventError(key: unknown, message: "is not a key of the public event form")
        }
        if let missing = Self.keys.first(where: { object[$0] == nil }) {
            throw PublicEventError(key: missing, message: "is missing")
        }
        func member(_ key: String) -> JSON { object[key]! }
        func integer(_ key: String) throws(PublicEventError) -> Int64 {
            guard let value = member(key).int64Value else { throw PublicEventError(key: key, message: "is not an integer") }
            return value
        }
        func text(_ key: String) throws(PublicEventError) -> String {
            guard let value = member(key).stringValue else { throw PublicEventError(key: key, message: "is not a string") }
            return value
        }
        func optionalText(_ key: String) throws(PublicEventError) -> String? {
            let value = member(key)
            if value.isNull { return nil }
            guard let string = value.stringValue else { throw PublicEventError(key: key, message: "is neither a string nor null") }
            return string
        }
        func uuid(_ key: String) throws(PublicEventError) -> UUID? {
            guard let string = try optionalText(key) else { return nil }
            guard let id = UUID(uuidString: string), string == string.lowercased() else {
                throw PublicEventError(key: key, message: "is not a lower-case UUID")
            }
            return id
        }
        func time(_ key: String) throws(PublicEventError) -> Int64 {
            guard let value = LedgerTime.parse(try text(key)) else {
                throw PublicEventError(key: key, message: "is not a time of the form YYYY-MM-DDTHH:MM:SS.ffffffZ")
            }
            return value
        }
        func objectMember(_ key: String) throws(PublicEventError) -> [String: JSON] {
            guard let value = member(key).objectValue else { throw PublicEventError(key: key, message: "is not an object") }
            return value
        }
        guard let id = try uuid("id") else { throw PublicEventError(key: "id", message: "is null") }
        let schemaVersion = try integer("schemaVersion")
        guard let schema = Int32(exactly: schemaVersion) else { throw PublicEventError(key: "schemaVersion", message: "is out of range") }
        var restricted: Digest?
        if let hex = try optionalText("restrictedDigest") {
            guard let digest = Digest(hex: hex) else { throw PublicEventError(key: "restrictedDigest", message: "is not 64 hex digits") }
            restricted = digest
        }
        self.init(
            position: try integer("position"), id: id, stream: try text("stream"), version: try integer("version"),
            type: try text("type"), schemaVersion: schema,
            occurredAtMicroseconds: try time("occurredAt"), recordedAtMicroseconds: try time("recordedAt"),
            actor: try optionalText("actor"), authority: try optionalText("authority"), reason: try optionalText("reason"),
            correlationID: try uuid("correlationId"), causationID: try uuid("causationId"),
            metadata: try objectMember("metadata"), data: try objectMember("data"), restrictedDigest: restricted)
    }
}

/// A public event that cannot be read: which key, and what is wrong with it.
public struct PublicEventError: Error, Hashable, Sendable, CustomStringConvertible {
    public var key: String?
    public var message: String
    public init(key: String?, message: String) {
        self.key = key
        self.message = message
    }
    public var description: String { key.map { "\"\($0)\" \(message)" } ?? message }
}

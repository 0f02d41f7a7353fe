import DocketJSON
import Foundation
import Ledger
import PostgresClient

/// One new event in the form the server stores and hashes: canonical (RFC 8785) payload, metadata and
/// restricted fields, with their digests. Written either as an element of the JSON array
/// `docket.append()` takes, or as a row of `pg_temp.docket_staging` for `docket.append_staged()`.
struct EncodedEvent {
    let event: NewEvent
    let data: [UInt8]
    let payloadDigest: Digest
    let metadata: [UInt8]
    let metadataDigest: Digest
    let restricted: Restricted?

    struct Restricted {
        let fields: [UInt8]
        let salt: [UInt8]
        let digest: Digest
    }

    init(_ event: NewEvent) {
        self.event = event
        data = JSON.object(event.data).canonicalBytes
        payloadDigest = Digest.sha256(data)
        metadata = JSON.object(event.metadata).canonicalBytes
        metadataDigest = Digest.sha256(metadata)
        restricted = event.restricted.map { fields in
            let canonical = JSON.object(fields).canonicalBytes
            var salt = [UInt8](repeating: 0, count: 16)
            var generator = SystemRandomNumberGenerator()
            for index in salt.indices { salt[index] = generator.next() }
            return Restricted(fields: canonical, salt: salt, digest: Digest.restricted(salt: salt, canonicalFields: canonical))
        }
    }

    /// The bytes the limits count: canonical payload, metadata and restricted fields (`{}` if none).
    var size: Int { data.count + metadata.count + (restricted?.fields.count ?? 2) }

    private var texts: [(name: String, value: String?)] {
        let context = event.context
        return [
            ("actor", context.actor), ("authority", context.authority), ("reason", context.reason),
            ("correlation_id", context.correlationID?.lowercasedText),
            ("causation_id", context.causationID?.lowercasedText),
            ("occurred_at", event.occurredAt.map(PostgresTimestamp.format)),
        ]
    }

    /// This event as the parameters of `docket.append_event()`, in order. Only for an event without
    /// restricted fields.
    var parameters: [String?] {
        [
            event.id.lowercasedText, event.stream, event.type, String(event.schemaVersion),
            event.expectedVersion.sqlWord, String(decoding: data, as: UTF8.self), "\\x" + payloadDigest.hex,
            String(decoding: metadata, as: UTF8.self), "\\x" + metadataDigest.hex,
        ] + texts.map(\.value)
    }

    /// This event as a JSON object with the keys `docket.append_input()` reads.
    func writeJSON(to out: inout [UInt8]) {
        func key(_ name: String, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            JSON.string(name).write(canonicalTo: &out)
            out.append(UInt8(ascii: ":"))
        }
        func text(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            JSON.string(value).write(canonicalTo: &out)
        }
        out.append(UInt8(ascii: "{"))
        key("id", first: true)
        JSON.string(event.id.lowercasedText).write(canonicalTo: &out)
        text("stream", event.stream)
        text("type", event.type)
        key("schema_version")
        out.append(contentsOf: String(event.schemaVersion).utf8)
        text("expected", event.expectedVersion.sqlWord)
        key("data")
        out.append(contentsOf: data)
        text("payload_digest", payloadDigest.hex)
        key("metadata")
        out.append(contentsOf: metadata)
        text("metadata_digest", metadataDigest.hex)
        if let restricted {
            key("restricted")
            out.append(contentsOf: restricted.fields)
            text("restricted_salt", PostgresBytes(restricted.salt).postgresText.dropFirst(2).description)
            text("restricted_digest", restricted.digest.hex)
        }
        for (name, value) in texts { text(name, value) }
        out.append(UInt8(ascii: "}"))
    }

    /// This event as a binary COPY row, in the column order and types of `EventStore.stagedColumns`.
    func writeRow(ordinal: Int, to rows: inout BinaryCopyData) {
        rows.startRow()
        rows.append(bigint: Int64(ordinal))
        rows.append(uuid: event.id)
        rows.append(text: event.stream)
        rows.append(text: event.type)
        rows.append(integer: Int32(event.schemaVersion))  // at most Int32.max: checked by EventStore.check
        rows.append(text: event.expectedVersion.sqlWord)
        rows.append(jsonb: data)
        rows.append(bytea: payloadDigest.bytes)
        rows.append(jsonb: metadata)
        rows.append(bytea: metadataDigest.bytes)
        if let restricted {
            rows.append(jsonb: restricted.fields)
            rows.append(bytea: restricted.salt)
            rows.append(bytea: restricted.digest.bytes)
        } else {
            rows.appendNull()
            rows.appendNull()
            rows.appendNull()
        }
        let context = event.context
        rows.append(text: context.actor)
        rows.append(text: context.authority)
        rows.append(text: context.reason)
        rows.append(uuid: context.correlationID)
        rows.append(uuid: context.causationID)
        rows.append(timestamp: event.occurredAt)
        rows.endRow()
    }
}

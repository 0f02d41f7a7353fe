import Foundation

/// Why a proof document was rejected.
public enum ProofDocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The JSON is not a proof document of the expected format.
    case malformedDocument(String)
    /// The Merkle path does not check out.
    case proof(ProofError)
    /// The included leaf bytes do not hash to the stated leaf hash.
    case leafHashMismatch(stated: Digest, computed: Digest)
    /// A signed checkpoint is required to tie the proof to the log's key.
    case missingCheckpoint
    /// The checkpoint note is malformed, unsigned by the key, or for another log.
    case checkpoint(CheckpointError)
    /// The checkpoint is for a different tree size than the proof.
    case checkpointSizeMismatch(checkpoint: Int, proof: Int)
    /// The checkpoint's root differs from the proof's root.
    case checkpointRootMismatch(checkpoint: Digest, proof: Digest)

    public var description: String {
        switch self {
        case let .malformedDocument(reason):
            "malformed proof document: \(reason)"
        case let .proof(error):
            "proof does not verify: \(error)"
        case let .leafHashMismatch(stated, computed):
            "leaf bytes hash to \(computed.hex), but the proof states leaf hash \(stated.hex)"
        case .missingCheckpoint:
            "proof document has no signed checkpoint"
        case let .checkpoint(error):
            "\(error)"
        case let .checkpointSizeMismatch(checkpoint, proof):
            "checkpoint is for tree size \(checkpoint), proof is for tree size \(proof)"
        case let .checkpointRootMismatch(checkpoint, proof):
            "checkpoint root \(checkpoint.hex) differs from proof root \(proof.hex)"
        }
    }
}

/// JSON encoding and decoding shared by the proof documents.
enum ProofJSON {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        // Sorted and pretty so documents are stable and readable in diffs and tickets.
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(ProofDocumentError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw .malformedDocument(describe(context))
        } catch let DecodingError.keyNotFound(key, context) {
            throw .malformedDocument("missing \"\(key.stringValue)\"" + at(context))
        } catch let DecodingError.typeMismatch(type, context) {
            throw .malformedDocument("expected \(type)" + at(context))
        } catch let DecodingError.valueNotFound(type, context) {
            throw .malformedDocument("null where \(type) is required" + at(context))
        } catch {
            throw .malformedDocument("\(error)")
        }
    }

    /// Checks the document's format tag so other JSON is not mistaken for a proof.
    static func checkFormat<Key: CodingKey>(
        _ container: KeyedDecodingContainer<Key>, key: Key, expected: String
    ) throws {
        let format = try container.decode(String.self, forKey: key)
        guard format == expected else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "format is \"\(format)\", expected \"\(expected)\"")
        }
    }

    static func decodeBase64<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, key: Key) throws -> [UInt8]? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let bytes = Base64.decode(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not valid base64")
        }
        return bytes
    }

    /// Verifies a checkpoint note and that it describes the proven tree.
    @discardableResult
    static func checkCheckpoint(
        _ text: String, size: Int, root: Digest, publicKey: NoteVerifier, origin: String?
    ) throws(ProofDocumentError) -> Checkpoint {
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(verifying: text, using: [publicKey], origin: origin)
        } catch {
            throw .checkpoint(error)
        }
        guard checkpoint.size == size else { throw .checkpointSizeMismatch(checkpoint: checkpoint.size, proof: size) }
        guard checkpoint.rootHash == root else {
            throw .checkpointRootMismatch(checkpoint: checkpoint.rootHash, proof: root)
        }
        return checkpoint
    }

    private static func describe(_ context: DecodingError.Context) -> String {
        context.debugDescription + at(context)
    }

    private static func at(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "" : " at \(path)"
    }
}

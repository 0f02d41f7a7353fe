public import Foundation

/// A self-contained, offline-verifiable proof that one tree head extends another.
///
/// JSON (keys sorted when written; optional keys omitted when absent):
///
///     {
///       "format": "docket-consistency-proof-v1",
///       "old_size": 5,
///       "new_size": 8,
///       "old_root": "<64 hex>",
///       "new_root": "<64 hex>",
///       "path": ["<64 hex>", ...],        // RFC 6962 consistency proof
///       "old_checkpoint": "<signed note>",// optional, for (old_size, old_root)
///       "new_checkpoint": "<signed note>" // optional, for (new_size, new_root)
///     }
public struct ConsistencyProof: Hashable, Sendable {
    /// The value of the "format" key.
    public static let format = "docket-consistency-proof-v1"

    /// Size of the earlier tree (at least 1).
    public let oldSize: Int
    /// Size of the later tree.
    public let newSize: Int
    /// Root of the earlier tree.
    public let oldRoot: Digest
    /// Root of the later tree.
    public let newRoot: Digest
    /// The RFC 6962 consistency proof.
    public let path: [Digest]
    /// Signed checkpoint note text for the old tree, if included.
    public let oldCheckpoint: String?
    /// Signed checkpoint note text for the new tree, if included.
    public let newCheckpoint: String?

    /// A document from its parts; nothing is checked until ``verify(publicKey:origin:)``.
    public init(
        oldSize: Int, newSize: Int, oldRoot: Digest, newRoot: Digest, path: [Digest],
        oldCheckpoint: String? = nil, newCheckpoint: String? = nil
    ) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.path = path
        self.oldCheckpoint = oldCheckpoint
        self.newCheckpoint = newCheckpoint
    }

    /// Checks the path between the two roots, without any key.
    public func verifyPath() throws(ProofDocumentError) {
        do {
            try MerkleTree.verifyConsistency(
                oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: path)
        } catch {
            throw .proof(error)
        }
    }

    /// Checks everything: the path, the new checkpoint (required) and the old
    /// one (if present), each signed by `publicKey` and matching its size and root.
    ///
    /// - Returns: the verified new checkpoint.
    @discardableResult
    public func verify(publicKey: NoteVerifier, origin: String? = nil) throws(ProofDocumentError) -> Checkpoint {
        try verifyPath()
        guard let newCheckpoint else { throw .missingCheckpoint }
        if let oldCheckpoint {
            try ProofJSON.checkCheckpoint(oldCheckpoint, size: oldSize, root: oldRoot, publicKey: publicKey, origin: origin)
        }
        return try ProofJSON.checkCheckpoint(
            newCheckpoint, size: newSize, root: newRoot, publicKey: publicKey, origin: origin)
    }

    /// The document as pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data { try ProofJSON.encode(self) }

    /// Parses a document, saying what is wrong if it is not one.
    public init(jsonData: Data) throws(ProofDocumentError) {
        self = try ProofJSON.decode(Self.self, from: jsonData)
    }
}

extension ConsistencyProof: Codable {
    private enum CodingKeys: String, CodingKey {
        case format
        case oldSize = "old_size"
        case newSize = "new_size"
        case oldRoot = "old_root"
        case newRoot = "new_root"
        case path
        case oldCheckpoint = "old_checkpoint"
        case newCheckpoint = "new_checkpoint"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ProofJSON.checkFormat(container, key: .format, expected: Self.format)
        try self.init(
            oldSize: container.decode(Int.self, forKey: .oldSize),
            newSize: container.decode(Int.self, forKey: .newSize),
            oldRoot: container.decode(Digest.self, forKey: .oldRoot),
            newRoot: container.decode(Digest.self, forKey: .newRoot),
            path: container.decode([Digest].self, forKey: .path),
            oldCheckpoint: container.decodeIfPresent(String.self, forKey: .oldCheckpoint),
            newCheckpoint: container.decodeIfPresent(String.self, forKey: .newCheckpoint))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(oldSize, forKey: .oldSize)
        try container.encode(newSize, forKey: .newSize)
        try container.encode(oldRoot, forKey: .oldRoot)
        try container.encode(newRoot, forKey: .newRoot)
        try container.encode(path, forKey: .path)
        try container.encodeIfPresent(oldCheckpoint, forKey: .oldCheckpoint)
        try container.encodeIfPresent(newCheckpoint, forKey: .newCheckpoint)
    }
}

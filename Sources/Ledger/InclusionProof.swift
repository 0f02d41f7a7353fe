public import Foundation

/// A self-contained, offline-verifiable proof that a leaf is in the log.
///
/// JSON (keys sorted when written; optional keys omitted when absent):
///
///     {
///       "format": "docket-inclusion-proof-v1",
///       "leaf_index": 3,                  // 0-based position of the leaf
///       "tree_size": 8,
///       "leaf_hash": "<64 hex>",          // SHA-256(0x00 || leaf)
///       "path": ["<64 hex>", ...],        // RFC 6962 audit path, bottom-up
///       "root_hash": "<64 hex>",
///       "checkpoint": "<signed note>",    // optional C2SP signed checkpoint text
///       "leaf": "<base64>"                // optional leaf bytes
///     }
public struct InclusionProof: Hashable, Sendable {
    /// The value of the "format" key.
    public static let format = "docket-inclusion-proof-v1"

    /// 0-based position of the leaf in the log.
    public let leafIndex: Int
    /// Size of the tree the proof is for.
    public let treeSize: Int
    /// SHA-256(0x00 || leaf bytes).
    public let leafHash: Digest
    /// The RFC 6962 audit path, bottom-up.
    public let path: [Digest]
    /// Root of the tree of `treeSize` leaves.
    public let rootHash: Digest
    /// Signed checkpoint note text for (`treeSize`, `rootHash`), if included.
    public let checkpoint: String?
    /// The leaf's bytes, if included, so a reader can see what was proven.
    public let leaf: [UInt8]?

    /// A document from its parts; nothing is checked until ``verify(publicKey:origin:)``.
    public init(
        leafIndex: Int, treeSize: Int, leafHash: Digest, path: [Digest], rootHash: Digest,
        checkpoint: String? = nil, leaf: [UInt8]? = nil
    ) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.leafHash = leafHash
        self.path = path
        self.rootHash = rootHash
        self.checkpoint = checkpoint
        self.leaf = leaf
    }

    /// Checks the leaf bytes (if present) and the path against `rootHash`, without any key.
    public func verifyPath() throws(ProofDocumentError) {
        if let leaf {
            let computed = MerkleHash.leafHash(leaf)
            guard computed == leafHash else { throw .leafHashMismatch(stated: leafHash, computed: computed) }
        }
        do {
            try MerkleTree.verifyInclusion(
                leafIndex: leafIndex, treeSize: treeSize, leafHash: leafHash, proof: path, root: rootHash)
        } catch {
            throw .proof(error)
        }
    }

    /// Checks everything: the path, the leaf bytes, and that the checkpoint
    /// (required) is signed by `publicKey` and states this size and root.
    @discardableResult
    public func verify(publicKey: NoteVerifier, origin: String? = nil) throws(ProofDocumentError) -> Checkpoint {
        try verifyPath()
        guard let checkpoint else { throw .missingCheckpoint }
        return try ProofJSON.checkCheckpoint(
            checkpoint, size: treeSize, root: rootHash, publicKey: publicKey, origin: origin)
    }

    /// The document as pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data { try ProofJSON.encode(self) }

    /// Parses a document, saying what is wrong if it is not one.
    public init(jsonData: Data) throws(ProofDocumentError) {
        self = try ProofJSON.decode(Self.self, from: jsonData)
    }
}

extension InclusionProof: Codable {
    private enum CodingKeys: String, CodingKey {
        case format
        case leafIndex = "leaf_index"
        case treeSize = "tree_size"
        case leafHash = "leaf_hash"
        case path
        case rootHash = "root_hash"
        case checkpoint
        case leaf
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ProofJSON.checkFormat(container, key: .format, expected: Self.format)
        try self.init(
            leafIndex: container.decode(Int.self, forKey: .leafIndex),
            treeSize: container.decode(Int.self, forKey: .treeSize),
            leafHash: container.decode(Digest.self, forKey: .leafHash),
            path: container.decode([Digest].self, forKey: .path),
            rootHash: container.decode(Digest.self, forKey: .rootHash),
            checkpoint: container.decodeIfPresent(String.self, forKey: .checkpoint),
            leaf: ProofJSON.decodeBase64(container, key: .leaf))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(leafIndex, forKey: .leafIndex)
        try container.encode(treeSize, forKey: .treeSize)
        try container.encode(leafHash, forKey: .leafHash)
        try container.encode(path, forKey: .path)
        try container.encode(rootHash, forKey: .rootHash)
        try container.encodeIfPresent(checkpoint, forKey: .checkpoint)
        try container.encodeIfPresent(leaf.map(Base64.encode), forKey: .leaf)
    }
}

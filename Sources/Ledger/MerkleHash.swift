import Crypto

/// RFC 6962 / RFC 9162 §2.1.1 hashing with SHA-256.
///
/// Leaves and interior nodes get different one-byte prefixes so that a leaf
/// can never be passed off as an interior node (second-preimage resistance).
public enum MerkleHash {
    /// The root of the empty tree: SHA-256 of the empty string.
    public static let emptyRoot: Digest = Digest(unchecked: Array(SHA256.hash(data: [UInt8]())))

    /// SHA-256(0x00 || bytes).
    public static func leafHash(_ bytes: some Sequence<UInt8>) -> Digest {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(bytes))
        return Digest(unchecked: Array(hasher.finalize()))
    }

    /// SHA-256(0x01 || left || right).
    public static func nodeHash(_ left: Digest, _ right: Digest) -> Digest {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left.bytes)
        hasher.update(data: right.bytes)
        return Digest(unchecked: Array(hasher.finalize()))
    }
}

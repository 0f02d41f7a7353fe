/// Why a Merkle proof could not be produced or did not verify.
public enum ProofError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The leaf index is negative or not below the tree size.
    case leafIndexOutOfRange(index: Int, treeSize: Int)
    /// A size is negative, or the old size exceeds the new size.
    case invalidTreeSizes(oldSize: Int, newSize: Int)
    /// Consistency with the empty tree carries no information, so it is refused.
    case emptyOldTree
    /// The proof has the wrong number of hashes for its index and sizes.
    case wrongProofLength(expected: Int, actual: Int)
    /// The proof leads to a different root than the one claimed.
    case rootMismatch(expected: Digest, computed: Digest)
    /// A consistency proof does not reproduce the old root.
    case oldRootMismatch(expected: Digest, computed: Digest)
    /// A consistency proof does not reproduce the new root.
    case newRootMismatch(expected: Digest, computed: Digest)

    public var description: String {
        switch self {
        case let .leafIndexOutOfRange(index, size):
            "leaf index \(index) is out of range for tree size \(size)"
        case let .invalidTreeSizes(old, new):
            "invalid tree sizes: old size \(old), new size \(new)"
        case .emptyOldTree:
            "consistency proofs from the empty tree (old size 0) are not supported"
        case let .wrongProofLength(expected, actual):
            "proof has \(actual) hashes, expected \(expected)"
        case let .rootMismatch(expected, computed):
            "proof computes root \(computed.hex), expected \(expected.hex)"
        case let .oldRootMismatch(expected, computed):
            "consistency proof computes old root \(computed.hex), expected \(expected.hex)"
        case let .newRootMismatch(expected, computed):
            "consistency proof computes new root \(computed.hex), expected \(expected.hex)"
        }
    }
}

/// RFC 6962 Merkle tree functions over an in-memory array of leaf hashes.
///
/// "Leaves" here are already leaf hashes (``MerkleHash/leafHash(_:)``), so
/// callers hash each entry once and reuse it. Generation follows the
/// recursive definitions of RFC 6962 §2.1; verification follows the
/// iterative algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2 step for step.
public enum MerkleTree {
    // MARK: Roots

    /// MTH(leaves): the root of the tree over all of `leaves`.
    public static func root(_ leaves: [Digest]) -> Digest {
        root(leaves[...])
    }

    /// MTH(leaves) for a slice, so callers can take prefixes without copying.
    public static func root(_ leaves: ArraySlice<Digest>) -> Digest {
        switch leaves.count {
        case 0: return MerkleHash.emptyRoot
        case 1: return leaves[leaves.startIndex]
        default:
            let k = largestPowerOfTwo(below: leaves.count)
            let split = leaves.startIndex + k
            return MerkleHash.nodeHash(root(leaves[..<split]), root(leaves[split...]))
        }
    }

    // MARK: Generation (RFC 6962 §2.1.1, §2.1.2)

    /// PATH(index, D[n]): the audit path for leaf `index` in the tree over all of `leaves`.
    public static func inclusionProof(leafIndex: Int, leaves: [Digest]) throws(ProofError) -> [Digest] {
        guard leafIndex >= 0, leafIndex < leaves.count else {
            throw .leafIndexOutOfRange(index: leafIndex, treeSize: leaves.count)
        }
        return path(leafIndex, leaves[...])
    }

    /// PROOF(oldSize, D[n]): the consistency proof from the first `oldSize`
    /// leaves to all of `leaves`. Empty when `oldSize == leaves.count`.
    public static func consistencyProof(oldSize: Int, leaves: [Digest]) throws(ProofError) -> [Digest] {
        guard oldSize >= 0, oldSize <= leaves.count else {
            throw .invalidTreeSizes(oldSize: oldSize, newSize: leaves.count)
        }
        guard oldSize > 0 else { throw .emptyOldTree }
        return subproof(oldSize, leaves[...], complete: true)
    }

    private static func path(_ m: Int, _ d: ArraySlice<Digest>) -> [Digest] {
        guard d.count > 1 else { return [] }
        let k = largestPowerOfTwo(below: d.count)
        let split = d.startIndex + k
        if m < k {
            return path(m, d[..<split]) + [root(d[split...])]
        } else {
            return path(m - k, d[split...]) + [root(d[..<split])]
        }
    }

    private static func subproof(_ m: Int, _ d: ArraySlice<Digest>, complete: Bool) -> [Digest] {
        if m == d.count {
            // The old tree is a subtree here; the verifier already knows its
            // hash only if it is the whole old tree.
            return complete ? [] : [root(d)]
        }
        let k = largestPowerOfTwo(below: d.count)
        let split = d.startIndex + k
        if m <= k {
            return subproof(m, d[..<split], complete: complete) + [root(d[split...])]
        } else {
            return subproof(m - k, d[split...], complete: false) + [root(d[..<split])]
        }
    }

    // MARK: Verification (RFC 9162 §2.1.3.2, §2.1.4.2)

    /// Checks that `proof` shows `leafHash` at `leafIndex` in the tree of
    /// `treeSize` leaves with root `root`; throws saying what is wrong.
    public static func verifyInclusion(
        leafIndex: Int, treeSize: Int, leafHash: Digest, proof: [Digest], root: Digest
    ) throws(ProofError) {
        let computed = try rootFromInclusionProof(
            leafIndex: leafIndex, treeSize: treeSize, leafHash: leafHash, proof: proof)
        guard computed == root else { throw .rootMismatch(expected: root, computed: computed) }
    }

    /// `true` when ``verifyInclusion(leafIndex:treeSize:leafHash:proof:root:)`` succeeds.
    public static func isValidInclusion(
        leafIndex: Int, treeSize: Int, leafHash: Digest, proof: [Digest], root: Digest
    ) -> Bool {
        (try? verifyInclusion(
            leafIndex: leafIndex, treeSize: treeSize, leafHash: leafHash, proof: proof, root: root)) != nil
    }

    /// The root implied by an inclusion proof (RFC 9162 §2.1.3.2 steps 1–5 without the final comparison).
    public static func rootFromInclusionProof(
        leafIndex: Int, treeSize: Int, leafHash: Digest, proof: [Digest]
    ) throws(ProofError) -> Digest {
        // Step 1.
        guard leafIndex >= 0, leafIndex < treeSize else {
            throw .leafIndexOutOfRange(index: leafIndex, treeSize: treeSize)
        }
        // Not in the RFC, but the algorithm would fail anyway; checking first
        // gives a precise message and bounds the work done on hostile input.
        let expected = inclusionProofLength(leafIndex: leafIndex, treeSize: treeSize)
        guard proof.count == expected else { throw .wrongProofLength(expected: expected, actual: proof.count) }

        // Steps 2–3.
        var fn = leafIndex
        var sn = treeSize - 1
        var r = leafHash
        // Step 4.
        for p in proof {
            guard sn != 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.nodeHash(p, r)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = MerkleHash.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        // Step 5 (first half); the caller compares r with the root.
        guard sn == 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
        return r
    }

    /// Checks that `proof` shows the tree (`oldSize`, `oldRoot`) is a prefix
    /// of the tree (`newSize`, `newRoot`); throws saying what is wrong.
    ///
    /// `oldSize == newSize` needs an empty proof and equal roots; `oldSize == 0` is rejected.
    public static func verifyConsistency(
        oldSize: Int, newSize: Int, oldRoot: Digest, newRoot: Digest, proof: [Digest]
    ) throws(ProofError) {
        guard oldSize >= 0, oldSize <= newSize else { throw .invalidTreeSizes(oldSize: oldSize, newSize: newSize) }
        guard oldSize > 0 else { throw .emptyOldTree }
        if oldSize == newSize {
            guard proof.isEmpty else { throw .wrongProofLength(expected: 0, actual: proof.count) }
            guard oldRoot == newRoot else { throw .rootMismatch(expected: newRoot, computed: oldRoot) }
            return
        }
        let expected = consistencyProofLength(oldSize: oldSize, newSize: newSize)
        // Covers step 1 (empty path) as well, since `expected` is at least 1 here.
        guard proof.count == expected else { throw .wrongProofLength(expected: expected, actual: proof.count) }

        // Step 2.
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        // Steps 3–4.
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Step 5.
        var fr = path[0]
        var sr = path[0]
        // Step 6.
        for c in path.dropFirst() {
            guard sn != 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.nodeHash(c, fr)
                sr = MerkleHash.nodeHash(c, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = MerkleHash.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        // Step 7.
        guard sn == 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
        guard fr == oldRoot else { throw .oldRootMismatch(expected: oldRoot, computed: fr) }
        guard sr == newRoot else { throw .newRootMismatch(expected: newRoot, computed: sr) }
    }

    /// `true` when ``verifyConsistency(oldSize:newSize:oldRoot:newRoot:proof:)`` succeeds.
    public static func isValidConsistency(
        oldSize: Int, newSize: Int, oldRoot: Digest, newRoot: Digest, proof: [Digest]
    ) -> Bool {
        (try? verifyConsistency(
            oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof)) != nil
    }

    // MARK: Proof shapes

    /// The number of hashes in the inclusion proof for `leafIndex` in a tree
    /// of `treeSize` leaves (requires `0 <= leafIndex < treeSize`).
    public static func inclusionProofLength(leafIndex: Int, treeSize: Int) -> Int {
        let (inner, border) = decomposeInclusion(index: leafIndex, size: treeSize)
        return inner + border
    }

    /// The number of hashes in the consistency proof between the two sizes
    /// (requires `0 < oldSize <= newSize`).
    public static func consistencyProofLength(oldSize: Int, newSize: Int) -> Int {
        guard oldSize < newSize else { return 0 }
        // The proof is the inclusion proof of the old tree's last perfect
        // subtree, plus that subtree's hash unless it is the whole old tree.
        let (inner, border) = decomposeInclusion(index: oldSize - 1, size: newSize)
        let shift = oldSize.trailingZeroBitCount
        let seed = oldSize == 1 << shift ? 0 : 1
        return seed + inner - shift + border
    }

    /// Splits an inclusion path into the levels below the point where the
    /// leaf's path diverges from the right edge (inner, siblings of either
    /// side) and the levels above it (border, left siblings only).
    static func decomposeInclusion(index: Int, size: Int) -> (inner: Int, border: Int) {
        let inner = bitLength(index ^ (size - 1))
        let border = (index >> inner).nonzeroBitCount
        return (inner, border)
    }

    static func bitLength(_ x: Int) -> Int { Int.bitWidth - x.leadingZeroBitCount }

    /// The largest power of two strictly less than `n` (`n > 1`): the RFC 6962 split point.
    static func largestPowerOfTwo(below n: Int) -> Int { 1 << (bitLength(n - 1) - 1) }
}

/// Supplies hashes of perfect subtrees, e.g. from a database table, so that
/// proofs can be built without loading every leaf.
///
/// Subtree (`level`, `index`) holds the 2^`level` leaves starting at leaf
/// `index` × 2^`level`; level 0 is the leaf hashes themselves. Callers only
/// ask for subtrees that lie entirely inside the tree they are proving.
public protocol SubtreeHashSource {
    /// The hash of the perfect subtree of 2^`level` leaves starting at leaf `index` << `level`.
    func hash(level: Int, index: Int) throws -> Digest
}

/// A perfect subtree and its hash, as completed by ``CompactRange/append(_:)``.
public struct SubtreeNode: Hashable, Sendable {
    /// log2 of the number of leaves covered.
    public let level: Int
    /// Position among the subtrees of this level, counting from 0 at the left.
    public let index: Int
    /// The subtree's Merkle hash.
    public let hash: Digest

    /// A node from its parts.
    public init(level: Int, index: Int, hash: Digest) {
        self.level = level
        self.index = index
        self.hash = hash
    }
}

extension SubtreeHashSource {
    /// The root of the tree over the first `treeSize` leaves.
    public func root(treeSize: Int) throws -> Digest {
        guard treeSize >= 0 else { throw ProofError.invalidTreeSizes(oldSize: 0, newSize: treeSize) }
        return try rangeHash(begin: 0, end: treeSize)
    }

    /// The RFC 6962 inclusion proof for `leafIndex` in the tree of `treeSize` leaves.
    public func inclusionProof(leafIndex: Int, treeSize: Int) throws -> [Digest] {
        guard leafIndex >= 0, leafIndex < treeSize else {
            throw ProofError.leafIndexOutOfRange(index: leafIndex, treeSize: treeSize)
        }
        return try pathNodes(index: leafIndex, level: 0, treeSize: treeSize)
    }

    /// The RFC 6962 consistency proof from `oldSize` to `newSize` leaves
    /// (`0 < oldSize <= newSize`; empty when they are equal).
    public func consistencyProof(oldSize: Int, newSize: Int) throws -> [Digest] {
        guard oldSize >= 0, oldSize <= newSize else {
            throw ProofError.invalidTreeSizes(oldSize: oldSize, newSize: newSize)
        }
        guard oldSize > 0 else { throw ProofError.emptyOldTree }
        guard oldSize < newSize else { return [] }
        // The old tree's smallest right-edge subtree; its path to the new
        // root, plus the subtree itself when the verifier cannot derive it
        // from the old root (old size not a power of two), is the proof.
        let level = oldSize.trailingZeroBitCount
        let index = (oldSize - 1) >> level
        var proof = try pathNodes(index: index, level: level, treeSize: newSize)
        if index != 0 { proof.insert(try hash(level: level, index: index), at: 0) }
        return proof
    }

    /// Siblings on the way from subtree (`level`, `index`) up to the root of
    /// a tree of `treeSize` leaves, bottom-up.
    private func pathNodes(index: Int, level: Int, treeSize: Int) throws -> [Digest] {
        let last = (treeSize - 1) >> level
        let (inner, _) = MerkleTree.decomposeInclusion(index: index, size: last + 1)
        var proof: [Digest] = []
        // Below the divergence from the right edge, siblings may sit on either
        // side; only the topmost right one can stick out past the tree's end.
        for step in 0..<inner {
            let nodeLevel = level + step
            let sibling = (index >> step) ^ 1
            let begin = sibling << nodeLevel
            // begin < treeSize always holds here, so this cannot overflow.
            proof.append(treeSize - begin >= 1 << nodeLevel
                ? try hash(level: nodeLevel, index: sibling)
                : try rangeHash(begin: begin, end: treeSize))
        }
        // Above it the node is on the right edge: siblings exist only on the
        // left, and those are always perfect.
        var step = inner
        while index >> step != 0 {
            if (index >> step) & 1 == 1 {
                proof.append(try hash(level: level + step, index: (index >> step) ^ 1))
            }
            step += 1
        }
        return proof
    }

    /// MTH of leaves [begin, end) where `begin` is a multiple of the smallest
    /// power of two ≥ the count, so the range splits into perfect subtrees
    /// of decreasing size (as every right part in RFC 6962's recursion does).
    func rangeHash(begin: Int, end: Int) throws -> Digest {
        var hashes: [Digest] = []
        var offset = begin
        for level in stride(from: MerkleTree.bitLength(end - begin) - 1, through: 0, by: -1)
        where (end - begin) & (1 << level) != 0 {
            hashes.append(try hash(level: level, index: offset >> level))
            offset += 1 << level
        }
        return CompactRange.fold(hashes)
    }
}

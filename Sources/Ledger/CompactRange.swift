/// Why stored compact-range data was rejected.
public enum CompactRangeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The size is negative.
    case negativeSize(Int)
    /// A tree of `size` leaves has one right-edge hash per set bit of `size`.
    case wrongHashCount(size: Int, expected: Int, actual: Int)

    public var description: String {
        switch self {
        case let .negativeSize(size):
            "compact range size \(size) is negative"
        case let .wrongHashCount(size, expected, actual):
            "compact range of size \(size) needs \(expected) hashes, got \(actual)"
        }
    }
}

/// The right edge of a Merkle tree: the roots of the perfect subtrees that
/// cover leaves [0, size), largest (leftmost) first.
///
/// This is all the state an append-only log needs to extend the tree and
/// compute its root, so a database can keep just `size` and `hashes`.
public struct CompactRange: Hashable, Sendable {
    /// Number of leaves covered.
    public private(set) var size: Int
    /// One hash per set bit of `size`, for subtrees of decreasing size.
    public private(set) var hashes: [Digest]

    /// The empty tree.
    public init() {
        size = 0
        hashes = []
    }

    /// Restores a stored range; throws if `hashes` cannot belong to `size`.
    public init(size: Int, hashes: [Digest]) throws(CompactRangeError) {
        guard size >= 0 else { throw .negativeSize(size) }
        guard hashes.count == size.nonzeroBitCount else {
            throw .wrongHashCount(size: size, expected: size.nonzeroBitCount, actual: hashes.count)
        }
        self.size = size
        self.hashes = hashes
    }

    /// The range over `leafHashes`, appended in order.
    public init(leafHashes: some Sequence<Digest>) {
        self.init()
        for leaf in leafHashes { append(leaf) }
    }

    /// The range over the first `treeSize` leaves of `source`.
    public init(treeSize: Int, source: some SubtreeHashSource) throws {
        guard treeSize >= 0 else { throw CompactRangeError.negativeSize(treeSize) }
        var hashes: [Digest] = []
        var offset = 0
        for level in stride(from: MerkleTree.bitLength(treeSize) - 1, through: 0, by: -1)
        where treeSize & (1 << level) != 0 {
            hashes.append(try source.hash(level: level, index: offset >> level))
            offset += 1 << level
        }
        self.size = treeSize
        self.hashes = hashes
    }

    /// Appends one leaf hash, merging equal-sized subtrees like a binary
    /// counter carries (amortised O(1) hashes, O(log n) worst case).
    ///
    /// - Returns: every perfect subtree completed by this leaf, the leaf
    ///   itself first, so a store can record them for ``SubtreeHashSource``.
    @discardableResult
    public mutating func append(_ leafHash: Digest) -> [SubtreeNode] {
        var node = leafHash
        var level = 0
        var completed = [SubtreeNode(level: 0, index: size, hash: leafHash)]
        while (size >> level) & 1 == 1 {
            node = MerkleHash.nodeHash(hashes.removeLast(), node)
            level += 1
            completed.append(SubtreeNode(level: level, index: size >> level, hash: node))
        }
        hashes.append(node)
        size += 1
        return completed
    }

    /// The Merkle root of the leaves covered (MTH of RFC 6962).
    public var root: Digest { Self.fold(hashes) }

    /// Combines right-edge subtree hashes (largest first) into a root, right
    /// to left, exactly as MTH splits off its largest perfect left part.
    static func fold(_ hashes: [Digest]) -> Digest {
        guard var root = hashes.last else { return MerkleHash.emptyRoot }
        for hash in hashes.dropLast().reversed() {
            root = MerkleHash.nodeHash(hash, root)
        }
        return root
    }
}

extension CompactRange: Codable {
    private enum CodingKeys: String, CodingKey {
        case size, hashes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            size: container.decode(Int.self, forKey: .size),
            hashes: container.decode([Digest].self, forKey: .hashes))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(size, forKey: .size)
        try container.encode(hashes, forKey: .hashes)
    }
}

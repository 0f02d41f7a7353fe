/// Why an in-memory source could not supply a subtree.
public enum SubtreeHashSourceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The subtree is not complete in the leaves held.
    case missingSubtree(level: Int, index: Int)

    public var description: String {
        switch self {
        case let .missingSubtree(level, index):
            "no complete subtree at level \(level), index \(index)"
        }
    }
}

/// A ``SubtreeHashSource`` over leaf hashes held in memory, keeping every
/// complete subtree hash so lookups are O(1). Meant for tests and small logs.
public struct InMemorySubtreeHashSource: SubtreeHashSource, Hashable, Sendable {
    /// `levels[l][i]` is the hash of subtree (`l`, `i`); level 0 holds the leaves.
    public private(set) var levels: [[Digest]] = [[]]

    /// A source over `leafHashes`.
    public init(leafHashes: some Sequence<Digest> = []) {
        for leaf in leafHashes { append(leaf) }
    }

    /// Number of leaves held.
    public var size: Int { levels[0].count }

    /// Adds a leaf and any subtrees it completes.
    public mutating func append(_ leafHash: Digest) {
        levels[0].append(leafHash)
        var level = 0
        while levels[level].count % 2 == 0 {
            let row = levels[level]
            let parent = MerkleHash.nodeHash(row[row.count - 2], row[row.count - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    public func hash(level: Int, index: Int) throws -> Digest {
        guard level >= 0, level < levels.count, index >= 0, index < levels[level].count else {
            throw SubtreeHashSourceError.missingSubtree(level: level, index: index)
        }
        return levels[level][index]
    }
}

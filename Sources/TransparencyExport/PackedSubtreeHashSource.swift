import Ledger

/// Every complete subtree hash of a log, 32 bytes each in one contiguous array per level: about 64 bytes a
/// leaf, against several times that for a `[Digest]` per level, so that a million-event export holds its
/// tree in 64 MB.
struct PackedSubtreeHashSource: SubtreeHashSource {
    /// `levels[l]` holds the hashes of the complete subtrees of level `l`, left to right, 32 bytes each.
    private var levels: [[UInt8]] = [[]]

    /// Number of leaves held.
    private(set) var size = 0

    /// A source with room for `capacity` leaves, so that its arrays never grow by doubling.
    init(capacity: Int = 0) {
        var count = capacity
        levels = []
        repeat {
            var level = [UInt8]()
            level.reserveCapacity(count * 32)
            levels.append(level)
            count /= 2
        } while count > 0
    }

    mutating func append(_ leafHash: Digest) {
        size += 1
        levels[0] += leafHash.bytes
        var level = 0
        var count = size
        while count % 2 == 0 {
            let row = levels[level]
            let end = row.count
            let parent = MerkleHash.nodeHash(
                Digest(bytes: row[(end - 64)..<(end - 32)])!, Digest(bytes: row[(end - 32)..<end])!)
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1] += parent.bytes
            level += 1
            count /= 2
        }
    }

    func hash(level: Int, index: Int) throws -> Digest {
        guard level >= 0, level < levels.count, index >= 0, (index + 1) * 32 <= levels[level].count else {
            throw SubtreeHashSourceError.missingSubtree(level: level, index: index)
        }
        return Digest(bytes: levels[level][(index * 32)..<(index * 32 + 32)])!
    }
}

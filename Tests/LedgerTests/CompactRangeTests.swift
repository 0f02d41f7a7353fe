import Foundation
import Ledger
import Testing

@Suite("Compact ranges and subtree sources")
struct CompactRangeTests {
    @Test func rootMatchesMerkleTreeForEverySizeUpTo200() throws {
        var range = CompactRange()
        var source = InMemorySubtreeHashSource()
        for n in 0...200 {
            #expect(range.size == n)
            #expect(range.hashes.count == n.nonzeroBitCount)
            #expect(range.root == TestData.roots[n], "size \(n)")
            #expect(try source.root(treeSize: n) == TestData.roots[n])

            let restored = try CompactRange(size: range.size, hashes: range.hashes)
            #expect(restored == range)
            let decoded = try JSONDecoder().decode(CompactRange.self, from: JSONEncoder().encode(range))
            #expect(decoded == range)
            #expect(try CompactRange(treeSize: n, source: source) == range)

            guard n < 200 else { break }
            let leaf = TestData.leafHashes[n]
            // A restored range must carry on exactly like the original.
            var resumed = decoded
            let completed = range.append(leaf)
            resumed.append(leaf)
            source.append(leaf)
            #expect(resumed == range)
            // What append reports is what a store would need to serve proofs.
            #expect(completed.first == SubtreeNode(level: 0, index: n, hash: leaf))
            #expect(completed.count == (n + 1).trailingZeroBitCount + 1)
            for node in completed {
                #expect(try source.hash(level: node.level, index: node.index) == node.hash)
            }
        }
    }

    @Test func rejectsInconsistentStoredState() throws {
        let hashes = Array(TestData.leafHashes[..<2])
        #expect(throws: CompactRangeError.wrongHashCount(size: 5, expected: 2, actual: 1)) {
            try CompactRange(size: 5, hashes: [hashes[0]])
        }
        #expect(throws: CompactRangeError.wrongHashCount(size: 0, expected: 0, actual: 2)) {
            try CompactRange(size: 0, hashes: hashes)
        }
        #expect(throws: CompactRangeError.negativeSize(-3)) { try CompactRange(size: -3, hashes: []) }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CompactRange.self, from: Data(#"{"size":3,"hashes":["00"]}"#.utf8))
        }
        #expect(throws: CompactRangeError.self) {
            try JSONDecoder().decode(CompactRange.self, from: Data("{\"size\":3,\"hashes\":[\"\(hashes[0].hex)\"]}".utf8))
        }
    }

    @Test func subtreeSourceOnlyServesCompleteSubtrees() throws {
        let source = InMemorySubtreeHashSource(leafHashes: TestData.leafHashes[..<6])
        #expect(try source.hash(level: 1, index: 2) == MerkleHash.nodeHash(TestData.leafHashes[4], TestData.leafHashes[5]))
        #expect(try source.hash(level: 2, index: 0) == TestData.roots[4])
        #expect(throws: SubtreeHashSourceError.missingSubtree(level: 2, index: 1)) { try source.hash(level: 2, index: 1) }
        #expect(throws: SubtreeHashSourceError.missingSubtree(level: 0, index: -1)) { try source.hash(level: 0, index: -1) }
        #expect(throws: SubtreeHashSourceError.missingSubtree(level: 9, index: 0)) { try source.hash(level: 9, index: 0) }
    }

    @Test func digestHexRoundTripsAndRejectsJunk() {
        let digest = TestData.leafHashes[1]
        #expect(Digest(hex: digest.hex) == digest)
        #expect(Digest(hex: digest.hex.uppercased()) == digest)
        #expect(Digest(hex: String(digest.hex.dropLast())) == nil)
        #expect(Digest(hex: String(digest.hex.dropLast()) + "g") == nil)
        #expect(Digest(hex: "+" + String(digest.hex.dropFirst())) == nil)
        #expect(Digest(bytes: [UInt8](repeating: 0, count: 31)) == nil)
    }
}

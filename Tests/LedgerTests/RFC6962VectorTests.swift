import Foundation
import Ledger
import Testing

/// The fixture written by Fixtures/rfc6962_vectors.py.
private struct Vectors: Decodable {
    struct Inclusion: Decodable {
        let tree_size: Int
        let leaf_index: Int
        let path: [Digest]
    }

    struct Consistency: Decodable {
        let old_size: Int
        let new_size: Int
        let path: [Digest]
    }

    let leaves: [String]
    let leaf_hashes: [Digest]
    let roots: [Digest]
    let inclusion: [Inclusion]
    let consistency: [Consistency]

    static func load() throws -> Vectors {
        let data = try Data(contentsOf: TestData.fixtures.appendingPathComponent("rfc6962_vectors.json"))
        return try JSONDecoder().decode(Vectors.self, from: data)
    }
}

@Suite("RFC 6962 known values")
struct RFC6962VectorTests {
    private let vectors: Vectors
    private let leafHashes: [Digest]

    init() throws {
        vectors = try Vectors.load()
        leafHashes = vectors.leaves.map { MerkleHash.leafHash(bytes(hex: $0)) }
    }

    @Test func fixtureCoversEveryProof() {
        #expect(vectors.leaves.count == 8)
        #expect(vectors.roots.count == 9)
        #expect(vectors.inclusion.count == 36)
        #expect(vectors.consistency.count == 36)
    }

    @Test func wellKnownValues() {
        #expect(MerkleHash.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MerkleTree.root(leafHashes).hex == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
        #expect(leafHashes[0].hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
    }

    @Test func leafHashesMatch() {
        #expect(leafHashes == vectors.leaf_hashes)
    }

    @Test(arguments: 0...8)
    func roots(size: Int) throws {
        let prefix = Array(leafHashes[..<size])
        #expect(MerkleTree.root(prefix) == vectors.roots[size])
        #expect(CompactRange(leafHashes: prefix).root == vectors.roots[size])
        #expect(try InMemorySubtreeHashSource(leafHashes: prefix).root(treeSize: size) == vectors.roots[size])
    }

    @Test func inclusionProofs() throws {
        let source = InMemorySubtreeHashSource(leafHashes: leafHashes)
        for vector in vectors.inclusion {
            let n = vector.tree_size, i = vector.leaf_index
            let prefix = Array(leafHashes[..<n])
            #expect(try MerkleTree.inclusionProof(leafIndex: i, leaves: prefix) == vector.path, "PATH(\(i), D[\(n)])")
            #expect(try source.inclusionProof(leafIndex: i, treeSize: n) == vector.path, "source PATH(\(i), D[\(n)])")
            try MerkleTree.verifyInclusion(
                leafIndex: i, treeSize: n, leafHash: leafHashes[i], proof: vector.path, root: vectors.roots[n])
        }
    }

    @Test func consistencyProofs() throws {
        let source = InMemorySubtreeHashSource(leafHashes: leafHashes)
        for vector in vectors.consistency {
            let m = vector.old_size, n = vector.new_size
            let prefix = Array(leafHashes[..<n])
            #expect(try MerkleTree.consistencyProof(oldSize: m, leaves: prefix) == vector.path, "PROOF(\(m), D[\(n)])")
            #expect(try source.consistencyProof(oldSize: m, newSize: n) == vector.path, "source PROOF(\(m), D[\(n)])")
            try MerkleTree.verifyConsistency(
                oldSize: m, newSize: n, oldRoot: vectors.roots[m], newRoot: vectors.roots[n], proof: vector.path)
        }
    }
}

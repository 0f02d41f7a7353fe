import Ledger
import Testing

@Suite("Merkle proofs for every pair up to 64 leaves")
struct MerkleProofTests {
    /// Bits to flip in each path element: first, last and one in the middle.
    static let tamperBits = [0, 131, 255]

    @Test(arguments: 1...64)
    func inclusion(treeSize n: Int) throws {
        let leaves = Array(TestData.leafHashes[..<n])
        let root = TestData.roots[n]
        let source = InMemorySubtreeHashSource(leafHashes: leaves)
        for i in 0..<n {
            let leaf = leaves[i]
            let proof = try MerkleTree.inclusionProof(leafIndex: i, leaves: leaves)
            #expect(proof.count == MerkleTree.inclusionProofLength(leafIndex: i, treeSize: n))
            try MerkleTree.verifyInclusion(leafIndex: i, treeSize: n, leafHash: leaf, proof: proof, root: root)
            #expect(try source.inclusionProof(leafIndex: i, treeSize: n) == proof)

            func accepts(index: Int = i, size: Int = n, leafHash: Digest = leaf, path: [Digest] = proof,
                         root: Digest? = nil) -> Bool {
                MerkleTree.isValidInclusion(
                    leafIndex: index, treeSize: size, leafHash: leafHash, proof: path, root: root ?? TestData.roots[size])
            }
            for j in proof.indices {
                for bit in Self.tamperBits {
                    var tampered = proof
                    tampered[j] = tampered[j].flippingBit(bit)
                    #expect(!accepts(path: tampered), "bit \(bit) of element \(j), index \(i), size \(n)")
                }
            }
            #expect(!accepts(leafHash: leaf.flippingBit(0)))
            #expect(!accepts(root: root.flippingBit(7)))
            for wrongIndex in Set([i ^ 1, i + 1, i - 1, n]) where wrongIndex != i {
                #expect(!accepts(index: wrongIndex, root: root), "index \(wrongIndex) for \(i), size \(n)")
            }
            // Each wrong size is checked against that size's true root.
            for wrongSize in [n - 1, n + 1, 2 * n] where wrongSize >= 0 {
                #expect(!accepts(size: wrongSize), "size \(wrongSize) for \(n), index \(i)")
            }
            #expect(!accepts(path: proof + [root]))
            if !proof.isEmpty { #expect(!accepts(path: Array(proof.dropLast()))) }
        }
    }

    @Test(arguments: 1...64)
    func consistency(newSize n: Int) throws {
        let leaves = Array(TestData.leafHashes[..<n])
        let source = InMemorySubtreeHashSource(leafHashes: leaves)
        let roots = TestData.roots
        for m in 1...n {
            let proof = try MerkleTree.consistencyProof(oldSize: m, leaves: leaves)
            #expect(proof.count == MerkleTree.consistencyProofLength(oldSize: m, newSize: n))
            try MerkleTree.verifyConsistency(oldSize: m, newSize: n, oldRoot: roots[m], newRoot: roots[n], proof: proof)
            #expect(try source.consistencyProof(oldSize: m, newSize: n) == proof)

            func accepts(old: Int = m, new: Int = n, oldRoot: Digest? = nil, newRoot: Digest? = nil,
                         path: [Digest] = proof) -> Bool {
                MerkleTree.isValidConsistency(
                    oldSize: old, newSize: new,
                    oldRoot: oldRoot ?? roots[max(old, 0)], newRoot: newRoot ?? roots[max(new, 0)], proof: path)
            }
            for j in proof.indices {
                for bit in Self.tamperBits {
                    var tampered = proof
                    tampered[j] = tampered[j].flippingBit(bit)
                    #expect(!accepts(path: tampered), "bit \(bit) of element \(j), sizes \(m)→\(n)")
                }
            }
            #expect(!accepts(oldRoot: roots[m].flippingBit(3)))
            #expect(!accepts(newRoot: roots[n].flippingBit(3)))
            for wrongOld in [m - 1, m + 1] {
                #expect(!accepts(old: wrongOld), "old size \(wrongOld) for \(m)→\(n)")
            }
            for wrongNew in [n - 1, n + 1] {
                #expect(!accepts(new: wrongNew), "new size \(wrongNew) for \(m)→\(n)")
            }
            if m < n {
                #expect(!accepts(old: n, new: m, oldRoot: roots[n], newRoot: roots[m]))
                #expect(!accepts(path: Array(proof.dropLast())))
            }
            #expect(!accepts(path: proof + [roots[n]]))
        }
    }

    @Test func malformedInclusionInputsThrowClearErrors() throws {
        let leaf = TestData.leafHashes[0]
        let root = TestData.roots[4]
        let proof = try MerkleTree.inclusionProof(leafIndex: 0, leaves: Array(TestData.leafHashes[..<4]))

        #expect(throws: ProofError.leafIndexOutOfRange(index: 4, treeSize: 4)) {
            try MerkleTree.verifyInclusion(leafIndex: 4, treeSize: 4, leafHash: leaf, proof: proof, root: root)
        }
        #expect(throws: ProofError.leafIndexOutOfRange(index: -1, treeSize: 4)) {
            try MerkleTree.verifyInclusion(leafIndex: -1, treeSize: 4, leafHash: leaf, proof: proof, root: root)
        }
        #expect(throws: ProofError.leafIndexOutOfRange(index: 0, treeSize: 0)) {
            try MerkleTree.verifyInclusion(leafIndex: 0, treeSize: 0, leafHash: leaf, proof: [], root: root)
        }
        #expect(throws: ProofError.wrongProofLength(expected: 2, actual: 3)) {
            try MerkleTree.verifyInclusion(leafIndex: 0, treeSize: 4, leafHash: leaf, proof: proof + [leaf], root: root)
        }
        #expect(throws: ProofError.wrongProofLength(expected: 2, actual: 0)) {
            try MerkleTree.verifyInclusion(leafIndex: 0, treeSize: 4, leafHash: leaf, proof: [], root: root)
        }
        let mismatch = #expect(throws: ProofError.self) {
            try MerkleTree.verifyInclusion(leafIndex: 1, treeSize: 4, leafHash: leaf, proof: proof, root: root)
        }
        guard case .rootMismatch(expected: root, computed: _) = mismatch else {
            Issue.record("expected rootMismatch, got \(String(describing: mismatch))")
            return
        }
        // Extreme sizes must not trap (no overflow in the shifts or lengths).
        #expect(!MerkleTree.isValidInclusion(leafIndex: Int.max - 1, treeSize: Int.max, leafHash: leaf, proof: proof, root: root))
        #expect(!MerkleTree.isValidInclusion(leafIndex: 0, treeSize: Int.min, leafHash: leaf, proof: proof, root: root))
        #expect(!MerkleTree.isValidInclusion(leafIndex: Int.min, treeSize: Int.max, leafHash: leaf, proof: proof, root: root))
    }

    @Test func malformedConsistencyInputsThrowClearErrors() throws {
        let r4 = TestData.roots[4], r6 = TestData.roots[6]
        let proof = try MerkleTree.consistencyProof(oldSize: 4, leaves: Array(TestData.leafHashes[..<6]))

        #expect(throws: ProofError.invalidTreeSizes(oldSize: 6, newSize: 4)) {
            try MerkleTree.verifyConsistency(oldSize: 6, newSize: 4, oldRoot: r6, newRoot: r4, proof: proof)
        }
        #expect(throws: ProofError.invalidTreeSizes(oldSize: -1, newSize: 4)) {
            try MerkleTree.verifyConsistency(oldSize: -1, newSize: 4, oldRoot: r4, newRoot: r4, proof: [])
        }
        #expect(throws: ProofError.emptyOldTree) {
            try MerkleTree.verifyConsistency(oldSize: 0, newSize: 6, oldRoot: MerkleHash.emptyRoot, newRoot: r6, proof: [])
        }
        #expect(throws: ProofError.wrongProofLength(expected: 1, actual: 0)) {
            try MerkleTree.verifyConsistency(oldSize: 4, newSize: 6, oldRoot: r4, newRoot: r6, proof: [])
        }
        #expect(throws: ProofError.wrongProofLength(expected: 0, actual: 1)) {
            try MerkleTree.verifyConsistency(oldSize: 6, newSize: 6, oldRoot: r6, newRoot: r6, proof: [r6])
        }
        #expect(throws: ProofError.rootMismatch(expected: r6, computed: r4)) {
            try MerkleTree.verifyConsistency(oldSize: 6, newSize: 6, oldRoot: r4, newRoot: r6, proof: [])
        }
        // With a power-of-two old size the old root seeds the path, so a wrong
        // one shows up in the new root; use size 5 to reach the old-root check.
        let proof5 = try MerkleTree.consistencyProof(oldSize: 5, leaves: Array(TestData.leafHashes[..<6]))
        let wrongOld = #expect(throws: ProofError.self) {
            try MerkleTree.verifyConsistency(oldSize: 5, newSize: 6, oldRoot: r4, newRoot: r6, proof: proof5)
        }
        #expect(wrongOld?.description.contains("old root") == true)
        let wrongNew = #expect(throws: ProofError.self) {
            try MerkleTree.verifyConsistency(oldSize: 5, newSize: 6, oldRoot: TestData.roots[5], newRoot: r4, proof: proof5)
        }
        #expect(wrongNew?.description.contains("new root") == true)
        #expect(!MerkleTree.isValidConsistency(oldSize: 4, newSize: 6, oldRoot: r6, newRoot: r6, proof: proof))
        #expect(!MerkleTree.isValidConsistency(oldSize: Int.max, newSize: Int.max, oldRoot: r4, newRoot: r6, proof: []))
        #expect(!MerkleTree.isValidConsistency(oldSize: 1, newSize: Int.max, oldRoot: r4, newRoot: r6, proof: proof))
    }

    @Test func generationRejectsBadArguments() {
        let leaves = Array(TestData.leafHashes[..<5])
        let source = InMemorySubtreeHashSource(leafHashes: leaves)
        #expect(throws: ProofError.leafIndexOutOfRange(index: 5, treeSize: 5)) {
            try MerkleTree.inclusionProof(leafIndex: 5, leaves: leaves)
        }
        #expect(throws: ProofError.emptyOldTree) { try MerkleTree.consistencyProof(oldSize: 0, leaves: leaves) }
        #expect(throws: ProofError.invalidTreeSizes(oldSize: 6, newSize: 5)) {
            try MerkleTree.consistencyProof(oldSize: 6, leaves: leaves)
        }
        #expect(throws: ProofError.leafIndexOutOfRange(index: 5, treeSize: 5)) {
            try source.inclusionProof(leafIndex: 5, treeSize: 5)
        }
        #expect(throws: ProofError.emptyOldTree) { try source.consistencyProof(oldSize: 0, newSize: 5) }
        // Asking for more leaves than the source holds surfaces the source's error.
        #expect(throws: SubtreeHashSourceError.self) { try source.inclusionProof(leafIndex: 0, treeSize: 6) }
    }
}

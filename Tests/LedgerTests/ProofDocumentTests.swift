import Foundation
import Ledger
import Testing

@Suite("Proof documents")
struct ProofDocumentTests {
    static let origin = "example.com/docket"
    static let entries: [[UInt8]] = (0..<20).map { Array("{\"event\":\($0)}".utf8) }
    static let leaves = entries.map(MerkleHash.leafHash)

    static func signedCheckpoint(size: Int, key: SigningKey = TestData.logKey) throws -> String {
        let root = MerkleTree.root(leaves[..<size])
        return try Checkpoint(origin: origin, size: size, rootHash: root).signed(with: [key]).text
    }

    static func inclusion(index: Int, size: Int = 20) throws -> InclusionProof {
        let prefix = Array(leaves[..<size])
        return InclusionProof(
            leafIndex: index, treeSize: size, leafHash: leaves[index],
            path: try MerkleTree.inclusionProof(leafIndex: index, leaves: prefix),
            rootHash: MerkleTree.root(prefix), checkpoint: try signedCheckpoint(size: size), leaf: entries[index])
    }

    static func consistency(oldSize: Int, newSize: Int = 20) throws -> ConsistencyProof {
        ConsistencyProof(
            oldSize: oldSize, newSize: newSize,
            oldRoot: MerkleTree.root(leaves[..<oldSize]), newRoot: MerkleTree.root(leaves[..<newSize]),
            path: try MerkleTree.consistencyProof(oldSize: oldSize, leaves: Array(leaves[..<newSize])),
            oldCheckpoint: try signedCheckpoint(size: oldSize), newCheckpoint: try signedCheckpoint(size: newSize))
    }

    /// Rewrites one JSON field, as someone editing a proof file would.
    static func editing(_ data: Data, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test(arguments: 0..<20)
    func inclusionRoundTripsAndVerifies(index: Int) throws {
        let proof = try Self.inclusion(index: index)
        let decoded = try InclusionProof(jsonData: proof.jsonData())
        #expect(decoded == proof)
        let checkpoint = try decoded.verify(publicKey: TestData.logKey.verifier, origin: Self.origin)
        #expect(checkpoint.size == 20)
    }

    @Test func inclusionJSONShape() throws {
        let proof = try Self.inclusion(index: 5)
        let object = try #require(try JSONSerialization.jsonObject(with: proof.jsonData()) as? [String: Any])
        #expect(Set(object.keys) == ["format", "leaf_index", "tree_size", "leaf_hash", "path", "root_hash", "checkpoint", "leaf"])
        #expect(object["format"] as? String == "docket-inclusion-proof-v1")
        #expect(object["leaf_hash"] as? String == Self.leaves[5].hex)
        #expect(object["leaf"] as? String == Data(Self.entries[5]).base64EncodedString())

        let bare = InclusionProof(leafIndex: proof.leafIndex, treeSize: proof.treeSize, leafHash: proof.leafHash,
                                  path: proof.path, rootHash: proof.rootHash)
        let bareObject = try #require(try JSONSerialization.jsonObject(with: bare.jsonData()) as? [String: Any])
        #expect(bareObject["checkpoint"] == nil && bareObject["leaf"] == nil)
        try bare.verifyPath()
        #expect(throws: ProofDocumentError.missingCheckpoint) { try bare.verify(publicKey: TestData.logKey.verifier) }
    }

    @Test func tamperedInclusionDocumentsFail() throws {
        let key = TestData.logKey.verifier
        let proof = try Self.inclusion(index: 6)
        let data = try proof.jsonData()

        func load(_ edit: (inout [String: Any]) -> Void) throws -> InclusionProof {
            try InclusionProof(jsonData: Self.editing(data, edit))
        }
        // A different size can keep the same path shape, so the path alone
        // need not fail; the signed checkpoint pins the size.
        #expect(throws: ProofDocumentError.checkpointSizeMismatch(checkpoint: 20, proof: 19)) {
            try load { $0["tree_size"] = 19 }.verify(publicKey: key)
        }
        // Any other change to the proven statement breaks the path.
        for tampered in [
            try load { $0["leaf_index"] = 7 },
            try load { $0["tree_size"] = 5 },
            try load { $0["leaf_hash"] = Self.leaves[7].hex; $0["leaf"] = nil },
            try load { $0["path"] = (proof.path.map(\.hex) + [Self.leaves[0].hex]) },
        ] {
            let error = #expect(throws: ProofDocumentError.self) { try tampered.verify(publicKey: key) }
            guard case .proof = error else {
                Issue.record("expected a proof error, got \(String(describing: error))")
                continue
            }
        }
        var path = proof.path
        path[1] = path[1].flippingBit(9)
        #expect(throws: ProofDocumentError.self) { try load { $0["path"] = path.map(\.hex) }.verify(publicKey: key) }

        // Leaf bytes that do not match the leaf hash.
        let otherLeaf = try load { $0["leaf"] = Data(Self.entries[7]).base64EncodedString() }
        #expect(throws: ProofDocumentError.leafHashMismatch(stated: Self.leaves[6], computed: Self.leaves[7])) {
            try otherLeaf.verify(publicKey: key)
        }

        // A consistent proof for a different tree, with the genuine checkpoint left in place.
        let smaller = try Self.inclusion(index: 6, size: 10)
        let swapped = InclusionProof(leafIndex: 6, treeSize: 10, leafHash: smaller.leafHash, path: smaller.path,
                                     rootHash: smaller.rootHash, checkpoint: proof.checkpoint)
        #expect(throws: ProofDocumentError.checkpointSizeMismatch(checkpoint: 20, proof: 10)) {
            try swapped.verify(publicKey: key)
        }

        // A checkpoint by another key, or for another log.
        let impostor = try load { $0["checkpoint"] = try! Self.signedCheckpoint(size: 20, key: TestData.impostorKey) }
        let error = #expect(throws: ProofDocumentError.self) { try impostor.verify(publicKey: key) }
        guard case .checkpoint(.note(.unknownKey)) = error else {
            Issue.record("expected unknownKey, got \(String(describing: error))")
            return
        }
        #expect(throws: ProofDocumentError.checkpoint(.originMismatch(expected: "elsewhere", found: Self.origin))) {
            try proof.verify(publicKey: key, origin: "elsewhere")
        }

        // Not a proof document at all.
        for bad in [
            try Self.editing(data) { $0["format"] = "docket-consistency-proof-v1" },
            try Self.editing(data) { $0["root_hash"] = "00" },
            try Self.editing(data) { $0["leaf"] = "***" },
            try Self.editing(data) { $0["tree_size"] = nil },
            Data("[]".utf8),
        ] {
            let error = #expect(throws: ProofDocumentError.self) { try InclusionProof(jsonData: bad) }
            guard case .malformedDocument = error else {
                Issue.record("expected malformedDocument, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test(arguments: 1...20)
    func consistencyRoundTripsAndVerifies(oldSize: Int) throws {
        let proof = try Self.consistency(oldSize: oldSize)
        let decoded = try ConsistencyProof(jsonData: proof.jsonData())
        #expect(decoded == proof)
        #expect(try decoded.verify(publicKey: TestData.logKey.verifier).size == 20)
    }

    @Test func consistencyJSONShape() throws {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Self.consistency(oldSize: 7).jsonData()) as? [String: Any])
        #expect(Set(object.keys) == ["format", "old_size", "new_size", "old_root", "new_root", "path",
                                     "old_checkpoint", "new_checkpoint"])
        #expect(object["format"] as? String == "docket-consistency-proof-v1")
    }

    @Test func tamperedConsistencyDocumentsFail() throws {
        let key = TestData.logKey.verifier
        let proof = try Self.consistency(oldSize: 7)
        let data = try proof.jsonData()
        func load(_ edit: (inout [String: Any]) -> Void) throws -> ConsistencyProof {
            try ConsistencyProof(jsonData: Self.editing(data, edit))
        }
        for tampered in [
            try load { $0["old_size"] = 6 },
            try load { $0["new_size"] = 21 },
            try load { $0["old_root"] = MerkleTree.root(Self.leaves[..<6]).hex },
            try load { $0["path"] = Array(proof.path.map(\.hex).dropFirst()) },
        ] {
            #expect(throws: ProofDocumentError.self) { try tampered.verify(publicKey: key) }
        }
        let swapped = ConsistencyProof(oldSize: 7, newSize: 20, oldRoot: proof.oldRoot, newRoot: proof.newRoot,
                                       path: proof.path, oldCheckpoint: proof.newCheckpoint, newCheckpoint: proof.oldCheckpoint)
        #expect(throws: ProofDocumentError.checkpointSizeMismatch(checkpoint: 20, proof: 7)) {
            try swapped.verify(publicKey: key)
        }
        let unsigned = ConsistencyProof(oldSize: 7, newSize: 20, oldRoot: proof.oldRoot, newRoot: proof.newRoot,
                                        path: proof.path)
        try unsigned.verifyPath()
        #expect(throws: ProofDocumentError.missingCheckpoint) { try unsigned.verify(publicKey: key) }
        #expect(throws: ProofDocumentError.self) {
            try load { $0["new_checkpoint"] = try! Self.signedCheckpoint(size: 20, key: TestData.impostorKey) }
                .verify(publicKey: key)
        }
        #expect(throws: ProofDocumentError.self) {
            try ConsistencyProof(jsonData: Self.editing(data) { $0["format"] = "docket-inclusion-proof-v1" })
        }
    }
}

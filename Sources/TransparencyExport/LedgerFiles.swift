import DocketJSON
import Foundation
import Ledger

/// The `ledger/` folder: the public log, the signed checkpoint, an inclusion proof for every cited event and,
/// after a previous export, the consistency proof from its checkpoint.
enum LedgerFiles {
    static let log = "ledger/log.jsonl"
    static let checkpoint = "ledger/checkpoint"
    static let proofs = "ledger/proofs.jsonl"
    static let consistency = "ledger/consistency.json"

    static func logBytes(_ events: [PublicEvent]) -> [UInt8] {
        var out = [UInt8]()
        for event in events {
            event.json.write(canonicalTo: &out)
            out.append(0x0A)
        }
        return out
    }

    /// One inclusion proof per line (ledger-format §6, without `checkpoint`: it is `ledger/checkpoint`), in
    /// position order.
    static func proofBytes(positions: [Int64], leaves: [EventLeaf], tree: InMemorySubtreeHashSource, root: Digest) throws -> [UInt8] {
        var out = [UInt8]()
        let size = leaves.count
        for position in positions {
            let index = Int(position - 1)
            let leaf = leaves[index]
            let path = try tree.inclusionProof(leafIndex: index, treeSize: size)
            JSON.object([
                "format": .string(InclusionProof.format),
                "leaf_index": JSON(index),
                "tree_size": JSON(size),
                "leaf_hash": .string(leaf.leafHash.hex),
                "leaf": .string(Data(leaf.bytes).base64EncodedString()),
                "path": .array(path.map { .string($0.hex) }),
                "root_hash": .string(root.hex),
            ]).write(canonicalTo: &out)
            out.append(0x0A)
        }
        return out
    }
}

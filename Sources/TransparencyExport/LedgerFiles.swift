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

    /// One inclusion proof per line (ledger-format §6, without `checkpoint`: it is `ledger/checkpoint`), in
    /// position order, for every position marked in `cited` (indexed by position). Returns how many.
    static func writeProofs(
        cited: [Bool], fold: Fold, scratch: any ExportScratch, root: Digest, output: inout ExportOutput<some ExportSink>
    ) throws -> Int {
        var out = [UInt8]()
        let size = fold.leaves.count
        var count = 0
        for position in 1...size where cited[position] {
            let index = position - 1
            let leaf = try scratch.load(fold.leaves[index])
            let path = try fold.tree.inclusionProof(leafIndex: index, treeSize: size)
            JSON.object([
                "format": .string(InclusionProof.format),
                "leaf_index": JSON(index),
                "tree_size": JSON(size),
                "leaf_hash": .string(MerkleHash.leafHash(leaf).hex),
                "leaf": .string(Data(leaf).base64EncodedString()),
                "path": .array(path.map { .string($0.hex) }),
                "root_hash": .string(root.hex),
            ]).write(canonicalTo: &out)
            out.append(0x0A)
            count += 1
            if out.count >= 1 << 20 {
                try output.append(proofs, out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try output.append(proofs, out)
        try output.finish(proofs)
        return count
    }
}

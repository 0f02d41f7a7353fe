import DocketJSON
import Foundation
import Ledger

/// `manifest.json`: every other file with its SHA-256 and size, the log's size and root, the signed
/// checkpoint, counts and versions; `manifest.sig` signs its hash with the checkpoint key.
enum Manifest {
    static let path = "manifest.json"
    static let signaturePath = "manifest.sig"
    static let format = "docket-export-v1"
    static let signatureFormat = "docket-export-manifest-v1"

    /// A file listed in the manifest.
    struct Entry {
        var path: String
        var sha256: Digest
        var size: Int
    }

    static func make(
        entries: [Entry], options: ExportOptions, size: Int, root: Digest, checkpoint: String, previous: JSON, counts: JSON
    ) -> [UInt8] {
        let files: [JSON] = entries.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }.map { entry in
            .object(["path": .string(entry.path), "sha256": .string(entry.sha256.hex), "size": JSON(entry.size)])
        }
        return OCDSFiles.bytes(.object([
            "format": .string(format),
            "publisher": .string(options.publisher),
            "ocidPrefix": .string(options.ocidPrefix),
            "log": .object([
                "origin": .string(options.origin), "size": JSON(size), "root": .string(root.hex),
                "checkpoint": .string(checkpoint), "key": .string(options.key.verifier.verifierKey),
            ]),
            "previous": previous,
            "files": .array(files),
            "counts": counts,
            "versions": .object([
                "exportFormat": JSON(TransparencyExport.formatVersion), "ledgerFormat": JSON(Int(EventLeaf.formatVersion)),
                "ocds": .string(TransparencyExport.ocdsVersion), "software": .string(options.softwareVersion),
            ]),
        ]))
    }

    /// The signed note over the manifest: its body names the format, the log and the manifest's SHA-256.
    static func signatureBody(manifest: [UInt8], origin: String, size: Int) -> String {
        "\(signatureFormat)\n\(origin)\n\(size)\nsha256 \(Digest.sha256(manifest).hex)\n"
    }

    static func signature(of manifest: [UInt8], origin: String, size: Int, key: SigningKey) throws -> String {
        try SignedNote.sign(body: signatureBody(manifest: manifest, origin: origin, size: size), with: [key]).text
    }
}

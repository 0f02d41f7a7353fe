public import Ledger
import DocketJSON
import Foundation

/// Checks an export folder offline, with nothing but its files and the publisher's public key: the
/// manifest's signature and every file's hash; every leaf rebuilt from `ledger/log.jsonl` and the root
/// against the signed checkpoint; every inclusion proof; every release, record and CSV row against the
/// events it cites (by rebuilding them from the verified log); and, given the previous export, that this
/// one extends it and left its releases as they were.
public struct ExportVerifier: Sendable {
    /// One thing wrong, with the file and the item (line, row, release) it is in.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    public struct Report: Sendable {
        public var problems: [Problem] = []
        public var events = 0
        public var root: Digest?
        public var filesChecked = 0
        public var proofsChecked = 0
        public var releasesChecked = 0
        public var rowsChecked = 0
        public var isValid: Bool { problems.isEmpty }
    }

    public let key: NoteVerifier

    public init(key: NoteVerifier) {
        self.key = key
    }

    public func verify(_ folder: ExportFolder, previous: ExportFolder? = nil) -> Report {
        var report = Report()
        func fail(_ file: String, _ message: String) { report.problems.append(Problem(file: file, message: message)) }
        let files = folder.files

        // 1. The manifest and its signature.
        guard let manifestBytes = files[Manifest.path] else {
            fail(Manifest.path, "is missing: this is not a docket export, or the manifest was removed")
            return report
        }
        if let signature = files[Manifest.signaturePath] {
            do {
                let note = try SignedNote(parsing: signature)
                _ = try note.verify(using: [key])
                let lines = note.body.split(separator: "\n", omittingEmptySubsequences: false)
                if lines.count < 4 || lines[0] != Manifest.signatureFormat {
                    fail(Manifest.signaturePath, "is not a \(Manifest.signatureFormat) note")
                } else if lines[3] != "sha256 \(Digest.sha256(manifestBytes).hex)" {
                    fail(Manifest.path, "its SHA-256 is \(Digest.sha256(manifestBytes).hex), but the signed manifest.sig says \(lines[3].dropFirst(7)): the manifest was changed or replaced after it was signed")
                }
            } catch {
                fail(Manifest.signaturePath, "is not validly signed by \(key.name): \(error)")
            }
        } else {
            fail(Manifest.signaturePath, "is missing: the manifest is not signed")
        }
        guard let manifest = try? JSON.parse(manifestBytes), let log = manifest["log"]?.objectValue,
              let listed = manifest["files"]?.arrayValue else {
            fail(Manifest.path, "is not a docket export manifest (JSON with \"log\" and \"files\")")
            return report
        }

        // 2. Every file's hash and size; nothing unlisted.
        var listedPaths = Set<String>()
        for (index, entry) in listed.enumerated() {
            guard let path = entry["path"]?.stringValue, let hash = entry["sha256"]?.stringValue, let size = entry["size"]?.int64Value else {
                fail(Manifest.path, "files[\(index)] lacks path, sha256 or size")
                continue
            }
            listedPaths.insert(path)
            guard let bytes = files[path] else {
                fail(path, "is listed in the manifest but missing from the folder")
                continue
            }
            report.filesChecked += 1
            let actual = Digest.sha256(bytes).hex
            if actual != hash || Int64(bytes.count) != size {
                fail(path, "its SHA-256 is \(actual) (\(bytes.count) bytes), but the manifest says \(hash) (\(size) bytes): the file was changed after it was published")
            }
        }
        for path in folder.paths where !listedPaths.contains(path) && path != Manifest.path && path != Manifest.signaturePath {
            fail(path, "is not listed in the manifest: it was added after the export was signed")
        }

        // 3. The signed checkpoint.
        guard let checkpointBytes = files[LedgerFiles.checkpoint] else {
            fail(LedgerFiles.checkpoint, "is missing")
            return report
        }
        let note = String(decoding: checkpointBytes, as: UTF8.self)
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(verifying: note, using: [key])
        } catch {
            fail(LedgerFiles.checkpoint, "is not a checkpoint validly signed by \(key.name): \(error)")
            return report
        }
        if log["checkpoint"]?.stringValue != note || log["size"]?.int64Value != Int64(checkpoint.size)
            || log["root"]?.stringValue != checkpoint.rootHash.hex {
            fail(Manifest.path, "\"log\" (size \(log["size"]?.int64Value ?? -1), root \(log["root"]?.stringValue ?? "?")) does not match the signed checkpoint (size \(checkpoint.size), root \(checkpoint.rootHash)): the checkpoint or the manifest was replaced")
        }

        // 4. Every leaf, rebuilt from the public log, and the root.
        guard let logBytes = files[LedgerFiles.log] else {
            fail(LedgerFiles.log, "is missing")
            return report
        }
        var events = [PublicEvent]()
        for (index, line) in logBytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            do {
                let event = try PublicEvent(json: try JSON.parse(Array(line)))
                if event.position != Int64(events.count + 1) {
                    fail(LedgerFiles.log, "line \(index + 1) holds position \(event.position), but position \(events.count + 1) comes next: an event was dropped, added or moved")
                    return report
                }
                events.append(event)
            } catch {
                fail(LedgerFiles.log, "line \(index + 1) is not a public event: \(error)")
                return report
            }
        }
        report.events = events.count
        let leaves = events.map(\.leaf)
        let tree = InMemorySubtreeHashSource(leafHashes: leaves.map(\.leafHash))
        guard events.count == checkpoint.size else {
            fail(LedgerFiles.log, "holds \(events.count) events, but the signed checkpoint covers \(checkpoint.size): events were dropped or added")
            return report
        }
        guard let root = try? tree.root(treeSize: events.count), root == checkpoint.rootHash else {
            fail(LedgerFiles.log, "the tree rebuilt from its \(events.count) events has root \((try? tree.root(treeSize: events.count))?.hex ?? "?"), but the signed checkpoint says \(checkpoint.rootHash): an event was changed")
            return report
        }
        report.root = root

        // 5. Every inclusion proof.
        for (index, line) in (files[LedgerFiles.proofs] ?? []).split(separator: 0x0A).enumerated() {
            do {
                let proof = try InclusionProof(jsonData: Data(line))
                try proof.verifyPath()
                guard proof.treeSize == checkpoint.size, proof.rootHash == checkpoint.rootHash else {
                    fail(LedgerFiles.proofs, "line \(index + 1) proves against a tree of \(proof.treeSize) events with root \(proof.rootHash), not the signed checkpoint's")
                    continue
                }
                guard proof.leafIndex < leaves.count, proof.leaf == leaves[proof.leafIndex].bytes else {
                    fail(LedgerFiles.proofs, "line \(index + 1) proves a leaf at position \(proof.leafIndex + 1) that is not the leaf of that event in \(LedgerFiles.log)")
                    continue
                }
                report.proofsChecked += 1
            } catch {
                fail(LedgerFiles.proofs, "line \(index + 1) is not a valid inclusion proof: \(error)")
            }
        }

        // 6. Every derived file, rebuilt from the verified events.
        let ocidPrefix = manifest["ocidPrefix"]?.stringValue ?? ""
        let publisher = manifest["publisher"]?.stringValue ?? ""
        do {
            let expected = try TransparencyExport.content(
                events: events, root: root, checkpoint: note, ocidPrefix: ocidPrefix, publisher: publisher,
                releaseRangeEnds: Set(folder.paths.compactMap(OCDSFiles.lastPosition)))
            for path in expected.paths {
                guard let actual = files[path] else {
                    fail(path, "is missing: the log says it should be published")
                    continue
                }
                if path.hasPrefix(OCDSFiles.releasesFolder) {
                    report.releasesChecked += (try? JSON.parse(expected.files[path]!))?["releases"]?.arrayValue?.count ?? 0
                }
                if path.hasPrefix("csv/") { report.rowsChecked += max(0, CSVTables.parse(String(decoding: actual, as: UTF8.self)).count - 1) }
                if actual != expected.files[path]! {
                    fail(path, Self.difference(path: path, actual: actual, expected: expected.files[path]!))
                }
            }
            for path in folder.paths where (path.hasPrefix("ocds/") || path.hasPrefix("csv/")) && expected.files[path] == nil {
                fail(path, "derives from no event of the log")
            }
        } catch {
            fail(LedgerFiles.log, "cannot rebuild the publication from it: \(error)")
        }

        // 7. The export this one says it continues from (manifest "previous"): its checkpoint is signed by the
        // key, and ledger/consistency.json proves this log extends it.
        if let stated = manifest["previous"], !stated.isNull {
            checkStatedPrevious(stated, folder: folder, size: checkpoint.size, root: root, fail: fail)
        } else if files[LedgerFiles.consistency] != nil {
            fail(LedgerFiles.consistency, "is present, but the manifest names no previous export")
        }
        // 8. The previous export, when given: this one extends it and kept its releases.
        if let previous {
            checkPrevious(previous, size: checkpoint.size, root: root, tree: tree, folder: folder, fail: fail)
        }
        return report
    }

    private func checkStatedPrevious(_ stated: JSON, folder: ExportFolder, size: Int, root: Digest, fail: (String, String) -> Void) {
        guard let note = stated["checkpoint"]?.stringValue, let old = try? Checkpoint(verifying: note, using: [key]) else {
            fail(Manifest.path, "\"previous\" holds no checkpoint validly signed by \(key.name)")
            return
        }
        if stated["size"]?.int64Value != Int64(old.size) || stated["root"]?.stringValue != old.rootHash.hex {
            fail(Manifest.path, "\"previous\" states a size or root other than its signed checkpoint's")
        }
        guard let bytes = folder.files[LedgerFiles.consistency], let proof = try? ConsistencyProof(jsonData: Data(bytes)) else {
            fail(LedgerFiles.consistency, "is missing or malformed, but the manifest names a previous export (\(old.size) events)")
            return
        }
        if proof.oldSize != old.size || proof.oldRoot != old.rootHash || proof.newSize != size || proof.newRoot != root
            || (try? proof.verifyPath()) == nil {
            fail(LedgerFiles.consistency, "does not prove that this log (\(size) events) extends the previous export's \(old.size) events with root \(old.rootHash)")
        }
    }

    private func checkPrevious(
        _ previous: ExportFolder, size: Int, root: Digest, tree: InMemorySubtreeHashSource, folder: ExportFolder,
        fail: (String, String) -> Void
    ) {
        guard let bytes = previous.files[LedgerFiles.checkpoint],
              let old = try? Checkpoint(verifying: String(decoding: bytes, as: UTF8.self), using: [key]) else {
            fail("previous " + LedgerFiles.checkpoint, "is missing or not validly signed by \(key.name)")
            return
        }
        guard let proofBytes = folder.files[LedgerFiles.consistency], let proof = try? ConsistencyProof(jsonData: Data(proofBytes)) else {
            fail(LedgerFiles.consistency, "is missing or malformed: this export does not prove that it extends the previous one")
            return
        }
        if proof.oldSize != old.size || proof.oldRoot != old.rootHash || proof.newSize != size || proof.newRoot != root {
            fail(LedgerFiles.consistency, "proves \(proof.oldSize) → \(proof.newSize) events, but the previous export's checkpoint covers \(old.size) (root \(old.rootHash)) and this one \(size)")
        } else if (try? proof.verifyPath()) == nil || (try? tree.root(treeSize: old.size)) != old.rootHash {
            fail(LedgerFiles.consistency, "does not prove that this log extends the previous export's (size \(old.size), root \(old.rootHash)): published events were changed")
        }
        for (path, bytes) in previous.files where path.hasPrefix("ocds/releases/") {
            if folder.files[path] == nil {
                fail(path, "was published in the previous export and is missing from this one")
            } else if folder.files[path] != bytes {
                fail(path, "was published in the previous export and has been rewritten")
            }
        }
    }

    /// What differs between a file and the one rebuilt from its events, as precisely as the format allows.
    static func difference(path: String, actual: [UInt8], expected: [UInt8]) -> String {
        if path.hasSuffix(".csv") {
            let actualRows = CSVTables.parse(String(decoding: actual, as: UTF8.self))
            let expectedRows = CSVTables.parse(String(decoding: expected, as: UTF8.self))
            let header = expectedRows.first ?? []
            for index in 0..<max(actualRows.count, expectedRows.count) {
                let row = index < actualRows.count ? actualRows[index] : nil
                let wanted = index < expectedRows.count ? expectedRows[index] : nil
                if row == wanted { continue }
                guard let row, let wanted else {
                    return row == nil ? "row \(index) (\(wanted!.first ?? "")) is missing" : "row \(index) (\(row!.first ?? "")) derives from no event"
                }
                let positions = wanted.last ?? ""
                for (column, name) in header.enumerated() where (column < row.count ? row[column] : nil) != wanted[column] {
                    let stated = column < row.count ? row[column] : "(nothing)"
                    return "row \(index) (\(wanted.first ?? "")), column \"\(name)\": the file says \"\(stated)\", but the cited events (positions \(positions)) give \"\(wanted[column])\""
                }
                return "row \(index) (\(wanted.first ?? "")) differs from the one rebuilt from positions \(positions)"
            }
            return "differs from the file rebuilt from the log (line endings or trailing bytes)"
        }
        if path.hasSuffix(".json"), let a = try? JSON.parse(actual), let b = try? JSON.parse(expected) {
            guard let (location, stated, wanted) = firstDifference(a, b, at: "") else {
                return "is not in the canonical form the export writes"
            }
            // Name the release the difference is in: releases[i] of a package, or of records[j].
            for prefix in ["releases[", "records[0].releases[", "records[0].compiledRelease"] where location.hasPrefix(prefix) {
                var release: JSON?
                var rest = Substring(location.dropFirst(prefix.count))
                if prefix.hasSuffix("[") {
                    guard let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]) else { break }
                    let list = prefix == "releases[" ? b["releases"] : b["records"]?.arrayValue?.first?["releases"]
                    release = list?.arrayValue.flatMap { index < $0.count ? $0[index] : nil }
                    rest = rest[rest.index(after: close)...]
                } else {
                    release = b["records"]?.arrayValue?.first?["compiledRelease"]
                }
                let field = rest.hasPrefix(".") ? String(rest.dropFirst()) : String(rest)
                let positions = release?["ledgerEvents"]?.arrayValue?.compactMap { $0["position"]?.int64Value }.map(String.init).joined(separator: " ") ?? "?"
                return "release \(release?["id"]?.stringValue ?? "?") states \(field.isEmpty ? "its content" : field) = \(stated), but the events it cites (positions \(positions)) give \(wanted)"
            }
            return "states \(location.isEmpty ? "its content" : location) = \(stated), but the log gives \(wanted)"
        }
        return "differs from the file rebuilt from the log"
    }

    private static func firstDifference(_ a: JSON, _ b: JSON, at path: String) -> (String, String, String)? {
        if a == b { return nil }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for key in Set(x.keys).union(y.keys).sorted() {
                let child = path.isEmpty ? key : path + "." + key
                guard let u = x[key], let v = y[key] else {
                    return (child, x[key].map(\.canonicalString) ?? "(nothing)", y[key].map(\.canonicalString) ?? "(nothing)")
                }
                if let found = firstDifference(u, v, at: child) { return found }
            }
        case (.array(let x), .array(let y)) where x.count == y.count:
            for (index, (u, v)) in zip(x, y).enumerated() {
                if let found = firstDifference(u, v, at: "\(path)[\(index)]") { return found }
            }
        default:
            break
        }
        return (path, a.canonicalString, b.canonicalString)
    }
}

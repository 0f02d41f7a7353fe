import ArgumentParser
import EventStore
import Foundation
import Ledger
import PostgresClient

/// `docket keygen KEYFILE`.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an Ed25519 checkpoint-signing key: KEYFILE (private, mode 600) and KEYFILE.pub.",
        discussion: "Keep both files outside the database. Give KEYFILE.pub to auditors: docket verify --key checks checkpoints and proofs with it."
    )

    @Argument(help: "Where to write the private key; the public key goes to KEYFILE.pub.")
    var keyFile: String

    @Option(help: "The key's name, shown in signatures (letters, digits, '.', '-', '_').")
    var name = "docket-checkpoint"

    func run() throws {
        let publicFile = keyFile + ".pub"
        for path in [keyFile, publicFile] where FileManager.default.fileExists(atPath: path) {
            throw CLIError("\(path) already exists; keygen never overwrites a key — choose another path or remove it deliberately")
        }
        let key = try SigningKey.generate(name: name)
        guard FileManager.default.createFile(
            atPath: keyFile, contents: Data(key.privateKeyFile.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CLIError("cannot write \(keyFile); check that its folder exists and is writable")
        }
        guard FileManager.default.createFile(atPath: publicFile, contents: Data(key.publicKeyFile.utf8)) else {
            try? FileManager.default.removeItem(atPath: keyFile)
            throw CLIError("cannot write \(publicFile); check that its folder is writable")
        }
        print("private key: \(keyFile)\npublic key:  \(publicFile)\n\(key.verifier.verifierKey)")
    }
}

enum KeyFiles {
    static func signingKey(_ path: String) throws -> SigningKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read the key file \(path); create one with: \(Invocation.hint("docket keygen")) \(path)")
        }
        do {
            return try SigningKey(privateKeyFile: String(decoding: data, as: UTF8.self))
        } catch {
            throw CLIError("\(path) is not a docket private key file (\(error)); did you pass the .pub file?")
        }
    }

    static func verifier(_ path: String) throws -> NoteVerifier {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read the public key file \(path)")
        }
        do {
            return try NoteVerifier(publicKeyFile: String(decoding: data, as: UTF8.self))
        } catch {
            throw CLIError("\(path) is not a public key file (\(error)); it holds one line like name+1a2b3c4d+AQ…")
        }
    }
}

/// `docket checkpoint --key KEYFILE`.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign the ledger's current tree size and root (a C2SP signed checkpoint) and store it.",
        discussion: "Refuses to sign if the tree is not an extension of the previous checkpoint's tree. Prints the signed note."
    )

    @Option(help: "The private key file made by docket keygen.")
    var key: String

    @Option(help: "The log's origin line (default: docket/<database name>); all checkpoints of a ledger share it.")
    var origin: String?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let signingKey = try KeyFiles.signingKey(key)
        let connection = try database.connect(logger: CLILogging.logger())
        let store = LedgerStore(connection: connection)
        let name = try connection.query("SELECT current_database()").string(0, 0) ?? "ledger"
        let (stored, note, faults) = try store.makeCheckpoint(
            key: signingKey, origin: origin ?? store.checkpoints().last?.origin ?? "docket/\(name)")
        for fault in faults {
            FileHandle.standardError.write(Data("warning: \(fault); recorded in docket.append_faults\n".utf8))
        }
        print(note.text, terminator: "")
        FileHandle.standardError.write(Data("checkpoint \(stored.id): \(stored.treeSize) events, root \(stored.rootHash)\n".utf8))
    }
}

/// `docket prove`.
struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Print a self-contained inclusion or consistency proof (JSON) that anyone can check offline.",
        discussion: """
            docket prove EVENT-ID|POSITION proves that an event is in the tree of the latest checkpoint that \
            covers it (or of --checkpoint FILE, a signed note). docket prove --consistency OLD NEW proves that \
            the tree of NEW events extends the tree of OLD events. Check a proof with: docket verify --proof FILE --key KEY.pub
            """
    )

    @Argument(help: "An event id or position.")
    var event: String?

    @Option(help: "A signed checkpoint note to prove against (default: the latest stored checkpoint covering the event).")
    var checkpoint: String?

    @Option(parsing: .upToNextOption, help: "Two tree sizes: OLD NEW.")
    var consistency: [Int] = []

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if !consistency.isEmpty {
            guard consistency.count == 2, consistency[0] >= 1, consistency[0] <= consistency[1] else {
                throw ValidationError("--consistency takes two sizes OLD NEW with 1 ≤ OLD ≤ NEW")
            }
            guard event == nil else { throw ValidationError("give either an event or --consistency, not both") }
        } else if event == nil {
            throw ValidationError("give an event id or position, or --consistency OLD NEW")
        }
    }

    func run() throws {
        let connection = try database.connect(logger: CLILogging.logger())
        let store = LedgerStore(connection: connection)
        let checkpoints = try store.checkpoints()
        let head = try store.head()
        let data: Data
        if consistency.count == 2 {
            let (old, new) = (consistency[0], consistency[1])
            guard new <= head.size else { throw CLIError("the tree has only \(head.size) events; NEW must be at most that") }
            let subtrees = store.subtrees
            let proof = ConsistencyProof(
                oldSize: old, newSize: new, oldRoot: try subtrees.root(treeSize: old), newRoot: try subtrees.root(treeSize: new),
                path: try subtrees.consistencyProof(oldSize: old, newSize: new),
                oldCheckpoint: checkpoints.last { $0.treeSize == old }?.signedNote,
                newCheckpoint: checkpoints.last { $0.treeSize == new }?.signedNote)
            data = try proof.jsonData()
        } else {
            let text = event!
            let position: Int64
            if let number = Int64(text) { position = number } else if let id = UUID(uuidString: text) {
                position = try store.position(of: id)
            } else {
                throw CLIError("\"\(text)\" is neither a position nor an event id (UUID)")
            }
            let note: String
            let size: Int
            if let checkpoint {
                guard let contents = FileManager.default.contents(atPath: checkpoint) else { throw CLIError("cannot read \(checkpoint)") }
                note = String(decoding: contents, as: UTF8.self)
                let parsed = try Checkpoint(parsing: try SignedNote(parsing: note).body)
                size = parsed.size
            } else {
                guard let covering = checkpoints.last(where: { $0.treeSize >= position }) else {
                    throw CLIError("no checkpoint covers position \(position) yet; sign one first: \(Invocation.hint("docket checkpoint")) --key KEYFILE")
                }
                note = covering.signedNote
                size = covering.treeSize
            }
            guard position >= 1, position <= Int64(size), size <= head.size else {
                throw CLIError("position \(position) is not in the checkpoint's tree of \(size) events")
            }
            let leaf = try store.leaf(position: position)
            let subtrees = store.subtrees
            let proof = InclusionProof(
                leafIndex: Int(position - 1), treeSize: size, leafHash: leaf.hash,
                path: try subtrees.inclusionProof(leafIndex: Int(position - 1), treeSize: size),
                rootHash: try subtrees.root(treeSize: size), checkpoint: note, leaf: leaf.bytes)
            data = try proof.jsonData()
        }
        FileHandle.standardOutput.write(data)
        print()
    }
}

/// `docket verify`.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every leaf and the tree from the stored events and check every checkpoint; or check one proof offline.",
        discussion: """
            docket verify [--key KEY.pub] checks the database: on a mismatch it names the first bad position, the \
            event id and what differs, and exits with status 1. Checkpoint signatures are checked with --key \
            (default: the keys that signed them, as recorded beside them — pass --key to trust only your copy).
            docket verify --proof FILE --key KEY.pub checks an inclusion or consistency proof with no database.
            """
    )

    @Option(help: "A proof file made by docket prove (offline check; needs --key).")
    var proof: String?

    @Option(help: "The public key file (KEYFILE.pub) that checkpoints must be signed with.")
    var key: String?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        if let proof {
            guard let key else { throw CLIError("checking a proof needs the signer's public key: --key KEYFILE.pub") }
            try Self.verifyProof(path: proof, key: try KeyFiles.verifier(key))
            return
        }
        let connection = try database.connect(logger: CLILogging.logger())
        var keys = try key.map { [try KeyFiles.verifier($0)] } ?? []
        if keys.isEmpty {
            keys = try Set(LedgerStore(connection: connection).checkpoints().map(\.keyName)).map { try NoteVerifier(verifierKey: $0) }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let report = try LedgerVerifier(connection: connection, keys: keys).verify()
        let seconds = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
        for fault in report.writerFaults {
            FileHandle.standardError.write(Data("unverifiable: \(fault)\n".utf8))
        }
        if let problem = report.problem {
            FileHandle.standardError.write(Data("verification FAILED at \(problem)\n".utf8))
            throw ExitCode(1)
        }
        if !report.writerFaults.isEmpty {
            FileHandle.standardError.write(Data("""
                verified the tree of \(report.events) events and every checkpoint, but \(report.writerFaults.count) \
                event\(report.writerFaults.count == 1 ? " was" : "s were") appended with a digest that does not match \
                \(report.writerFaults.count == 1 ? "its" : "their") content (listed above): nothing was changed after \
                signing, and those contents cannot be verified

                """.utf8))
            throw ExitCode(1)
        }
        let checkpoints = report.checkpointsChecked == 1 ? "1 checkpoint" : "\(report.checkpointsChecked) checkpoints"
        print("verified \(report.events) events and \(checkpoints) in \(String(format: "%.2f", seconds)) s; root \(report.root)")
        if key == nil, report.checkpointsChecked > 0 {
            print("note: checkpoint signatures were checked with the keys recorded in the database; pass --key KEY.pub to check them against your own copy")
        }
        if report.erasedRestricted > 0 {
            print("\(report.erasedRestricted) events have erased restricted fields; their committed digests still verify")
        }
    }

    static func verifyProof(path: String, key: NoteVerifier) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read the proof file \(path)") }
        let format = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["format"] as? String
        do {
            switch format {
            case InclusionProof.format:
                let proof = try InclusionProof(jsonData: data)
                let checkpoint = try proof.verify(publicKey: key)
                print("valid: leaf \(proof.leafIndex + 1) is in the tree of \(proof.treeSize) events, root \(proof.rootHash), signed by \(key.name) for \(checkpoint.origin)")
            case ConsistencyProof.format:
                let proof = try ConsistencyProof(jsonData: data)
                _ = try proof.verify(publicKey: key)
                print("valid: the tree of \(proof.newSize) events (root \(proof.newRoot)) extends the tree of \(proof.oldSize) (root \(proof.oldRoot))")
            default:
                throw CLIError("\(path) is not a docket proof (its \"format\" is \(format.map { "\"\($0)\"" } ?? "missing"))")
            }
        } catch let error as ProofDocumentError {
            FileHandle.standardError.write(Data("proof INVALID: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Why a checkpoint was rejected.
public enum CheckpointError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The origin line is empty or contains a control character.
    case invalidOrigin(String)
    /// The size is negative, or its line is not canonical decimal.
    case invalidSize(String)
    /// The root hash line is not base64 of 32 bytes.
    case invalidRootHash(String)
    /// Extension lines must be non-empty and free of control characters; `index` counts from 0.
    case invalidExtension(index: Int, line: String)
    /// The body has fewer than the three required lines.
    case missingLines(found: Int)
    /// The body does not end with a newline.
    case notNewlineTerminated
    /// The signed note around the checkpoint is bad.
    case note(NoteError)
    /// The note verified but is for another log.
    case originMismatch(expected: String, found: String)

    public var description: String {
        switch self {
        case let .invalidOrigin(origin):
            "invalid checkpoint origin \"\(origin)\": must be non-empty with no control characters"
        case let .invalidSize(text):
            "invalid checkpoint tree size \"\(text)\": must be a non-negative decimal without leading zeros"
        case let .invalidRootHash(text):
            "invalid checkpoint root hash \"\(text)\": must be base64 of 32 bytes"
        case let .invalidExtension(index, line):
            "invalid checkpoint extension line \(index) \"\(line)\": must be non-empty with no control characters"
        case let .missingLines(found):
            "checkpoint has \(found) lines, needs at least 3 (origin, size, root hash)"
        case .notNewlineTerminated:
            "checkpoint body does not end with a newline"
        case let .note(error):
            "checkpoint note: \(error)"
        case let .originMismatch(expected, found):
            "checkpoint origin is \"\(found)\", expected \"\(expected)\""
        }
    }
}

/// A C2SP tlog-checkpoint: the signed statement of a log's size and root.
///
/// Body format, every line ending in "\n":
///
///     <origin>                    unique name of the log, e.g. "example.com/docket"
///     <tree size>                 decimal, no leading zeros
///     <base64 root hash>          standard padded base64 of the 32-byte root
///     [<extension line>]...       optional, opaque, non-empty
///
/// Signed and verified as a ``SignedNote`` whose body is ``body``.
public struct Checkpoint: Hashable, Sendable {
    /// The log's origin line.
    public let origin: String
    /// Number of leaves in the tree.
    public let size: Int
    /// The tree's Merkle root.
    public let rootHash: Digest
    /// Opaque extension lines, without their newlines.
    public let extensions: [String]

    /// A checkpoint; validates every line so the body always round-trips.
    public init(origin: String, size: Int, rootHash: Digest, extensions: [String] = []) throws(CheckpointError) {
        guard Self.isValidLine(origin) else { throw .invalidOrigin(origin) }
        guard size >= 0 else { throw .invalidSize(String(size)) }
        for (index, line) in extensions.enumerated() where !Self.isValidLine(line) {
            throw .invalidExtension(index: index, line: line)
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses a checkpoint body (the note text before the blank line).
    public init(parsing body: String) throws(CheckpointError) {
        guard body.hasSuffix("\n") else { throw .notNewlineTerminated }
        let lines = body.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else { throw .missingLines(found: lines.count) }
        let sizeText = lines[1]
        // Canonical decimal only, so one checkpoint has exactly one spelling.
        guard !sizeText.isEmpty, sizeText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              sizeText == "0" || !sizeText.hasPrefix("0"), let size = Int(sizeText)
        else { throw .invalidSize(sizeText) }
        guard let rootBytes = Base64.decode(lines[2]), let root = Digest(bytes: rootBytes) else {
            throw .invalidRootHash(lines[2])
        }
        try self.init(origin: lines[0], size: size, rootHash: root, extensions: Array(lines[3...]))
    }

    /// The checkpoint body text, which is what gets signed.
    public var body: String {
        ([origin, String(size), Base64.encode(rootHash.bytes)] + extensions).map { $0 + "\n" }.joined()
    }

    /// The signed note for this checkpoint.
    public func signed(with keys: [SigningKey]) throws(CheckpointError) -> SignedNote {
        do {
            return try SignedNote.sign(body: body, with: keys)
        } catch {
            throw .note(error)
        }
    }

    /// Parses and verifies a signed checkpoint note, optionally pinning the origin.
    public init(verifying noteText: String, using verifiers: [NoteVerifier], origin: String? = nil) throws(CheckpointError) {
        let note: SignedNote
        do {
            // Signatures first: nothing in an unverified body is trusted.
            note = try SignedNote(parsing: noteText)
            try note.verify(using: verifiers)
        } catch {
            throw .note(error)
        }
        try self.init(parsing: note.body)
        if let origin, origin != self.origin { throw .originMismatch(expected: origin, found: self.origin) }
    }

    private static func isValidLine(_ line: String) -> Bool {
        !line.isEmpty && !line.unicodeScalars.contains(where: TextRules.isControl)
    }
}

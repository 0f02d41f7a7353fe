/// Why a signed note could not be parsed, built or verified.
public enum NoteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes are not valid UTF-8.
    case invalidUTF8
    /// The note contains a control character other than newline.
    case controlCharacter(UInt32)
    /// The body (the signed text) must end in a newline.
    case bodyNotNewlineTerminated
    /// There is no blank line separating the body from the signatures.
    case missingBlankLine
    /// The signature block is empty.
    case missingSignatures
    /// The last signature line has no newline.
    case signatureBlockNotNewlineTerminated
    /// A signature line is not "— <name> <base64>"; `line` counts from 1 within the signature block.
    case malformedSignatureLine(line: Int, reason: String)
    /// A signature line's base64 does not decode.
    case invalidBase64(line: Int)
    /// A signature needs 4 bytes of key hash and at least 1 byte of signature.
    case signatureTooShort(line: Int)
    /// More than ``SignedNote/maxSignatures`` signature lines.
    case tooManySignatures
    /// No signature is from a key the verifier knows.
    case unknownKey(signers: [String])
    /// A signature from a known key does not verify.
    case signatureMismatch(name: String, keyHash: UInt32)
    /// A key could not sign the note.
    case signingFailed(String)

    public var description: String {
        switch self {
        case .invalidUTF8:
            "note is not valid UTF-8"
        case let .controlCharacter(value):
            "note contains control character U+\(String(value, radix: 16, uppercase: true)); only newline is allowed"
        case .bodyNotNewlineTerminated:
            "note body does not end with a newline"
        case .missingBlankLine:
            "note has no blank line before its signatures"
        case .missingSignatures:
            "note has no signature lines after the blank line"
        case .signatureBlockNotNewlineTerminated:
            "note's last signature line does not end with a newline"
        case let .malformedSignatureLine(line, reason):
            "signature line \(line) is malformed: \(reason)"
        case let .invalidBase64(line):
            "signature line \(line) has invalid base64"
        case let .signatureTooShort(line):
            "signature line \(line) is too short to hold a key hash and signature"
        case .tooManySignatures:
            "note has more than \(SignedNote.maxSignatures) signatures"
        case let .unknownKey(signers):
            "note is not signed by any known key (signed by: \(signers.joined(separator: ", ")))"
        case let .signatureMismatch(name, keyHash):
            "signature by \(name) (key hash \(NoteVerifier.hex8(keyHash))) does not verify"
        case let .signingFailed(reason):
            "could not sign note: \(reason)"
        }
    }
}

/// One signature line of a note: "— <name> <base64(key hash || signature)>".
public struct NoteSignature: Hashable, Sendable {
    /// The signing key's name.
    public let name: String
    /// The signing key's hash (see ``NoteVerifier/keyHash``).
    public let keyHash: UInt32
    /// The signature bytes after the key hash (64 for Ed25519).
    public let signature: [UInt8]

    /// A signature from its parts.
    public init(name: String, keyHash: UInt32, signature: [UInt8]) {
        self.name = name
        self.keyHash = keyHash
        self.signature = signature
    }

    /// The line as it appears in a note, including the trailing newline.
    public var line: String {
        let hashBytes = (0..<4).map { UInt8(truncatingIfNeeded: keyHash >> (24 - 8 * $0)) }
        return "\(SignedNote.signaturePrefix)\(name) \(Base64.encode(hashBytes + signature))\n"
    }
}

/// A C2SP signed note: a UTF-8 body ending in "\n", a blank line, then one or
/// more signature lines "— <name> <base64(4-byte key hash || signature)>\n"
/// (U+2014 EM DASH, then a space), where the signature covers the body bytes.
///
/// Parsing and verification follow `golang.org/x/mod/sumdb/note`: the body
/// may not contain control characters other than newline, signatures by
/// keys the verifier does not know are kept but ignored, and at least one
/// signature must be by a known key, and every such signature must verify.
public struct SignedNote: Hashable, Sendable {
    /// Upper bound on signature lines, so hostile notes cannot make us do unbounded work.
    public static let maxSignatures = 100
    /// What every signature line starts with: EM DASH (U+2014) and a space.
    public static let signaturePrefix = "\u{2014} "

    /// The signed text, ending in "\n".
    public let body: String
    /// The signatures in the order they appear.
    public let signatures: [NoteSignature]

    /// A note from parts; checks that its ``text`` will parse back.
    public init(body: String, signatures: [NoteSignature]) throws(NoteError) {
        try Self.checkBody(body)
        guard !signatures.isEmpty else { throw .missingSignatures }
        guard signatures.count <= Self.maxSignatures else { throw .tooManySignatures }
        for (offset, signature) in signatures.enumerated() {
            guard TextRules.isValidKeyName(signature.name) else {
                throw .malformedSignatureLine(line: offset + 1, reason: "invalid key name \"\(signature.name)\"")
            }
            guard !signature.signature.isEmpty else { throw .signatureTooShort(line: offset + 1) }
        }
        self.body = body
        self.signatures = signatures
    }

    /// Signs `body` with each key in turn.
    public static func sign(body: String, with keys: [SigningKey]) throws(NoteError) -> SignedNote {
        try checkBody(body)
        var signatures: [NoteSignature] = []
        for key in keys {
            do {
                let signature = try key.sign(Array(body.utf8))
                signatures.append(NoteSignature(name: key.name, keyHash: key.verifier.keyHash, signature: signature))
            } catch {
                throw .signingFailed(error.description)
            }
        }
        return try SignedNote(body: body, signatures: signatures)
    }

    /// Parses a note from raw bytes, rejecting invalid UTF-8.
    public init(parsing bytes: some Sequence<UInt8>) throws(NoteError) {
        guard let text = String(validating: Array(bytes), as: UTF8.self) else { throw .invalidUTF8 }
        try self.init(parsing: text)
    }

    /// Parses a note's text without verifying signatures; see ``verify(using:)``.
    public init(parsing text: String) throws(NoteError) {
        if let bad = text.unicodeScalars.first(where: { TextRules.isControl($0) && $0 != "\n" }) {
            throw .controlCharacter(bad.value)
        }
        let bytes = Array(text.utf8)
        // The last "\n\n" splits body from signatures: signature lines never
        // contain one, while a body may contain blank lines.
        guard let split = Self.lastBlankLine(in: bytes) else { throw .missingBlankLine }
        let body = String(decoding: bytes[...split], as: UTF8.self)
        let block = bytes[(split + 2)...]
        guard !block.isEmpty else { throw .missingSignatures }
        guard block.last == 0x0a else { throw .signatureBlockNotNewlineTerminated }

        let lines = block.dropLast().split(separator: 0x0a, omittingEmptySubsequences: false)
        guard lines.count <= Self.maxSignatures else { throw .tooManySignatures }
        var signatures: [NoteSignature] = []
        for (offset, lineBytes) in lines.enumerated() {
            signatures.append(try Self.parseSignature(String(decoding: lineBytes, as: UTF8.self), line: offset + 1))
        }
        try self.init(body: body, signatures: signatures)
    }

    /// The full note text.
    public var text: String {
        body + "\n" + signatures.map(\.line).joined()
    }

    /// Checks the signatures against `verifiers` and returns those whose
    /// signatures verified (each once).
    @discardableResult
    public func verify(using verifiers: [NoteVerifier]) throws(NoteError) -> [NoteVerifier] {
        let message = Array(body.utf8)
        var verified: [NoteVerifier] = []
        for signature in signatures {
            guard let verifier = verifiers.first(where: { $0.name == signature.name && $0.keyHash == signature.keyHash })
            else { continue }
            guard verifier.isValidSignature(signature.signature, for: message) else {
                throw .signatureMismatch(name: signature.name, keyHash: signature.keyHash)
            }
            if !verified.contains(verifier) { verified.append(verifier) }
        }
        guard !verified.isEmpty else {
            throw .unknownKey(signers: signatures.map { "\($0.name)+\(NoteVerifier.hex8($0.keyHash))" })
        }
        return verified
    }

    private static func checkBody(_ body: String) throws(NoteError) {
        if let bad = body.unicodeScalars.first(where: { TextRules.isControl($0) && $0 != "\n" }) {
            throw .controlCharacter(bad.value)
        }
        guard body.hasSuffix("\n") else { throw .bodyNotNewlineTerminated }
    }

    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x0a && bytes[index + 1] == 0x0a { return index }
            index -= 1
        }
        return nil
    }

    private static func parseSignature(_ line: String, line number: Int) throws(NoteError) -> NoteSignature {
        guard line.hasPrefix(signaturePrefix) else {
            throw .malformedSignatureLine(line: number, reason: "does not start with \"\u{2014} \" (U+2014 and a space)")
        }
        let rest = line.dropFirst(signaturePrefix.count)
        guard let space = rest.firstIndex(of: " ") else {
            throw .malformedSignatureLine(line: number, reason: "no space between key name and signature")
        }
        let name = String(rest[..<space])
        let encoded = rest[rest.index(after: space)...]
        guard TextRules.isValidKeyName(name) else {
            throw .malformedSignatureLine(line: number, reason: "invalid key name \"\(name)\"")
        }
        guard let raw = Base64.decode(encoded), !encoded.isEmpty else { throw .invalidBase64(line: number) }
        guard raw.count >= 5 else { throw .signatureTooShort(line: number) }
        let keyHash = raw.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return NoteSignature(name: name, keyHash: keyHash, signature: Array(raw.dropFirst(4)))
    }
}

import Crypto

/// The public half of a note-signing key: a key name plus an Ed25519 public key.
///
/// Its text form is the C2SP signed-note / `golang.org/x/mod/sumdb/note`
/// verifier key: `<name>+<8 hex digits key hash>+<base64(0x01 || 32-byte key)>`.
public struct NoteVerifier: Hashable, Sendable {
    /// The signature type byte for Ed25519 in C2SP signed-note.
    public static let ed25519Type: UInt8 = 0x01

    /// The key name, as it appears on signature lines.
    public let name: String
    /// The raw 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// A verifier for `name` and a raw 32-byte Ed25519 public key.
    public init(name: String, publicKey: some Sequence<UInt8>) throws(KeyError) {
        guard TextRules.isValidKeyName(name) else { throw .invalidKeyName(name) }
        let key = Array(publicKey)
        guard key.count == 32 else { throw .malformedVerifierKey("Ed25519 public key has \(key.count) bytes, expected 32") }
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: key)) != nil else {
            throw .malformedVerifierKey("not a valid Ed25519 public key")
        }
        self.name = name
        self.publicKey = key
    }

    /// Parses a verifier key string, checking that the stated key hash matches.
    public init(verifierKey: String) throws(KeyError) {
        // Split at the first two "+" only: base64 keys may contain "+" themselves.
        let fields = verifierKey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3 else { throw .malformedVerifierKey("expected <name>+<hash>+<key>") }
        let name = String(fields[0])
        guard TextRules.isValidKeyName(name) else { throw .invalidKeyName(name) }
        let hashText = fields[1]
        // Checked byte by byte because UInt32(_:radix:) would also take a sign.
        guard hashText.utf8.count == 8,
              hashText.utf8.allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit && $0 < 0x80 }),
              let stated = UInt32(hashText, radix: 16)
        else {
            throw .malformedVerifierKey("key hash \"\(hashText)\" is not 8 hex digits")
        }
        guard let typedKey = Base64.decode(fields[2]) else {
            throw .malformedVerifierKey("key \"\(fields[2])\" is not valid base64")
        }
        guard let type = typedKey.first else { throw .malformedVerifierKey("key is empty") }
        guard type == Self.ed25519Type else { throw .unsupportedKeyType(type) }
        try self.init(name: name, publicKey: typedKey.dropFirst())
        guard keyHash == stated else { throw .keyHashMismatch(name: name, stated: stated, computed: keyHash) }
    }

    /// Parses a public key file: the verifier key string, optionally followed by one newline.
    public init(publicKeyFile text: String) throws(KeyError) {
        try self.init(verifierKey: text.hasSuffix("\n") ? String(text.dropLast()) : text)
    }

    /// The first 4 bytes, big-endian, of SHA-256(name || "\n" || 0x01 || public key),
    /// which lets a signature line name its key without spelling it out.
    public var keyHash: UInt32 {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0a, Self.ed25519Type] + publicKey)
        return hasher.finalize().prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The verifier key string.
    public var verifierKey: String {
        "\(name)+\(Self.hex8(keyHash))+\(Base64.encode([Self.ed25519Type] + publicKey))"
    }

    /// The public key file contents: the verifier key string and a newline.
    public var publicKeyFile: String { verifierKey + "\n" }

    /// Whether `signature` is a valid Ed25519 signature of `message` by this key.
    public func isValidSignature(_ signature: [UInt8], for message: some Sequence<UInt8>) -> Bool {
        guard signature.count == 64,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
        else { return false }
        return key.isValidSignature(signature, for: Array(message))
    }

    static func hex8(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

import Crypto

/// Why a key or key file was rejected.
public enum KeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Names must be non-empty with no whitespace, "+" or control characters.
    case invalidKeyName(String)
    /// The verifier key string or public key file is malformed.
    case malformedVerifierKey(String)
    /// The verifier key is not Ed25519 (type byte 0x01).
    case unsupportedKeyType(UInt8)
    /// The key hash in a verifier key does not match its name and key.
    case keyHashMismatch(name: String, stated: UInt32, computed: UInt32)
    /// The private key file is malformed.
    case malformedPrivateKeyFile(String)
    /// The seed is not 32 bytes.
    case invalidSeedLength(Int)
    /// The crypto library refused to sign.
    case signingFailed(String)

    public var description: String {
        switch self {
        case let .invalidKeyName(name):
            "invalid key name \"\(name)\": must be non-empty with no spaces, '+' or control characters"
        case let .malformedVerifierKey(reason):
            "malformed verifier key: \(reason)"
        case let .unsupportedKeyType(type):
            "unsupported verifier key type 0x\(String(type, radix: 16)); only Ed25519 (0x01) is supported"
        case let .keyHashMismatch(name, stated, computed):
            "verifier key for \"\(name)\" states key hash \(NoteVerifier.hex8(stated)) but the key hashes to \(NoteVerifier.hex8(computed))"
        case let .malformedPrivateKeyFile(reason):
            "malformed private key file: \(reason)"
        case let .invalidSeedLength(count):
            "Ed25519 seed has \(count) bytes, expected 32"
        case let .signingFailed(reason):
            "signing failed: \(reason)"
        }
    }
}

/// A named Ed25519 private key for signing notes and checkpoints.
///
/// Private key file format (UTF-8, each line ending in "\n", nothing else):
///
///     docket-ed25519-private-v1
///     <key name>
///     <base64 of the raw 32-byte Ed25519 seed>
///
/// The public key file is ``NoteVerifier/publicKeyFile``.
public struct SigningKey: Sendable {
    /// First line of a private key file; the version lets the format change later.
    public static let privateKeyFileTag = "docket-ed25519-private-v1"

    /// The key name, as it appears on signature lines.
    public let name: String
    /// The matching public key.
    public let verifier: NoteVerifier
    /// Kept as bytes rather than a Crypto key so the type stays plainly Sendable.
    private let seed: [UInt8]

    /// A fresh random key.
    public static func generate(name: String) throws(KeyError) -> SigningKey {
        try SigningKey(name: name, seed: Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    /// The key with the given 32-byte seed.
    public init(name: String, seed: some Sequence<UInt8>) throws(KeyError) {
        guard TextRules.isValidKeyName(name) else { throw .invalidKeyName(name) }
        let seed = Array(seed)
        guard seed.count == 32 else { throw .invalidSeedLength(seed.count) }
        let key: Curve25519.Signing.PrivateKey
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        } catch {
            throw .malformedPrivateKeyFile("seed rejected: \(error)")
        }
        self.name = name
        self.seed = seed
        self.verifier = try NoteVerifier(name: name, publicKey: key.publicKey.rawRepresentation)
    }

    /// Parses a private key file (see the type's documentation).
    public init(privateKeyFile text: String) throws(KeyError) {
        guard text.hasSuffix("\n") else { throw .malformedPrivateKeyFile("does not end with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == Substring(Self.privateKeyFileTag) else {
            throw .malformedPrivateKeyFile("first line is not \"\(Self.privateKeyFileTag)\"")
        }
        guard lines.count == 3 else { throw .malformedPrivateKeyFile("expected 3 lines, found \(lines.count)") }
        guard let seed = Base64.decode(lines[2]) else {
            throw .malformedPrivateKeyFile("seed line is not valid base64")
        }
        guard seed.count == 32 else {
            throw .malformedPrivateKeyFile("seed has \(seed.count) bytes, expected 32")
        }
        try self.init(name: String(lines[1]), seed: seed)
    }

    /// The private key file contents.
    public var privateKeyFile: String {
        "\(Self.privateKeyFileTag)\n\(name)\n\(Base64.encode(seed))\n"
    }

    /// The public key file contents (the verifier key string and a newline).
    public var publicKeyFile: String { verifier.publicKeyFile }

    /// An Ed25519 signature (64 bytes) of `message`.
    public func sign(_ message: some Sequence<UInt8>) throws(KeyError) -> [UInt8] {
        do {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            return Array(try key.signature(for: Array(message)))
        } catch {
            throw .signingFailed("\(error)")
        }
    }
}

extension SigningKey: CustomStringConvertible {
    /// Names the key without the seed, so keys never leak into logs.
    public var description: String { "SigningKey(\(verifier.verifierKey))" }
}

import Foundation
import Ledger
import Testing

@Suite("Signing key files")
struct SigningKeyTests {
    @Test func generatedKeyFilesRoundTrip() throws {
        let key = try SigningKey.generate(name: "example.com/docket")
        let lines = key.privateKeyFile.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[0] == "docket-ed25519-private-v1" && lines[1] == "example.com/docket" && lines[3] == "")
        #expect(Data(base64Encoded: String(lines[2]))?.count == 32)

        let reread = try SigningKey(privateKeyFile: key.privateKeyFile)
        #expect(reread.verifier == key.verifier)
        #expect(reread.privateKeyFile == key.privateKeyFile)
        #expect(key.publicKeyFile == key.verifier.verifierKey + "\n")
        #expect(try NoteVerifier(publicKeyFile: key.publicKeyFile) == key.verifier)

        let signature = try key.sign(Array("message".utf8))
        #expect(key.verifier.isValidSignature(signature, for: Array("message".utf8)))
        #expect(!key.verifier.isValidSignature(signature, for: Array("messagf".utf8)))
        #expect(try SigningKey.generate(name: "example.com/docket").verifier != key.verifier)
    }

    @Test func descriptionDoesNotLeakTheSeed() {
        let key = TestData.logKey
        let seed = String(key.privateKeyFile.split(separator: "\n")[2])
        #expect(!"\(key)".contains(seed))
        #expect("\(key)".contains(key.verifier.verifierKey))
    }

    static let seed = Data(repeating: 7, count: 32).base64EncodedString()

    static let malformedPrivateFiles: [Rejection<KeyError>] = [
        Rejection("docket-ed25519-private-v1\nname\n\(seed)", .malformedPrivateKeyFile("does not end with a newline")),
        Rejection("docket-ed25519-private-v2\nname\n\(seed)\n", .malformedPrivateKeyFile("first line is not \"docket-ed25519-private-v1\"")),
        Rejection("docket-ed25519-private-v1\nname\n\(seed)\n\n", .malformedPrivateKeyFile("expected 3 lines, found 4")),
        Rejection("docket-ed25519-private-v1\n\(seed)\n", .malformedPrivateKeyFile("expected 3 lines, found 2")),
        Rejection("docket-ed25519-private-v1\nname\nnot base64!\n", .malformedPrivateKeyFile("seed line is not valid base64")),
        Rejection("docket-ed25519-private-v1\nname\n\(seed) \n", .malformedPrivateKeyFile("seed line is not valid base64")),
        Rejection("docket-ed25519-private-v1\nname\nAAAA\n", .malformedPrivateKeyFile("seed has 3 bytes, expected 32")),
        Rejection("docket-ed25519-private-v1\nbad name\n\(seed)\n", .invalidKeyName("bad name")),
        Rejection("docket-ed25519-private-v1\n\n\(seed)\n", .invalidKeyName("")),
    ]

    @Test(arguments: malformedPrivateFiles)
    func malformedPrivateKeyFilesAreRejected(_ rejection: Rejection<KeyError>) {
        #expect(throws: rejection.expected) { try SigningKey(privateKeyFile: rejection.input) }
    }

    @Test func malformedPublicKeyFilesAreRejected() {
        let good = TestData.logKey.publicKeyFile
        #expect(throws: KeyError.self) { try NoteVerifier(publicKeyFile: good + "\n") }
        #expect(throws: KeyError.self) { try NoteVerifier(publicKeyFile: " " + good) }
        #expect(throws: KeyError.self) { try NoteVerifier(publicKeyFile: "") }
        #expect(throws: KeyError.invalidSeedLength(31)) { try SigningKey(name: "n", seed: [UInt8](repeating: 0, count: 31)) }
    }
}

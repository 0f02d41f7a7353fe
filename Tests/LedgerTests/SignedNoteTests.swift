import Foundation
import Ledger
import Testing

@Suite("C2SP signed notes and keys")
struct SignedNoteTests {
    // The example of golang.org/x/mod/sumdb/note (note.go, ExampleSign / ExampleOpen).
    static let goVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let goSeedWithType = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let goNote = goText + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test func matchesGoSumdbNoteExample() throws {
        let seed = Array(Data(base64Encoded: Self.goSeedWithType)!.dropFirst())
        let key = try SigningKey(name: "PeterNeumann", seed: seed)
        #expect(key.verifier.verifierKey == Self.goVerifierKey)
        #expect(key.verifier.keyHash == 0xc74f_20a3)

        let note = try SignedNote.sign(body: Self.goText, with: [key])
        #expect(note.text == Self.goNote)

        let parsed = try SignedNote(parsing: Self.goNote)
        #expect(parsed.body == Self.goText)
        #expect(parsed.signatures.map(\.name) == ["PeterNeumann"])
        let verified = try parsed.verify(using: [NoteVerifier(verifierKey: Self.goVerifierKey)])
        #expect(verified.map(\.verifierKey) == [Self.goVerifierKey])
    }

    @Test func ed25519MatchesRFC8032TestVector1() throws {
        let key = try SigningKey(
            name: "rfc8032", seed: bytes(hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        #expect(key.verifier.publicKey == bytes(hex: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
        let expected = bytes(hex: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        #expect(key.verifier.isValidSignature(expected, for: []))
        #expect(try key.sign([]).count == 64)
    }

    @Test func verifierKeyRejectsEveryManglingLikeGo() {
        // As in x/mod's TestNewVerifier: every proper substring and every
        // single-byte change of a valid key must be refused.
        let key = Array(Self.goVerifierKey.utf8)
        for start in 0...key.count {
            for end in (start + 1)...max(start + 1, key.count) where end <= key.count && !(start == 0 && end == key.count) {
                let text = String(decoding: key[start..<end], as: UTF8.self)
                #expect(throws: KeyError.self, "substring \(text)") { try NoteVerifier(verifierKey: text) }
            }
        }
        for index in key.indices {
            var mangled = key
            mangled[index] &+= 1
            let text = String(decoding: mangled, as: UTF8.self)
            #expect(throws: KeyError.self, "mangled \(text)") { try NoteVerifier(verifierKey: text) }
        }
    }

    @Test func verifierKeyWithPlusInBase64() throws {
        // From transparency-dev/formats note tests: the base64 part contains a "+".
        let text = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6"
        let verifier = try NoteVerifier(verifierKey: text)
        #expect(verifier.name == "TEST" && verifier.keyHash == 0x7997_405c)
        #expect(verifier.verifierKey == text)
    }

    @Test func verifierKeyErrorsSayWhatIsWrong() throws {
        let key = TestData.logKey.verifier
        let parts = key.verifierKey.split(separator: "+", maxSplits: 2).map(String.init)
        #expect(throws: KeyError.keyHashMismatch(name: "other", stated: key.keyHash,
                                                 computed: try NoteVerifier(name: "other", publicKey: key.publicKey).keyHash)) {
            try NoteVerifier(verifierKey: "other+\(parts[1])+\(parts[2])")
        }
        #expect(throws: KeyError.unsupportedKeyType(0x04)) {
            try NoteVerifier(verifierKey: "\(parts[0])+\(parts[1])+\(Data([0x04] + key.publicKey).base64EncodedString())")
        }
        #expect(throws: KeyError.invalidKeyName("a b")) {
            try NoteVerifier(verifierKey: "a b+\(parts[1])+\(parts[2])")
        }
        #expect(throws: KeyError.malformedVerifierKey("key hash \"-1234567\" is not 8 hex digits")) {
            try NoteVerifier(verifierKey: "\(parts[0])+-1234567+\(parts[2])")
        }
    }

    @Test func unknownKeysAreIgnoredOnlyWhenAKnownKeyVerifies() throws {
        let body = "hello\n"
        let note = try SignedNote.sign(body: body, with: [TestData.impostorKey, TestData.logKey])
        // The impostor's line is ignored because the log key's signature verifies.
        #expect(try note.verify(using: [TestData.logKey.verifier]) == [TestData.logKey.verifier])

        let onlyImpostor = try SignedNote.sign(body: body, with: [TestData.impostorKey])
        let error = #expect(throws: NoteError.self) { try onlyImpostor.verify(using: [TestData.logKey.verifier]) }
        guard case .unknownKey = error else {
            Issue.record("expected unknownKey, got \(String(describing: error))")
            return
        }
    }

    @Test func badSignatureByKnownKeyIsRejectedEvenWithAGoodOne() throws {
        let good = try SignedNote.sign(body: "hello\n", with: [TestData.logKey])
        let other = try SignedNote.sign(body: "bye\n", with: [TestData.logKey])
        let forged = try SignedNote(body: "hello\n", signatures: other.signatures + good.signatures)
        let key = TestData.logKey.verifier
        #expect(throws: NoteError.signatureMismatch(name: key.name, keyHash: key.keyHash)) {
            try forged.verify(using: [key])
        }
    }

    static let validNote: String = {
        try! SignedNote.sign(body: "line one\nline two\n", with: [TestData.logKey]).text
    }()

    static var signatureLine: String { String(validNote.split(separator: "\n").last!) + "\n" }

    static let malformed: [Rejection<NoteError>] = [
        Rejection("line one\nline two\n" + signatureLine, .missingBlankLine),
        Rejection("line one\nline two\n\n", .missingSignatures),
        Rejection("line one\nline two\n\n" + signatureLine.dropLast(), .signatureBlockNotNewlineTerminated),
        Rejection("line one\r\nline two\n\n" + signatureLine, .controlCharacter(0x0d)),
        Rejection("line\tone\n\n" + signatureLine, .controlCharacter(0x09)),
        Rejection("line one\n\n- example.com/docket AAAAAAAA\n", .malformedSignatureLine(line: 1, reason: "does not start with \"\u{2014} \" (U+2014 and a space)")),
        Rejection("line one\n\n\u{2013} example.com/docket AAAAAAAA\n", .malformedSignatureLine(line: 1, reason: "does not start with \"\u{2014} \" (U+2014 and a space)")),
        Rejection("line one\n\n\u{2014} example.com/docketAAAAAAAA\n", .malformedSignatureLine(line: 1, reason: "no space between key name and signature")),
        Rejection("line one\n\n\u{2014} a+b AAAAAAAA\n", .malformedSignatureLine(line: 1, reason: "invalid key name \"a+b\"")),
        Rejection("line one\n\n\u{2014} example.com/docket not*base64\n", .invalidBase64(line: 1)),
        Rejection("line one\n\n\u{2014} example.com/docket AAAAAAA\n", .invalidBase64(line: 1)),
        Rejection("line one\n\n\u{2014} example.com/docket \n", .invalidBase64(line: 1)),
        Rejection("line one\n\n" + signatureLine + "\u{2014} example.com/docket AAAAAA==\n", .signatureTooShort(line: 2)),
        Rejection("line one\n\n" + String(repeating: signatureLine, count: 101), .tooManySignatures),
    ]

    @Test(arguments: malformed)
    func malformedNotesAreRejected(_ rejection: Rejection<NoteError>) {
        #expect(throws: rejection.expected) { try SignedNote(parsing: rejection.input) }
    }

    @Test func parseRoundTripsAndRejectsInvalidUTF8() throws {
        let note = try SignedNote(parsing: Self.validNote)
        #expect(note.text == Self.validNote)
        try note.verify(using: [TestData.logKey.verifier])
        #expect(try SignedNote(parsing: Array(Self.validNote.utf8)) == note)
        #expect(throws: NoteError.invalidUTF8) { try SignedNote(parsing: [0x61, 0xff, 0x0a, 0x0a] + Array(Self.signatureLine.utf8)) }
    }

    @Test func bodyMustEndInNewline() {
        #expect(throws: NoteError.bodyNotNewlineTerminated) { try SignedNote.sign(body: "no newline", with: [TestData.logKey]) }
        #expect(throws: NoteError.bodyNotNewlineTerminated) { try SignedNote(body: "", signatures: []) }
        #expect(throws: NoteError.missingSignatures) { try SignedNote(body: "text\n", signatures: []) }
    }
}

import Foundation
import Ledger
import Testing

@Suite("Signed checkpoints")
struct CheckpointTests {
    static let origin = "example.com/docket"

    static func checkpoint(size: Int = 8) throws -> Checkpoint {
        try Checkpoint(origin: origin, size: size, rootHash: TestData.roots[size])
    }

    @Test func bodyHasTheC2SPLayout() throws {
        let cp = try Checkpoint(origin: Self.origin, size: 8, rootHash: TestData.roots[8], extensions: ["ext one"])
        #expect(cp.body == "example.com/docket\n8\n\(Data(TestData.roots[8].bytes).base64EncodedString())\next one\n")
        #expect(try Checkpoint(parsing: cp.body) == cp)
    }

    @Test func signAndVerify() throws {
        let cp = try Self.checkpoint()
        let text = try cp.signed(with: [TestData.logKey]).text
        #expect(text.hasPrefix(cp.body + "\n\u{2014} example.com/docket "))
        #expect(try Checkpoint(verifying: text, using: [TestData.logKey.verifier]) == cp)
        #expect(try Checkpoint(verifying: text, using: [TestData.logKey.verifier], origin: Self.origin) == cp)
        #expect(throws: CheckpointError.originMismatch(expected: "other.example", found: Self.origin)) {
            try Checkpoint(verifying: text, using: [TestData.logKey.verifier], origin: "other.example")
        }
    }

    @Test func forgedCheckpointsAreRejected() throws {
        let cp = try Self.checkpoint()
        let text = try cp.signed(with: [TestData.logKey]).text
        let key = TestData.logKey.verifier
        let rootLine = Data(TestData.roots[8].bytes).base64EncodedString()
        let forgedRoot = text.replacingOccurrences(of: rootLine, with: Data(TestData.roots[7].bytes).base64EncodedString())
        let forgedSize = text.replacingOccurrences(of: "\n8\n", with: "\n9\n")
        for forged in [forgedRoot, forgedSize] {
            #expect(forged != text)
            #expect(throws: CheckpointError.note(.signatureMismatch(name: key.name, keyHash: key.keyHash))) {
                try Checkpoint(verifying: forged, using: [key])
            }
        }
    }

    @Test func checkpointSignedByAnotherKeyIsRejected() throws {
        let text = try Self.checkpoint().signed(with: [TestData.impostorKey]).text
        let error = #expect(throws: CheckpointError.self) {
            try Checkpoint(verifying: text, using: [TestData.logKey.verifier])
        }
        guard case .note(.unknownKey) = error else {
            Issue.record("expected unknownKey, got \(String(describing: error))")
            return
        }
    }

    static let root = Data(TestData.roots[3].bytes).base64EncodedString()

    static let malformedBodies: [Rejection<CheckpointError>] = [
        Rejection("o\n3\n\(root)", .notNewlineTerminated),
        Rejection("o\n3\n", .missingLines(found: 2)),
        Rejection("\n3\n\(root)\n", .invalidOrigin("")),
        Rejection("o\n03\n\(root)\n", .invalidSize("03")),
        Rejection("o\n-3\n\(root)\n", .invalidSize("-3")),
        Rejection("o\n+3\n\(root)\n", .invalidSize("+3")),
        Rejection("o\n\n\(root)\n", .invalidSize("")),
        Rejection("o\n99999999999999999999\n\(root)\n", .invalidSize("99999999999999999999")),
        Rejection("o\n3\nAAAA\n", .invalidRootHash("AAAA")),
        Rejection("o\n3\n\(TestData.roots[3].hex)\n", .invalidRootHash(TestData.roots[3].hex)),
        Rejection("o\n3\n\(root)\n\nx\n", .invalidExtension(index: 0, line: "")),
    ]

    @Test(arguments: malformedBodies)
    func malformedBodiesAreRejected(_ rejection: Rejection<CheckpointError>) {
        #expect(throws: rejection.expected) { try Checkpoint(parsing: rejection.input) }
    }

    @Test func constructorRejectsUnencodableFields() {
        #expect(throws: CheckpointError.invalidOrigin("a\nb")) {
            try Checkpoint(origin: "a\nb", size: 1, rootHash: TestData.roots[1])
        }
        #expect(throws: CheckpointError.invalidSize("-1")) {
            try Checkpoint(origin: "o", size: -1, rootHash: TestData.roots[1])
        }
        #expect(throws: CheckpointError.invalidExtension(index: 1, line: "")) {
            try Checkpoint(origin: "o", size: 1, rootHash: TestData.roots[1], extensions: ["ok", ""])
        }
    }

    @Test func malformedNoteAroundCheckpointIsReported() throws {
        let body = try Self.checkpoint().body
        #expect(throws: CheckpointError.note(.missingBlankLine)) {
            try Checkpoint(verifying: body, using: [TestData.logKey.verifier])
        }
    }
}

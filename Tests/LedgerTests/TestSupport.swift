import Foundation
import Ledger
import Testing

/// Shared inputs for the Ledger tests.
enum TestData {
    /// Distinct leaf hashes; tests take prefixes of this.
    static let leafHashes: [Digest] = (0..<256).map { MerkleHash.leafHash(Array("leaf \($0)".utf8)) }

    /// `roots[n]` is the root of the first `n` of ``leafHashes``, computed
    /// once with the recursive definition so every test shares the cost.
    static let roots: [Digest] = (0...leafHashes.count).map { MerkleTree.root(leafHashes[..<$0]) }

    /// The fixtures folder next to this file.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// A fixed key so failures are reproducible.
    static let logKey = try! SigningKey(name: "example.com/docket", seed: [UInt8](repeating: 7, count: 32))
    /// Another key with the same name: must never be accepted in its place.
    static let impostorKey = try! SigningKey(name: "example.com/docket", seed: [UInt8](repeating: 9, count: 32))
}

extension Digest {
    /// The same digest with bit `bit` (0...255) inverted.
    func flippingBit(_ bit: Int) -> Digest {
        var bytes = self.bytes
        bytes[bit / 8] ^= 1 << UInt8(bit % 8)
        return Digest(bytes: bytes)!
    }
}

/// Bytes from hex, for test vectors.
func bytes(hex: String) -> [UInt8] {
    let utf8 = Array(hex.utf8)
    return stride(from: 0, to: utf8.count, by: 2).map { UInt8(String(decoding: utf8[$0...$0 + 1], as: UTF8.self), radix: 16)! }
}

/// A bad input and the error it must produce; shown in test output by its
/// expected error, since some inputs are long.
struct Rejection<Failure: Error & Sendable>: Sendable, CustomTestStringConvertible {
    let input: String
    let expected: Failure

    init(_ input: String, _ expected: Failure) {
        self.input = input
        self.expected = expected
    }

    var testDescription: String { "\(expected)" }
}

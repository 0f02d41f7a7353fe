import DocketJSON
import Foundation
import Testing

/// Shared inputs for the DocketJSON tests.
enum TestData {
    /// The fixtures folder next to this file.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }
}

/// A malformed document and the error a user must see for it; shown in test output by the
/// expected error, since inputs may hold invisible or invalid bytes.
struct Rejection: Sendable, CustomTestStringConvertible {
    let input: [UInt8]
    let expected: String

    init(_ input: String, _ expected: String) {
        self.input = Array(input.utf8)
        self.expected = expected
    }

    init(bytes: [UInt8], _ expected: String) {
        self.input = bytes
        self.expected = expected
    }

    var testDescription: String { expected }
}

/// The error parsing `bytes` throws, or nil if it parses.
func parseError(_ bytes: [UInt8]) -> JSONParseError? {
    do {
        _ = try JSON.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// A `Double` from its IEEE 754 bits in hex, as RFC 8785 lists them.
func double(bits hex: String) -> Double {
    Double(bitPattern: UInt64(hex, radix: 16)!)
}

/// SplitMix64: a seeded generator, so a failing random case fails the same way every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

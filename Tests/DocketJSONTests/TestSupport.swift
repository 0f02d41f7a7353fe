import DocketJSON
import Foundation
import DocketTestSupport
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

// Shared by DocketQueryTests and QueryExecutionTests (a copy: test targets cannot share sources).
/// A small deterministic generator, so a failure can be replayed.
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

enum NastyText {
    static let pieces = ["'", "\"", ";", "\\", "$1", "$2::text", "--", "/*", "*/", "é", "中文", "🙂", "\u{202E}", "\u{1}", "DROP TABLE docket.events",
                         "' OR '1'='1", "%", "_", "\n", "\t", "t0", "c1", "E'\\x00'", "$$", "?", "::", "||", "select", "from decisions |", "£2.4m",
                         "2011-01-01", "NULL", " ", "a", "Somerset"]

    static func random(using generator: inout SeededGenerator) -> String {
        (0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    /// As written in a query's double-quoted string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}


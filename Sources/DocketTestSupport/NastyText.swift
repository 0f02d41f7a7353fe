/// Text that would break a careless SQL builder or parser: quotes, comments, parameters, control and
/// bidirectional characters, astral scalars.
public enum NastyText {
    public static let pieces = ["'", "\"", ";", "\\", "$1", "$2::text", "--", "/*", "*/", "é", "中文", "🙂", "\u{202E}", "\u{1}",
                                "DROP TABLE docket.events", "' OR '1'='1", "%", "_", "\n", "\t", "t0", "c1", "E'\\x00'", "$$", "?",
                                "::", "||", "select", "from decisions |", "£2.4m", "2011-01-01", "NULL", " ", "a", "Somerset"]

    public static func random(using generator: inout SeededGenerator) -> String {
        (0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    /// `text` as a query-language string literal, written independently of the compiler's own writer so
    /// that the tests do not check the compiler against itself.
    public static func quoted(_ text: String) -> String {
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

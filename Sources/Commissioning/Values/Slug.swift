/// Caller-chosen identifiers ("somerset-pct", "wirral-memory-assessment"): 1–64 characters of
/// a–z, 0–9 and '-', starting and ending with a letter or digit. Short enough to type, safe in
/// stream names and URLs.
public enum Slug {
    public static let maximumLength = 64

    public static let rule = "must be 1–64 characters of a–z, 0–9 and '-', starting and ending with a letter or digit"

    public static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard !bytes.isEmpty, bytes.count <= maximumLength,
                  bytes[0] != 0x2D, bytes[bytes.count - 1] != 0x2D
            else { return false }
            for byte in bytes {
                let isLower = byte >= 0x61 && byte <= 0x7A
                let isDigit = byte >= 0x30 && byte <= 0x39
                guard isLower || isDigit || byte == 0x2D else { return false }
            }
            return true
        }
    }
}

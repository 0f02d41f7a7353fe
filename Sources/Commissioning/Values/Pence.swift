/// Money is integer pence in GBP, never floating point. Amounts travel in JSON as numbers, which
/// hold every integer exactly up to 2^53 pence (about £90 trillion).
public enum Pence {
    /// The largest amount JSON carries exactly.
    public static let maximum: Int64 = 9_007_199_254_740_992

    /// `£1,234,567.89`, with a leading minus for negative amounts.
    public static func format(_ pence: Int64) -> String {
        let magnitude = pence.magnitude
        let pounds = magnitude / 100
        let remainder = magnitude % 100
        var digits = Array(String(pounds))
        var grouped: [Character] = []
        while digits.count > 3 {
            grouped.insert(contentsOf: [","] + digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        grouped.insert(contentsOf: digits, at: 0)
        return (pence < 0 ? "-£" : "£") + String(grouped) + "." + (remainder < 10 ? "0" : "") + String(remainder)
    }
}

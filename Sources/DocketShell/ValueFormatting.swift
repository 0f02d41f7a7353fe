/// How values read in a table: money as pounds with separators, dates as `YYYY-MM-DD`, null distinct
/// from an empty text.
public enum ValueFormatting {
    /// How a null reads in a table: distinct from an empty text and from the word "null".
    public static let nullMark = "∅"

    public static func text(_ value: Value) -> String {
        switch value {
        case .null: nullMark
        case .text(let text): text
        case .integer(let number): grouped(String(number.magnitude), negative: number < 0)
        case .number(let text): text
        case .money(let pence): pounds(pence)
        case .date(let date): String(date.prefix(10))
        case .time(let time): time
        case .boolean(let flag): flag ? "true" : "false"
        case .list(let items): items.map(text).joined(separator: ", ")
        }
    }

    /// `£1,250,000.00`, `-£12.50`.
    public static func pounds(_ pence: Int64) -> String {
        let magnitude = pence.magnitude
        let whole = grouped(String(magnitude / 100), negative: false)
        let fraction = magnitude % 100
        return (pence < 0 ? "-" : "") + "£" + whole + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// `1250000` → `1,250,000`.
    static func grouped(_ digits: String, negative: Bool) -> String {
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (negative ? "-" : "") + result
    }

    /// The value in CSV or JSON: plain, machine-readable (pounds without a sign or separators).
    public static func plain(_ value: Value) -> String? {
        switch value {
        case .null: nil
        case .text(let text): text
        case .integer(let number): String(number)
        case .number(let text): text
        case .money(let pence):
            (pence < 0 ? "-" : "") + String(pence.magnitude / 100) + "." + (pence.magnitude % 100 < 10 ? "0" : "")
                + String(pence.magnitude % 100)
        case .date(let date): String(date.prefix(10))
        case .time(let time): time
        case .boolean(let flag): flag ? "true" : "false"
        case .list(let items): items.compactMap(plain).joined(separator: ";")
        }
    }
}

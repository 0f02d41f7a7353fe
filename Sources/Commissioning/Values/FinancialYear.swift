/// An NHS financial year, 1 April to 31 March, written `2011/12`.
public struct FinancialYear: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The calendar year in which the financial year begins (2011 for 2011/12).
    public let startYear: Int

    public init(startYear: Int) { self.startYear = startYear }

    /// The financial year containing `day`.
    public init(containing day: Day) {
        let (year, month, _) = day.civil
        self.startYear = month >= 4 ? year : year - 1
    }

    public var firstDay: Day { Day(year: startYear, month: 4, day: 1)! }
    public var lastDay: Day { Day(year: startYear + 1, month: 3, day: 31)! }

    public var description: String {
        let next = (startYear + 1) % 100
        return "\(startYear)/\(next < 10 ? "0" : "")\(next)"
    }

    public static func < (lhs: FinancialYear, rhs: FinancialYear) -> Bool { lhs.startYear < rhs.startYear }

    /// Parses `YYYY/YY`, where the second year follows the first (`2011/12`, `1999/00`).
    public static func parse(_ text: String) -> FinancialYear? {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == 0x2F else { return nil }
        var values: [Int] = []
        for range in [0..<4, 5..<7] {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            values.append(value)
        }
        guard (1948...2199).contains(values[0]), (values[0] + 1) % 100 == values[1] else { return nil }
        return FinancialYear(startYear: values[0])
    }
}

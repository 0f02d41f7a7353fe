public import Foundation

/// A calendar day in the proleptic Gregorian calendar (UTC), counted from 1970-01-01.
///
/// Business dates in commands and payloads are days ("2011-05-12"); the rules compare days,
/// so a board meeting's time of day never decides whether notice was long enough.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01; negative before it.
    public let number: Int32

    public init(number: Int32) { self.number = number }

    /// Stands in for a date that was missing or malformed while a command's other fields are read;
    /// never the value of a valid field.
    static let invalid = Day(number: .min)

    var isValid: Bool { self != .invalid }

    /// The day with this year, month (1–12) and day of month; nil when the day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.length(ofMonth: month, year: year) else { return nil }
        self.number = Int32(Day.daysFromCivil(year: year, month: month, day: day))
    }

    /// The UTC day on which `date` falls.
    public init(_ date: Date) {
        self.number = Int32((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Midnight UTC at the start of the day.
    public var date: Date { Date(timeIntervalSince1970: Double(number) * 86_400) }

    public var year: Int { civil.year }

    /// Year, month (1–12) and day of month.
    public var civil: (year: Int, month: Int, day: Int) { Day.civilFromDays(Int(number)) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = civil
        var bytes = [UInt8](repeating: 0x30, count: 10)
        var year = y
        for index in stride(from: 3, through: 0, by: -1) {
            bytes[index] = UInt8(0x30 + year % 10)
            year /= 10
        }
        bytes[4] = 0x2D
        bytes[5] = UInt8(0x30 + m / 10)
        bytes[6] = UInt8(0x30 + m % 10)
        bytes[7] = 0x2D
        bytes[8] = UInt8(0x30 + d / 10)
        bytes[9] = UInt8(0x30 + d % 10)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }

    public func adding(days: Int) -> Day { Day(number: number + Int32(days)) }

    /// The same day of the month `months` later (or earlier, when negative), clamped to the month's
    /// last day: 31 August plus six months is 28 (or 29) February.
    public func adding(months: Int) -> Day {
        let (y, m, d) = civil
        let total = y * 12 + (m - 1) + months
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        let month = total - year * 12 + 1
        let day = min(d, Day.length(ofMonth: month, year: year))
        return Day(year: year, month: month, day: day)!
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: Day) -> Int { Int(other.number) - Int(number) }

    /// Parses `YYYY-MM-DD` exactly; years 1900–2199 (the NHS began in 1948; nothing in the ledger
    /// is older than its predecessors).
    public static func parse(_ text: String) -> Day? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Day? {
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
              let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2),
              (1900...2199).contains(year)
        else { return nil }
        return Day(year: year, month: month, day: day)
    }

    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func length(ofMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

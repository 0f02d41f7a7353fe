public import Foundation

/// When something happened in the world: a command's `occurredAt`.
///
/// Written either as a day (`2011-05-12`, meaning midnight UTC) or as an RFC 3339 timestamp
/// (`2011-05-12T14:30:00Z`, `2011-05-12T14:30:00.250+01:00`). The rules use the UTC day.
public struct BusinessTime: Sendable, Hashable {
    public let date: Date
    public let day: Day

    public init(day: Day) {
        self.day = day
        self.date = day.date
    }

    public init(date: Date) {
        self.date = date
        self.day = Day(date)
    }

    public static func parse(_ text: String) -> BusinessTime? {
        var text = text
        return text.withUTF8 { bytes -> BusinessTime? in
            if bytes.count == 10 { return Day.parse(utf8: bytes).map(BusinessTime.init(day:)) }
            return parseTimestamp(bytes)
        }
    }

    private static func parseTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> BusinessTime? {
        guard bytes.count >= 20, bytes[10] == 0x54 || bytes[10] == 0x74,
              let day = Day.parse(utf8: UnsafeBufferPointer(rebasing: bytes[0..<10])),
              bytes[13] == 0x3A, bytes[16] == 0x3A,
              let hour = Day.digits(bytes, 11, 2), let minute = Day.digits(bytes, 14, 2),
              let second = Day.digits(bytes, 17, 2), hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == 0x2E {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            // Microseconds are what the ledger keeps: a seventh digit would be silently dropped.
            guard index > start, index - start <= 6 else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        switch bytes[index] {
        case 0x5A, 0x7A:
            guard index + 1 == bytes.count else { return nil }
        case 0x2B, 0x2D:
            guard index + 6 == bytes.count, bytes[index + 3] == 0x3A,
                  let hours = Day.digits(bytes, index + 1, 2), let minutes = Day.digits(bytes, index + 4, 2),
                  hours < 24, minutes < 60
            else { return nil }
            offsetSeconds = (hours * 60 + minutes) * 60 * (bytes[index] == 0x2B ? 1 : -1)
        default:
            return nil
        }
        let seconds = Double(Int(day.number) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds)
        return BusinessTime(date: Date(timeIntervalSince1970: seconds + fraction))
    }
}

public import Foundation
internal import DocketJSON

/// How values read for a person: money in pounds, days as "10 Feb 2011", yes/no, domain words with
/// spaces.
public enum Readable {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "10 Feb 2011".
    public static func day(_ day: Day) -> String {
        let civil = day.civil
        return "\(civil.day) \(months[civil.month - 1]) \(civil.year)"
    }

    /// A day written YYYY-MM-DD in a payload, or the text as it is.
    static func day(text: String) -> String { Day.parse(text).map(day) ?? text }

    /// "10 Feb 2011" for a time at midnight UTC, else "10 Feb 2011 14:05 UTC".
    public static func time(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
        let base = day(Day(date))
        guard secondOfDay != 0 else { return base }
        let hh = secondOfDay / 3600, mm = (secondOfDay % 3600) / 60, ss = secondOfDay % 60
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(base) \(two(hh)):\(two(mm)):\(two(ss)) UTC"
    }

    /// "from 1 Apr 2009", "1 Apr 2009 to 31 Mar 2013".
    static func period(from: Day, to: Day?) -> String {
        guard let to else { return "from \(day(from))" }
        return "\(day(from)) to \(day(to))"
    }

    static func money(_ pence: Int64) -> String { Pence.format(pence) }

    static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }

    /// A kebab-case domain word with spaces: "halted-early" → "halted early".
    static func term(_ spelling: String) -> String {
        spelling.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "non ", with: "non-")
    }

    /// An event type's name as words: "DecisionTaken" → "Decision taken".
    public static func eventTitle(_ type: String) -> String {
        var words: [String] = []
        var current = ""
        for character in type {
            if character.isUppercase, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words.enumerated().map { $0.offset == 0 ? $0.element : $0.element.lowercased() }.joined(separator: " ")
    }

    /// A payload field's name as words: "plannedCloseOn" → "planned close on".
    static func fieldLabel(_ name: String) -> String { eventTitle(name).lowercased() }

    /// A number as a person writes it: 60, 4,000, 2.5.
    static func number(_ value: JSON) -> String {
        guard let whole = value.int64Value else { return value.canonicalString }
        return grouped(whole)
    }

    /// 4000 → "4,000".
    static func grouped(_ whole: Int64) -> String {
        var digits = Array(String(whole.magnitude))
        var result: [Character] = []
        while digits.count > 3 {
            result.insert(contentsOf: [","] + digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        result.insert(contentsOf: digits, at: 0)
        return (whole < 0 ? "-" : "") + String(result)
    }

    /// Any JSON value as plain text.
    static func plain(_ value: JSON) -> String {
        if let text = value.stringValue { return text }
        if let flag = value.boolValue { return yesNo(flag) }
        if value.int64Value != nil { return number(value) }
        return value.canonicalString
    }
}

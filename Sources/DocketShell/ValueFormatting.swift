import DocketJSON
public import DocketQuery

/// How values read in the shell's tables: money as pounds with separators, dates as `YYYY-MM-DD`, lists as
/// their items, and null shown distinctly from an empty text.
public enum ValueFormatting {
    /// How a missing value (SQL null) reads in a table: distinct from an empty text and from the word "null".
    public static let nullMark = "∅"

    /// A value (PostgreSQL's text form, nil for null) as a person reads it in a table.
    public static func text(_ value: String?, _ type: QueryType) -> String {
        guard let value else { return nullMark }
        switch type {
        case .money: return AnswerFormat.pounds(value)
        case .date: return String(value.prefix(10))
        case .boolean: return value == "t" ? "true" : value == "f" ? "false" : value
        case .list:
            guard case .array(let items)? = try? JSON(parsing: value) else { return value }
            return items.map { item in
                switch item {
                case .string(let text): text
                case .null: nullMark
                default: item.canonicalString
                }
            }.joined(separator: ", ")
        default: return value
        }
    }

    /// Numbers, money: aligned on the right.
    public static func isRightAligned(_ type: QueryType) -> Bool {
        type == .integer || type == .number || type == .money
    }

    /// Text and lists may wrap and be cut; numbers, money, dates and times never are.
    public static func canNarrow(_ type: QueryType) -> Bool {
        switch type {
        case .text, .list, .document: true
        default: false
        }
    }

    /// `as of position 175 · root a0a2b6c6… · checkpoint 2026-12-05 (size 160, key demo)`: the stamp on one
    /// line, the root shortened (`\stamp` shows it in full); `signedOn` is the checkpoint's date, when known.
    public static func stampLine(_ stamp: Stamp, signedOn: String? = nil) -> String {
        var text = "as of position \(stamp.position)" + (stamp.logSize != stamp.position ? " of \(stamp.logSize) in the log" : "")
            + " · root \(stamp.root.prefix(8))…"
        if let checkpoint = stamp.checkpoint {
            // A verifier key reads `name+hash+key`; its name is enough on one line.
            let key = checkpoint.keyName.split(separator: "+").first.map(String.init) ?? checkpoint.keyName
            text += " · checkpoint " + (signedOn.map { $0 + " " } ?? "") + "(size \(checkpoint.treeSize), key \(key))"
        } else {
            text += " · no signed checkpoint yet"
        }
        return text
    }
}

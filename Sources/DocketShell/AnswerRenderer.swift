import Foundation
import DocketJSON

/// How answers are shown: `\format` and `\x`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, json
}

/// `\x`: one line per field instead of one per row; `auto` switches when a table would not fit.
public enum ExpandedMode: String, Sendable, CaseIterable {
    case on, off, auto
}

/// Turns an answer into the text a person (or a script) reads.
public struct AnswerRenderer: Sendable {
    public var format: OutputFormat
    public var expanded: ExpandedMode
    /// The terminal's width, or nil when output is not a terminal (no fitting).
    public var width: Int?

    public init(format: OutputFormat = .table, expanded: ExpandedMode = .off, width: Int? = nil) {
        self.format = format
        self.expanded = expanded
        self.width = width
    }

    /// The answer, its row count (and time, if given) and its stamp.
    public func render(_ answer: Answer, elapsed: Duration? = nil) -> String {
        switch format {
        case .csv: return csv(answer)
        case .json: return json(answer)
        case .table:
            let layout = tableLayout(answer)
            let useExpanded = expanded == .on || (expanded == .auto && width.map { !layout.fits(width: $0) } == true)
            let body = useExpanded ? expandedText(answer) : layout.render(width: width)
            return body + footer(rows: answer.rows.count, elapsed: elapsed) + "\n" + answer.stamp.line + "\n"
        }
    }

    /// `(3 rows, 12 ms)`.
    public func footer(rows: Int, elapsed: Duration?) -> String {
        var text = "(\(rows) \(rows == 1 ? "row" : "rows")"
        if let elapsed { text += ", " + Self.milliseconds(elapsed) }
        return text + ")"
    }

    public static func milliseconds(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        if ms < 10 { return String(Double(Int(ms * 10)) / 10) + " ms" }
        return String(Int(ms.rounded())) + " ms"
    }

    func tableLayout(_ answer: Answer) -> TableLayout {
        TableLayout(
            columns: answer.columns.map {
                TableLayout.Column(header: $0.name, isRightAligned: $0.type.isRightAligned,
                                   canNarrow: $0.type == .text || $0.type == .list)
            },
            rows: answer.rows.map { $0.map(ValueFormatting.text) })
    }

    /// psql's expanded display: a header line per row, then `name | value` per field.
    func expandedText(_ answer: Answer) -> String {
        let nameWidth = answer.columns.map { TableLayout.width($0.name) }.max() ?? 0
        let valueWidth = width.map { max(TableLayout.minimumWidth, $0 - nameWidth - 3) }
        var lines: [String] = []
        for (index, row) in answer.rows.enumerated() {
            let title = "-[ row \(index + 1) ]"
            let ruleWidth = width.map { min($0, nameWidth + 3 + 40) } ?? (nameWidth + 3 + 20)
            lines.append(title + String(repeating: "-", count: max(0, ruleWidth - title.count)))
            for (column, value) in zip(answer.columns, row) {
                let text = ValueFormatting.text(value)
                let layout = TableLayout(columns: [.init(header: "")], rows: [])
                let parts = valueWidth.map { layout.wrap(text, width: $0, canNarrow: true) } ?? text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                for (lineIndex, part) in parts.enumerated() {
                    let name = lineIndex == 0 ? column.name : ""
                    lines.append((name + String(repeating: " ", count: nameWidth - TableLayout.width(name)) + " | " + part).trimmingTrailingSpaces())
                }
            }
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }

    /// RFC 4180: a header line, then one line per row; null is an empty field, money is pounds.
    func csv(_ answer: Answer) -> String {
        func field(_ text: String?) -> String {
            guard let text else { return "" }
            if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return text
        }
        var text = answer.columns.map { field($0.name) }.joined(separator: ",") + "\r\n"
        for row in answer.rows {
            text += row.map { field(ValueFormatting.plain($0)) }.joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// One JSON object: the columns with their types, the rows as objects, and the stamp.
    func json(_ answer: Answer) -> String {
        func value(_ item: Value) -> JSON {
            switch item {
            case .null: .null
            case .integer(let number): .number(Double(number))
            case .money(let pence): .number(Double(pence) / 100)
            case .boolean(let flag): .bool(flag)
            case .list(let items): .array(items.map { value($0) })
            default: ValueFormatting.plain(item).map(JSON.string) ?? .null
            }
        }
        var stamp: [String: JSON] = ["position": .number(Double(answer.stamp.position)), "root": .string(answer.stamp.root)]
        stamp["checkpoint"] = answer.stamp.checkpoint.map(JSON.string) ?? .null
        let object: JSON = .object([
            "columns": .array(answer.columns.map { .object(["name": .string($0.name), "type": .string($0.type.rawValue)]) }),
            "rows": .array(answer.rows.map { row in
                .object(Dictionary(zip(answer.columns.map(\.name), row.map { value($0) }), uniquingKeysWith: { first, _ in first }))
            }),
            "stamp": .object(stamp),
        ])
        return object.canonicalString + "\n"
    }
}

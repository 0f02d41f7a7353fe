public import DocketQuery

/// How answers are shown: `\format` (the formats of `docket query`, so a script gets the same bytes).
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, json, jsonl
}

/// `\x`: one line per field instead of one per row; `auto` switches when a table would not fit.
public enum ExpandedMode: String, Sendable, CaseIterable {
    case on, off, auto
}

/// Turns an answer into the text a person (or a script) reads. CSV and JSON are `docket query`'s own
/// (``AnswerFormat``); the table is fitted to the terminal, with the row count, time and stamp under it.
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
    public func render(_ answer: Answer, elapsed: Duration? = nil, checkpointSignedOn: String? = nil) -> String {
        switch format {
        case .csv: return AnswerFormat.csv.render(answer)
        case .json: return AnswerFormat.json.render(answer)
        case .jsonl: return AnswerFormat.jsonl.render(answer)
        case .table:
            let layout = tableLayout(answer)
            let useExpanded = expanded == .on || (expanded == .auto && width.map { !layout.fits(width: $0) } == true)
            let body = useExpanded ? expandedText(answer) : layout.render(width: width)
            return body + footer(rows: answer.rows.count, elapsed: elapsed) + "\n" + ValueFormatting.stampLine(answer.stamp, signedOn: checkpointSignedOn) + "\n"
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
                TableLayout.Column(header: $0.name, isRightAligned: ValueFormatting.isRightAligned($0.type),
                                   canNarrow: ValueFormatting.canNarrow($0.type))
            },
            rows: answer.rows.map { row in zip(row, answer.columns).map { ValueFormatting.text($0, $1.type) } })
    }

    /// psql's expanded display: a header line per row, then `name | value` per field.
    func expandedText(_ answer: Answer) -> String {
        let nameWidth = answer.columns.map { TableLayout.width($0.name) }.max() ?? 0
        let valueWidth = width.map { max(TableLayout.minimumWidth, $0 - nameWidth - 3) }
        let ruleWidth = width.map { min($0, nameWidth + 3 + 40) } ?? (nameWidth + 3 + 20)
        var lines: [String] = []
        for (index, row) in answer.rows.enumerated() {
            let title = "-[ row \(index + 1) ]"
            lines.append(title + String(repeating: "-", count: max(0, ruleWidth - title.count)))
            for (column, value) in zip(answer.columns, row) {
                let text = ValueFormatting.text(value, column.type)
                let parts = valueWidth.map { TableLayout.wrap(text, width: $0, maxLines: 6) }
                    ?? text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                for (lineIndex, part) in parts.enumerated() {
                    let name = lineIndex == 0 ? column.name : ""
                    lines.append((name + String(repeating: " ", count: nameWidth - TableLayout.width(name)) + " | " + part).trimmingTrailingSpaces())
                }
            }
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }
}

public import DocketJSON

/// How an answer is printed: an aligned table for people, CSV for spreadsheets, JSON (one object with the
/// stamp) or JSON Lines (one object a row) for programs. Pure.
public enum AnswerFormat: String, Sendable, CaseIterable {
    case table, csv, json, jsonl

    public func render(_ answer: Answer) -> String {
        switch self {
        case .table: Self.table(answer)
        case .csv: Self.csv(answer)
        case .json: Self.json(answer).canonicalString + "\n"
        case .jsonl: answer.rows.map { Self.object($0, answer.columns).canonicalString + "\n" }.joined()
        }
    }

    // MARK: Values

    /// Pence as pounds with thousands separators: 125000000 → £1,250,000.00.
    public static func pounds(_ pence: String, symbol: Bool = true, separators: Bool = true) -> String {
        guard let value = Int64(pence) else { return pence }
        let negative = value < 0
        let magnitude = value.magnitude
        var whole = String(magnitude / 100)
        if separators {
            var grouped = ""
            for (index, character) in whole.reversed().enumerated() {
                if index > 0, index % 3 == 0 { grouped.append(",") }
                grouped.append(character)
            }
            whole = String(grouped.reversed())
        }
        let fraction = magnitude % 100
        return (negative ? "-" : "") + (symbol ? "£" : "") + whole + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// A value as a person reads it in a table.
    static func display(_ value: String?, _ type: QueryType) -> String {
        guard let value else { return "" }
        switch type {
        case .money: return pounds(value)
        case .boolean: return value == "t" ? "true" : value == "f" ? "false" : value
        case .list(.text):
            if case .array(let items)? = try? JSON(parsing: value) {
                return items.map { if case .string(let s) = $0 { s } else { $0.canonicalString } }.joined(separator: ", ")
            }
            return value
        default: return value
        }
    }

    static func jsonValue(_ value: String?, _ type: QueryType) -> JSON {
        guard let value else { return .null }
        switch type {
        case .integer, .money: return Double(value).map(JSON.number) ?? .string(value)
        case .number: return Double(value).map(JSON.number) ?? .string(value)
        case .boolean: return .bool(value == "t" || value == "true")
        case .list, .document: return (try? JSON(parsing: value)) ?? .string(value)
        default: return .string(value)
        }
    }

    // MARK: Formats

    static func table(_ answer: Answer) -> String {
        let header = answer.columns.map(\.name)
        let cells = answer.rows.map { row in zip(row, answer.columns).map { display($0, $1.type) } }
        var widths = header.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        let rightAligned = answer.columns.map { $0.type.isNumeric }
        func line(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                let pad = String(repeating: " ", count: widths[index] - value.count)
                return rightAligned[index] ? pad + value : value + pad
            }.joined(separator: "  ").trailingSpacesRemoved
        }
        var text = line(header) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { text += line(row) + "\n" }
        text += "(\(answer.rows.count) row\(answer.rows.count == 1 ? "" : "s"), \(answer.stamp.summary))\n"
        return text
    }

    static func csv(_ answer: Answer) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
        }
        var text = answer.columns.map { field($0.name) }.joined(separator: ",") + "\r\n"
        for row in answer.rows {
            text += zip(row, answer.columns).map { value, column in
                guard let value else { return "" }
                switch column.type {
                case .money: return field(pounds(value, symbol: false, separators: false))
                case .boolean: return value == "t" ? "true" : "false"
                default: return field(value)
                }
            }.joined(separator: ",") + "\r\n"
        }
        return text
    }

    static func object(_ row: [String?], _ columns: [QueryColumn]) -> JSON {
        var object = [String: JSON]()
        for (value, column) in zip(row, columns) { object[column.name] = jsonValue(value, column.type) }
        return .object(object)
    }

    /// `{"columns": […], "rows": […], "stamp": {…}}`; money in whole pence.
    public static func json(_ answer: Answer) -> JSON {
        var stamp: [String: JSON] = [
            "position": .number(Double(answer.stamp.position)),
            "logSize": .number(Double(answer.stamp.logSize)),
            "root": .string(answer.stamp.root),
            "basis": .string(answer.stamp.basis.rawValue),
            "checkpoint": .null,
        ]
        if let checkpoint = answer.stamp.checkpoint {
            stamp["checkpoint"] = .object([
                "treeSize": .number(Double(checkpoint.treeSize)), "root": .string(checkpoint.root),
                "keyName": .string(checkpoint.keyName), "origin": .string(checkpoint.origin),
            ])
        }
        return .object([
            "columns": .array(answer.columns.map { .object(["name": .string($0.name), "type": .string($0.type.description)]) }),
            "rows": .array(answer.rows.map { object($0, answer.columns) }),
            "stamp": .object(stamp),
        ])
    }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

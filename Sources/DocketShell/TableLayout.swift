/// Lays out rows of text as an aligned table that fits a terminal's width, psql style:
///
/// ```
///  title             | taken_on   | approved_amount
/// -------------------+------------+-----------------
///  Diabetes redesign | 2011-03-01 |   £1,250,000.00
/// ```
///
/// When the table is wider than the terminal, text columns narrow (the widest first) and their values wrap
/// onto more lines of the same row, at spaces where they can; a value that needs more than `maxLines`
/// lines is cut and ends with `…`. Numbers, money and dates never narrow: a cut amount would mislead.
public struct TableLayout: Sendable {
    public struct Column: Sendable {
        public var header: String
        public var isRightAligned: Bool
        /// Whether values may wrap and be cut (text and lists).
        public var canNarrow: Bool

        public init(header: String, isRightAligned: Bool = false, canNarrow: Bool = true) {
            self.header = header
            self.isRightAligned = isRightAligned
            self.canNarrow = canNarrow
        }
    }

    /// The mark at the end of a value that was cut.
    public static let cutMark: Character = "…"
    /// A column never narrows below this many characters (or its natural width, if less).
    public static let minimumWidth = 6

    public var columns: [Column]
    public var rows: [[String]]
    /// The most lines one value may take before it is cut.
    public var maxLines = 3

    public init(columns: [Column], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The width each column takes with nothing wrapped.
    public var naturalWidths: [Int] {
        columns.indices.map { index in
            rows.reduce(Self.width(columns[index].header)) { widest, row in
                max(widest, row[index].split(separator: "\n", omittingEmptySubsequences: false).map { Self.width(String($0)) }.max() ?? 0)
            }
        }
    }

    /// The width of the table's widest line with these column widths.
    static func tableWidth(_ widths: [Int]) -> Int {
        widths.reduce(0, +) + 3 * max(0, widths.count - 1) + 2
    }

    /// Whether the table fits `width` with its narrowable columns at their narrowest.
    public func fits(width: Int) -> Bool {
        let narrowest = zip(columns, naturalWidths).map { column, natural in
            column.canNarrow ? min(natural, Self.minimumWidth) : natural
        }
        return Self.tableWidth(narrowest) <= width
    }

    /// The column widths for a terminal `width` columns wide (nil: no limit).
    public func widths(fitting width: Int?) -> [Int] {
        var widths = naturalWidths
        guard let width, Self.tableWidth(widths) > width else { return widths }
        let narrowable = columns.indices.filter { columns[$0].canNarrow }
        let fixed = columns.indices.filter { !columns[$0].canNarrow }.reduce(0) { $0 + widths[$1] }
        var remaining = width - (Self.tableWidth(widths) - widths.reduce(0, +)) - fixed
        // Water-filling: the narrowest columns keep their width; the widest share what is left.
        var left = narrowable.count
        for index in narrowable.sorted(by: { widths[$0] < widths[$1] }) {
            let share = left > 0 ? remaining / left : 0
            widths[index] = min(widths[index], max(min(widths[index], Self.minimumWidth), share))
            remaining -= widths[index]
            left -= 1
        }
        return widths
    }

    /// The table as text, one line per line of output, without trailing spaces.
    public func render(width: Int?) -> String {
        let widths = widths(fitting: width)
        var lines: [String] = []
        lines.append(line(columns.indices.map { [columns[$0].header] }, widths: widths, headers: true))
        lines.append(widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+").trimmingTrailingSpaces())
        for row in rows {
            let cells = row.indices.map { index in
                columns[index].canNarrow ? Self.wrap(row[index], width: widths[index], maxLines: maxLines)
                    : row[index].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
            lines.append(line(cells, widths: widths, headers: false))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func line(_ cells: [[String]], widths: [Int], headers: Bool) -> String {
        let height = cells.map(\.count).max() ?? 1
        var output: [String] = []
        for lineIndex in 0..<height {
            let parts = cells.indices.map { index -> String in
                let text = lineIndex < cells[index].count ? cells[index][lineIndex] : ""
                return pad(text, to: widths[index], right: columns[index].isRightAligned)
            }
            output.append((" " + parts.joined(separator: " | ")).trimmingTrailingSpaces())
        }
        return output.joined(separator: "\n")
    }

    private func pad(_ text: String, to width: Int, right: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - Self.width(text)))
        return right ? padding + text : text + padding
    }

    /// The lines a value takes in a column `width` wide.
    static func wrap(_ text: String, width: Int, maxLines: Int) -> [String] {
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard width > 1 else { return paragraphs }
        var lines: [String] = []
        for paragraph in paragraphs {
            lines.append(contentsOf: Self.wrapParagraph(paragraph, width: width))
        }
        if lines.count > maxLines {
            var last = lines[maxLines - 1]
            if Self.width(last) >= width { last = String(last.prefix(width - 1)) }
            lines = Array(lines.prefix(maxLines - 1)) + [last + String(Self.cutMark)]
        }
        return lines
    }

    static func wrapParagraph(_ paragraph: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            let candidate = current.isEmpty ? word : current + " " + word
            if Self.width(candidate) <= width {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            while Self.width(word) > width {
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            current = word
        }
        lines.append(current)
        return lines
    }

    /// Display width: one column per character (the text Docket shows has no double-width characters).
    static func width(_ text: String) -> Int { text.count }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

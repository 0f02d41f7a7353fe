import DocketJSON

/// One column value of a projection row. Scalars (text, date, bigint, boolean) are kept in PostgreSQL's
/// text form, jsonb as a parsed value, so a row read back from the table compares equal to the one
/// that was written (jsonb does not keep the text it was given).
enum ProjectionValue: Hashable, Sendable {
    case text(String)
    case json(JSON)

    static func bool(_ value: Bool) -> ProjectionValue { .text(value ? "t" : "f") }
    static func int(_ value: Int64) -> ProjectionValue { .text(String(value)) }

    var jsonValue: JSON? { if case .json(let json) = self { json } else { nil } }
    var textValue: String? { if case .text(let text) = self { text } else { nil } }
}

/// Identifies one row (all its versions): the table's index in ``ProjectionSchema/tables`` and its id.
struct RowKey: Hashable, Sendable {
    let table: Int
    let id: String
}

/// The value columns of one row version, addressed by column name.
struct ProjectionRow: Hashable, Sendable {
    let table: Int
    var values: [ProjectionValue?]

    init(table: Int, id: String) {
        self.table = table
        let spec = ProjectionSchema.tables[table]
        values = Array(repeating: nil, count: spec.columns.count)
        values[0] = .text(id)
        if let retracted = ProjectionSchema.columnIndex[table]["is_retracted"] { values[retracted] = .bool(false) }
    }

    init(table: Int, values: [ProjectionValue?]) {
        self.table = table
        self.values = values
    }

    subscript(column: String) -> ProjectionValue? {
        get { values[Self.index(table, column)] }
        set { values[Self.index(table, column)] = newValue }
    }

    private static func index(_ table: Int, _ column: String) -> Int {
        guard let index = ProjectionSchema.columnIndex[table][column] else {
            preconditionFailure("projection table \(ProjectionSchema.tables[table].name) has no column \(column)")
        }
        return index
    }
}

extension ProjectionSchema {
    static let columnIndex: [[String: Int]] = tables.map { table in
        Dictionary(uniqueKeysWithValues: table.columns.enumerated().map { ($0.element.name, $0.offset) })
    }
    static let tableIndex: [String: Int] = Dictionary(uniqueKeysWithValues: tables.enumerated().map { ($0.element.name, $0.offset) })

    enum T {
        static let organisations = 0, programmes = 1, decisions = 2, consultations = 3, responses = 4,
                   respondents = 5, allocations = 6, contracts = 7, interests = 8, stages = 9, services = 10,
                   notices = 11, reviews = 12, bodies = 13, bodyMembers = 14, members = 15
    }
}

/// Rows being folded, by key, with the keys the current event touched.
final class RowSet {
    var rows: [RowKey: ProjectionRow] = [:]
    private(set) var touched: [RowKey] = []
    private var touchedSet: Set<RowKey> = []

    func resetTouched() {
        touched.removeAll(keepingCapacity: true)
        touchedSet.removeAll(keepingCapacity: true)
    }

    func touch(_ key: RowKey) {
        if touchedSet.insert(key).inserted { touched.append(key) }
    }

    func row(_ table: Int, _ id: String) -> ProjectionRow? { rows[RowKey(table: table, id: id)] }

    /// Starts a row (replacing any row with that key) and changes it.
    func create(_ table: Int, _ id: String, _ body: (inout ProjectionRow) throws(ProjectionError) -> Void) throws(ProjectionError) {
        var row = ProjectionRow(table: table, id: id)
        try body(&row)
        let key = RowKey(table: table, id: id)
        rows[key] = row
        touch(key)
    }

    /// Changes an existing row; `missing` is the error when there is none.
    func edit(
        _ table: Int, _ id: String, missing: @autoclosure () -> ProjectionError,
        _ body: (inout ProjectionRow) throws(ProjectionError) -> Void
    ) throws(ProjectionError) {
        let key = RowKey(table: table, id: id)
        guard var row = rows[key] else { throw missing() }
        try body(&row)
        rows[key] = row
        touch(key)
    }
}

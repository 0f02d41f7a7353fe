/// One level of a SELECT statement being built stage by stage; ``wrap()`` turns it into a subquery when a
/// stage needs the rows the previous stages produced (a filter after `take`, a group after a group, …).
struct SelectBuilder {
    var from: String
    var joins: [String] = []
    var conditions: [String] = []
    var groupKeys: [String]?
    var order: [(sql: String, isDescending: Bool)] = []
    var limit: String?
    var isDistinct = false
    var subqueryCount = 0

    init(from: String) { self.from = from }

    var isGrouped: Bool { groupKeys != nil }

    /// The statement, with `outputs` named c1, c2, … (user names never reach the SQL).
    func sql(outputs: [Typed], hidden: [String] = [], isFinal: Bool) -> String {
        var columns = outputs.enumerated().map { index, typed in "\(isFinal ? Self.outputSQL(typed) : typed.sql) AS c\(index + 1)" }
        columns += hidden.enumerated().map { "\($1) AS o\($0 + 1)" }
        var text = "SELECT " + (isDistinct ? "DISTINCT " : "") + (columns.isEmpty ? "1 AS c1" : columns.joined(separator: ", "))
        text += "\nFROM " + from
        for join in joins { text += "\n" + join }
        if !conditions.isEmpty { text += "\nWHERE " + conditions.joined(separator: "\n  AND ") }
        if let groupKeys, !groupKeys.isEmpty { text += "\nGROUP BY " + groupKeys.joined(separator: ", ") }
        if !order.isEmpty {
            text += "\nORDER BY " + order.map { $0.sql + ($0.isDescending ? " DESC NULLS LAST" : " ASC NULLS LAST") }.joined(separator: ", ")
        }
        if let limit { text += "\nLIMIT " + limit }
        return text
    }

    /// Lists leave as JSON text; everything else as PostgreSQL's text form (times in UTC: the executor sets
    /// the session's time zone, and ``TimeText`` writes them as ISO 8601).
    static func outputSQL(_ typed: Typed) -> String {
        switch typed.type {
        case .list, .document: "(\(typed.sql))::text"
        default: typed.recordFields != nil ? "(\(typed.sql))::text" : typed.sql
        }
    }
}

/// A resolved, type-checked expression, rendered to a SQL fragment made only of catalogue identifiers,
/// fixed operators and `$n` placeholders.
struct Typed {
    var sql: String
    var type: QueryType
    var span: SourceSpan
    /// Whether it can be missing (SQL NULL).
    var isNullable: Bool = true
    /// Whether it holds an aggregate function.
    var isAggregate: Bool = false
    /// A value that is a literal or a parameter (never missing).
    var isConstant: Bool = false
    /// For ids of records in another source: that source's name.
    var reference: String?
    /// For an element of a list of records: its fields, read from `sql` (a jsonb value).
    var recordFields: [RecordField]?
}

/// A name in scope: a value, or a whole row of a source (the query's own, or one joined by `expand`).
enum ScopeEntry {
    case value(Typed)
    case row(QuerySource, alias: String)
}

/// A source of the query language as the shell shows it (`\d`, completion).
public struct SourceDescription: Sendable, Hashable {
    public var name: String
    public var meaning: String
    public var fields: [FieldDescription]
    /// The aggregate kind `history of KIND ID` takes for this source (e.g. `decision`), if it has history.
    public var historyKind: String?

    public init(name: String, meaning: String, fields: [FieldDescription], historyKind: String? = nil) {
        self.name = name
        self.meaning = meaning
        self.fields = fields
        self.historyKind = historyKind
    }
}

/// A field of a source: its type, the source it refers to (followed with a dot), and what it means.
public struct FieldDescription: Sendable, Hashable {
    public var name: String
    /// The type as the language writes it (`money`, `list of text`).
    public var type: String
    /// The source a reference field leads to.
    public var reference: String?
    public var meaning: String

    public init(name: String, type: String, reference: String? = nil, meaning: String) {
        self.name = name
        self.type = type
        self.reference = reference
        self.meaning = meaning
    }
}

/// What the shell needs of the query language and the ledger: the catalogue, and running, compiling and
/// explaining queries. The implementation compiles with `DocketQuery` and runs on PostgreSQL under the
/// reader role; the shell itself never sees SQL except to show it.
public protocol QueryEngine: AnyObject {
    var sources: [SourceDescription] { get }
    /// The language's keywords and stage names, for completion.
    var keywords: [String] { get }
    /// The language's functions and aggregates, for completion.
    var functions: [String] { get }
    /// Runs a query (with the session's `\as-of` default, unless the query says `as of` itself).
    func answer(_ query: String, asOf: AsOf?) throws(ShellError) -> Answer
    /// The SQL a query compiles to, with its parameters, as text to show.
    func sql(_ query: String, asOf: AsOf?) throws(ShellError) -> String
    /// PostgreSQL's plan for a query, as text to show.
    func explain(_ query: String, asOf: AsOf?) throws(ShellError) -> String
    /// Ids of aggregates of `kind` starting with `prefix`, for completing `history of KIND ID`.
    func aggregateIDs(kind: String, prefix: String) -> [String]
    /// Asks the server to stop the query running now. Called from another thread (on Ctrl-C), so it is a
    /// `Sendable` function of its own (libpq's cancel is thread-safe).
    var cancel: @Sendable () -> Void { get }
}

/// Every source a query can read, with its fields, their types and meanings, and the relationships between
/// sources. Written once: the resolver, the SQL generator, completion, `\d` and docs/query-language.md all
/// read it. Personal data (consultation respondents, restricted event fields) is not in it.
public struct QueryCatalogue: Sendable {
    public let sources: [QuerySource]

    public static let standard = QueryCatalogue(sources: QueryCatalogue.standardSources)

    public func source(named name: String) -> QuerySource? { sources.first { $0.name == name } }
    public func source(singular name: String) -> QuerySource? { sources.first { $0.singular == name && $0.hasHistory } }
    public var sourceNames: [String] { sources.map(\.name) }

    /// The functions expressions may call, with their meaning (for completion and the reference).
    public static let functions: [(name: String, signature: String, meaning: String)] = [
        ("count", "count() or count(x)", "aggregate: rows, or rows where x is not missing"),
        ("sum", "sum(x)", "aggregate: total of an integer, number or money"),
        ("min", "min(x)", "aggregate: smallest value"),
        ("max", "max(x)", "aggregate: largest value"),
        ("avg", "avg(x)", "aggregate: mean of an integer, number or money (money rounds to the penny)"),
        ("length", "length(list)", "how many elements a list has"),
        ("lower", "lower(text)", "text in lower case"),
        ("upper", "upper(text)", "text in upper case"),
        ("year", "year(date)", "the calendar year of a date"),
        ("financial_year", "financial_year(date)", "the NHS financial year (April to March) a date falls in, as \"2011/12\""),
        ("coalesce", "coalesce(a, b, …)", "the first value that is not missing"),
        ("date", "date(time or text)", "the date of a time (UTC), or a text read as YYYY-MM-DD"),
        ("integer", "integer(text)", "a text (e.g. a payload field) read as an integer"),
        ("pence", "pence(text)", "a text of whole pence (e.g. a payload field) read as money"),
    ]
    static let aggregateNames: Set<String> = ["count", "sum", "min", "max", "avg"]
}

/// Which checkpoint an answer from a source describes.
public enum QueryBasis: String, Sendable, Hashable {
    /// docket.events: the log's head.
    case log
    /// The read models: projection checkpoint `tables`.
    case tables
    /// Governance findings: projection checkpoint `findings`.
    case findings
}

public struct QuerySource: Sendable, Hashable {
    public var name: String
    /// The kind of record for `history of` (e.g. `decision`).
    public var singular: String
    /// Schema-qualified table or view.
    public var table: String
    public var meaning: String
    /// Whether rows carry history columns (valid_from_position …), so `as of`, `history of` and `changes` apply.
    public var hasHistory: Bool
    public var basis: QueryBasis
    public var fields: [QueryField]
    public var relations: [QueryRelation]

    public func field(named name: String) -> QueryField? { fields.first { $0.name == name } }
    public func relation(named name: String) -> QueryRelation? { relations.first { $0.name == name } }
}

public struct QueryField: Sendable, Hashable {
    public var name: String
    /// The column it is read from (catalogue constant, never user text).
    public var column: String
    public var type: QueryType
    /// For a text id of a record in another source: that source, so `field.other_field` follows it.
    public var reference: String?
    public var meaning: String
    /// Set in every row: the event that creates the row must give it (the domain's rules refuse one that
    /// does not). `==` on such a field compiles to `=`, which PostgreSQL can join on.
    public var isAlwaysSet = false
}

/// A one-to-many relationship: the rows of `target` whose `remoteColumn` equals this row's `localField`.
/// Followed only by `expand`.
public struct QueryRelation: Sendable, Hashable {
    public var name: String
    public var target: String
    public var localField: String
    public var remoteColumn: String
    public var meaning: String
}

extension QueryCatalogue {
    /// The language's keywords and stage names, for completion and highlighting.
    public static var keywords: [String] { Parser.keywords }

    /// Words that could come next after `prefix`, for a shell's completion: keywords, source names, every
    /// field and relation name, and function names, sorted and without duplicates.
    public func completions(startingWith prefix: String) -> [String] {
        var words = Set(Self.keywords + sourceNames + Self.functions.map(\.name))
        for source in sources {
            words.formUnion(source.fields.map(\.name))
            words.formUnion(source.relations.map(\.name))
        }
        return words.filter { $0.hasPrefix(prefix) }.sorted()
    }
}

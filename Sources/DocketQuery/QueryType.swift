/// The types of the query language.
public indirect enum QueryType: Hashable, Sendable, CustomStringConvertible {
    case text, integer, number, money, date, time, boolean
    /// A JSON list: of texts (perhaps ids of another source), of integers, or of records with named fields.
    case list(Element)
    /// An event's payload: any field by path (`payload.amountPence`), read as text.
    case document

    public enum Element: Hashable, Sendable {
        case text(reference: String?)
        case record([RecordField])
    }

    public var description: String {
        switch self {
        case .text: "text"
        case .integer: "integer"
        case .number: "number"
        case .money: "money"
        case .date: "date"
        case .time: "time"
        case .boolean: "boolean"
        case .list(.text): "list of text"
        case .list(.record): "list of records"
        case .document: "document"
        }
    }

    var isList: Bool { if case .list = self { true } else { false } }
    var isNumeric: Bool { self == .integer || self == .number || self == .money }
    var isOrdered: Bool { [.text, .integer, .number, .money, .date, .time, .boolean].contains(self) }

    /// The cast a parameter of this type carries in SQL, so PostgreSQL knows its type.
    var parameterCast: String {
        switch self {
        case .text, .document, .list: "text"
        case .integer, .money: "bigint"
        case .number: "numeric"
        case .date: "date"
        case .time: "timestamptz"
        case .boolean: "boolean"
        }
    }
}

/// One field of the records in a list (`votes.member`), read from a JSON key.
public struct RecordField: Hashable, Sendable {
    public var name: String
    public var key: String
    public var type: QueryType
    public var reference: String?
    public var meaning: String
    /// Related rows reached from this field's value by `expand` (e.g. a vote's member → their interests).
    public var relations: [QueryRelation] = []
}

/// The shape of a command or payload field, as `docket record --help` and docs/domain-events.md show it.
public indirect enum FieldType: Sendable, Hashable, CustomStringConvertible {
    /// A non-empty string.
    case text
    /// A slug naming an aggregate of this kind.
    case identifier(StreamKind)
    /// A slug naming something within an aggregate (a member's interest).
    case slug
    /// `YYYY-MM-DD`.
    case date
    /// `YYYY-MM-DD` or an RFC 3339 timestamp.
    case timestamp
    /// Whole pence, an integer.
    case pence
    /// A whole number.
    case integer
    /// Any number.
    case number
    case boolean
    /// One of a closed list of spellings.
    case choice([String])
    /// `YYYY/YY`.
    case financialYear
    /// An event's UUID.
    case eventID
    /// An event type's name.
    case eventType
    /// A JSON array of values of the element type.
    case list(FieldType)
    /// A JSON object with these fields.
    case record([FieldDescriptor])
    /// A JSON object whose members are fields of another event.
    case fieldChanges

    public var description: String {
        switch self {
        case .text: "text"
        case .identifier(let kind): "\(kind.noun) id"
        case .slug: "id (a–z, 0–9, '-')"
        case .date: "date (YYYY-MM-DD)"
        case .timestamp: "date or timestamp (YYYY-MM-DD or RFC 3339)"
        case .pence: "pence (integer)"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .choice(let spellings): "one of " + spellings.joined(separator: " | ")
        case .financialYear: "financial year (YYYY/YY)"
        case .eventID: "event id (UUID)"
        case .eventType: "event type name"
        case .list(let element): "list of " + element.description
        case .record: "object"
        case .fieldChanges: "object of field → corrected value"
        }
    }

    /// The fields of a record, or of a list of records.
    public var nestedFields: [FieldDescriptor]? {
        switch self {
        case .record(let fields): fields
        case .list(let element): element.nestedFields
        default: nil
        }
    }

    static func choice<Term: DomainTerm>(_ term: Term.Type) -> FieldType { .choice(Term.spellings) }
}

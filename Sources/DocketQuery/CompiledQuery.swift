/// A query compiled to exactly one parameterised SQL statement. The SQL text holds only constants and
/// identifiers from the catalogue; every value the user wrote travels in ``parameters``.
public struct CompiledQuery: Sendable, Hashable {
    public var sql: String
    /// `$1`, `$2`, … in order.
    public var parameters: [CompiledParameter]
    /// The answer's columns, in order, with the names the user sees.
    public var columns: [QueryColumn]
    /// Which checkpoint the answer describes.
    public var basis: QueryBasis
    /// The source the query reads.
    public var source: String
    public var temporal: TemporalMode

    /// How the query reads recorded time.
    public enum TemporalMode: Sendable, Hashable {
        /// The current state (the basis checkpoint).
        case current
        /// The state as of the position given by parameter `index` (0-based).
        case asOf(parameter: Int)
        /// Every version of one record.
        case history
        /// Versions that started between two positions (parameters `from` and `to`, 0-based).
        case changes(from: Int, to: Int)
    }
}

public struct QueryColumn: Sendable, Hashable {
    public var name: String
    public var type: QueryType
    public init(name: String, type: QueryType) {
        self.name = name
        self.type = type
    }
}

/// One `$n` of a compiled statement.
public enum CompiledParameter: Sendable, Hashable {
    /// A value from the query text or a `--param`, as PostgreSQL's text form of its type.
    case value(String, QueryType)
    /// A log position, resolved by the executor in the answer's snapshot.
    case position(PositionRequest)

    public var description: String {
        switch self {
        case .value(let text, let type): "\(type) \(Self.quoted(text))"
        case .position(.position(let n)): "position \(n)"
        case .position(.lastRecordedAtOrBefore(let t)): "position: the last event recorded at or before \(t)"
        case .position(.lastRecordedBefore(let t)): "position: the last event recorded before \(t)"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// A position in the log, given directly or as the last event recorded by a time.
public enum PositionRequest: Sendable, Hashable {
    case position(Int64)
    case lastRecordedAtOrBefore(String)
    case lastRecordedBefore(String)
}

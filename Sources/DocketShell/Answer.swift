/// The type of a column or field, as the query language names it.
public enum FieldType: String, Sendable, Hashable {
    case text, integer, number, money, date, time, boolean, list

    /// Numbers line up on the right, as in a ledger.
    var isRightAligned: Bool { self == .integer || self == .number || self == .money }
}

/// One value of an answer, typed as the query language types it.
public enum Value: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int64)
    /// A number with a fractional part, as PostgreSQL wrote it.
    case number(String)
    /// Pence.
    case money(Int64)
    /// `YYYY-MM-DD`.
    case date(String)
    /// An instant, ISO 8601.
    case time(String)
    case boolean(Bool)
    case list([Value])
}

/// A column of an answer: its name and type.
public struct AnswerColumn: Sendable, Hashable {
    public var name: String
    public var type: FieldType

    public init(_ name: String, _ type: FieldType) {
        self.name = name
        self.type = type
    }
}

/// Which state of the ledger an answer describes: the log position, the Merkle root of the log up to it,
/// and the newest signed checkpoint at or below it (if any).
public struct Stamp: Sendable, Hashable {
    public var position: Int64
    /// Lower-case hex of the root hash.
    public var root: String
    /// The date of the newest checkpoint at or below the position, `YYYY-MM-DD`, or nil if none is.
    public var checkpoint: String?
    /// The checkpoint's tree size, when there is one.
    public var checkpointSize: Int64?

    public init(position: Int64, root: String, checkpoint: String? = nil, checkpointSize: Int64? = nil) {
        self.position = position
        self.root = root
        self.checkpoint = checkpoint
        self.checkpointSize = checkpointSize
    }

    /// `as of position 175 · root a0a2b6c6… · checkpoint 2026-12-05`
    public var line: String {
        var text = "as of position \(position) · root \(root.prefix(8))…"
        if let checkpoint {
            text += " · checkpoint \(checkpoint)"
            if let checkpointSize, checkpointSize != position { text += " (size \(checkpointSize))" }
        } else {
            text += " · no checkpoint yet"
        }
        return text
    }
}

/// The rows a query returned, with the stamp of the ledger state they describe.
public struct Answer: Sendable, Hashable {
    public var columns: [AnswerColumn]
    public var rows: [[Value]]
    public var stamp: Stamp

    public init(columns: [AnswerColumn], rows: [[Value]], stamp: Stamp) {
        self.columns = columns
        self.rows = rows
        self.stamp = stamp
    }
}

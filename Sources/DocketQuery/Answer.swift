/// The answer to a query: its columns, its rows (each value PostgreSQL's text form, nil when missing), and
/// the stamp that says which state of the ledger it describes.
public struct Answer: Sendable, Hashable {
    public var columns: [QueryColumn]
    public var rows: [[String?]]
    public var stamp: Stamp

    public init(columns: [QueryColumn], rows: [[String?]], stamp: Stamp) {
        self.columns = columns
        self.rows = rows
        self.stamp = stamp
    }
}

/// Which state of the ledger an answer describes, read in the same snapshot as the answer: anyone can
/// recompute the root from the log and check it against the checkpoint.
public struct Stamp: Sendable, Hashable {
    /// The log position the answer describes (the tree size).
    public var position: Int64
    /// The RFC 6962 Merkle root of the log's first `position` events, in hex.
    public var root: String
    /// Which checkpoint of the read models it comes from (`tables`, `findings`, or `log` for the events).
    public var basis: QueryBasis
    /// The newest signed checkpoint at or below `position`, if any.
    public var checkpoint: SignedCheckpoint?
    /// How many events the log held in the same snapshot (more than `position` for an earlier `as of`, or
    /// while the read models catch up).
    public var logSize: Int64

    public init(position: Int64, root: String, basis: QueryBasis, checkpoint: SignedCheckpoint?, logSize: Int64) {
        self.position = position
        self.root = root
        self.basis = basis
        self.checkpoint = checkpoint
        self.logSize = logSize
    }

    public struct SignedCheckpoint: Sendable, Hashable {
        public var treeSize: Int64
        public var root: String
        public var keyName: String
        public var origin: String
        public init(treeSize: Int64, root: String, keyName: String, origin: String) {
            self.treeSize = treeSize
            self.root = root
            self.keyName = keyName
            self.origin = origin
        }
    }

    /// One line: `position 175 · root 3f2a… · checkpoint 160 (key demo)`.
    public var summary: String {
        var text = "as of position \(position)" + (logSize != position ? " of \(logSize) in the log" : "") + " · root \(root) · "
        if let checkpoint {
            text += "signed checkpoint at \(checkpoint.treeSize) (\(checkpoint.keyName))"
        } else {
            text += "no signed checkpoint at or below it"
        }
        return text
    }
}

/// PostgreSQL's text form of a timestamptz in UTC (`2011-01-13 00:00:00+00`, `… 09:30:00.5+00`) as ISO 8601
/// (`2011-01-13T00:00:00Z`, `…T09:30:00.5Z`).
public enum TimeText {
    public static func iso8601(_ text: String) -> String {
        var value = Substring(text)
        if value.hasSuffix("+00") { value = value.dropLast(3) }
        return value.replacing(" ", with: "T", maxReplacements: 1) + "Z"
    }
}

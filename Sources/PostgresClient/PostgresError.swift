/// An error from the PostgreSQL layer: a failed connection, a server error with its SQLSTATE,
/// a lost connection, or a value that could not be decoded.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: switch with a `default`.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The server could not be reached or refused the connection.
        public static let connectionFailed = Kind("connectionFailed")
        /// The connection broke during a command (server restart, network).
        public static let connectionLost = Kind("connectionLost")
        /// The server rejected a statement; see `sqlState`.
        public static let server = Kind("server")
        /// The statement was cancelled on request.
        public static let cancelled = Kind("cancelled")
        /// A result value had an unexpected type or was NULL where a value was required.
        public static let decoding = Kind("decoding")
        /// libpq reported an error outside a server response (e.g. COPY or socket failure).
        public static let client = Kind("client")
    }

    public var kind: Kind
    /// The five-character SQLSTATE code, for server errors.
    public var sqlState: String?
    /// The primary message (the server's, or libpq's).
    public var message: String
    public var detail: String?
    public var hint: String?
    /// The constraint a server error names, if any (e.g. the unique key that was violated).
    public var constraint: String?

    public init(
        kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
    }

    public var description: String {
        var text: String
        switch kind {
        case .connectionFailed: text = "cannot connect to PostgreSQL: \(message)"
        case .connectionLost: text = "the connection to PostgreSQL was lost: \(message)"
        case .cancelled: text = "the statement was cancelled: \(message)"
        default: text = message
        }
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail, !detail.isEmpty { text += "\n  detail: \(detail)" }
        if let hint, !hint.isEmpty { text += "\n  hint: \(hint)" }
        return text
    }
}

extension PostgresError {
    /// SQLSTATE codes the rest of Docket gives meaning to, mapped once here.
    public enum State {
        public static let uniqueViolation = "23505"
        public static let serializationFailure = "40001"
        public static let deadlockDetected = "40P01"
        public static let insufficientPrivilege = "42501"
        public static let invalidStatementName = "26000"
        public static let queryCanceled = "57014"
        public static let adminShutdown = "57P01"
        public static let raiseException = "P0001"
    }

    /// Whether retrying the whole transaction may succeed.
    public var isRetryable: Bool {
        sqlState == State.serializationFailure || sqlState == State.deadlockDetected
    }
}

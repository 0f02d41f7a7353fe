public import PostgresClient

/// Why a compiled query produced no answer. Each kind has a message of its own; none is a user's mistake in
/// the query text (those are ``DocketQuery/QueryError``s, found before any SQL runs).
public struct QueryExecutionError: Error, Sendable, CustomStringConvertible {
    public struct Kind: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The statement ran longer than the statement timeout.
        public static let timeout = Kind("timeout")
        /// Someone cancelled it (Ctrl-C, `pg_cancel_backend`).
        public static let cancelled = Kind("cancelled")
        /// The connection broke or could not be made.
        public static let connectionLost = Kind("connectionLost")
        /// The login cannot take the reader role.
        public static let permission = Kind("permission")
        /// `as of position N` beyond what the read models (or the log) have reached.
        public static let beyondReadModels = Kind("beyondReadModels")
        /// A value in the data could not be computed (e.g. an overflow).
        public static let data = Kind("data")
        /// Anything else: a bug in the compiler or a broken database.
        public static let failed = Kind("failed")
    }

    public var kind: Kind
    public var message: String
    public var hint: String?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    init(from error: PostgresError) {
        switch error.kind {
        case .connectionLost, .connectionFailed:
            self.init(.connectionLost, "the connection to the database was lost before the answer arrived",
                      hint: "check that the server is running (`docket db status`) and ask again")
        case .cancelled where error.message.contains("timeout"):
            self.init(.timeout, "the query ran longer than the statement timeout and was stopped",
                      hint: "narrow it with `where` or `take`, or allow longer with --timeout SECONDS")
        case .cancelled:
            self.init(.cancelled, "the query was cancelled before it finished")
        default:
            if error.sqlState?.hasPrefix("22") == true {
                self.init(.data, "the data could not be computed as asked: \(error.message)",
                          hint: "an amount may be too large for the arithmetic; try a smaller calculation")
            } else {
                self.init(.failed, "the database refused the compiled statement: \(error.message) (SQLSTATE \(error.sqlState ?? "none"))",
                          hint: "this is a bug in Docket's query compiler; `--sql` shows the statement")
            }
        }
    }

    public var description: String {
        message + (hint.map { "\n  hint: \($0)" } ?? "")
    }
}

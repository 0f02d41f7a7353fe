public import DocketQuery

/// What the shell needs of the ledger: running and explaining compiled queries, and the ids of records
/// (for completing `history of KIND ID`). The implementation runs on PostgreSQL under the reader role with a
/// statement timeout (`QueryExecutor`); the shell compiles queries itself, with `DocketQuery`, purely.
public protocol QueryEngine: AnyObject {
    /// Runs a compiled query; the answer carries its stamp.
    func run(_ query: CompiledQuery) throws(ShellError) -> Answer
    /// PostgreSQL's plan for a compiled query, as text to show.
    func explain(_ query: CompiledQuery) throws(ShellError) -> String
    /// The date (`YYYY-MM-DD`, UTC) a signed checkpoint was made, if it can be found.
    func signedOn(_ checkpoint: Stamp.SignedCheckpoint) -> String?
    /// Ids of records of `kind` (a source's singular, e.g. `decision`) starting with `prefix`.
    func ids(of kind: String, startingWith prefix: String) -> [String]
    /// Asks the server to stop the query running now. Called from another thread (on Ctrl-C), so it is a
    /// `Sendable` function of its own (libpq's cancel is thread-safe).
    var cancel: @Sendable () -> Void { get }
}

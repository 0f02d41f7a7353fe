/// What went wrong with one piece of input. The shell reports it and carries on (unless told to stop).
public struct ShellError: Error, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// A backslash command was mistyped.
        case badCommand
        /// The query has a mistake, found before it ran; the message is the located rendering.
        case query
        /// The query ran and failed (including the statement timeout).
        case failed
        /// Ctrl-C stopped the query; the server cancelled it.
        case cancelled
        /// The server went away; nothing more can be answered.
        case connectionLost
        /// A file for `\i` or `\o` could not be read or written.
        case file
    }

    public var kind: Kind
    /// What the person reads: one sentence, or a located rendering for a query mistake.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

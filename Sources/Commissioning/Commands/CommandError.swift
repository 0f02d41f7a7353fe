/// Why a command was not accepted: every problem found, each naming the field and the reason.
///
/// Field paths start at the command object: `objectives[2].target`, `votes[0].member`.
public struct CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Hashable { case malformed, rejected, streamNotLoaded, internalInconsistency }
        private let base: Base

        /// The command itself is wrong: a missing field, a wrong type, a bad date or identifier.
        public static let malformed = Kind(base: .malformed)
        /// The command is well formed but contradicts the ledger: it names something that does not exist,
        /// closes what is already closed, or ends before it starts.
        public static let rejected = Kind(base: .rejected)
        /// The caller did not load a stream the command reads (see ``Command/streamsRead``); a bug in the caller.
        public static let streamNotLoaded = Kind(base: .streamNotLoaded)
        /// The module produced an event it cannot apply; a bug in this module.
        public static let internalInconsistency = Kind(base: .internalInconsistency)

        public var description: String {
            switch base {
            case .malformed: "malformed"
            case .rejected: "rejected"
            case .streamNotLoaded: "stream not loaded"
            case .internalInconsistency: "internal inconsistency"
            }
        }
    }

    /// One problem with one field.
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        /// The field's path from the command object, e.g. `objectives[2].target`; "" for the command as a whole.
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }

        public var description: String { field.isEmpty ? message : "\(field): \(message)" }
    }

    public var kind: Kind
    /// The command's name, when it was readable.
    public var command: String?
    public var issues: [Issue]

    public init(kind: Kind, command: String?, issues: [Issue]) {
        self.kind = kind
        self.command = command
        self.issues = issues
    }

    public var description: String {
        let list = issues.map(\.description).joined(separator: "; ")
        return command.map { "\($0): \(list)" } ?? list
    }
}

extension Array where Element == CommandError.Issue {
    mutating func add(_ field: String, _ message: String) {
        append(CommandError.Issue(field: field, message: message))
    }
}

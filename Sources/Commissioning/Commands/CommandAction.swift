internal import DocketJSON

/// An aggregate's stream, by kind and slug.
struct StreamRef: Sendable, Hashable {
    let kind: StreamKind
    let slug: String

    init(_ kind: StreamKind, _ slug: String) {
        self.kind = kind
        self.slug = slug
    }

    var name: String { kind.stream(slug) }
}

/// The event a command will append, before ids, versions and metadata are attached.
struct Payload {
    var type: EventType
    var data: [String: JSON]
    var restricted: [String: JSON]? = nil
}

/// One kind of command: how it reads its fields, which streams it needs, and what it appends.
///
/// Each command appends exactly one event, to `target`. Validation against the state must be
/// O(size of the command): lookups by id, never scans of the ledger.
protocol CommandAction: Sendable {
    static var descriptor: CommandDescriptor { get }

    /// Reads the command's own fields, recording problems in `fields.issues`.
    init(reading fields: inout FieldReader)

    /// The stream the event is appended to.
    var target: StreamRef { get }

    /// Other streams whose state validation reads.
    var references: [StreamRef] { get }

    /// Checks the command against the state, recording problems in `issues`, and returns the event.
    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload
}

extension CommandAction {
    var references: [StreamRef] { [] }
}

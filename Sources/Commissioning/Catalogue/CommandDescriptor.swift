/// The documented shape of one command, for `docket record --help` and the docs.
public struct CommandDescriptor: Sendable, Hashable {
    /// The value of the command's `"command"` member, e.g. "take-decision".
    public var name: String
    public var summary: String
    /// The kind of stream the command appends to; nil for corrections, which name their stream.
    public var streamKind: StreamKind?
    /// The event types it may append.
    public var produces: [EventType]
    /// How many events one command appends.
    public var eventCount: Int
    /// Fields besides the common envelope (``Catalogue/envelopeFields``).
    public var fields: [FieldDescriptor]
    /// Envelope fields that this command requires although they are optional elsewhere.
    public var requiredEnvelopeFields: [String]

    init(
        _ name: String, _ summary: String, stream streamKind: StreamKind?, produces: [EventType],
        requires requiredEnvelopeFields: [String] = [], fields: [FieldDescriptor]
    ) {
        self.name = name
        self.summary = summary
        self.streamKind = streamKind
        self.produces = produces
        self.eventCount = 1
        self.fields = fields
        self.requiredEnvelopeFields = requiredEnvelopeFields
    }
}

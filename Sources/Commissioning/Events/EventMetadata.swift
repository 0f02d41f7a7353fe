/// Who recorded an event and under what authority. Metadata travels beside the payload.
public struct EventMetadata: Sendable, Hashable {
    /// The role that acted ("Board secretary, Somerset PCT"); people appear as roles.
    public var actor: String
    /// The role or instrument the actor acted under ("Standing orders 4.2", "Audit committee").
    public var authority: String?
    /// Why the event was recorded, where the command gave one.
    public var reason: String?
    /// Groups events that belong to one piece of work (a batch, an import).
    public var correlationId: String?
    /// The command that caused the event: its `id`, when it had one.
    public var causationId: String?
    /// Where the fact comes from: a citation ("002 Table 2") or "illustrative" for invented detail.
    public var source: String?

    public init(
        actor: String, authority: String? = nil, reason: String? = nil,
        correlationId: String? = nil, causationId: String? = nil, source: String? = nil
    ) {
        self.actor = actor
        self.authority = authority
        self.reason = reason
        self.correlationId = correlationId
        self.causationId = causationId
        self.source = source
    }
}

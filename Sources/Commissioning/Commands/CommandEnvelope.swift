/// The fields every command carries besides its own: its name, optional id, business time and metadata.
public struct CommandEnvelope: Sendable, Hashable {
    /// The command's name, e.g. "take-decision".
    public var name: String
    /// The caller's id for the command; event ids derive from it, so recording the same command twice
    /// yields the same event ids (and the store refuses the duplicate).
    public var id: String?
    /// When it happened in the world.
    public var occurredAt: BusinessTime
    public var metadata: EventMetadata

    public var day: Day { occurredAt.day }
}

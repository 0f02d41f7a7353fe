/// The documented shape of one event type at one schema version.
public struct EventTypeDescriptor: Sendable, Hashable {
    public var type: EventType
    public var summary: String
    /// The payload's fields; personal ones travel in `restricted`, not in `data`.
    public var fields: [FieldDescriptor]

    public var name: String { type.rawValue }
    public var schemaVersion: Int { type.schemaVersion }
    /// nil when the event goes to the stream of the event it names (corrections, retractions).
    public var streamKind: StreamKind? { type.streamKind }

    public func field(named name: String) -> FieldDescriptor? { fields.first { $0.name == name } }
}

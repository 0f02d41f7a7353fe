/// One field of a command or an event payload.
public struct FieldDescriptor: Sendable, Hashable {
    public var name: String
    public var type: FieldType
    public var isRequired: Bool
    /// Personal data: kept out of the public payload, in `ProposedEvent.restricted`.
    public var isPersonal: Bool
    /// Whether `correct-event` may amend it. Only descriptive fields are correctable; references,
    /// dates, amounts and statuses (what state and findings depend on) are changed by retracting the
    /// event and recording the right one.
    public var isCorrectable: Bool
    public var summary: String

    public init(
        _ name: String, _ type: FieldType, required isRequired: Bool = true, personal isPersonal: Bool = false,
        correctable isCorrectable: Bool = false, _ summary: String
    ) {
        self.name = name
        self.type = type
        self.isRequired = isRequired
        self.isPersonal = isPersonal
        self.isCorrectable = isCorrectable
        self.summary = summary
    }

    /// The same field, optional.
    var optional: FieldDescriptor {
        var copy = self
        copy.isRequired = false
        return copy
    }

    /// The same field with another summary.
    func described(_ summary: String) -> FieldDescriptor {
        var copy = self
        copy.summary = summary
        return copy
    }

    /// The same field under another name.
    func named(_ name: String) -> FieldDescriptor {
        var copy = self
        copy.name = name
        return copy
    }
}

/// Every command and event type the domain knows, with their fields: the source of
/// `docket record --help` and docs/domain-events.md.
public enum Catalogue {
    /// The fields every command may carry besides its own.
    public static let envelopeFields: [FieldDescriptor] = [
        FieldDescriptor("command", .text, "The command's name, e.g. \"take-decision\"."),
        FieldDescriptor(
            "id", .text, required: false,
            "Your id for the command (up to 200 bytes). Event ids derive from it, so recording the same command twice is refused."
        ),
        FieldDescriptor("occurredAt", .timestamp, "When it happened in the world (business time)."),
        FieldDescriptor("actor", .text, "The role that acted or recorded it, e.g. \"Board secretary, Wirral PCT\"."),
        FieldDescriptor("authority", .text, required: false, "The role or instrument acted under."),
        FieldDescriptor("reason", .text, required: false, "Why it was recorded."),
        FieldDescriptor("correlationId", .text, required: false, "Groups commands that belong to one piece of work."),
        FieldDescriptor(
            "source", .text, required: false,
            "Where the fact comes from: a citation (\"002 Table 2\") or \"illustrative\" for invented detail. Kept in the event's metadata; replay and findings show it."
        ),
    ]

    static let actions: [any CommandAction.Type] = [
        RegisterOrganisation.self, RecordSuccession.self,
        EstablishBody.self, RegisterMember.self, AppointMember.self, EndMembership.self,
        DeclareInterest.self, EndInterest.self,
        LaunchProgramme.self, EnterStage.self, CommenceService.self,
        OpenConsultation.self, RecordResponse.self, CloseConsultation.self,
        ProposeDecision.self, TakeDecision.self, ReviseDecision.self, RescindDecision.self,
        MakeAllocation.self, AdjustAllocation.self, WithdrawAllocation.self,
        AwardContract.self, GiveNotice.self, VaryContract.self, TerminateContract.self, DecommissionService.self,
        ReviewService.self,
        CorrectEvent.self, RetractEvent.self,
    ]

    /// Every command, in the order `docket record --help` lists them.
    public static let commands: [CommandDescriptor] = actions.map { $0.descriptor }

    static let actionTypes: [String: any CommandAction.Type] = Dictionary(
        uniqueKeysWithValues: actions.map { ($0.descriptor.name, $0) }
    )

    private static let allowedFieldsByCommand: [String: [FieldDescriptor]] = Dictionary(
        uniqueKeysWithValues: commands.map { ($0.name, envelopeFields + $0.fields) }
    )

    static func allowedFields(for descriptor: CommandDescriptor) -> [FieldDescriptor] {
        allowedFieldsByCommand[descriptor.name] ?? envelopeFields + descriptor.fields
    }

    public static func command(named name: String) -> CommandDescriptor? { actionTypes[name]?.descriptor }

    /// Every event type at its current schema version, in `EventType` order.
    public static let eventTypes: [EventTypeDescriptor] = EventType.allCases.map(describe)

    private static let eventDescriptorsByType: [EventType: EventTypeDescriptor] = Dictionary(
        uniqueKeysWithValues: eventTypes.map { ($0.type, $0) }
    )

    public static func eventDescriptor(_ type: EventType) -> EventTypeDescriptor? { eventDescriptorsByType[type] }

    public static func eventDescriptor(named name: String) -> EventTypeDescriptor? {
        EventType(rawValue: name).flatMap { eventDescriptorsByType[$0] }
    }
}

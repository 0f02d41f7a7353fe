extension Catalogue {
    /// The payload of an event written by a command: the command's fields, with those the command
    /// fills by default marked as always present, and any fields the event adds.
    private static func fields(
        of command: CommandDescriptor, alwaysPresent: Set<String> = [], adding extra: [FieldDescriptor] = []
    ) -> [FieldDescriptor] {
        command.fields.map { field in
            guard alwaysPresent.contains(field.name) else { return field }
            var copy = field
            copy.isRequired = true
            return copy
        } + extra
    }

    static func describe(_ type: EventType) -> EventTypeDescriptor {
        switch type {
        case .organisationRegistered:
            EventTypeDescriptor(
                type: type, summary: "An organisation was established (or first recorded).",
                fields: fields(
                    of: RegisterOrganisation.descriptor, alwaysPresent: ["isFoundationTrust"],
                    adding: [FieldDescriptor(
                        "sector", .choice(OrganisationKind.Sector.self.allCases.map(\.rawValue)),
                        "Commissioner or provider; follows from kind."
                    )]
                )
            )
        case .organisationSucceeded:
            EventTypeDescriptor(
                type: type, summary: "An organisation was succeeded by others on occurredAt; its history keeps its name.",
                fields: fields(of: RecordSuccession.descriptor)
            )
        case .decisionBodyEstablished:
            EventTypeDescriptor(type: type, summary: "A decision-making body was constituted.", fields: fields(of: EstablishBody.descriptor))
        case .memberAppointed:
            EventTypeDescriptor(type: type, summary: "A member joined a body on occurredAt.", fields: fields(of: AppointMember.descriptor))
        case .membershipEnded:
            EventTypeDescriptor(type: type, summary: "A member left a body; occurredAt is the last day.", fields: fields(of: EndMembership.descriptor))
        case .memberRegistered:
            EventTypeDescriptor(type: type, summary: "A person who sits on bodies, recorded by role.", fields: fields(of: RegisterMember.descriptor))
        case .interestDeclared:
            EventTypeDescriptor(type: type, summary: "A member declared an interest in an organisation.", fields: fields(of: DeclareInterest.descriptor))
        case .interestEnded:
            EventTypeDescriptor(type: type, summary: "A declared interest ended.", fields: fields(of: EndInterest.descriptor))
        case .programmeLaunched:
            EventTypeDescriptor(type: type, summary: "A commissioning programme began.", fields: fields(of: LaunchProgramme.descriptor))
        case .programmeStageEntered:
            EventTypeDescriptor(type: type, summary: "A programme entered a stage of the cycle.", fields: fields(of: EnterStage.descriptor))
        case .serviceCommenced:
            EventTypeDescriptor(type: type, summary: "A provider began operating a programme's service.", fields: fields(of: CommenceService.descriptor))
        case .consultationOpened:
            EventTypeDescriptor(type: type, summary: "A consultation opened.", fields: fields(of: OpenConsultation.descriptor))
        case .consultationResponseReceived:
            EventTypeDescriptor(
                type: type, summary: "A consultation response was received; the respondent's name is restricted.",
                fields: fields(of: RecordResponse.descriptor)
            )
        case .consultationClosed:
            EventTypeDescriptor(type: type, summary: "A consultation closed, completed or halted early.", fields: fields(of: CloseConsultation.descriptor))
        case .decisionProposed:
            EventTypeDescriptor(type: type, summary: "A proposal was put to a body.", fields: fields(of: ProposeDecision.descriptor))
        case .decisionTaken:
            EventTypeDescriptor(
                type: type, summary: "A body took a decision.",
                fields: fields(
                    of: TakeDecision.descriptor,
                    alwaysPresent: [
                        "recusals", "votes", "optionsConsidered", "evidence", "consultations", "objectives",
                        "affectedOrganisations",
                    ]
                ).map { field in
                    guard field.name == "optionsConsidered" else { return field }
                    var copy = field
                    copy.type = .list(.record(TakeDecision.optionFields.map { $0.name == "isChosen" ? alwaysRequired($0) : $0 }))
                    return copy
                }
            )
        case .decisionRevised:
            EventTypeDescriptor(
                type: type, summary: "A taken decision was revised; each field given replaces the old.",
                fields: fields(of: ReviseDecision.descriptor)
            )
        case .decisionRescinded:
            EventTypeDescriptor(type: type, summary: "A taken decision was rescinded.", fields: fields(of: RescindDecision.descriptor))
        case .allocationMade:
            EventTypeDescriptor(type: type, summary: "Money was allocated.", fields: fields(of: MakeAllocation.descriptor))
        case .allocationAdjusted:
            EventTypeDescriptor(
                type: type, summary: "An allocation's amount changed.",
                fields: fields(
                    of: AdjustAllocation.descriptor,
                    adding: [FieldDescriptor("previousAmountPence", .pence, "The amount before the change, in pence.")]
                )
            )
        case .allocationWithdrawn:
            EventTypeDescriptor(type: type, summary: "An allocation was withdrawn.", fields: fields(of: WithdrawAllocation.descriptor))
        case .contractAwarded:
            EventTypeDescriptor(type: type, summary: "A contract was agreed.", fields: fields(of: AwardContract.descriptor))
        case .contractNoticeGiven:
            EventTypeDescriptor(type: type, summary: "Notice was given on a contract.", fields: fields(of: GiveNotice.descriptor))
        case .contractVaried:
            EventTypeDescriptor(type: type, summary: "A contract was varied.", fields: fields(of: VaryContract.descriptor))
        case .contractTerminated:
            EventTypeDescriptor(type: type, summary: "A contract was terminated.", fields: fields(of: TerminateContract.descriptor))
        case .serviceDecommissioned:
            EventTypeDescriptor(type: type, summary: "A contracted service was decommissioned.", fields: fields(of: DecommissionService.descriptor))
        case .serviceReviewed:
            EventTypeDescriptor(
                type: type, summary: "A contracted service was reviewed against its objectives.",
                fields: fields(of: ReviewService.descriptor)
            )
        case .eventCorrected:
            EventTypeDescriptor(
                type: type,
                summary: "Descriptive fields of an earlier event were corrected. Personal corrected values are in restricted[\"changes\"].",
                fields: [
                    Fields.event.described("The id of the event corrected."),
                    Fields.eventType,
                    Fields.changes.described("The corrected values of its public fields, by name."),
                    Fields.reason.described("Why it was corrected."),
                    Fields.authority.described("Who authorised the correction."),
                ]
            )
        case .eventRetracted:
            EventTypeDescriptor(
                type: type, summary: "An earlier event was retracted.",
                fields: [
                    Fields.event.described("The id of the event retracted."),
                    Fields.eventType,
                    Fields.reason.described("Why it was retracted."),
                    Fields.authority.described("Who authorised the retraction."),
                ]
            )
        }
    }

    private static func alwaysRequired(_ field: FieldDescriptor) -> FieldDescriptor {
        var copy = field
        copy.isRequired = true
        return copy
    }
}

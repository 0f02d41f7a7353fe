internal import DocketJSON

/// `launch-programme`: a commissioning development, a parcel of services with a service area,
/// a geography and a trigger.
struct LaunchProgramme: CommandAction {
    static let descriptor = CommandDescriptor(
        "launch-programme",
        "Record a commissioning programme (a \"development\"): a parcel of services with a service area, a geography and a trigger. occurredAt is the day work began.",
        stream: .programme, produces: [.programmeLaunched],
        fields: [
            Fields.programme,
            Fields.commissioner.described("The commissioner leading it."),
            FieldDescriptor("title", .text, correctable: true, "Its title."),
            FieldDescriptor("serviceArea", .text, correctable: true, "The service area, e.g. \"diabetes\", \"stroke\"."),
            FieldDescriptor("geography", .text, correctable: true, "The area covered, e.g. \"Calderdale and Kirklees\"."),
            FieldDescriptor("trigger", .choice(ProgrammeTrigger.self), "What set it going."),
            FieldDescriptor("triggerNote", .text, required: false, correctable: true, "The trigger in words."),
            FieldDescriptor("description", .text, required: false, correctable: true, "What the programme is for."),
        ]
    )

    let programme: String
    let commissioner: String
    let title: String
    let serviceArea: String
    let geography: String
    let trigger: ProgrammeTrigger?
    let triggerNote: String?
    let description: String?

    init(reading fields: inout FieldReader) {
        programme = fields.slug("programme")
        commissioner = fields.slug("commissioner")
        title = fields.text("title")
        serviceArea = fields.text("serviceArea")
        geography = fields.text("geography")
        trigger = fields.term("trigger", ProgrammeTrigger.self)
        triggerNote = fields.optionalText("triggerNote")
        description = fields.optionalText("description")
    }

    var target: StreamRef { StreamRef(.programme, programme) }
    var references: [StreamRef] { [StreamRef(.organisation, commissioner)] }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        state.requireNew(state.programme(programme), programme, at: "programme", &issues)
        _ = state.organisation(commissioner, in: .commissioner, at: "commissioner", &issues)
        var data: [String: JSON] = [
            "programme": .string(programme),
            "commissioner": .string(commissioner),
            "title": .string(title),
            "serviceArea": .string(serviceArea),
            "geography": .string(geography),
            "trigger": .string((trigger ?? .other).rawValue),
        ]
        if let triggerNote { data["triggerNote"] = .string(triggerNote) }
        if let description { data["description"] = .string(description) }
        return Payload(type: .programmeLaunched, data: data)
    }
}

/// `enter-stage`: a programme enters a stage of the commissioning cycle. Stages may come in any
/// order and overlap; the ledger records what happened.
struct EnterStage: CommandAction {
    static let descriptor = CommandDescriptor(
        "enter-stage",
        "Record that a programme entered a stage of the commissioning cycle (any order; stages overlap). occurredAt is the day it began.",
        stream: .programme, produces: [.programmeStageEntered],
        fields: [
            Fields.programme,
            FieldDescriptor("stage", .choice(ProgrammeStage.self), "The stage."),
            FieldDescriptor("note", .text, required: false, correctable: true, "What the stage involves here."),
        ]
    )

    let programme: String
    let stage: ProgrammeStage?
    let note: String?

    init(reading fields: inout FieldReader) {
        programme = fields.slug("programme")
        stage = fields.term("stage", ProgrammeStage.self)
        note = fields.optionalText("note")
    }

    var target: StreamRef { StreamRef(.programme, programme) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        _ = state.existing(state.programme(programme), programme, at: "programme", &issues)
        var data: [String: JSON] = [
            "programme": .string(programme), "stage": .string((stage ?? .needsAssessment).rawValue),
        ]
        if let note { data["note"] = .string(note) }
        return Payload(type: .programmeStageEntered, data: data)
    }
}

/// `commence-service`: a provider starts delivering a programme's service. Accepted whether or not
/// a contract was agreed first; a service that ran ahead of its contract becomes a finding.
struct CommenceService: CommandAction {
    static let descriptor = CommandDescriptor(
        "commence-service",
        "Record that a provider began operating a programme's service. occurredAt is the first day of operation.",
        stream: .programme, produces: [.serviceCommenced],
        fields: [
            Fields.programme,
            Fields.provider,
            FieldDescriptor(
                "contract", .identifier(.contract), required: false,
                "The contract it operates under, if known; otherwise any contract of the programme with the provider counts."
            ),
            FieldDescriptor("service", .text, correctable: true, "The service, in words."),
            FieldDescriptor(
                "coveredBy", .identifier(.contract), required: false,
                "An existing contract that covered the service until its own contract was agreed (002: Somerset early supported discharge ran \"covered by existing contractual arrangements\"); it must be with the same provider."
            ),
        ]
    )

    let programme: String
    let provider: String
    let contract: String?
    let service: String
    let coveredBy: String?

    init(reading fields: inout FieldReader) {
        programme = fields.slug("programme")
        provider = fields.slug("provider")
        contract = fields.optionalSlug("contract")
        service = fields.text("service")
        coveredBy = fields.optionalSlug("coveredBy")
        if coveredBy != nil, contract != nil {
            fields.fail("coveredBy", "give either the contract it operates under or the existing contract that covered it, not both")
        }
    }

    var target: StreamRef { StreamRef(.programme, programme) }
    var references: [StreamRef] {
        var refs = [StreamRef(.organisation, provider)]
        if let contract { refs.append(StreamRef(.contract, contract)) }
        if let coveredBy { refs.append(StreamRef(.contract, coveredBy)) }
        return refs
    }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        _ = state.existing(state.programme(programme), programme, at: "programme", &issues)
        _ = state.organisation(provider, in: .provider, at: "provider", &issues)
        if let contract, let found = state.existing(state.contract(contract), contract, at: "contract", &issues) {
            if found.programme != programme {
                issues.add("contract", "contract '\(contract)' belongs to programme '\(found.programme)', not '\(programme)'")
            }
            if found.provider != provider {
                issues.add("contract", "contract '\(contract)' is with provider '\(found.provider)', not '\(provider)'")
            }
        }
        if let coveredBy, let found = state.existing(state.contract(coveredBy), coveredBy, at: "coveredBy", &issues),
           found.provider != provider {
            issues.add("coveredBy", "contract '\(coveredBy)' is with provider '\(found.provider)', not '\(provider)'")
        }
        var data: [String: JSON] = [
            "programme": .string(programme), "provider": .string(provider), "service": .string(service),
        ]
        if let contract { data["contract"] = .string(contract) }
        if let coveredBy { data["coveredBy"] = .string(coveredBy) }
        return Payload(type: .serviceCommenced, data: data)
    }
}

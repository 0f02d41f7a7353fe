internal import DocketJSON

/// `open-consultation`: a consultation on a programme opens. `occurredAt` is the opening day.
struct OpenConsultation: CommandAction {
    static let descriptor = CommandDescriptor(
        "open-consultation",
        "Record that a consultation opened. occurredAt is the opening day.",
        stream: .consultation, produces: [.consultationOpened],
        fields: [
            Fields.consultation,
            Fields.programme.described("The programme consulted on."),
            FieldDescriptor("title", .text, correctable: true, "Its title."),
            FieldDescriptor(
                "isStatutory", .boolean,
                "Whether it discharges a statutory duty to consult (significant change in services)."
            ),
            FieldDescriptor("audience", .text, correctable: true, "Who is consulted."),
            FieldDescriptor("plannedCloseOn", .date, "The day it is planned to close; not before it opens."),
            FieldDescriptor(
                "conductedBy", .identifier(.organisation), required: false,
                "The organisation running it, when not the programme's commissioner."
            ),
        ]
    )

    let consultation: String
    let programme: String
    let title: String
    let isStatutory: Bool
    let audience: String
    let plannedCloseOn: Day
    let conductedBy: String?

    init(reading fields: inout FieldReader) {
        consultation = fields.slug("consultation")
        programme = fields.slug("programme")
        title = fields.text("title")
        isStatutory = fields.bool("isStatutory")
        audience = fields.text("audience")
        plannedCloseOn = fields.date("plannedCloseOn")
        conductedBy = fields.optionalSlug("conductedBy")
    }

    var target: StreamRef { StreamRef(.consultation, consultation) }
    var references: [StreamRef] {
        var refs = [StreamRef(.programme, programme)]
        if let conductedBy { refs.append(StreamRef(.organisation, conductedBy)) }
        return refs
    }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        state.requireNew(state.consultation(consultation), consultation, at: "consultation", &issues)
        _ = state.existing(state.programme(programme), programme, at: "programme", &issues)
        if let conductedBy {
            _ = state.existing(state.organisation(conductedBy), conductedBy, at: "conductedBy", &issues)
        }
        if plannedCloseOn < envelope.day {
            issues.add("plannedCloseOn", "the consultation cannot close on \(plannedCloseOn), before it opens on \(envelope.day)")
        }
        var data: [String: JSON] = [
            "consultation": .string(consultation),
            "programme": .string(programme),
            "title": .string(title),
            "isStatutory": .bool(isStatutory),
            "audience": .string(audience),
            "plannedCloseOn": .string(plannedCloseOn.description),
        ]
        if let conductedBy { data["conductedBy"] = .string(conductedBy) }
        return Payload(type: .consultationOpened, data: data)
    }
}

/// `record-response`: a response to a consultation. The respondent's name is personal data and is
/// kept out of the public payload.
struct RecordResponse: CommandAction {
    static let descriptor = CommandDescriptor(
        "record-response",
        "Record a response to a consultation. occurredAt is the day it was received. A respondent's name is personal data.",
        stream: .consultation, produces: [.consultationResponseReceived],
        fields: [
            Fields.consultation,
            FieldDescriptor("respondentCategory", .choice(RespondentCategory.self), "Who responded."),
            FieldDescriptor("stance", .choice(Stance.self), "Their position on the proposal."),
            FieldDescriptor("summary", .text, correctable: true, "What they said, summarised."),
            FieldDescriptor(
                "respondentName", .text, required: false, personal: true, correctable: true,
                "The respondent's name; personal data, never in a public export."
            ),
        ]
    )

    let consultation: String
    let respondentCategory: RespondentCategory?
    let stance: Stance?
    let summary: String
    let respondentName: String?

    init(reading fields: inout FieldReader) {
        consultation = fields.slug("consultation")
        respondentCategory = fields.term("respondentCategory", RespondentCategory.self)
        stance = fields.term("stance", Stance.self)
        summary = fields.text("summary")
        respondentName = fields.optionalText("respondentName")
    }

    var target: StreamRef { StreamRef(.consultation, consultation) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        if let found = state.existing(state.consultation(consultation), consultation, at: "consultation", &issues) {
            if envelope.day < found.openedOn {
                issues.add("occurredAt", "response dated \(envelope.day), before the consultation opened on \(found.openedOn)")
            }
            if let closure = found.closure, envelope.day > closure.on {
                issues.add("occurredAt", "response dated \(envelope.day), after the consultation closed on \(closure.on)")
            }
        }
        return Payload(
            type: .consultationResponseReceived,
            data: [
                "consultation": .string(consultation),
                "respondentCategory": .string((respondentCategory ?? .publicMember).rawValue),
                "stance": .string((stance ?? .neutral).rawValue),
                "summary": .string(summary),
            ],
            restricted: respondentName.map { ["respondentName": .string($0)] }
        )
    }
}

/// `close-consultation`: a consultation closes, completed or halted early. `occurredAt` is the closing day.
struct CloseConsultation: CommandAction {
    static let descriptor = CommandDescriptor(
        "close-consultation",
        "Record that a consultation closed, completed or halted early. occurredAt is the closing day.",
        stream: .consultation, produces: [.consultationClosed],
        fields: [
            Fields.consultation,
            FieldDescriptor("closedBy", .text, correctable: true, "The role that closed it, e.g. \"CCG governing body\"."),
            FieldDescriptor("outcome", .choice(ConsultationOutcome.self), "Completed, or halted early."),
            Fields.grounds.optional.described("Why it was closed; when halted early without grounds, the ledger records it and reports a finding."),
        ]
    )

    let consultation: String
    let closedBy: String
    let outcome: ConsultationOutcome?
    let grounds: String?

    init(reading fields: inout FieldReader) {
        consultation = fields.slug("consultation")
        closedBy = fields.text("closedBy")
        outcome = fields.term("outcome", ConsultationOutcome.self)
        grounds = fields.optionalText("grounds")
    }

    var target: StreamRef { StreamRef(.consultation, consultation) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        if let found = state.existing(state.consultation(consultation), consultation, at: "consultation", &issues) {
            if let closure = found.closure {
                issues.add("consultation", "consultation '\(consultation)' was already closed on \(closure.on)")
            }
            if envelope.day < found.openedOn {
                issues.add("occurredAt", "the consultation cannot close on \(envelope.day), before it opened on \(found.openedOn)")
            }
        }
        var data: [String: JSON] = [
            "consultation": .string(consultation),
            "closedBy": .string(closedBy),
            "outcome": .string((outcome ?? .completed).rawValue),
        ]
        if let grounds { data["grounds"] = .string(grounds) }
        return Payload(type: .consultationClosed, data: data)
    }
}

/// Field descriptions shared by commands and event payloads, so both say the same thing.
enum Fields {
    static func id(_ kind: StreamKind, _ summary: String) -> FieldDescriptor {
        FieldDescriptor(kind.rawValue, .identifier(kind), summary)
    }

    static func id(_ kind: StreamKind, named name: String, _ summary: String) -> FieldDescriptor {
        FieldDescriptor(name, .identifier(kind), summary)
    }

    static let organisation = id(.organisation, "The organisation.")
    static let body = id(.body, "The decision-making body.")
    static let member = id(.member, "The member, a person recorded by role.")
    static let programme = id(.programme, "The commissioning programme.")
    static let consultation = id(.consultation, "The consultation.")
    static let decision = id(.decision, "The decision.")
    static let allocation = id(.allocation, "The allocation.")
    static let contract = id(.contract, "The contract.")
    static let commissioner = id(.organisation, named: "commissioner", "The commissioning organisation.")
    static let provider = id(.organisation, named: "provider", "The providing organisation.")

    static let role = FieldDescriptor("role", .text, correctable: true, "The role, e.g. \"GP board member\".")
    static let grounds = FieldDescriptor("grounds", .text, correctable: true, "The stated grounds.")
    static let effectiveOn = FieldDescriptor("effectiveOn", .date, "The day the change takes effect.")
    static let paymentMechanism = FieldDescriptor(
        "paymentMechanism", .choice(PaymentMechanism.self), "How the money is paid."
    )

    static let objective: [FieldDescriptor] = [
        FieldDescriptor("metric", .text, "What is measured, e.g. \"patients seen within 6 weeks of referral (%)\"."),
        FieldDescriptor("target", .number, "The value to reach."),
        FieldDescriptor("unit", .text, required: false, "The unit of the target, e.g. \"%\"."),
        FieldDescriptor("reviewBy", .date, "When progress against the target is reviewed; after the decision."),
    ]
    static let objectives = FieldDescriptor(
        "objectives", .list(.record(objective)), required: false,
        "Specific, measurable objectives (002 Table 3 #8)."
    )
    static let approvedAmount = FieldDescriptor(
        "approvedAmountPence", .pence, required: false,
        "The amount decided, in pence; allocations under the decision are checked against it."
    )

    // Corrections.
    static let stream = FieldDescriptor("stream", .text, "The stream of the event, e.g. \"decision-wirral-mas-2011\".")
    static let event = FieldDescriptor("event", .eventID, "The id of the event.")
    static let eventType = FieldDescriptor("eventType", .eventType, "The type of the event named.")
    static let changes = FieldDescriptor(
        "changes", .fieldChanges, "The corrected values of correctable fields of the event, by field name."
    )
    static let reason = FieldDescriptor("reason", .text, "Why.")
    static let authority = FieldDescriptor("authority", .text, "The role or instrument that authorised it.")
}

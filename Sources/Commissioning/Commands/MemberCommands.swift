internal import DocketJSON

/// `declare-interest`: a member declares a financial, non-financial or indirect interest in an organisation.
struct DeclareInterest: CommandAction {
    static let descriptor = CommandDescriptor(
        "declare-interest",
        "Record a member's declared interest in an organisation, for a period. occurredAt is the day it was declared.",
        stream: .member, produces: [.interestDeclared],
        fields: [
            Fields.member,
            FieldDescriptor("interest", .slug, "An id for the interest, unique for the member."),
            FieldDescriptor("kind", .choice(InterestKind.self), "Financial, non-financial or indirect."),
            Fields.organisation.described("The organisation the interest is in."),
            FieldDescriptor("description", .text, correctable: true, "What the interest is."),
            FieldDescriptor("from", .date, "First day of the interest."),
            FieldDescriptor("to", .date, required: false, "Last day of the interest, when known."),
        ]
    )

    let member: String
    let interest: String
    let kind: InterestKind?
    let organisation: String
    let description: String
    let from: Day
    let to: Day?

    init(reading fields: inout FieldReader) {
        member = fields.slug("member")
        interest = fields.slug("interest")
        kind = fields.term("kind", InterestKind.self)
        organisation = fields.slug("organisation")
        description = fields.text("description")
        from = fields.date("from")
        to = fields.optionalDate("to")
        if let to, from.isValid, to < from { fields.fail("to", "must not be before from (\(from))") }
    }

    var target: StreamRef { StreamRef(.member, member) }
    var references: [StreamRef] { [StreamRef(.organisation, organisation)] }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        if let member = state.existing(state.member(self.member), self.member, at: "member", &issues),
           member.interests[interest] != nil {
            issues.add("interest", "member '\(self.member)' has already declared interest '\(interest)'")
        }
        _ = state.existing(state.organisation(organisation), organisation, at: "organisation", &issues)
        var data: [String: JSON] = [
            "member": .string(member),
            "interest": .string(interest),
            "kind": .string((kind ?? .financial).rawValue),
            "organisation": .string(organisation),
            "description": .string(description),
            "from": .string(from.description),
        ]
        if let to { data["to"] = .string(to.description) }
        return Payload(type: .interestDeclared, data: data)
    }
}

/// `end-interest`: a declared interest ends.
struct EndInterest: CommandAction {
    static let descriptor = CommandDescriptor(
        "end-interest",
        "Record that a declared interest ended. occurredAt is the day it was reported.",
        stream: .member, produces: [.interestEnded],
        fields: [
            Fields.member,
            FieldDescriptor("interest", .slug, "The interest's id."),
            FieldDescriptor("endedOn", .date, "Last day of the interest."),
        ]
    )

    let member: String
    let interest: String
    let endedOn: Day

    init(reading fields: inout FieldReader) {
        member = fields.slug("member")
        interest = fields.slug("interest")
        endedOn = fields.date("endedOn")
    }

    var target: StreamRef { StreamRef(.member, member) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        if let member = state.existing(state.member(self.member), self.member, at: "member", &issues) {
            if let declared = member.interests[interest] {
                if let to = declared.to {
                    issues.add("interest", "interest '\(interest)' already ended on \(to)")
                } else if endedOn < declared.from {
                    issues.add("endedOn", "must not be before the interest began (\(declared.from))")
                }
            } else {
                issues.add("interest", "member '\(self.member)' has not declared interest '\(interest)'")
            }
        }
        return Payload(type: .interestEnded, data: [
            "member": .string(member), "interest": .string(interest), "endedOn": .string(endedOn.description),
        ])
    }
}

internal import DocketJSON

/// `establish-body`: a decision-making body of an organisation (a PCT board, a CCG governing body).
struct EstablishBody: CommandAction {
    static let descriptor = CommandDescriptor(
        "establish-body",
        "Record a decision-making body of an organisation. occurredAt is the day it was constituted.",
        stream: .body, produces: [.decisionBodyEstablished],
        fields: [
            Fields.body,
            Fields.organisation.described("The organisation whose body it is."),
            FieldDescriptor("name", .text, correctable: true, "Its name, e.g. \"Somerset PCT Board\"."),
            FieldDescriptor("kind", .choice(BodyKind.self), "What sort of body it is."),
        ]
    )

    let body: String
    let organisation: String
    let name: String
    let kind: BodyKind?

    init(reading fields: inout FieldReader) {
        body = fields.slug("body")
        organisation = fields.slug("organisation")
        name = fields.text("name")
        kind = fields.term("kind", BodyKind.self)
    }

    var target: StreamRef { StreamRef(.body, body) }
    var references: [StreamRef] { [StreamRef(.organisation, organisation)] }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        state.requireNew(state.body(body), body, at: "body", &issues)
        _ = state.existing(state.organisation(organisation), organisation, at: "organisation", &issues)
        return Payload(type: .decisionBodyEstablished, data: [
            "body": .string(body),
            "organisation": .string(organisation),
            "name": .string(name),
            "kind": .string((kind ?? .board).rawValue),
        ])
    }
}

/// `register-member`: a person who sits on decision bodies, recorded by role. A name is optional and personal.
struct RegisterMember: CommandAction {
    static let descriptor = CommandDescriptor(
        "register-member",
        "Record a person who sits on decision bodies, by role; a name, if given, is personal data.",
        stream: .member, produces: [.memberRegistered],
        fields: [
            Fields.member,
            Fields.role.described("Their role, e.g. \"GP board member\", \"Lay member\", \"Director of finance\"."),
            FieldDescriptor("name", .text, required: false, personal: true, correctable: true, "Their name; personal data."),
        ]
    )

    let member: String
    let role: String
    let name: String?

    init(reading fields: inout FieldReader) {
        member = fields.slug("member")
        role = fields.text("role")
        name = fields.optionalText("name")
    }

    var target: StreamRef { StreamRef(.member, member) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        state.requireNew(state.member(member), member, at: "member", &issues)
        return Payload(
            type: .memberRegistered,
            data: ["member": .string(member), "role": .string(role)],
            restricted: name.map { ["name": .string($0)] }
        )
    }
}

/// `appoint-member`: a member joins a body. `occurredAt` is the first day of membership.
struct AppointMember: CommandAction {
    static let descriptor = CommandDescriptor(
        "appoint-member",
        "Record that a member joined a decision body. occurredAt is the first day of membership.",
        stream: .body, produces: [.memberAppointed],
        fields: [Fields.body, Fields.member, Fields.role.described("Their role on the body, e.g. \"Chair\".")]
    )

    let body: String
    let member: String
    let role: String

    init(reading fields: inout FieldReader) {
        body = fields.slug("body")
        member = fields.slug("member")
        role = fields.text("role")
    }

    var target: StreamRef { StreamRef(.body, body) }
    var references: [StreamRef] { [StreamRef(.member, member)] }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        if let body = state.existing(state.body(self.body), self.body, at: "body", &issues),
           let open = body.openPeriod(of: member) {
            issues.add("member", "member '\(member)' already serves on '\(self.body)' (since \(open.from))")
        }
        _ = state.existing(state.member(member), member, at: "member", &issues)
        return Payload(type: .memberAppointed, data: [
            "body": .string(body), "member": .string(member), "role": .string(role),
        ])
    }
}

/// `end-membership`: a member leaves a body. `occurredAt` is the last day of membership.
struct EndMembership: CommandAction {
    static let descriptor = CommandDescriptor(
        "end-membership",
        "Record that a member left a decision body. occurredAt is the last day of membership.",
        stream: .body, produces: [.membershipEnded],
        fields: [Fields.body, Fields.member]
    )

    let body: String
    let member: String

    init(reading fields: inout FieldReader) {
        body = fields.slug("body")
        member = fields.slug("member")
    }

    var target: StreamRef { StreamRef(.body, body) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        if let body = state.existing(state.body(self.body), self.body, at: "body", &issues) {
            if let open = body.openPeriod(of: member) {
                if envelope.day < open.from {
                    issues.add("occurredAt", "membership cannot end on \(envelope.day), before it began on \(open.from)")
                }
            } else {
                issues.add("member", "member '\(member)' does not serve on '\(self.body)'")
            }
        }
        return Payload(type: .membershipEnded, data: ["body": .string(body), "member": .string(member)])
    }
}

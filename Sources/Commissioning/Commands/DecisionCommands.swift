internal import DocketJSON

/// `propose-decision`: a proposal is put to a decision body.
struct ProposeDecision: CommandAction {
    static let descriptor = CommandDescriptor(
        "propose-decision",
        "Record a proposal put to a decision body. occurredAt is the day it was tabled.",
        stream: .decision, produces: [.decisionProposed],
        fields: [
            Fields.decision,
            Fields.programme.described("The programme it concerns."),
            Fields.body.described("The body asked to decide."),
            FieldDescriptor("title", .text, correctable: true, "A short title."),
            FieldDescriptor("proposal", .text, correctable: true, "What is proposed."),
            FieldDescriptor("proposedAmountPence", .pence, required: false, "The money asked for, in pence."),
        ]
    )

    let decision: String
    let programme: String
    let body: String
    let title: String
    let proposal: String
    let proposedAmount: Int64?

    init(reading fields: inout FieldReader) {
        decision = fields.slug("decision")
        programme = fields.slug("programme")
        body = fields.slug("body")
        title = fields.text("title")
        proposal = fields.text("proposal")
        proposedAmount = fields.optionalPence("proposedAmountPence", positive: false)
    }

    var target: StreamRef { StreamRef(.decision, decision) }
    var references: [StreamRef] { [StreamRef(.programme, programme), StreamRef(.body, body)] }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        state.requireNew(state.decision(decision), decision, at: "decision", &issues)
        _ = state.existing(state.programme(programme), programme, at: "programme", &issues)
        _ = state.existing(state.body(body), body, at: "body", &issues)
        var data: [String: JSON] = [
            "decision": .string(decision), "programme": .string(programme), "body": .string(body),
            "title": .string(title), "proposal": .string(proposal),
        ]
        if let proposedAmount { data["proposedAmountPence"] = JSON(proposedAmount) }
        return Payload(type: .decisionProposed, data: data)
    }
}

/// `take-decision`: a body decides. Everything an auditor asks afterwards is here: who was present,
/// who recused, the votes, the options, the rationale, the evidence and consultations relied on,
/// and the measurable objectives.
struct TakeDecision: CommandAction {
    static let voteFields: [FieldDescriptor] = [
        Fields.member.described("Who voted; must be among membersPresent and not have recused."),
        FieldDescriptor("vote", .choice(Vote.self), "For, against or abstain."),
    ]
    static let optionFields: [FieldDescriptor] = [
        FieldDescriptor("option", .text, correctable: true, "The option."),
        FieldDescriptor("isChosen", .boolean, required: false, "Whether the body chose it (default false)."),
    ]

    static let descriptor = CommandDescriptor(
        "take-decision",
        "Record a decision taken by a body. occurredAt is the day of the meeting. The decision may have been proposed first or not.",
        stream: .decision, produces: [.decisionTaken],
        fields: [
            Fields.decision,
            Fields.programme.described("The programme it concerns (as proposed, if it was)."),
            Fields.body.described("The body that decided (as proposed, if it was)."),
            FieldDescriptor("title", .text, correctable: true, "A short title."),
            FieldDescriptor("outcome", .choice(DecisionOutcome.self), "What the body resolved."),
            FieldDescriptor(
                "serviceChange", .choice(ServiceChange.self),
                "What it does to services; new and recommissioned services need measurable objectives."
            ),
            FieldDescriptor(
                "membersPresent", .list(.identifier(.member)),
                "Members present; each must serve on the body on the day."
            ),
            FieldDescriptor(
                "recusals", .list(.identifier(.member)), required: false,
                "Members present who withdrew from the decision."
            ),
            FieldDescriptor("votes", .list(.record(voteFields)), required: false, "Recorded votes."),
            FieldDescriptor("optionsConsidered", .list(.record(optionFields)), required: false, "Options considered."),
            FieldDescriptor("rationale", .text, correctable: true, "Why the body decided as it did."),
            FieldDescriptor(
                "evidence", .list(.text), required: false, correctable: true,
                "Evidence relied on (documents, benchmarks, NICE guidance)."
            ),
            FieldDescriptor(
                "consultations", .list(.identifier(.consultation)), required: false,
                "Consultations relied on; each must have opened by the day of the decision."
            ),
            Fields.objectives,
            FieldDescriptor(
                "affectedOrganisations", .list(.identifier(.organisation)), required: false,
                "Organisations the decision affects (providers gaining or losing work); used to detect conflicts of interest."
            ),
            Fields.approvedAmount.described("The amount decided, in pence; only for an approved decision."),
            FieldDescriptor("financialYear", .financialYear, required: false, "The financial year the amount is for; without one, the amount is the total decided."),
            FieldDescriptor(
                "isSignificantChange", .boolean, required: false,
                "Whether it is a significant change in services, which carries a statutory duty to consult (004 §4.6); default false."
            ),
            FieldDescriptor(
                "unmetObjectivesRationale", .text, required: false, correctable: true,
                "Why a service continues although its last review found objectives unmet."
            ),
        ]
    )

    struct CastVote: Sendable {
        let member: String
        let vote: Vote?
    }

    struct Option: Sendable {
        let option: String
        let isChosen: Bool
    }

    let decision: String
    let programme: String
    let body: String
    let title: String
    let outcome: DecisionOutcome?
    let serviceChange: ServiceChange?
    let membersPresent: [String]
    let recusals: [String]
    let votes: [CastVote]
    let options: [Option]
    let rationale: String
    let evidence: [String]
    let consultations: [String]
    let objectives: [Objective]
    let affectedOrganisations: [String]
    let approvedAmount: Int64?
    let financialYear: FinancialYear?
    let isSignificantChange: Bool
    let unmetObjectivesRationale: String?

    init(reading fields: inout FieldReader) {
        decision = fields.slug("decision")
        programme = fields.slug("programme")
        body = fields.slug("body")
        title = fields.text("title")
        outcome = fields.term("outcome", DecisionOutcome.self)
        serviceChange = fields.term("serviceChange", ServiceChange.self)
        membersPresent = fields.slugList("membersPresent", required: true)
        recusals = fields.slugList("recusals")
        votes = fields.records("votes", fields: TakeDecision.voteFields) { vote in
            CastVote(member: vote.slug("member"), vote: vote.term("vote", Vote.self))
        }
        options = fields.records("optionsConsidered", fields: TakeDecision.optionFields) { option in
            Option(option: option.text("option"), isChosen: option.optionalBool("isChosen") ?? false)
        }
        rationale = fields.text("rationale")
        evidence = fields.textList("evidence")
        consultations = fields.slugList("consultations")
        objectives = fields.records("objectives", fields: Fields.objective) { Objective(reading: &$0) }
        affectedOrganisations = fields.slugList("affectedOrganisations")
        approvedAmount = fields.optionalPence("approvedAmountPence", positive: false)
        financialYear = fields.optionalFinancialYear("financialYear")
        isSignificantChange = fields.optionalBool("isSignificantChange") ?? false
        unmetObjectivesRationale = fields.optionalText("unmetObjectivesRationale")

        for (index, member) in recusals.enumerated() where !membersPresent.contains(member) {
            fields.fail("recusals[\(index)]", "'\(member)' is not listed in membersPresent")
        }
        var voted: Set<String> = []
        for (index, vote) in votes.enumerated() where !vote.member.isEmpty {
            let field = "votes[\(index)].member"
            if !membersPresent.contains(vote.member) {
                fields.fail(field, "'\(vote.member)' is not listed in membersPresent")
            } else if recusals.contains(vote.member) {
                fields.fail(field, "'\(vote.member)' recused and cannot vote")
            }
            if !voted.insert(vote.member).inserted {
                fields.fail(field, "'\(vote.member)' has already voted")
            }
        }
        if approvedAmount != nil, let outcome, outcome != .approved {
            fields.fail("approvedAmountPence", "only an approved decision has an approved amount; the outcome is \(outcome.rawValue)")
        }
    }

    var target: StreamRef { StreamRef(.decision, decision) }
    var references: [StreamRef] {
        var refs = [StreamRef(.programme, programme), StreamRef(.body, body)]
        refs.reserveCapacity(2 + consultations.count + affectedOrganisations.count)
        for consultation in consultations { refs.append(StreamRef(.consultation, consultation)) }
        for organisation in affectedOrganisations { refs.append(StreamRef(.organisation, organisation)) }
        return refs
    }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        let day = envelope.day
        if let existing = state.decision(decision) {
            if let taken = existing.taken {
                issues.add("decision", "decision '\(decision)' was already taken on \(taken.on)")
            } else if let proposal = existing.proposal {
                if existing.programme != programme {
                    issues.add("programme", "decision '\(decision)' was proposed for programme '\(existing.programme)'")
                }
                if existing.body != body {
                    issues.add("body", "decision '\(decision)' was proposed to body '\(existing.body)'")
                }
                if day < proposal.on {
                    issues.add("occurredAt", "taken on \(day), before it was proposed on \(proposal.on)")
                }
            } else {
                issues.add("decision", "decision '\(decision)' was recorded and retracted; choose another id")
            }
        }
        _ = state.existing(state.programme(programme), programme, at: "programme", &issues)
        if let found = state.existing(state.body(body), body, at: "body", &issues) {
            for (index, member) in membersPresent.enumerated() where !found.isServing(member, on: day) {
                issues.add("membersPresent[\(index)]", "'\(member)' is not a member of body '\(body)' on \(day)")
            }
        }
        for (index, consultation) in consultations.enumerated() {
            let field = "consultations[\(index)]"
            guard let found = state.existing(state.consultation(consultation), consultation, at: field, &issues) else { continue }
            if found.openedOn > day {
                issues.add(field, "consultation '\(consultation)' only opened on \(found.openedOn), after the decision on \(day)")
            }
        }
        for (index, organisation) in affectedOrganisations.enumerated() {
            _ = state.existing(state.organisation(organisation), organisation, at: "affectedOrganisations[\(index)]", &issues)
        }
        Objective.checkReviewDates(objectives, after: day, &issues)

        var data: [String: JSON] = [
            "decision": .string(decision),
            "programme": .string(programme),
            "body": .string(body),
            "title": .string(title),
            "outcome": .string((outcome ?? .approved).rawValue),
            "serviceChange": .string((serviceChange ?? .none).rawValue),
            "membersPresent": .array(membersPresent.map(JSON.string)),
            "recusals": .array(recusals.map(JSON.string)),
            "votes": .array(votes.map { .object(["member": .string($0.member), "vote": .string(($0.vote ?? .abstain).rawValue)]) }),
            "optionsConsidered": .array(options.map { .object(["option": .string($0.option), "isChosen": .bool($0.isChosen)]) }),
            "rationale": .string(rationale),
            "evidence": .array(evidence.map(JSON.string)),
            "consultations": .array(consultations.map(JSON.string)),
            "objectives": .array(objectives.map(\.json)),
            "affectedOrganisations": .array(affectedOrganisations.map(JSON.string)),
        ]
        if let approvedAmount { data["approvedAmountPence"] = JSON(approvedAmount) }
        if let financialYear { data["financialYear"] = .string(financialYear.description) }
        if isSignificantChange { data["isSignificantChange"] = .bool(true) }
        if let unmetObjectivesRationale { data["unmetObjectivesRationale"] = .string(unmetObjectivesRationale) }
        return Payload(type: .decisionTaken, data: data)
    }
}

/// `revise-decision`: a taken decision is revised (its rationale, objectives or approved amount).
struct ReviseDecision: CommandAction {
    static let descriptor = CommandDescriptor(
        "revise-decision",
        "Record a revision of a taken decision: new rationale, objectives or approved amount (each replaces the old). occurredAt is the day of the revision.",
        stream: .decision, produces: [.decisionRevised],
        fields: [
            Fields.decision,
            Fields.grounds.described("Why it was revised."),
            FieldDescriptor("rationale", .text, required: false, correctable: true, "The new rationale."),
            Fields.objectives.described("The new objectives, replacing the old list."),
            Fields.approvedAmount.described("The new approved amount, in pence."),
        ]
    )

    let decision: String
    let grounds: String
    let rationale: String?
    let objectives: [Objective]?
    let approvedAmount: Int64?

    init(reading fields: inout FieldReader) {
        decision = fields.slug("decision")
        grounds = fields.text("grounds")
        rationale = fields.optionalText("rationale")
        let hasObjectives = fields.has("objectives")
        let objectives = fields.records("objectives", fields: Fields.objective) { Objective(reading: &$0) }
        self.objectives = hasObjectives ? objectives : nil
        approvedAmount = fields.optionalPence("approvedAmountPence", positive: false)
        if rationale == nil, !hasObjectives, approvedAmount == nil, fields.issues.isEmpty {
            fields.fail("", "nothing to revise: give rationale, objectives or approvedAmountPence")
        }
    }

    var target: StreamRef { StreamRef(.decision, decision) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        if let found = state.takenDecision(decision, at: "decision", &issues), let taken = found.taken {
            if let rescission = found.rescission {
                issues.add("decision", "decision '\(decision)' was rescinded on \(rescission.on)")
            }
            if envelope.day < taken.on {
                issues.add("occurredAt", "revised on \(envelope.day), before the decision was taken on \(taken.on)")
            }
            if approvedAmount != nil, taken.outcome != .approved {
                issues.add("approvedAmountPence", "only an approved decision has an approved amount; the outcome was \(taken.outcome.rawValue)")
            }
        }
        if let objectives { Objective.checkReviewDates(objectives, after: envelope.day, &issues) }
        var data: [String: JSON] = ["decision": .string(decision), "grounds": .string(grounds)]
        if let rationale { data["rationale"] = .string(rationale) }
        if let objectives { data["objectives"] = .array(objectives.map(\.json)) }
        if let approvedAmount { data["approvedAmountPence"] = JSON(approvedAmount) }
        return Payload(type: .decisionRevised, data: data)
    }
}

/// `rescind-decision`: a taken decision is rescinded.
struct RescindDecision: CommandAction {
    static let descriptor = CommandDescriptor(
        "rescind-decision",
        "Record that a taken decision was rescinded. occurredAt is the day of rescission.",
        stream: .decision, produces: [.decisionRescinded],
        fields: [Fields.decision, Fields.grounds.described("Why it was rescinded.")]
    )

    let decision: String
    let grounds: String

    init(reading fields: inout FieldReader) {
        decision = fields.slug("decision")
        grounds = fields.text("grounds")
    }

    var target: StreamRef { StreamRef(.decision, decision) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        if let found = state.takenDecision(decision, at: "decision", &issues), let taken = found.taken {
            if let rescission = found.rescission {
                issues.add("decision", "decision '\(decision)' was already rescinded on \(rescission.on)")
            }
            if envelope.day < taken.on {
                issues.add("occurredAt", "rescinded on \(envelope.day), before the decision was taken on \(taken.on)")
            }
        }
        return Payload(type: .decisionRescinded, data: ["decision": .string(decision), "grounds": .string(grounds)])
    }
}

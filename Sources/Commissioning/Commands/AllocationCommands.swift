internal import DocketJSON

/// `make-allocation`: money is allocated from a payer to a payee, a programme, or both.
struct MakeAllocation: CommandAction {
    static let descriptor = CommandDescriptor(
        "make-allocation",
        "Record an allocation of money from a commissioner to a payee and/or a programme, for a financial year. occurredAt is the day it was made.",
        stream: .allocation, produces: [.allocationMade],
        fields: [
            Fields.allocation,
            Fields.id(.organisation, named: "payer", "The commissioner paying."),
            Fields.id(.organisation, named: "payee", "The organisation paid.").optional,
            Fields.programme.optional.described("The programme funded."),
            Fields.decision.optional.described("The decision it is made under; the decision must have been taken."),
            FieldDescriptor("amountPence", .pence, "The amount, in pence; more than 0."),
            FieldDescriptor("financialYear", .financialYear, "The financial year, e.g. 2011/12."),
            FieldDescriptor("controlType", .choice(BudgetControl.self), "How firmly the money is held."),
            Fields.paymentMechanism,
            FieldDescriptor("purpose", .text, required: false, correctable: true, "What the money is for."),
        ]
    )

    let allocation: String
    let payer: String
    let payee: String?
    let programme: String?
    let decision: String?
    let amount: Int64
    let financialYear: FinancialYear
    let controlType: BudgetControl?
    let paymentMechanism: PaymentMechanism?
    let purpose: String?

    init(reading fields: inout FieldReader) {
        allocation = fields.slug("allocation")
        payer = fields.slug("payer")
        payee = fields.optionalSlug("payee")
        programme = fields.optionalSlug("programme")
        decision = fields.optionalSlug("decision")
        amount = fields.pence("amountPence", positive: true)
        financialYear = fields.financialYear("financialYear")
        controlType = fields.term("controlType", BudgetControl.self)
        paymentMechanism = fields.term("paymentMechanism", PaymentMechanism.self)
        purpose = fields.optionalText("purpose")
        if payee == nil, programme == nil, !fields.has("payee"), !fields.has("programme") {
            fields.fail("payee", "give a payee, a programme, or both")
        }
    }

    var target: StreamRef { StreamRef(.allocation, allocation) }
    var references: [StreamRef] {
        var refs = [StreamRef(.organisation, payer)]
        if let payee { refs.append(StreamRef(.organisation, payee)) }
        if let programme { refs.append(StreamRef(.programme, programme)) }
        if let decision { refs.append(StreamRef(.decision, decision)) }
        return refs
    }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        state.requireNew(state.allocation(allocation), allocation, at: "allocation", &issues)
        _ = state.organisation(payer, in: .commissioner, at: "payer", &issues)
        if let payee { _ = state.existing(state.organisation(payee), payee, at: "payee", &issues) }
        if let programme { _ = state.existing(state.programme(programme), programme, at: "programme", &issues) }
        if let decision { _ = state.takenDecision(decision, at: "decision", &issues) }
        var data: [String: JSON] = [
            "allocation": .string(allocation),
            "payer": .string(payer),
            "amountPence": JSON(amount),
            "financialYear": .string(financialYear.description),
            "controlType": .string((controlType ?? .real).rawValue),
            "paymentMechanism": .string((paymentMechanism ?? .blockContract).rawValue),
        ]
        if let payee { data["payee"] = .string(payee) }
        if let programme { data["programme"] = .string(programme) }
        if let decision { data["decision"] = .string(decision) }
        if let purpose { data["purpose"] = .string(purpose) }
        return Payload(type: .allocationMade, data: data)
    }
}

/// `adjust-allocation`: an allocation's amount changes; the event carries the old and new amounts.
struct AdjustAllocation: CommandAction {
    static let descriptor = CommandDescriptor(
        "adjust-allocation",
        "Record a change to an allocation's amount. occurredAt is the day of the change.",
        stream: .allocation, produces: [.allocationAdjusted],
        fields: [
            Fields.allocation,
            FieldDescriptor("amountPence", .pence, "The new amount, in pence; more than 0."),
            Fields.grounds.optional.described("Why it changed."),
        ]
    )

    let allocation: String
    let amount: Int64
    let grounds: String?

    init(reading fields: inout FieldReader) {
        allocation = fields.slug("allocation")
        amount = fields.pence("amountPence", positive: true)
        grounds = fields.optionalText("grounds")
    }

    var target: StreamRef { StreamRef(.allocation, allocation) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        var previous: Int64 = 0
        if let found = state.existing(state.allocation(allocation), allocation, at: "allocation", &issues) {
            previous = found.currentAmount
            if let withdrawal = found.withdrawal {
                issues.add("allocation", "allocation '\(allocation)' was withdrawn on \(withdrawal.on)")
            }
            if envelope.day < found.madeOn {
                issues.add("occurredAt", "adjusted on \(envelope.day), before the allocation was made on \(found.madeOn)")
            }
            if amount == found.currentAmount {
                issues.add("amountPence", "the allocation is already \(Pence.format(amount))")
            }
        }
        var data: [String: JSON] = [
            "allocation": .string(allocation), "amountPence": JSON(amount), "previousAmountPence": JSON(previous),
        ]
        if let grounds { data["grounds"] = .string(grounds) }
        return Payload(type: .allocationAdjusted, data: data)
    }
}

/// `withdraw-allocation`: an allocation is withdrawn.
struct WithdrawAllocation: CommandAction {
    static let descriptor = CommandDescriptor(
        "withdraw-allocation",
        "Record that an allocation was withdrawn. occurredAt is the day of withdrawal.",
        stream: .allocation, produces: [.allocationWithdrawn],
        fields: [Fields.allocation, Fields.grounds.optional.described("Why it was withdrawn.")]
    )

    let allocation: String
    let grounds: String?

    init(reading fields: inout FieldReader) {
        allocation = fields.slug("allocation")
        grounds = fields.optionalText("grounds")
    }

    var target: StreamRef { StreamRef(.allocation, allocation) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        if let found = state.existing(state.allocation(allocation), allocation, at: "allocation", &issues) {
            if let withdrawal = found.withdrawal {
                issues.add("allocation", "allocation '\(allocation)' was already withdrawn on \(withdrawal.on)")
            }
            if envelope.day < found.madeOn {
                issues.add("occurredAt", "withdrawn on \(envelope.day), before the allocation was made on \(found.madeOn)")
            }
        }
        var data: [String: JSON] = ["allocation": .string(allocation)]
        if let grounds { data["grounds"] = .string(grounds) }
        return Payload(type: .allocationWithdrawn, data: data)
    }
}

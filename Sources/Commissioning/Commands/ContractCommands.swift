internal import DocketJSON

/// `award-contract`: a contract is agreed with a provider for a programme's service.
struct AwardContract: CommandAction {
    static let descriptor = CommandDescriptor(
        "award-contract",
        "Record a contract agreed with a provider. occurredAt is the day it was agreed (signed).",
        stream: .contract, produces: [.contractAwarded],
        fields: [
            Fields.contract,
            Fields.programme.described("The programme whose service it buys."),
            Fields.commissioner,
            Fields.provider,
            Fields.decision.optional.described("The decision that authorised it; must have been taken."),
            FieldDescriptor("route", .choice(ProcurementRoute.self), "The procurement route."),
            FieldDescriptor("startOn", .date, "First day of the contract."),
            FieldDescriptor("endOn", .date, "Last day of the contract; after startOn."),
            FieldDescriptor("valuePence", .pence, "Total value, in pence; more than 0."),
            Fields.paymentMechanism,
            FieldDescriptor("service", .text, correctable: true, "The service bought, in words."),
        ]
    )

    let contract: String
    let programme: String
    let commissioner: String
    let provider: String
    let decision: String?
    let route: ProcurementRoute?
    let startOn: Day
    let endOn: Day
    let value: Int64
    let paymentMechanism: PaymentMechanism?
    let service: String

    init(reading fields: inout FieldReader) {
        contract = fields.slug("contract")
        programme = fields.slug("programme")
        commissioner = fields.slug("commissioner")
        provider = fields.slug("provider")
        decision = fields.optionalSlug("decision")
        route = fields.term("route", ProcurementRoute.self)
        startOn = fields.date("startOn")
        endOn = fields.date("endOn")
        value = fields.pence("valuePence", positive: true)
        paymentMechanism = fields.term("paymentMechanism", PaymentMechanism.self)
        service = fields.text("service")
        if startOn.isValid, endOn.isValid, endOn <= startOn {
            fields.fail("endOn", "must be after startOn (\(startOn)), found \(endOn)")
        }
    }

    var target: StreamRef { StreamRef(.contract, contract) }
    var references: [StreamRef] {
        var refs = [
            StreamRef(.programme, programme), StreamRef(.organisation, commissioner), StreamRef(.organisation, provider),
        ]
        if let decision { refs.append(StreamRef(.decision, decision)) }
        return refs
    }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        state.requireNew(state.contract(contract), contract, at: "contract", &issues)
        _ = state.existing(state.programme(programme), programme, at: "programme", &issues)
        _ = state.organisation(commissioner, in: .commissioner, at: "commissioner", &issues)
        _ = state.organisation(provider, in: .provider, at: "provider", &issues)
        if let decision { _ = state.takenDecision(decision, at: "decision", &issues) }
        var data: [String: JSON] = [
            "contract": .string(contract),
            "programme": .string(programme),
            "commissioner": .string(commissioner),
            "provider": .string(provider),
            "route": .string((route ?? .directAward).rawValue),
            "startOn": .string(startOn.description),
            "endOn": .string(endOn.description),
            "valuePence": JSON(value),
            "paymentMechanism": .string((paymentMechanism ?? .blockContract).rawValue),
            "service": .string(service),
        ]
        if let decision { data["decision"] = .string(decision) }
        return Payload(type: .contractAwarded, data: data)
    }
}

extension ContractState {
    /// Records an issue when the contract has already been terminated or its service decommissioned.
    func checkNotEnded(_ slug: String, _ issues: inout [CommandError.Issue]) {
        guard let ending = ending else { return }
        let what = ending.type == .contractTerminated ? "terminated" : "decommissioned"
        issues.add("contract", "contract '\(slug)' was already \(what) (effective \(ending.on))")
    }
}

/// `give-notice`: notice of a variation, termination or decommissioning is given on a contract.
/// Six months' notice is expected (004 §4.4); shorter notice is accepted and becomes a finding.
struct GiveNotice: CommandAction {
    static let descriptor = CommandDescriptor(
        "give-notice",
        "Record notice given on a contract of a variation, termination or decommissioning. occurredAt is the day notice was given.",
        stream: .contract, produces: [.contractNoticeGiven],
        fields: [
            Fields.contract,
            FieldDescriptor("intent", .choice(NoticeIntent.self), "What the notice announces."),
            Fields.effectiveOn.described("The day the announced change is to take effect; not before notice is given."),
            FieldDescriptor("terms", .text, required: false, correctable: true, "What the notice says."),
        ]
    )

    let contract: String
    let intent: NoticeIntent?
    let effectiveOn: Day
    let terms: String?

    init(reading fields: inout FieldReader) {
        contract = fields.slug("contract")
        intent = fields.term("intent", NoticeIntent.self)
        effectiveOn = fields.date("effectiveOn")
        terms = fields.optionalText("terms")
    }

    var target: StreamRef { StreamRef(.contract, contract) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        state.existing(state.contract(contract), contract, at: "contract", &issues)?.checkNotEnded(contract, &issues)
        if effectiveOn < envelope.day {
            issues.add("effectiveOn", "notice given on \(envelope.day) cannot take effect earlier, on \(effectiveOn)")
        }
        var data: [String: JSON] = [
            "contract": .string(contract),
            "intent": .string((intent ?? .variation).rawValue),
            "effectiveOn": .string(effectiveOn.description),
        ]
        if let terms { data["terms"] = .string(terms) }
        return Payload(type: .contractNoticeGiven, data: data)
    }
}

/// `vary-contract`: a contract is changed.
struct VaryContract: CommandAction {
    static let descriptor = CommandDescriptor(
        "vary-contract",
        "Record a variation of a contract. occurredAt is the day it was agreed; effectiveOn the day it takes effect.",
        stream: .contract, produces: [.contractVaried],
        fields: [
            Fields.contract,
            Fields.effectiveOn,
            FieldDescriptor("description", .text, correctable: true, "What changed."),
            FieldDescriptor("endOn", .date, required: false, "The new last day, if it changed; after the start."),
            FieldDescriptor("valuePence", .pence, required: false, "The new total value, if it changed; more than 0."),
        ]
    )

    let contract: String
    let effectiveOn: Day
    let description: String
    let endOn: Day?
    let value: Int64?

    init(reading fields: inout FieldReader) {
        contract = fields.slug("contract")
        effectiveOn = fields.date("effectiveOn")
        description = fields.text("description")
        endOn = fields.optionalDate("endOn")
        value = fields.optionalPence("valuePence", positive: true)
    }

    var target: StreamRef { StreamRef(.contract, contract) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        if let found = state.existing(state.contract(contract), contract, at: "contract", &issues) {
            found.checkNotEnded(contract, &issues)
            if let endOn, endOn <= found.startOn {
                issues.add("endOn", "must be after the contract's start (\(found.startOn)), found \(endOn)")
            }
        }
        var data: [String: JSON] = [
            "contract": .string(contract),
            "effectiveOn": .string(effectiveOn.description),
            "description": .string(description),
        ]
        if let endOn { data["endOn"] = .string(endOn.description) }
        if let value { data["valuePence"] = JSON(value) }
        return Payload(type: .contractVaried, data: data)
    }
}

/// What `terminate-contract` and `decommission-service` share: the contract ends on a day, on grounds.
struct EndContract: Sendable {
    let contract: String
    let effectiveOn: Day
    let grounds: String

    init(reading fields: inout FieldReader) {
        contract = fields.slug("contract")
        effectiveOn = fields.date("effectiveOn")
        grounds = fields.text("grounds")
    }

    var target: StreamRef { StreamRef(.contract, contract) }

    func payload(_ type: EventType, in state: CommissioningState, _ issues: inout [CommandError.Issue]) -> Payload {
        state.existing(state.contract(contract), contract, at: "contract", &issues)?.checkNotEnded(contract, &issues)
        return Payload(type: type, data: [
            "contract": .string(contract), "effectiveOn": .string(effectiveOn.description), "grounds": .string(grounds),
        ])
    }
}

/// `terminate-contract`: a contract is ended before (or at) its term.
struct TerminateContract: CommandAction {
    static let descriptor = CommandDescriptor(
        "terminate-contract",
        "Record that a contract was terminated. occurredAt is the day of the decision to terminate; effectiveOn the last day.",
        stream: .contract, produces: [.contractTerminated],
        fields: [Fields.contract, Fields.effectiveOn, Fields.grounds.described("Why it was terminated.")]
    )

    let end: EndContract

    init(reading fields: inout FieldReader) { end = EndContract(reading: &fields) }

    var target: StreamRef { end.target }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        end.payload(.contractTerminated, in: state, &issues)
    }
}

/// `decommission-service`: the service bought under a contract is decommissioned.
struct DecommissionService: CommandAction {
    static let descriptor = CommandDescriptor(
        "decommission-service",
        "Record that the service under a contract was decommissioned. occurredAt is the day of the decision; effectiveOn the day the service stops.",
        stream: .contract, produces: [.serviceDecommissioned],
        fields: [
            Fields.contract, Fields.effectiveOn, Fields.grounds.described("Why it was decommissioned."),
            Fields.decision.optional.described("The decision to decommission, when one was taken; it must have been taken."),
        ]
    )

    let end: EndContract
    let decision: String?

    init(reading fields: inout FieldReader) {
        end = EndContract(reading: &fields)
        decision = fields.optionalSlug("decision")
    }

    var target: StreamRef { end.target }
    var references: [StreamRef] { decision.map { [StreamRef(.decision, $0)] } ?? [] }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        var payload = end.payload(.serviceDecommissioned, in: state, &issues)
        if let decision {
            if let found = state.existing(state.decision(decision), decision, at: "decision", &issues), found.taken == nil {
                issues.add("decision", "decision '\(decision)' was proposed but not taken")
            }
            payload.data["decision"] = .string(decision)
        }
        return payload
    }
}

/// `review-service`: activity, finance and quality of a contracted service are reviewed against its objectives.
struct ReviewService: CommandAction {
    static let resultFields: [FieldDescriptor] = [
        FieldDescriptor("metric", .text, "The objective's metric."),
        FieldDescriptor("actual", .number, "The value achieved."),
        FieldDescriptor("target", .number, required: false, "The target it was measured against."),
        FieldDescriptor("isMet", .boolean, "Whether the objective was met."),
    ]

    static let descriptor = CommandDescriptor(
        "review-service",
        "Record a review of a contracted service: activity, finance and quality against its objectives. occurredAt is the day of the review.",
        stream: .contract, produces: [.serviceReviewed],
        fields: [
            Fields.contract,
            FieldDescriptor("periodFrom", .date, "First day of the period reviewed."),
            FieldDescriptor("periodTo", .date, "Last day of the period reviewed; not before periodFrom."),
            FieldDescriptor("activity", .text, correctable: true, "Activity in the period."),
            FieldDescriptor("spendPence", .pence, required: false, "Money spent in the period, in pence."),
            FieldDescriptor("quality", .text, correctable: true, "Quality of the service in the period."),
            FieldDescriptor("results", .list(.record(resultFields)), required: false, "Results against the objectives."),
            FieldDescriptor("conclusion", .text, required: false, correctable: true, "What the review concluded."),
        ]
    )

    struct Result: Sendable {
        let metric: String
        let actual: Double
        let target: Double?
        let isMet: Bool
    }

    let contract: String
    let periodFrom: Day
    let periodTo: Day
    let activity: String
    let spend: Int64?
    let quality: String
    let results: [Result]
    let conclusion: String?

    init(reading fields: inout FieldReader) {
        contract = fields.slug("contract")
        periodFrom = fields.date("periodFrom")
        periodTo = fields.date("periodTo")
        activity = fields.text("activity")
        spend = fields.optionalPence("spendPence", positive: false)
        quality = fields.text("quality")
        results = fields.records("results", fields: ReviewService.resultFields) { result in
            Result(
                metric: result.text("metric"), actual: result.number("actual"),
                target: result.optionalNumber("target"), isMet: result.bool("isMet")
            )
        }
        conclusion = fields.optionalText("conclusion")
        if periodFrom.isValid, periodTo.isValid, periodTo < periodFrom {
            fields.fail("periodTo", "must not be before periodFrom (\(periodFrom)), found \(periodTo)")
        }
    }

    var target: StreamRef { StreamRef(.contract, contract) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        _ = state.existing(state.contract(contract), contract, at: "contract", &issues)
        var data: [String: JSON] = [
            "contract": .string(contract),
            "periodFrom": .string(periodFrom.description),
            "periodTo": .string(periodTo.description),
            "activity": .string(activity),
            "quality": .string(quality),
            "results": .array(results.map { result in
                var object: [String: JSON] = [
                    "metric": .string(result.metric), "actual": .number(result.actual), "isMet": .bool(result.isMet),
                ]
                if let target = result.target { object["target"] = .number(target) }
                return .object(object)
            }),
        ]
        if let spend { data["spendPence"] = JSON(spend) }
        if let conclusion { data["conclusion"] = .string(conclusion) }
        return Payload(type: .serviceReviewed, data: data)
    }
}

internal import DocketJSON

/// One commissioning programme's commands, from launch to reviews, in an order that replays cleanly.
extension SyntheticLedger {
    static let serviceAreas = [
        "diabetes", "dementia", "stroke", "mental health", "musculoskeletal", "maternity", "urgent care", "cancer",
        "respiratory", "children's services", "end of life care", "learning disabilities", "community nursing",
        "podiatry", "cardiology", "older people's care",
    ]
    static let specialisedAreas = ["heart transplants", "severe burns", "children's cancers", "haemophilia", "CAMHS tier 4"]
    static let objectiveMetrics = [
        ("Patients seen within 18 weeks of referral", "%", 92.0),
        ("Emergency admissions a year, at most", "admissions", 1200.0),
        ("Patients reporting a good experience", "%", 85.0),
        ("People reviewed annually", "%", 75.0),
        ("Average length of stay, at most", "days", 6.0),
    ]
    static let responseSummaries: [(RespondentCategory, String)] = [
        (.patient, "Wants care closer to home."), (.carer, "Asks for more support for carers."),
        (.publicMember, "Worried about travel times."), (.gp, "Supports the change if practices are resourced."),
        (.provider, "Raises workforce concerns."), (.localAuthority, "Asks for joint planning with social care."),
        (.voluntarySector, "Offers to deliver part of the service."), (.healthwatch, "Asks how patients were involved."),
        (.healthAndWellbeingBoard, "Asks how this fits the local strategy."),
        (.overviewAndScrutinyCommittee, "Asks for the evidence behind the change."),
    ]

    mutating func programme(number: Int, start: Day) -> [JSON] {
        let slug = "syn-" + SyntheticLedger.number(number, width: 7)
        let lead = world.commissioners[random.pick(world.active)]
        if random.chance(0.03), !world.budgetHolders.isEmpty, lead.kind != .nhsCommissioningBoard {
            return [personalHealthBudget(slug, lead, start)]
        }
        var script = ProgrammeScript(slug: slug, lead: lead, actor: "Programme manager, \(lead.name)")
        let isSpecialised = [
            .nationalSpecialisedCommissioningGroup, .supraRegionalSpecialisedCommissioningGroup,
            .regionalSpecialisedCommissioningGroup, .nhsCommissioningBoard,
        ].contains(lead.kind)
        let area = random.pick(isSpecialised ? SyntheticLedger.specialisedAreas : SyntheticLedger.serviceAreas)
        script.add("launch-programme", start, [
            "programme": .string(slug), "commissioner": .string(lead.slug), "title": .string("\(area.capitalized) programme \(number)"),
            "serviceArea": .string(area), "geography": .string(lead.geography),
            "trigger": .string(random.pick(ProgrammeTrigger.spellings)),
        ])
        script.stage(.needsAssessment, start.adding(days: random.int(in: 0...30)))

        let pool = lead.localProviders.isEmpty ? world.providers[.acuteTrust]! : lead.localProviders
        let providers = random.sample(pool, random.int(in: 1...2))
        var affected = providers
        if random.chance(0.5), let extra = random.sample(pool, 3).first(where: { !providers.contains($0) }) { affected.append(extra) }

        // Consultation, responses and closure; sometimes the decision comes first (planted).
        var decisionDay: Day
        var consultations: [String] = []
        var lateClosure: JSON?
        var afterClosure: [JSON] = []
        var isSignificant = false
        if random.chance(0.75) {
            // A significant change carries a statutory duty to consult; sometimes it is not met (planted).
            isSignificant = random.chance(0.2)
            let isStatutory = isSignificant ? !random.chance(0.08) : random.chance(0.4)
            let opened = start.adding(days: random.int(in: 31...90))
            let planned = opened.adding(days: random.pick([28, 56, 84, 84, 90]))
            script.add("open-consultation", opened, [
                "consultation": .string(slug), "programme": .string(slug), "title": .string("Consultation on \(area)"),
                "isStatutory": .bool(isStatutory), "audience": .string("Patients, carers, the public and providers in \(lead.geography)"),
                "plannedCloseOn": .string(planned.description),
            ])
            let halted = random.chance(0.1)
            let closedOn = halted ? opened.adding(days: random.int(in: 7...(opened.days(until: planned) - 1))) : planned
            let responseCount = 3 + random.below(8) + random.below(12)
            for index in 0..<responseCount {
                let day = opened.adding(days: random.below(opened.days(until: closedOn) + 1))
                let (category, summary) = random.pick(SyntheticLedger.responseSummaries)
                var fields: [String: JSON] = [
                    "consultation": .string(slug), "respondentCategory": .string(category.rawValue),
                    "stance": .string(random.pick(Stance.spellings)), "summary": .string(summary),
                ]
                if [.patient, .carer, .publicMember].contains(category), random.chance(0.5) {
                    fields["respondentName"] = .string("Respondent \(number)-\(index + 1)")
                }
                if random.chance(0.005) {
                    // Recorded with an id so a correction can name it.
                    let id = commandID()
                    fields["id"] = .string(id)
                    afterClosure.append(correction(slug, id, closedOn.adding(days: random.int(in: 1...20)), script.actor))
                } else if random.chance(0.003) {
                    let id = commandID()
                    script.add("record-response", day, fields)
                    fields["id"] = .string(id)
                    afterClosure.append(retraction(slug, id, closedOn.adding(days: random.int(in: 1...20)), script.actor))
                }
                script.add("record-response", day, fields)
            }
            var closure: [String: JSON] = [
                "consultation": .string(slug), "closedBy": .string(lead.name),
                "outcome": .string(halted ? "halted-early" : "completed"),
            ]
            // Halted, usually with grounds; sometimes without (planted).
            if halted, !random.chance(0.15) { closure["grounds"] = "Enough evidence gathered to move to procurement." }
            let closeCommand = Self.command("close-consultation", closedOn, script.actor, closure)
            consultations = [slug]
            if random.chance(0.04), opened.days(until: closedOn) >= 2 {
                decisionDay = opened.adding(days: 1 + random.below(opened.days(until: closedOn) - 1))
                lateClosure = closeCommand
            } else {
                script.commands.append(closeCommand)
                decisionDay = closedOn.adding(days: random.int(in: 14...60))
            }
        } else {
            decisionDay = start.adding(days: random.int(in: 60...150))
        }
        script.commands += afterClosure
        script.stage(.prioritySetting, decisionDay.adding(days: -random.int(in: 1...10)))

        let plan = contractPlan(slug, providers: providers, decisionDay: decisionDay, lead: lead)
        let allocated = plan.reduce(Int64(0)) { $0 + $1.allocations.reduce(Int64(0)) { $0 + $1.amount } }
        let contracted = plan.reduce(Int64(0)) { $0 + $1.annual * Int64($1.years) }
        // Usually enough for the allocations and the contracts; sometimes less than either (planted).
        let approvedAmount = random.chance(0.03)
            ? min(allocated, contracted) * 9 / 10
            : max(allocated, contracted) + max(allocated, contracted) * Int64(random.int(in: 0...10)) / 100
        let outcome: DecisionOutcome = random.chance(0.92) ? .approved : (random.chance(0.5) ? .rejected : .deferred)
        decide(&script, decisionDay: decisionDay, affected: affected, consultations: consultations, outcome: outcome,
               approvedAmount: approvedAmount, isSignificant: isSignificant)
        script.approvedAmount = approvedAmount
        if let lateClosure { script.commands.append(lateClosure) }
        guard outcome == .approved, !plan.isEmpty else { return script.commands }

        script.stage(.serviceSpecification, decisionDay.adding(days: 7))
        script.stage(.procurement, decisionDay.adding(days: 14))
        // Some commissioners never review what they bought (planted: 002, "reluctant to … evaluate").
        script.skipsReviews = random.chance(0.05)
        for contract in plan { contractCommands(&script, contract) }
        script.stage(.monitoring, plan[0].startOn.adding(days: 90))
        return script.commands
    }

    private mutating func decide(
        _ script: inout ProgrammeScript, decisionDay: Day, affected: [String], consultations: [String],
        outcome: DecisionOutcome, approvedAmount: Int64, isSignificant: Bool
    ) {
        let lead = script.lead
        let slug = script.slug
        if random.chance(0.6) {
            script.add("propose-decision", decisionDay.adding(days: -random.int(in: 7...35)), [
                "decision": .string(slug), "programme": .string(slug), "body": .string(lead.body),
                "title": .string("Programme \(slug)"), "proposal": "Commission the service as specified.",
                "proposedAmountPence": JSON(approvedAmount),
            ])
        }
        var present = lead.members
        if random.chance(0.2) { present.remove(at: random.below(present.count)) }
        var recusals: [String] = []
        var votes: [JSON] = []
        // Some bodies decide by consensus, recording no votes.
        let byConsensus = random.chance(0.05)
        for member in present {
            let isInterested = world.interests[member]?.contains(where: affected.contains) ?? false
            if isInterested, random.chance(0.85) {
                recusals.append(member)
                continue
            }
            let vote = random.chance(0.85) ? "for" : (random.chance(0.5) ? "against" : "abstain")
            if !byConsensus { votes.append(["member": .string(member), "vote": .string(vote)]) }
        }
        let change: ServiceChange = random.chance(0.3) ? .new : (random.chance(0.64) ? .recommissioned : .continued)
        var objectives: [JSON] = []
        let needsObjectives = change != .continued ? !random.chance(0.06) : random.chance(0.5)
        if needsObjectives {
            for (metric, unit, target) in random.sample(SyntheticLedger.objectiveMetrics, random.int(in: 1...3)) {
                objectives.append([
                    "metric": .string(metric), "target": .number(target), "unit": .string(unit),
                    "reviewBy": .string(decisionDay.adding(days: random.int(in: 365...730)).description),
                ])
            }
        }
        var fields: [String: JSON] = [
            "decision": .string(slug), "programme": .string(slug), "body": .string(lead.body),
            "title": .string("Programme \(slug)"), "outcome": .string(outcome.rawValue), "serviceChange": .string(change.rawValue),
            "membersPresent": .array(present.map(JSON.string)), "recusals": .array(recusals.map(JSON.string)),
            "votes": .array(votes),
            "optionsConsidered": [["option": "Commission the redesigned service", "isChosen": true], ["option": "Do nothing"]],
            "rationale": "Meets assessed need within the available budget.",
            "evidence": ["Needs assessment", "Benchmarking against national data"],
            "consultations": .array(consultations.map(JSON.string)), "objectives": .array(objectives),
            "affectedOrganisations": .array(affected.map(JSON.string)),
        ]
        if outcome == .approved, approvedAmount > 0 { fields["approvedAmountPence"] = JSON(approvedAmount) }
        if isSignificant, change != .continued { fields["isSignificantChange"] = true }
        script.add("take-decision", decisionDay, fields)
    }

    struct PlannedContract {
        let slug: String
        let provider: String
        let years: Int
        let startOn: Day
        let endOn: Day
        let awardedOn: Day
        let annual: Int64
        let route: ProcurementRoute
        let mechanism: PaymentMechanism
        let control: BudgetControl
        let allocations: [(slug: String, year: FinancialYear, day: Day, amount: Int64)]
    }

    private mutating func contractPlan(_ programme: String, providers: [String], decisionDay: Day, lead: Commissioner) -> [PlannedContract] {
        var plan: [PlannedContract] = []
        for (index, provider) in providers.enumerated() {
            let slug = "\(programme)-\(index + 1)"
            let years = random.pick([1, 2, 3, 3, 3, 4, 5, 5, 7, 10])
            let startOn = decisionDay.adding(days: random.int(in: 30...180))
            let endOn = startOn.adding(months: 12 * years).adding(days: -1)
            let awardedOn = max(decisionDay.adding(days: 1), startOn.adding(days: -random.int(in: 7...60)))
            var annual = random.pounds(exponents: 3...4)
            if random.chance(0.1) { annual *= 10 }
            let (route, mechanism) = terms(for: provider)
            let control: BudgetControl = switch lead.kind {
            case .pbcConsortium: .indicative
            case .localAuthorityJointCommissioning: .pooled
            default: random.chance(0.9) ? .real : .delegated
            }
            var allocations: [(String, FinancialYear, Day, Int64)] = []
            var year = FinancialYear(containing: startOn)
            while allocations.count < min(years, 5), year <= SyntheticLedger.lastFinancialYear {
                let day = max(awardedOn, year.firstDay.adding(days: -20))
                allocations.append(("\(slug)-\(year.startYear)", year, day, annual))
                year = FinancialYear(startYear: year.startYear + 1)
            }
            plan.append(PlannedContract(
                slug: slug, provider: provider, years: years, startOn: startOn, endOn: endOn, awardedOn: awardedOn,
                annual: annual, route: route, mechanism: mechanism, control: control, allocations: allocations
            ))
        }
        return plan
    }

    private mutating func terms(for provider: String) -> (ProcurementRoute, PaymentMechanism) {
        if random.chance(0.05) { return (.leadProvider, .leadProvider) }
        if random.chance(0.03) { return (.competitiveTender, .alliance) }
        let route: ProcurementRoute = random.pick([.competitiveTender, .anyQualifiedProvider, .directAward, .directAward, .framework])
        if provider.hasPrefix("acute-trust") {
            return (route, random.pick([.paymentByResults, .paymentByResults, .blockContract, .costAndVolume]))
        }
        if provider.hasPrefix("gp-practice") { return (route, .capitated) }
        return (route, random.pick([.blockContract, .blockContract, .capitated, .outcomeBased]))
    }

    private mutating func personalHealthBudget(_ slug: String, _ lead: Commissioner, _ day: Day) -> JSON {
        let realFrom = Day(year: 2010, month: 9, day: 1)!
        return Self.command("make-allocation", day, "Personal health budgets lead, \(lead.name)", [
            "allocation": .string("\(slug)-phb"), "payer": .string(lead.slug), "payee": .string(random.pick(world.budgetHolders)),
            "amountPence": JSON(random.pounds(exponents: 1...2)),
            "financialYear": .string(FinancialYear(containing: day).description),
            "controlType": .string(day < realFrom ? "indicative" : "real"), "paymentMechanism": "personal-health-budget",
            "purpose": "Personal health budget for a long-term condition",
        ])
    }

    private func correction(_ consultation: String, _ id: String, _ day: Day, _ actor: String) -> JSON {
        Self.command("correct-event", day, actor, [
            "stream": .string("consultation-\(consultation)"),
            "event": .string(EventID.derive(commandID: id, eventIndex: 0).uuidString.lowercased()),
            "changes": ["summary": "Summary corrected against the original response."],
            "reason": "Transcription error", "authority": "Information governance lead",
        ])
    }

    private func retraction(_ consultation: String, _ id: String, _ day: Day, _ actor: String) -> JSON {
        Self.command("retract-event", day, actor, [
            "stream": .string("consultation-\(consultation)"),
            "event": .string(EventID.derive(commandID: id, eventIndex: 0).uuidString.lowercased()),
            "reason": "Response recorded twice", "authority": "Information governance lead",
        ])
    }
}

/// The commands of one programme, built in replay order.
struct ProgrammeScript {
    let slug: String
    let lead: SyntheticLedger.Commissioner
    let actor: String
    var commands: [JSON] = []
    /// The amount the programme's decision approved, as last revised.
    var approvedAmount: Int64 = 0
    /// Whether no contract of the programme is ever reviewed.
    var skipsReviews = false

    mutating func add(_ name: String, _ day: Day, _ fields: [String: JSON]) {
        commands.append(SyntheticLedger.command(name, day, actor, fields))
    }

    /// Adds the command only if it falls within the ledger's time span.
    mutating func addIfDue(_ name: String, _ day: Day, _ fields: [String: JSON]) {
        if day <= SyntheticLedger.horizon { add(name, day, fields) }
    }

    mutating func stage(_ stage: ProgrammeStage, _ day: Day) {
        add("enter-stage", day, ["programme": .string(slug), "stage": .string(stage.rawValue)])
    }
}

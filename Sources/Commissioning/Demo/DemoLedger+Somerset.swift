internal import DocketJSON

extension DemoLedger {
    /// Somerset: community health services from the PCT's own provider arm, which moved to the mental
    /// health trust in 2011 (002 Table 1); the three-tier diabetes service (planted: a GP member with a
    /// financial interest in an affected practice voted); early supported discharge for stroke, which ran
    /// for months "covered by existing contractual arrangements" before its own contract (002), modelled
    /// as the community services contract covering it (planted, illustrative: a new service without
    /// objectives, a significant change without statutory consultation, relying on an engagement halted
    /// without grounds).
    static func somerset(_ s: inout DemoScript) {
        let actor = "Corporate governance team, Somerset PCT"
        s.organisation("somerset-pct", "Somerset PCT", .primaryCareTrust, on: "2002-04-01", by: actor, population: 525_186, geography: "Somerset")
        s.organisation("somerset-pct-provider-arm", "Somerset PCT provider arm (community health services)", .communityTrust, on: "2002-04-01", by: actor)
        s.organisation("somerset-mental-health-trust", "Somerset mental health trust", .mentalHealthTrust, on: "2002-04-01", by: actor, foundationTrust: true)
        for (letter, isFoundation) in [("a", true), ("b", true), ("c", false), ("d", false)] {
            s.organisation("somerset-acute-trust-\(letter)", "Acute trust \(letter.uppercased()) serving Somerset", .acuteTrust, on: "2002-04-01", by: actor, foundationTrust: isFoundation)
        }
        s.organisation("somerset-gp-practice-a", "Somerset GP practice A", .gpPractice, on: "2002-04-01", by: actor)
        s.organisation("somerset-diabetes-charity", "Somerset diabetes support group (third sector)", .thirdSectorProvider, on: "2006-01-01", by: actor)
        s.organisation("somerset-pbc-consortium", "Somerset practice-based commissioning consortium", .pbcConsortium, on: "2005-04-01", by: actor, geography: "Somerset")
        // Community health services: from the PCT's own provider arm, then (April 2011) the mental health trust.
        let community = "somerset-community-services"
        s.record("launch-programme", on: "2009-03-02", by: actor, source: "002 Table 1 (community services provider); days, amounts illustrative", [
            "programme": .string(community), "commissioner": "somerset-pct", "title": "Community health services",
            "serviceArea": "community health services", "geography": "Somerset", "trigger": "other",
            "description": "Community nursing, therapies and community hospitals, provided by the PCT's own provider arm until 2011.",
        ])
        s.record("award-contract", on: "2009-03-25", by: actor, source: "002 Table 1 (the PCT provider arm); terms illustrative", [
            "contract": "somerset-community-services-2009", "programme": .string(community), "commissioner": "somerset-pct",
            "provider": "somerset-pct-provider-arm", "route": "direct-award", "startOn": "2009-04-01", "endOn": "2011-03-31",
            "valuePence": 7_600_000_000, "paymentMechanism": "block-contract",
            "service": "Community health services from the PCT's provider arm",
        ])
        s.record("award-contract", on: "2011-03-28", by: actor, source: "002 Table 1 (moved to the mental health trust in 2011); terms illustrative", [
            "contract": "somerset-community-services-2011", "programme": .string(community), "commissioner": "somerset-pct",
            "provider": "somerset-mental-health-trust", "route": "direct-award", "startOn": "2011-04-01", "endOn": "2014-03-31",
            "valuePence": 11_700_000_000, "paymentMechanism": "block-contract",
            "service": "Community health services transferred from the PCT's provider arm",
        ])
        s.record("record-succession", on: "2011-04-01", by: actor, source: "002 Table 1 (moved from the PCT provider arm to the mental health trust in 2011); day illustrative", [
            "organisation": "somerset-pct-provider-arm", "successors": ["somerset-mental-health-trust"],
            "functions": "Community health services, including community hospitals (002: transferred in 2011)",
        ])

        s.record("establish-body", on: "2002-04-01", by: actor, [
            "body": "somerset-pct-board", "organisation": "somerset-pct", "name": "Somerset PCT Board", "kind": "board",
        ])
        let board = "somerset-pct-board"
        s.member("somerset-chair", "Chair, Somerset PCT Board", body: board, bodyRole: "Chair", from: "2009-04-01", by: actor)
        s.member("somerset-chief-executive", "Chief executive, Somerset PCT", body: board, bodyRole: "Chief executive", from: "2009-04-01", by: actor)
        s.member("somerset-finance-director", "Director of finance, Somerset PCT", body: board, bodyRole: "Director of finance", from: "2009-04-01", by: actor)
        s.member("somerset-gp-member-a", "GP board member A, Somerset PCT", body: board, bodyRole: "GP member", from: "2009-04-01", by: actor)
        s.member("somerset-gp-member-b", "GP board member B, Somerset PCT", body: board, bodyRole: "GP member", from: "2009-04-01", by: actor)
        s.member("somerset-lay-member", "Lay member, Somerset PCT", body: board, bodyRole: "Lay member", from: "2009-04-01", by: actor)
        s.record("declare-interest", on: "2009-04-01", by: actor, [
            "member": "somerset-gp-member-a", "interest": "practice-partner", "kind": "financial",
            "organisation": "somerset-gp-practice-a", "description": "Partner in the practice", "from": "2009-04-01",
        ])
        s.record("declare-interest", on: "2010-01-11", by: actor, [
            "member": "somerset-gp-member-b", "interest": "charity-trustee", "kind": "non-financial",
            "organisation": "somerset-diabetes-charity", "description": "Trustee of the support group", "from": "2010-01-01",
        ])

        // Development 3: the three-tier diabetes service.
        let diabetes = "somerset-diabetes-three-tier"
        s.record("launch-programme", on: "2010-03-01", by: actor, source: "002 Table 2 (Somerset diabetes); day illustrative", [
            "programme": .string(diabetes), "commissioner": "somerset-pct", "title": "Somerset diabetes service",
            "serviceArea": "diabetes", "geography": "Somerset", "trigger": "demand-mapping",
            "description": "Remodelling diabetes care into a three-tier service: intermediate care delivered by nurses in community clinics, enabling step-up to consultant care and handover to GP care as appropriate.",
        ])
        s.record("award-contract", on: "2010-03-31", by: actor, [
            "contract": "somerset-diabetes-acute-outpatients", "programme": .string(diabetes), "commissioner": "somerset-pct",
            "provider": "somerset-acute-trust-a", "route": "direct-award", "startOn": "2010-04-01", "endOn": "2013-03-31",
            "valuePence": 450_000_000, "paymentMechanism": "payment-by-results",
            "service": "Consultant-led diabetes outpatient clinics",
        ])
        s.stage(diabetes, .needsAssessment, on: "2010-06-01", by: actor)
        s.record("open-consultation", on: "2010-09-01", by: actor, [
            "consultation": "somerset-diabetes-2010", "programme": .string(diabetes),
            "title": "A three-tier diabetes service for Somerset", "isStatutory": true,
            "audience": "Patients, carers, GPs, providers and the public in Somerset", "plannedCloseOn": "2010-11-30",
        ])
        s.response("somerset-diabetes-2010", on: "2010-09-15", by: actor, .patient, .support,
                   "Community clinics would save long journeys to hospital.", name: "Patient A (invented)")
        s.response("somerset-diabetes-2010", on: "2010-10-04", by: actor, .gp, .mixed,
                   "Supports handover to GP care if practices are resourced for it.")
        s.response("somerset-diabetes-2010", on: "2010-10-18", by: actor, .provider, .oppose,
                   "An acute trust warns that consultant oversight of complex patients could be lost.")
        s.response("somerset-diabetes-2010", on: "2010-11-01", by: actor, .voluntarySector, .support,
                   "Offers structured education sessions in the community clinics.")
        let duplicate = s.response("somerset-diabetes-2010", on: "2010-11-01", by: actor, .voluntarySector, .support,
                                   "Offers structured education sessions in the community clinics.")
        s.response("somerset-diabetes-2010", on: "2010-11-22", by: actor, .localAuthority, .neutral,
                   "No objection; asks to be involved in planning transport to clinics.")
        s.record("close-consultation", on: "2010-11-30", by: actor, [
            "consultation": "somerset-diabetes-2010", "closedBy": "Somerset PCT Board", "outcome": "completed",
        ])
        s.record("retract-event", on: "2010-12-01", by: actor, authority: "Corporate governance team, Somerset PCT",
                 reason: "The support group's response was recorded twice", [
                    "stream": "consultation-somerset-diabetes-2010", "event": .string(duplicate.uuidString.lowercased()),
                 ])
        s.stage(diabetes, .serviceSpecification, on: "2010-12-01", by: actor)
        s.record("give-notice", on: "2010-12-20", by: actor, [
            "contract": "somerset-diabetes-acute-outpatients", "intent": "variation", "effectiveOn": "2011-07-01",
            "terms": "Outpatient activity to reduce as intermediate care moves to community clinics.",
        ])
        s.record("propose-decision", on: "2011-01-13", by: actor, [
            "decision": "somerset-diabetes-remodel-2011", "programme": .string(diabetes), "body": .string(board),
            "title": "Remodel diabetes care into a three-tier service",
            "proposal": "Commission nurse-led intermediate care in community clinics from the community health provider.",
            "proposedAmountPence": 240_000_000,
        ])
        // Planted: GP member A, a partner in an affected practice, votes; GP member B recuses.
        s.record("take-decision", on: "2011-02-10", by: actor, [
            "decision": "somerset-diabetes-remodel-2011", "programme": .string(diabetes), "body": .string(board),
            "title": "Remodel diabetes care into a three-tier service", "outcome": "approved", "serviceChange": "recommissioned",
            "membersPresent": DemoScript.list(["somerset-chair", "somerset-chief-executive", "somerset-finance-director", "somerset-gp-member-a", "somerset-gp-member-b", "somerset-lay-member"]),
            "recusals": DemoScript.list(["somerset-gp-member-b"]),
            "votes": DemoScript.votes([("somerset-chair", .voteFor), ("somerset-chief-executive", .voteFor), ("somerset-finance-director", .voteFor), ("somerset-gp-member-a", .voteFor), ("somerset-lay-member", .abstain)]),
            "optionsConsidered": [
                ["option": "Three-tier service with nurse-led community intermediate care", "isChosen": true],
                ["option": "Retain the consultant-led outpatient model"],
                ["option": "Let the whole pathway to an accountable lead provider"],
            ],
            "rationale": "Most people with diabetes can be cared for in community clinics, with step-up to consultants and handover to GPs.",
            "evidence": DemoScript.list(["Demand mapping of diabetes activity", "Consultation report, December 2010"]),
            "consultations": DemoScript.list(["somerset-diabetes-2010"]),
            "objectives": [
                DemoScript.objective("Patients with diabetes managed in community intermediate care", 60, "%", reviewBy: "2012-09-30"),
                DemoScript.objective("Acute diabetes outpatient first attendances a year, at most", 4000, "attendances", reviewBy: "2012-09-30"),
            ],
            "affectedOrganisations": DemoScript.list(["somerset-pct-provider-arm", "somerset-acute-trust-a", "somerset-gp-practice-a", "somerset-diabetes-charity"]),
            "approvedAmountPence": 240_000_000,
        ])
        s.stage(diabetes, .procurement, on: "2011-02-14", by: actor)
        s.record("award-contract", on: "2011-05-20", by: actor, [
            "contract": "somerset-diabetes-intermediate-care", "programme": .string(diabetes), "commissioner": "somerset-pct",
            "provider": "somerset-mental-health-trust", "decision": "somerset-diabetes-remodel-2011", "route": "direct-award",
            "startOn": "2011-07-01", "endOn": "2014-06-30", "valuePence": 210_000_000, "paymentMechanism": "block-contract",
            "service": "Nurse-led diabetes intermediate care in community clinics",
        ])
        s.record("vary-contract", on: "2011-06-15", by: actor, [
            "contract": "somerset-diabetes-acute-outpatients", "effectiveOn": "2011-07-01",
            "description": "Outpatient activity and value reduced as intermediate care starts.", "valuePence": 380_000_000,
        ])
        s.record("commence-service", on: "2011-07-01", by: actor, [
            "programme": .string(diabetes), "provider": "somerset-mental-health-trust",
            "contract": "somerset-diabetes-intermediate-care", "service": "Community diabetes clinics (intermediate tier)",
        ])
        s.stage(diabetes, .commencedOperation, on: "2011-07-01", by: actor, source: "002 Table 2 (stage: commenced operation); day illustrative")
        for (year, pence) in [("2011/12", Int64(110_000_000)), ("2012/13", 120_000_000)] {
            s.allocation("somerset-diabetes-\(year.replacingOccurrences(of: "/", with: "-"))", on: year == "2011/12" ? "2011-06-01" : "2012-04-02",
                         by: actor, payer: "somerset-pct", payee: "somerset-mental-health-trust", programme: diabetes,
                         decision: "somerset-diabetes-remodel-2011", pence: pence, year: year, control: .real,
                         mechanism: .blockContract, purpose: "Intermediate diabetes care")
        }
        s.allocation("somerset-diabetes-pbc-2011-12", on: "2011-04-01", by: actor, payer: "somerset-pct", payee: "somerset-pbc-consortium",
                     programme: diabetes, pence: 8_500_000, year: "2011/12", control: .indicative, mechanism: .capitated,
                     purpose: "Indicative practice-based commissioning budget for diabetes")
        s.stage(diabetes, .monitoring, on: "2011-10-01", by: actor)
        s.record("review-service", on: "2012-09-20", by: actor, [
            "contract": "somerset-diabetes-intermediate-care", "periodFrom": "2011-07-01", "periodTo": "2012-06-30",
            "activity": "Community clinics running in all localities; step-up and handover protocols in use.",
            "spendPence": 104_000_000, "quality": "Patient feedback good; waiting times within standard.",
            "results": [
                ["metric": "Patients with diabetes managed in community intermediate care", "actual": 48, "target": 60, "isMet": false],
                ["metric": "Acute diabetes outpatient first attendances a year, at most", "actual": 4300, "target": 4000, "isMet": false],
            ],
            "conclusion": "Continue; agree a trajectory with the provider.",
        ])

        // Development 4: early supported discharge for stroke.
        let stroke = "somerset-stroke-esd"
        s.record("launch-programme", on: "2010-10-04", by: actor, source: "002 Table 2 (Somerset early supported discharge for stroke); day illustrative", [
            "programme": .string(stroke), "commissioner": "somerset-pct", "title": "Early supported discharge service for stroke",
            "serviceArea": "stroke", "geography": "Somerset", "trigger": "other",
            "description": "Establishment of a service delivering intensive therapy at home to patients recovering from a stroke.",
        ])
        // Planted (illustrative): an engagement halted early without grounds.
        s.record("open-consultation", on: "2011-01-17", by: actor, [
            "consultation": "somerset-stroke-esd-engagement-2011", "programme": .string(stroke),
            "title": "Early supported discharge: engagement with stroke survivors and carers", "isStatutory": false,
            "audience": "Stroke survivors, carers and the four acute trusts", "plannedCloseOn": "2011-03-31",
        ])
        s.response("somerset-stroke-esd-engagement-2011", on: "2011-02-07", by: actor, .carer, .support,
                   "Therapy at home would spare long visits to hospital.")
        s.record("close-consultation", on: "2011-02-25", by: actor, [
            "consultation": "somerset-stroke-esd-engagement-2011", "closedBy": "Somerset PCT Board", "outcome": "halted-early",
        ])
        // Planted (illustrative): a new service approved without measurable objectives, a significant
        // change relying on no statutory consultation.
        s.record("take-decision", on: "2011-03-10", by: actor, [
            "decision": "somerset-stroke-esd-2011", "programme": .string(stroke), "body": .string(board),
            "title": "Establish early supported discharge for stroke", "outcome": "approved", "serviceChange": "new",
            "membersPresent": DemoScript.list(["somerset-chair", "somerset-chief-executive", "somerset-finance-director", "somerset-gp-member-b", "somerset-lay-member"]),
            "votes": DemoScript.votes([("somerset-chair", .voteFor), ("somerset-chief-executive", .voteFor), ("somerset-finance-director", .voteFor), ("somerset-gp-member-b", .voteFor), ("somerset-lay-member", .voteFor)]),
            "optionsConsidered": [["option": "Intensive therapy at home after discharge", "isChosen": true], ["option": "More stroke rehabilitation beds"]],
            "rationale": "Patients recover better at home with intensive therapy; beds are freed in the four acute trusts.",
            "evidence": DemoScript.list(["Stroke activity across the four acute trusts"]),
            "consultations": DemoScript.list(["somerset-stroke-esd-engagement-2011"]),
            "isSignificantChange": true,
            "affectedOrganisations": DemoScript.list(["somerset-mental-health-trust", "somerset-acute-trust-a", "somerset-acute-trust-b", "somerset-acute-trust-c", "somerset-acute-trust-d"]),
            "approvedAmountPence": 60_000_000, "financialYear": "2011/12",
        ])
        // From the source: the service ran for months, covered by existing contractual arrangements,
        // before its own contract was agreed (002).
        s.record("commence-service", on: "2011-05-03", by: actor, source: "002 (ran \"for some months (covered by existing contractual arrangements)\" before the transactional aspects were agreed); days illustrative", [
            "programme": .string(stroke), "provider": "somerset-mental-health-trust",
            "service": "Early supported discharge: intensive therapy at home after stroke",
            "coveredBy": "somerset-community-services-2011",
        ])
        s.stage(stroke, .commencedOperation, on: "2011-05-03", by: actor, source: "002 Table 2 (stage: commenced operation); day illustrative")
        s.allocation("somerset-stroke-esd-2011-12", on: "2011-05-03", by: actor, payer: "somerset-pct", payee: "somerset-mental-health-trust",
                     programme: stroke, decision: "somerset-stroke-esd-2011", pence: 45_000_000, year: "2011/12", control: .real,
                     mechanism: .blockContract, purpose: "Early supported discharge team")
        s.stage(stroke, .serviceSpecification, on: "2011-09-01", by: actor,
                note: "Specification and performance framework written once the service was already operating.",
                source: "002 (specification and performance framework written \"once the service was already operating\"); day illustrative")
        s.record("award-contract", on: "2011-11-24", by: actor, [
            "contract": "somerset-stroke-esd", "programme": .string(stroke), "commissioner": "somerset-pct",
            "provider": "somerset-mental-health-trust", "decision": "somerset-stroke-esd-2011", "route": "direct-award",
            "startOn": "2011-12-01", "endOn": "2014-03-31", "valuePence": 135_000_000, "paymentMechanism": "block-contract",
            "service": "Early supported discharge for stroke",
        ])
        s.record("end-interest", on: "2013-01-07", by: actor, [
            "member": "somerset-gp-member-b", "interest": "charity-trustee", "endedOn": "2012-12-31",
        ])
    }
}

internal import DocketJSON

extension DemoLedger {
    /// Wirral: the memory assessment service (planted, illustrative: allocations and contracts exceed the
    /// amount decided, a variation on two months' notice, an interested member present at a consensus on
    /// care homes) and the diabetic podiatry review, which stays at discussion, planning and modelling
    /// (002 Table 2): its consultation stopped to model the options, and the board chose not to tender.
    static func wirral(_ s: inout DemoScript) {
        let actor = "Corporate governance team, Wirral PCT"
        s.organisation("wirral-pct", "Wirral PCT", .primaryCareTrust, on: "2002-04-01", by: actor, population: 308_837, geography: "Wirral")
        s.organisation("wirral-community-trust", "Wirral community NHS trust", .communityTrust, on: "2010-04-01", by: actor,
                       source: "002 Table 1 (community services from a local NHS community trust); day illustrative")
        s.organisation("wirral-acute-trust", "Wirral local acute trust", .acuteTrust, on: "2002-04-01", by: actor, foundationTrust: true)
        s.organisation("wirral-mental-health-trust", "Wirral mental health trust", .mentalHealthTrust, on: "2002-04-01", by: actor, foundationTrust: true)
        s.organisation("wirral-memory-charity", "Wirral dementia support charity (third sector)", .thirdSectorProvider, on: "2004-06-01", by: actor)
        s.organisation("wirral-gp-provider-company", "Wirral GP-owned provider company", .gpPractice, on: "2009-10-01", by: actor)

        let board = "wirral-pct-board"
        s.record("establish-body", on: "2002-04-01", by: actor, [
            "body": .string(board), "organisation": "wirral-pct", "name": "Wirral PCT Board", "kind": "board",
        ])
        s.member("wirral-chair", "Chair, Wirral PCT Board", body: board, bodyRole: "Chair", from: "2009-04-01", by: actor)
        s.member("wirral-finance-director", "Director of finance, Wirral PCT", body: board, bodyRole: "Director of finance", from: "2009-04-01", by: actor)
        s.member("wirral-gp-member-c", "GP board member C, Wirral PCT", body: board, bodyRole: "GP member", from: "2009-04-01", by: actor)
        s.member("wirral-lay-member", "Lay member, Wirral PCT", body: board, bodyRole: "Lay member", from: "2009-04-01", by: actor)
        s.record("declare-interest", on: "2009-10-05", by: actor, [
            "member": "wirral-gp-member-c", "interest": "company-shareholder", "kind": "financial",
            "organisation": "wirral-gp-provider-company", "description": "Shareholder in the GP-owned provider company",
            "from": "2009-10-01",
        ])
        let members = ["wirral-chair", "wirral-finance-director", "wirral-gp-member-c", "wirral-lay-member"]
        let allFor = DemoScript.votes(members.map { ($0, .voteFor) })

        // Development 6: the memory assessment service.
        let memory = "wirral-memory-assessment"
        s.record("launch-programme", on: "2010-06-01", by: actor, source: "002 Table 2 (Wirral memory assessment service); 002 (linked work on anti-psychotics and Extra Care housing); day illustrative", [
            "programme": .string(memory), "commissioner": "wirral-pct", "title": "Memory assessment service",
            "serviceArea": "dementia", "geography": "Wirral", "trigger": "strategic-plan",
            "description": "A new community-based service for diagnosis and treatment of dementia, led by nurses in community clinics and supported by psychiatrists; alongside reducing anti-psychotic medication in care homes and commissioning Extra Care housing.",
        ])
        s.stage(memory, .needsAssessment, on: "2010-06-15", by: actor, note: "Led by the clinical team at the mental health trust.")
        s.record("open-consultation", on: "2010-09-06", by: actor, [
            "consultation": "wirral-memory-2010", "programme": .string(memory), "title": "A memory assessment service for Wirral",
            "isStatutory": false, "audience": "People with memory problems, carers and GPs on the Wirral", "plannedCloseOn": "2010-11-26",
        ])
        s.response("wirral-memory-2010", on: "2010-09-20", by: actor, .carer, .support,
                   "A diagnosis took over a year for my mother.", name: "Carer B (invented)")
        s.response("wirral-memory-2010", on: "2010-10-11", by: actor, .gp, .support, "Welcomes a single referral route.")
        s.response("wirral-memory-2010", on: "2010-11-08", by: actor, .voluntarySector, .support,
                   "Can provide support after diagnosis.")
        s.record("close-consultation", on: "2010-11-26", by: actor, [
            "consultation": "wirral-memory-2010", "closedBy": "Wirral PCT Board", "outcome": "completed",
        ])
        s.record("propose-decision", on: "2010-12-09", by: actor, [
            "decision": "wirral-mas-2011", "programme": .string(memory), "body": .string(board),
            "title": "Establish a memory assessment service", "proposal": "Commission a nurse-led memory assessment service.",
            "proposedAmountPence": 90_000_000,
        ])
        s.record("take-decision", on: "2011-01-13", by: actor, [
            "decision": "wirral-mas-2011", "programme": .string(memory), "body": .string(board),
            "title": "Establish a memory assessment service", "outcome": "approved", "serviceChange": "new",
            "membersPresent": DemoScript.list(members), "votes": allFor,
            "optionsConsidered": [["option": "Nurse-led community memory clinics", "isChosen": true], ["option": "Expand consultant memory clinics"]],
            "rationale": "Earlier diagnosis in community settings, as part of a wider strategy for dementia care.",
            "evidence": DemoScript.list(["Dementia prevalence estimates for Wirral"]),
            "consultations": DemoScript.list(["wirral-memory-2010"]),
            "objectives": [
                DemoScript.objective("People with dementia diagnosed, share of expected prevalence", 50, "%", reviewBy: "2012-03-31"),
                DemoScript.objective("Referrals assessed within six weeks", 90, "%", reviewBy: "2012-03-31"),
            ],
            "affectedOrganisations": DemoScript.list(["wirral-mental-health-trust", "wirral-memory-charity"]),
            "approvedAmountPence": 90_000_000,
        ])
        s.record("award-contract", on: "2011-03-17", by: actor, [
            "contract": "wirral-memory-assessment", "programme": .string(memory), "commissioner": "wirral-pct",
            "provider": "wirral-mental-health-trust", "decision": "wirral-mas-2011", "route": "direct-award",
            "startOn": "2011-04-01", "endOn": "2014-03-31", "valuePence": 135_000_000, "paymentMechanism": "block-contract",
            "service": "Memory assessment service",
        ])
        s.record("award-contract", on: "2011-03-17", by: actor, [
            "contract": "wirral-memory-support", "programme": .string(memory), "commissioner": "wirral-pct",
            "provider": "wirral-memory-charity", "decision": "wirral-mas-2011", "route": "competitive-tender",
            "startOn": "2011-04-01", "endOn": "2013-03-31", "valuePence": 24_000_000, "paymentMechanism": "block-contract",
            "service": "Support after diagnosis",
        ])
        s.record("commence-service", on: "2011-04-01", by: actor, [
            "programme": .string(memory), "provider": "wirral-mental-health-trust", "contract": "wirral-memory-assessment",
            "service": "Memory assessment clinics",
        ])
        s.stage(memory, .commencedOperation, on: "2011-04-01", by: actor, source: "002 Table 2 (stage: commenced operation); day illustrative")
        // Planted: these three allocations add up to more than the £900,000 decided.
        s.allocation("wirral-mas-2011-12", on: "2011-04-01", by: actor, payer: "wirral-pct", payee: "wirral-mental-health-trust",
                     programme: memory, decision: "wirral-mas-2011", pence: 45_000_000, year: "2011/12", control: .real,
                     mechanism: .blockContract, purpose: "Memory assessment service")
        s.allocation("wirral-mas-support-2011-12", on: "2011-04-01", by: actor, payer: "wirral-pct", payee: "wirral-memory-charity",
                     programme: memory, decision: "wirral-mas-2011", pence: 12_000_000, year: "2011/12", control: .real,
                     mechanism: .blockContract, purpose: "Support after diagnosis")
        s.allocation("wirral-mas-2012-13", on: "2012-04-02", by: actor, payer: "wirral-pct", payee: "wirral-mental-health-trust",
                     programme: memory, decision: "wirral-mas-2011", pence: 45_000_000, year: "2012/13", control: .real,
                     mechanism: .blockContract, purpose: "Memory assessment service")
        s.record("adjust-allocation", on: "2012-07-02", by: actor, [
            "allocation": "wirral-mas-2012-13", "amountPence": 46_500_000, "grounds": "Referrals above plan",
        ])
        s.record("review-service", on: "2012-04-26", by: actor, [
            "contract": "wirral-memory-assessment", "periodFrom": "2011-04-01", "periodTo": "2012-03-31",
            "activity": "Clinics in four community sites; referrals above plan.", "spendPence": 45_000_000,
            "quality": "Carers report shorter waits for diagnosis.",
            "results": [
                ["metric": "People with dementia diagnosed, share of expected prevalence", "actual": 47, "target": 50, "isMet": false],
                ["metric": "Referrals assessed within six weeks", "actual": 92, "target": 90, "isMet": true],
            ],
        ])

        // Planted (illustrative): a variation on two months' notice.
        s.record("give-notice", on: "2012-08-01", by: actor, [
            "contract": "wirral-memory-assessment", "intent": "variation", "effectiveOn": "2012-10-01",
            "terms": "A fifth community clinic site.",
        ])
        s.record("vary-contract", on: "2012-09-13", by: actor, [
            "contract": "wirral-memory-assessment", "effectiveOn": "2012-10-01",
            "description": "A fifth community clinic site; value raised.", "valuePence": 150_000_000,
        ])
        // Planted (illustrative): the board agrees by consensus, with a member present who holds shares
        // in an affected GP-owned provider company.
        s.record("take-decision", on: "2011-10-13", by: actor, source: "002 (linked Wirral work: reducing anti-psychotic medication in care homes); the decision and its members illustrative", [
            "decision": "wirral-care-home-antipsychotics-2011", "programme": .string(memory), "body": .string(board),
            "title": "Review anti-psychotic prescribing in care homes", "outcome": "approved", "serviceChange": "none",
            "membersPresent": DemoScript.list(members),
            "rationale": "Agreed by consensus: GP in-reach to care homes to review anti-psychotic prescribing for people with dementia.",
            "affectedOrganisations": DemoScript.list(["wirral-gp-provider-company", "wirral-mental-health-trust"]),
        ])

        // Community health services, from the local NHS community trust, include podiatry.
        s.record("launch-programme", on: "2010-03-01", by: actor, source: "002 Table 1 (community services provider); days, amounts illustrative", [
            "programme": "wirral-community-services", "commissioner": "wirral-pct", "title": "Community health services",
            "serviceArea": "community health services", "geography": "Wirral", "trigger": "other",
        ])
        s.record("award-contract", on: "2010-04-01", by: actor, [
            "contract": "wirral-podiatry-community", "programme": "wirral-community-services", "commissioner": "wirral-pct",
            "provider": "wirral-community-trust", "route": "direct-award", "startOn": "2010-04-01", "endOn": "2013-09-30",
            "valuePence": 180_000_000, "paymentMechanism": "block-contract",
            "service": "Community podiatry, including diabetic foot care",
        ])

        // Development 5: the diabetic podiatry review.
        let podiatry = "wirral-diabetic-podiatry"
        s.record("launch-programme", on: "2011-01-10", by: actor, source: "002 Table 2 (Wirral diabetic podiatry review); 002 (\"reactive\"); day illustrative", [
            "programme": .string(podiatry), "commissioner": "wirral-pct", "title": "Diabetic podiatry review",
            "serviceArea": "diabetes", "geography": "Wirral", "trigger": "operational-problem",
            "triggerNote": "Long-standing operational problems, including records management and referral across organisations.",
        ])
        s.stage(podiatry, .discussionAndPlanning, on: "2011-01-24", by: actor, source: "002 Table 2 (stage: discussion, planning, modelling); day illustrative")
        s.stage(podiatry, .review, on: "2011-03-01", by: actor, note: "Caught between different contracts and providers.")
        s.record("open-consultation", on: "2011-05-03", by: actor, [
            "consultation": "wirral-podiatry-2011", "programme": .string(podiatry), "title": "Diabetic podiatry on the Wirral",
            "isStatutory": false, "audience": "People with diabetes, GPs, podiatrists and providers", "plannedCloseOn": "2011-07-29",
        ])
        s.response("wirral-podiatry-2011", on: "2011-05-17", by: actor, .patient, .oppose, "Records go missing between clinics.")
        s.response("wirral-podiatry-2011", on: "2011-05-31", by: actor, .provider, .mixed, "Asks for one shared record.")
        s.response("wirral-podiatry-2011", on: "2011-06-14", by: actor, .gp, .support, "Wants a single referral route.")
        s.record("close-consultation", on: "2011-06-24", by: actor, [
            "consultation": "wirral-podiatry-2011", "closedBy": "Wirral PCT Board", "outcome": "halted-early",
            "grounds": "Responses repeated the known problems; enough evidence to model the options.",
        ])
        s.record("take-decision", on: "2011-07-14", by: actor, [
            "decision": "wirral-podiatry-2011", "programme": .string(podiatry), "body": .string(board),
            "title": "Model options for the diabetic podiatry pathway", "outcome": "approved", "serviceChange": "none",
            "membersPresent": DemoScript.list(members), "votes": allFor,
            "optionsConsidered": [
                ["option": "Model a single referral route and shared records within the existing contracts", "isChosen": true],
                ["option": "Tender the service"],
            ],
            "rationale": "The problems lie between providers, not in one contract: model a single referral route and shared records before deciding any change; tendering is not chosen.",
            "consultations": DemoScript.list(["wirral-podiatry-2011"]),
            "affectedOrganisations": DemoScript.list(["wirral-community-trust", "wirral-acute-trust"]),
            "approvedAmountPence": 2_000_000, "financialYear": "2011/12",
        ])
        s.stage(podiatry, .modelling, on: "2011-08-01", by: actor,
                note: "Modelling a single referral route and shared records across community and acute podiatry.",
                source: "002 Table 2 (stage: discussion, planning, modelling); day illustrative")
    }
}

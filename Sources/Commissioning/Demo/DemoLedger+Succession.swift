internal import DocketJSON

extension DemoLedger {
    /// April 2013: PCTs are abolished; the NHS Commissioning Board takes primary care and specialised
    /// commissioning, clinical commissioning groups the rest (000; 002 Background).
    static func succession(_ s: inout DemoScript) {
        let actor = "NHS transition team"
        let sites = [("calderdale", "Calderdale"), ("kirklees", "Kirklees"), ("somerset", "Somerset"), ("wirral", "Wirral")]
        s.organisation("nhs-commissioning-board", "NHS Commissioning Board (now NHS England)", .nhsCommissioningBoard, on: "2012-10-01",
                       by: actor, geography: "England",
                       source: "000 (the 2012 Act established the NHS Commissioning Board, \"now known as NHS England\"); day illustrative")
        for (slug, place) in sites {
            s.organisation("\(slug)-ccg", "\(place) CCG", .clinicalCommissioningGroup, on: "2013-04-01", by: actor, geography: place,
                           source: "002 Background (PCTs replaced by 211 GP-led CCGs in April 2013)")
        }
        for (slug, _) in sites {
            s.record("record-succession", on: "2013-04-01", by: actor, source: "002 Background; 000 (NHS England directly commissions primary care and specialised services)", [
                "organisation": .string("\(slug)-pct"), "successors": [.string("\(slug)-ccg"), "nhs-commissioning-board"],
                "functions": "PCT abolished; its commissioning divided between the CCG and the NHS Commissioning Board",
                "functionsBySuccessor": [
                    ["successor": .string("\(slug)-ccg"), "functions": "Planning and buying most local NHS services: community, mental health and hospital care"],
                    ["successor": "nhs-commissioning-board", "functions": "Primary care (the GP, dental, pharmacy and optometry contracts) and specialised services"],
                ],
            ])
        }
        for member in ["somerset-chair", "somerset-chief-executive", "somerset-finance-director", "somerset-gp-member-a", "somerset-gp-member-b", "somerset-lay-member"] {
            s.record("end-membership", on: "2013-03-31", by: actor, ["body": "somerset-pct-board", "member": .string(member)])
        }

        // Somerset CCG carries the diabetes service on.
        let somerset = "Corporate governance team, Somerset CCG"
        s.record("establish-body", on: "2013-04-01", by: somerset, [
            "body": "somerset-ccg-governing-body", "organisation": "somerset-ccg", "name": "Somerset CCG governing body",
            "kind": "governing-body",
        ])
        s.record("appoint-member", on: "2013-04-01", by: somerset, [
            "body": "somerset-ccg-governing-body", "member": "somerset-gp-member-a", "role": "GP member",
        ])
        s.record("appoint-member", on: "2013-04-01", by: somerset, [
            "body": "somerset-ccg-governing-body", "member": "somerset-finance-director", "role": "Chief finance officer",
        ])
        s.member("somerset-ccg-lay-member", "Lay member for governance, Somerset CCG", body: "somerset-ccg-governing-body", bodyRole: "Lay member", from: "2013-04-01", by: somerset)
        s.record("take-decision", on: "2013-06-13", by: somerset, [
            "decision": "somerset-diabetes-continue-2013", "programme": "somerset-diabetes-three-tier",
            "body": "somerset-ccg-governing-body", "title": "Continue the three-tier diabetes service",
            "outcome": "approved", "serviceChange": "continued",
            "membersPresent": DemoScript.list(["somerset-gp-member-a", "somerset-finance-director", "somerset-ccg-lay-member"]),
            "votes": DemoScript.votes([("somerset-gp-member-a", .voteFor), ("somerset-finance-director", .voteFor), ("somerset-ccg-lay-member", .voteFor)]),
            "rationale": "The service review showed progress towards its objectives.",
            "objectives": [
                DemoScript.objective("Patients with diabetes managed in community intermediate care", 60, "%", reviewBy: "2014-03-31"),
            ],
            "affectedOrganisations": DemoScript.list(["somerset-mental-health-trust"]),
            "approvedAmountPence": 125_000_000, "financialYear": "2013/14",
        ])
        s.allocation("somerset-diabetes-2013-14", on: "2013-06-14", by: somerset, payer: "somerset-ccg", payee: "somerset-mental-health-trust",
                     programme: "somerset-diabetes-three-tier", decision: "somerset-diabetes-continue-2013", pence: 125_000_000,
                     year: "2013/14", control: .real, mechanism: .blockContract, purpose: "Intermediate diabetes care")

        // Planted (illustrative): no review by the objectives' review date, though the contract moves on.
        s.record("give-notice", on: "2014-04-10", by: somerset, [
            "contract": "somerset-diabetes-intermediate-care", "intent": "variation", "effectiveOn": "2014-10-31",
            "terms": "Extend the contract by a year while the service is recommissioned.",
        ])

        // Wirral: notice given by the PCT before its abolition; the CCG decommissions the old community
        // podiatry service without a decision behind it (planted, illustrative).
        s.record("give-notice", on: "2013-03-01", by: "Corporate governance team, Wirral PCT", [
            "contract": "wirral-podiatry-community", "intent": "decommissioning", "effectiveOn": "2013-09-30",
            "terms": "Service to be replaced by an integrated diabetic foot pathway.",
        ])
        s.record("decommission-service", on: "2013-06-27", by: "Corporate governance team, Wirral CCG", [
            "contract": "wirral-podiatry-community", "effectiveOn": "2013-09-30",
            "grounds": "Pathway recommissioned as an integrated diabetic foot service.",
        ])
    }
}

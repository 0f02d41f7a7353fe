internal import DocketJSON

extension DemoLedger {
    /// Calderdale: the diabetes strategy, and the dementia review across Calderdale and Kirklees (the
    /// expansion to Kirklees belongs to this case study, 002 Table 1–2), whose decision relied on a
    /// consultation still open (planted: decision-relies-on-open-consultation). Both stay at discussion
    /// and planning, where the study left them.
    static func calderdale(_ s: inout DemoScript) {
        let actor = "Corporate governance team, Calderdale PCT"
        s.organisation("calderdale-pct", "Calderdale PCT", .primaryCareTrust, on: "2002-04-01", by: actor, population: 202_741, geography: "Calderdale")
        s.organisation("kirklees-pct", "Kirklees PCT", .primaryCareTrust, on: "2002-04-01", by: actor, geography: "Kirklees")
        s.organisation("calderdale-acute-trust", "Calderdale local acute trust (also provides community health services)", .acuteTrust, on: "2002-04-01", by: actor, foundationTrust: true,
                       source: "002 Table 1 (community services from the local acute trust; no PCT provider arm); day illustrative")
        s.organisation("kirklees-acute-trust", "Kirklees local acute trust", .acuteTrust, on: "2002-04-01", by: actor)
        s.organisation("calderdale-mental-health-trust", "Calderdale and Kirklees mental health trust", .mentalHealthTrust, on: "2002-04-01", by: actor, foundationTrust: true)
        s.organisation("calderdale-gp-practice-a", "Calderdale GP practice A", .gpPractice, on: "2002-04-01", by: actor)
        s.organisation("calderdale-dementia-charity", "Calderdale dementia carers' network (third sector)", .thirdSectorProvider, on: "2005-01-01", by: actor)
        s.organisation("calderdale-joint-commissioning", "Calderdale Council joint commissioning unit", .localAuthorityJointCommissioning, on: "2008-04-01", by: actor, geography: "Calderdale")

        s.record("establish-body", on: "2002-04-01", by: actor, [
            "body": "calderdale-pct-board", "organisation": "calderdale-pct", "name": "Calderdale PCT Board", "kind": "board",
        ])
        s.member("calderdale-chair", "Chair, Calderdale PCT Board", body: "calderdale-pct-board", bodyRole: "Chair", from: "2008-04-01", by: actor)
        s.member("calderdale-finance-director", "Director of finance, Calderdale PCT", body: "calderdale-pct-board", bodyRole: "Director of finance", from: "2008-04-01", by: actor)
        s.member("calderdale-gp-member", "GP board member, Calderdale PCT", body: "calderdale-pct-board", bodyRole: "GP member", from: "2008-04-01", by: actor)
        s.member("calderdale-lay-member", "Lay member, Calderdale PCT", body: "calderdale-pct-board", bodyRole: "Lay member", from: "2008-04-01", by: actor)

        // Development 1: strategic plan for diabetes services.
        s.record("launch-programme", on: "2010-11-01", by: actor, source: "002 Table 2 (Calderdale diabetes); day illustrative", [
            "programme": "calderdale-diabetes-strategy", "commissioner": "calderdale-pct",
            "title": "A strategic plan for diabetes services", "serviceArea": "diabetes", "geography": "Calderdale",
            "trigger": "strategic-plan",
            "description": "Review of provision of diabetes care and discussion of strategic remodelling of the service.",
        ])
        s.stage("calderdale-diabetes-strategy", .needsAssessment, on: "2010-11-15", by: actor)
        s.stage("calderdale-diabetes-strategy", .discussionAndPlanning, on: "2010-12-01", by: actor,
                note: "Review of provision and discussion of strategic remodelling.", source: "002 Table 2 (stage: discussion and planning); day illustrative")
        s.record("open-consultation", on: "2011-01-10", by: actor, [
            "consultation": "calderdale-diabetes-engagement-2011", "programme": "calderdale-diabetes-strategy",
            "title": "Diabetes services in Calderdale: engagement", "isStatutory": false,
            "audience": "People with diabetes, carers, GPs and providers in Calderdale", "plannedCloseOn": "2011-03-31",
        ])
        s.response("calderdale-diabetes-engagement-2011", on: "2011-01-24", by: actor, .patient, .support,
                   "Wants more care closer to home and one point of contact.", name: "Resident A (invented)")
        s.response("calderdale-diabetes-engagement-2011", on: "2011-02-07", by: actor, .gp, .mixed,
                   "Supports remodelling but warns that practices lack capacity for more complex patients.")
        s.response("calderdale-diabetes-engagement-2011", on: "2011-02-21", by: actor, .provider, .neutral,
                   "The acute trust asks for the strategic vision to be settled before services change.")
        s.record("close-consultation", on: "2011-03-31", by: actor, [
            "consultation": "calderdale-diabetes-engagement-2011", "closedBy": "Director of commissioning, Calderdale PCT",
            "outcome": "completed",
        ])
        s.stage("calderdale-diabetes-strategy", .prioritySetting, on: "2011-04-01", by: actor)
        s.record("propose-decision", on: "2011-05-12", by: actor, [
            "decision": "calderdale-diabetes-plan-2011", "programme": "calderdale-diabetes-strategy",
            "body": "calderdale-pct-board", "title": "Adopt the strategic plan for diabetes services",
            "proposal": "Adopt the plan and fund a year of option appraisal for remodelling.", "proposedAmountPence": 15_000_000,
        ])
        s.record("take-decision", on: "2011-06-09", by: actor, [
            "decision": "calderdale-diabetes-plan-2011", "programme": "calderdale-diabetes-strategy",
            "body": "calderdale-pct-board", "title": "Adopt the strategic plan for diabetes services",
            "outcome": "approved", "serviceChange": "continued",
            "membersPresent": DemoScript.list(["calderdale-chair", "calderdale-finance-director", "calderdale-gp-member", "calderdale-lay-member"]),
            "votes": DemoScript.votes([("calderdale-chair", .voteFor), ("calderdale-finance-director", .voteFor), ("calderdale-gp-member", .voteFor), ("calderdale-lay-member", .voteFor)]),
            "optionsConsidered": [["option": "Adopt the plan and appraise remodelling options", "isChosen": true], ["option": "Keep the current model"]],
            "rationale": "The strategic vision is still under debate; the plan buys a year of appraisal before services change.",
            "evidence": DemoScript.list(["Review of current diabetes provision", "National benchmarking of diabetes spend"]),
            "consultations": DemoScript.list(["calderdale-diabetes-engagement-2011"]),
            "objectives": [DemoScript.objective("People with diabetes receiving all annual care processes", 60, "%", reviewBy: "2012-06-30")],
            "affectedOrganisations": DemoScript.list(["calderdale-acute-trust", "calderdale-gp-practice-a"]),
            "approvedAmountPence": 15_000_000, "financialYear": "2011/12",
        ])
        s.allocation("calderdale-diabetes-appraisal-2011-12", on: "2011-06-30", by: actor, payer: "calderdale-pct",
                     programme: "calderdale-diabetes-strategy", decision: "calderdale-diabetes-plan-2011", pence: 12_000_000,
                     year: "2011/12", control: .real, mechanism: .blockContract, purpose: "Option appraisal for remodelling diabetes care")

        // Development 2: strategic review of dementia care across Calderdale and Kirklees.
        s.record("establish-body", on: "2011-01-04", by: actor, [
            "body": "calderdale-kirklees-dementia-committee", "organisation": "calderdale-pct",
            "name": "Calderdale and Kirklees dementia joint committee", "kind": "joint-committee",
        ])
        s.member("calderdale-director-commissioning", "Director of commissioning, Calderdale PCT", body: "calderdale-kirklees-dementia-committee", bodyRole: "Co-chair", from: "2011-01-04", by: actor)
        s.member("kirklees-director-commissioning", "Director of commissioning, Kirklees PCT", body: "calderdale-kirklees-dementia-committee", bodyRole: "Co-chair", from: "2011-01-04", by: actor)
        s.member("calderdale-social-care-commissioner", "Head of adult social care commissioning, Calderdale Council", body: "calderdale-kirklees-dementia-committee", bodyRole: "Local authority member", from: "2011-01-04", by: actor)
        s.record("appoint-member", on: "2011-01-04", by: actor, [
            "body": "calderdale-kirklees-dementia-committee", "member": "calderdale-gp-member", "role": "Clinical lead",
        ])
        s.record("launch-programme", on: "2011-01-17", by: actor, source: "002 Table 2 (Calderdale and Kirklees dementia review); 002 (unclear which area it covered); day illustrative", [
            "programme": "calderdale-dementia-review", "commissioner": "calderdale-pct",
            "title": "A strategic review of dementia care", "serviceArea": "dementia",
            "geography": "Calderdale and Kirklees (which area the initiative covered was unclear)",
            "trigger": "strategic-plan",
            "triggerNote": "A 'transformational review' across two PCT areas, including NHS services, social care and third-sector provision.",
            "description": "Emphasis on early intervention and supporting independence.",
        ])
        s.stage("calderdale-dementia-review", .needsAssessment, on: "2011-02-01", by: actor,
                note: "Staff from the mental health trust convened a series of planning workshops.")
        s.stage("calderdale-dementia-review", .discussionAndPlanning, on: "2011-02-01", by: actor,
                note: "A transformational review across Calderdale and Kirklees.", source: "002 Table 2 (stage: discussion and planning); day illustrative")
        s.record("open-consultation", on: "2011-06-01", by: actor, [
            "consultation": "calderdale-dementia-review-2011", "programme": "calderdale-dementia-review",
            "title": "Dementia care in Calderdale and Kirklees", "isStatutory": false,
            "audience": "People with dementia, carers, the voluntary sector and both councils",
            "plannedCloseOn": "2011-09-30", "conductedBy": "calderdale-mental-health-trust",
        ])
        s.response("calderdale-dementia-review-2011", on: "2011-06-20", by: actor, .carer, .support,
                   "Early diagnosis matters most; support after diagnosis is thin.", name: "Carer A (invented)")
        s.response("calderdale-dementia-review-2011", on: "2011-07-04", by: actor, .voluntarySector, .support,
                   "Third-sector services could do more of the post-diagnosis support.")
        let scrutiny = s.response("calderdale-dementia-review-2011", on: "2011-07-28", by: actor, .overviewAndScrutinyCommittee, .mixed,
                                  "The committee asks which council area the review covers.")
        s.response("calderdale-dementia-review-2011", on: "2011-08-15", by: actor, .localAuthority, .support,
                   "Social care supports joint commissioning through a pooled budget.")
        s.response("calderdale-dementia-review-2011", on: "2011-09-02", by: actor, .publicMember, .oppose,
                   "Fears that day centres will close.")
        // Planted: the committee decided two weeks before the consultation closed.
        s.record("take-decision", on: "2011-09-15", by: actor, [
            "decision": "calderdale-dementia-priorities-2011", "programme": "calderdale-dementia-review",
            "body": "calderdale-kirklees-dementia-committee", "title": "Priorities for dementia care",
            "outcome": "approved", "serviceChange": "none",
            "membersPresent": DemoScript.list(["calderdale-director-commissioning", "kirklees-director-commissioning", "calderdale-social-care-commissioner", "calderdale-gp-member"]),
            "votes": DemoScript.votes([("calderdale-director-commissioning", .voteFor), ("kirklees-director-commissioning", .voteFor), ("calderdale-social-care-commissioner", .voteFor), ("calderdale-gp-member", .voteFor)]),
            "optionsConsidered": [["option": "Prioritise early intervention and independence", "isChosen": true], ["option": "Prioritise residential and hospital capacity"]],
            "rationale": "Emphasis on early intervention and supporting independence.",
            "evidence": DemoScript.list(["Planning workshop reports", "Consultation responses received so far"]),
            "consultations": DemoScript.list(["calderdale-dementia-review-2011"]),
            "affectedOrganisations": DemoScript.list(["calderdale-mental-health-trust", "calderdale-acute-trust", "kirklees-acute-trust", "calderdale-dementia-charity"]),
        ])
        s.record("close-consultation", on: "2011-10-14", by: actor, [
            "consultation": "calderdale-dementia-review-2011", "closedBy": "Calderdale and Kirklees dementia joint committee",
            "outcome": "completed",
        ])
        s.record("correct-event", on: "2011-10-20", by: actor, authority: "Corporate governance team, Calderdale PCT",
                 reason: "Summary mis-transcribed from the committee's letter", [
                    "stream": "consultation-calderdale-dementia-review-2011", "event": .string(scrutiny.uuidString.lowercased()),
                    "changes": ["summary": "The overview and scrutiny committee asks which council area, Calderdale or Kirklees, the review covers."],
                 ])
        s.stage("calderdale-dementia-review", .prioritySetting, on: "2011-10-20", by: actor)
        s.allocation("calderdale-dementia-pooled-2012-13", on: "2012-03-15", by: actor, payer: "calderdale-joint-commissioning",
                     programme: "calderdale-dementia-review", pence: 25_000_000, year: "2012/13", control: .pooled,
                     mechanism: .blockContract, purpose: "Pooled health and social care budget for early-intervention priorities")
    }
}

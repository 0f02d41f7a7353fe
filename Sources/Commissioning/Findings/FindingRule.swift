/// A governance rule whose breaches the ledger accepts and reports as findings.
public struct FindingRule: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// A stable kebab-case id, e.g. "decision-relies-on-open-consultation".
    public let id: String
    public let title: String
    /// What triggers the finding, precisely.
    public let explanation: String
    /// Where the expectation comes from in the sources (domain.md tags).
    public let source: String
    /// Why an auditor should care, in a sentence or two.
    public let whyItMatters: String

    public var description: String { id }

    init(id: String, title: String, explanation: String, source: String, whyItMatters: String) {
        self.id = id
        self.title = title
        self.explanation = explanation
        self.source = source
        self.whyItMatters = whyItMatters
    }

    /// The source with each report tag spelled out: "004 §4.4" → "004 (Nuffield Trust and The King's
    /// Fund, *Where next for commissioning in the English NHS?*, 2010) §4.4".
    public var citation: String {
        source.components(separatedBy: "; ").map { part in
            let tag = String(part.prefix(3))
            if let title = Self.reports[tag] { return tag + " (" + title + ")" + part.dropFirst(3) }
            if part.hasPrefix("domain.md") { return "Docket's domain reference (domain.md)" + part.dropFirst("domain.md".count) }
            return part
        }.joined(separator: "; ")
    }

    /// The five reports the domain reference draws on, by tag (domain.md).
    public static let reports: [String: String] = [
        "000": "interviews on commissioning's future, c. 2017",
        "001": "The King's Fund blog on strategic commissioning, with reader comments",
        "002": "Nuffield Trust, Commissioning high-quality care for people with long-term conditions, March 2013",
        "003": "an ICS-era extract on strategic commissioning",
        "004": "Nuffield Trust and The King's Fund, Where next for commissioning in the English NHS?, 2010",
    ]

    public static let decisionReliesOnOpenConsultation = FindingRule(
        id: "decision-relies-on-open-consultation",
        title: "Decision relied on a consultation that was not closed",
        explanation: "A taken decision lists a consultation it relied on, and that consultation had no closure dated on or before the day of the decision. A closure recorded later but dated before the decision does not trigger it; a closure dated after the decision does.",
        source: "004 §4.6; 002 Implications (knowing when to stop consulting)",
        whyItMatters: "A body that decides before the consultation closes cannot have weighed every response; the consultation becomes the \"ritual\" the sources describe, and where consultation was a statutory duty the decision is open to challenge."
    )

    public static let interestedMemberVoted = FindingRule(
        id: "interested-member-voted",
        title: "Member with a declared interest voted without recusing",
        explanation: "A member cast a vote (for, against or abstain) on a decision that lists, among its affected organisations, an organisation in which the member had a declared interest (financial, non-financial or indirect) covering the day of the decision. Interests declared after the decision count if their period covers it. Members who recused cannot vote, so every such vote is a missing recusal.",
        source: "004 §4.10, §6; 002 (conflicts of interest)",
        whyItMatters: "A member with an interest in an organisation the decision affects should withdraw; a vote cast instead is the conflict of interest the sources call \"inherent\" when clinicians both commission and provide."
    )

    public static let serviceWithoutObjectives = FindingRule(
        id: "service-without-measurable-objectives",
        title: "New or recommissioned service without measurable objectives",
        explanation: "An approved decision whose service change is new or recommissioned has no objectives (metric, target, review date), counting later revisions: a revision that supplies objectives clears it, one that empties them raises it. Rescinded decisions are not checked.",
        source: "002 Table 3 #8",
        whyItMatters: "Without specific, measurable objectives a service cannot later be reviewed against what it was commissioned to achieve; documented objectives are one of the sources' marks of effective commissioning."
    )

    public static let shortNotice = FindingRule(
        id: "less-than-six-months-notice",
        title: "Contract change or decommissioning with less than six months' notice",
        explanation: "A contract variation, termination or decommissioning takes effect less than six calendar months after the earliest matching notice (variation for variations; termination or decommissioning for the other two), or with no matching notice at all.",
        source: "004 §4.4 (\"give six months' notice to any change to a contract\")",
        whyItMatters: "Commissioners had to give six months' notice of any change to a contract; a shorter notice exposes the change to challenge by the provider and leaves it little time to adapt."
    )

    public static let serviceBeforeContract = FindingRule(
        id: "service-operating-before-contract",
        title: "Service operating before its contract was agreed",
        explanation: "A service commenced before the day its contract was agreed: the contract it names, or else the earliest contract of the same programme with the same provider. A service with no such contract anywhere in the ledger is reported too. When the commencement names an existing contract that covered the service meanwhile (coveredBy), the finding says so, as the source does.",
        source: "002 (Somerset early supported discharge ran for months before the contract was agreed)",
        whyItMatters: "Patients were treated and money spent before a contract set the terms, specification and performance framework; the sources found it happening and an auditor should see for how long, and under what cover."
    )

    public static let allocationExceedsDecision = FindingRule(
        id: "allocation-exceeds-decided-amount",
        title: "Allocations exceed the amount decided",
        explanation: "The allocations made under a decision (their current amounts, leaving out withdrawn ones) add up to more than the decision's approved amount as last revised. A rejected or rescinded decision decides nothing, so any allocation still standing under it exceeds it. Decisions without an approved amount are not checked.",
        source: "domain.md Part A.4; 004 §4.4 (break even)",
        whyItMatters: "Money committed beyond what the accountable body decided has no decision behind it; commissioners had to break even every year."
    )

    public static let objectiveReviewOverdue = FindingRule(
        id: "objective-review-overdue",
        title: "Objectives' review date passed with no review recorded",
        explanation: "An approved decision (not rescinded) set objectives, as last revised, whose earliest review date has passed without any review (review-service) of a contract of the decision's programme dated on or after the decision. \"Passed\" is judged by the ledger's own record: some event of the programme's contracts (award, notice, variation, termination, decommissioning) is dated after the review date. A review recorded late, after the review date, clears it.",
        source: "002 Table 3 #4, #9; 002 (commissioners \"reluctant to set out hard plans and timetables for evaluating\")",
        whyItMatters: "Objectives matter only if someone checks them: the sources found commissioners reluctant to evaluate, and call for a programme of review and public reports of what was found and done."
    )

    public static let continuedDespiteUnmetObjectives = FindingRule(
        id: "service-continued-despite-unmet-objectives",
        title: "Service continued after a review found objectives unmet, with no rationale recorded",
        explanation: "An approved decision whose service change is continued was taken on or after a review of a contract of the same programme, the latest such review found at least one objective unmet, and the decision records no unmetObjectivesRationale.",
        source: "002 Table 3 #4, #9 (review informing recommissioning)",
        whyItMatters: "A review that finds targets missed should inform what is commissioned next; continuing unchanged without saying why leaves the review without consequence and the money without justification."
    )

    public static let interestedMemberAtConsensus = FindingRule(
        id: "interested-member-present-at-consensus",
        title: "Member with a declared interest present at a decision taken by consensus",
        explanation: "A decision was taken without any recorded vote (by consensus), and a member present who did not recuse held a declared interest, covering the day of the decision, in one of its affected organisations. Interests declared later count if their period covers the day.",
        source: "004 §4.10, §6; 002 (conflicts of interest)",
        whyItMatters: "Without a recorded vote no one can tell whether the interested member swayed the decision; a member with an interest should withdraw, and the minutes should show it."
    )

    public static let decommissionedWithoutDecision = FindingRule(
        id: "service-decommissioned-without-decision",
        title: "Service decommissioned with no decision behind it",
        explanation: "A service was decommissioned (decommission-service) naming no decision, or naming one that is not an approved, standing decision to decommission a service.",
        source: "004 §4.4; 004 §3 (decisions on investment and disinvestment are the PCT's)",
        whyItMatters: "Decommissioning withdraws a service from patients and displaces activity elsewhere; the accountable body should have decided it, and the ledger should show which decision did."
    )

    public static let contractsExceedDecidedAmount = FindingRule(
        id: "contracts-exceed-decided-amount",
        title: "Contracts under a decision worth more than the amount decided",
        explanation: "The contracts awarded under a decision (their values as last varied) add up to more than the decision's approved amount as last revised. Only decisions whose amount is a total are checked: an amount for one financial year cannot be compared with a contract's whole value.",
        source: "domain.md Part A.4; 004 §4.4 (break even)",
        whyItMatters: "A contract commits money for its whole term; signing for more than the body approved commits the commissioner beyond its authority."
    )

    public static let consultationHaltedWithoutGrounds = FindingRule(
        id: "consultation-halted-without-grounds",
        title: "Consultation halted early without stated grounds",
        explanation: "A consultation was closed with outcome halted-early and no grounds.",
        source: "002 Implications (\"the circumstances under which they will exert their right to halt\" consultation)",
        whyItMatters: "Commissioners may stop consulting and decide, but the sources ask them to explain when and why; a halt without grounds looks like cutting short the people consulted."
    )

    public static let significantChangeWithoutStatutoryConsultation = FindingRule(
        id: "significant-change-without-statutory-consultation",
        title: "Significant change in services without a statutory consultation",
        explanation: "An approved decision (not rescinded) recorded as a significant change in services (isSignificantChange) relied on no statutory consultation.",
        source: "004 §4.6 (\"a statutory duty to consult\" on significant change)",
        whyItMatters: "Significant change is the one kind of commissioning decision with a statutory duty to consult; without it the decision is open to challenge and the public had no say."
    )

    /// Every rule, in the order findings are documented.
    public static let all: [FindingRule] = [
        .decisionReliesOnOpenConsultation, .interestedMemberVoted, .serviceWithoutObjectives, .shortNotice,
        .serviceBeforeContract, .allocationExceedsDecision, .objectiveReviewOverdue, .continuedDespiteUnmetObjectives,
        .interestedMemberAtConsensus, .decommissionedWithoutDecision, .contractsExceedDecidedAmount,
        .consultationHaltedWithoutGrounds, .significantChangeWithoutStatutoryConsultation,
    ]
}

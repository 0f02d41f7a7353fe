// The small closed vocabularies of the domain, one enum each. Spellings are the wire format:
// renaming a case is a schema change.

/// Kinds of decision-making body.
public enum BodyKind: String, DomainTerm {
    case board
    case governingBody = "governing-body"
    case committee
    case professionalExecutiveCommittee = "professional-executive-committee"
    case jointCommittee = "joint-committee"
    case healthAndWellbeingBoard = "health-and-wellbeing-board"
    case panel
}

/// Declared interests, as conflict-of-interest registers class them.
public enum InterestKind: String, DomainTerm {
    case financial
    case nonFinancial = "non-financial"
    case indirect
}

/// Stages of the commissioning cycle (domain.md B2.1). Programmes may enter them in any order and
/// more than once: practice runs them "in parallel rather than sequentially".
public enum ProgrammeStage: String, DomainTerm {
    case needsAssessment = "needs-assessment"
    case prioritySetting = "priority-setting"
    case serviceSpecification = "service-specification"
    case procurement
    case contract
    case monitoring
    case review
    case decommissioning
    /// The stages the Nuffield Trust study reported developments at (002 Table 2).
    case discussionAndPlanning = "discussion-and-planning"
    case modelling
    case commencedOperation = "commenced-operation"
}

/// What set a programme going (domain.md B2.2–B2.3).
public enum ProgrammeTrigger: String, DomainTerm {
    case demandMapping = "demand-mapping"
    case qualityAssessment = "quality-assessment"
    /// A Department of Health "must do".
    case nationalDirective = "national-directive"
    /// A NICE "should do".
    case niceGuidance = "nice-guidance"
    /// A "could do", e.g. from a charity.
    case voluntarySectorAdvice = "voluntary-sector-advice"
    /// Reactive commissioning, e.g. long-standing operational problems.
    case operationalProblem = "operational-problem"
    case strategicPlan = "strategic-plan"
    case other
}

/// Who responded to a consultation.
public enum RespondentCategory: String, DomainTerm {
    case patient
    case carer
    case publicMember = "public"
    case gp
    case provider
    case localAuthority = "local-authority"
    case voluntarySector = "voluntary-sector"
    case healthwatch
    case healthAndWellbeingBoard = "health-and-wellbeing-board"
    case overviewAndScrutinyCommittee = "overview-and-scrutiny-committee"
}

/// A response's position on the proposal.
public enum Stance: String, DomainTerm {
    case support
    case oppose
    case mixed
    case neutral
}

/// How a consultation ended.
public enum ConsultationOutcome: String, DomainTerm {
    case completed
    /// Halted (or shortened) before its planned close, to "make a decision and move to procurement".
    case haltedEarly = "halted-early"
}

/// What a decision body resolved.
public enum DecisionOutcome: String, DomainTerm {
    case approved
    case rejected
    case deferred
}

/// What a decision does to services; new and recommissioned services need measurable objectives
/// (002 Table 3 #8).
public enum ServiceChange: String, DomainTerm {
    case new
    case recommissioned
    case continued
    case decommissioned
    case none
}

/// A member's recorded vote.
public enum Vote: String, DomainTerm {
    case voteFor = "for"
    case against
    case abstain
}

/// How firmly money is held (domain.md Part A.4).
public enum BudgetControl: String, DomainTerm {
    case real
    /// Indicative or notional: the financial risk stays with the PCT.
    case indicative
    case pooled
    case delegated
}

/// How the money is paid (domain.md Part A.4, B3.3).
public enum PaymentMechanism: String, DomainTerm {
    case blockContract = "block-contract"
    case paymentByResults = "payment-by-results"
    case capitated
    case outcomeBased = "outcome-based"
    case costAndVolume = "cost-and-volume"
    case personalHealthBudget = "personal-health-budget"
    case alliance
    case leadProvider = "lead-provider"
}

/// How a contract was let.
public enum ProcurementRoute: String, DomainTerm {
    case competitiveTender = "competitive-tender"
    case anyQualifiedProvider = "any-qualified-provider"
    case directAward = "direct-award"
    case leadProvider = "lead-provider"
    case framework
}

/// What a contract notice announces.
public enum NoticeIntent: String, DomainTerm {
    case variation
    case termination
    case decommissioning
}

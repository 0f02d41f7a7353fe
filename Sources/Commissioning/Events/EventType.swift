/// Every event type the domain writes. The raw value is the type's name in the log.
public enum EventType: String, Sendable, CaseIterable, Hashable {
    case organisationRegistered = "OrganisationRegistered"
    case organisationSucceeded = "OrganisationSucceeded"
    case decisionBodyEstablished = "DecisionBodyEstablished"
    case memberAppointed = "MemberAppointed"
    case membershipEnded = "MembershipEnded"
    case memberRegistered = "MemberRegistered"
    case interestDeclared = "InterestDeclared"
    case interestEnded = "InterestEnded"
    case programmeLaunched = "ProgrammeLaunched"
    case programmeStageEntered = "ProgrammeStageEntered"
    case serviceCommenced = "ServiceCommenced"
    case consultationOpened = "ConsultationOpened"
    case consultationResponseReceived = "ConsultationResponseReceived"
    case consultationClosed = "ConsultationClosed"
    case decisionProposed = "DecisionProposed"
    case decisionTaken = "DecisionTaken"
    case decisionRevised = "DecisionRevised"
    case decisionRescinded = "DecisionRescinded"
    case allocationMade = "AllocationMade"
    case allocationAdjusted = "AllocationAdjusted"
    case allocationWithdrawn = "AllocationWithdrawn"
    case contractAwarded = "ContractAwarded"
    case contractNoticeGiven = "ContractNoticeGiven"
    case contractVaried = "ContractVaried"
    case contractTerminated = "ContractTerminated"
    case serviceDecommissioned = "ServiceDecommissioned"
    case serviceReviewed = "ServiceReviewed"
    case eventCorrected = "EventCorrected"
    case eventRetracted = "EventRetracted"

    /// The schema version this build writes and reads. Bump it when a payload changes shape, and
    /// teach `CommissioningState.apply` and `FindingsDetector` to read every older version.
    public var schemaVersion: Int { 1 }

    /// The kind of stream the event lives in; nil for corrections and retractions, which go to the
    /// stream of the event they name.
    public var streamKind: StreamKind? {
        switch self {
        case .organisationRegistered, .organisationSucceeded: .organisation
        case .decisionBodyEstablished, .memberAppointed, .membershipEnded: .body
        case .memberRegistered, .interestDeclared, .interestEnded: .member
        case .programmeLaunched, .programmeStageEntered, .serviceCommenced: .programme
        case .consultationOpened, .consultationResponseReceived, .consultationClosed: .consultation
        case .decisionProposed, .decisionTaken, .decisionRevised, .decisionRescinded: .decision
        case .allocationMade, .allocationAdjusted, .allocationWithdrawn: .allocation
        case .contractAwarded, .contractNoticeGiven, .contractVaried, .contractTerminated,
             .serviceDecommissioned, .serviceReviewed:
            .contract
        case .eventCorrected, .eventRetracted: nil
        }
    }

    /// Whether the event brings its aggregate into being. Retracting it retracts the aggregate.
    public var createsAggregate: Bool {
        switch self {
        case .organisationRegistered, .decisionBodyEstablished, .memberRegistered, .programmeLaunched,
             .consultationOpened, .allocationMade, .contractAwarded:
            true
        default:
            false
        }
    }
}

import Foundation

/// One event of a stream, as the state remembers it: enough for corrections and retractions to name it.
struct EventEntry: Sendable {
    let id: UUID
    let type: EventType
    var isRetracted = false
}

/// What every aggregate's state has: its stream's events and whether its creation was retracted.
///
/// Each aggregate keeps its own stream's event ids rather than the state keeping a global index: the
/// aggregate is looked up anyway, so recording an event costs an append, not another hash-table insert.
protocol AggregateState: Sendable {
    static var kind: StreamKind { get }
    /// The stream's events in version order.
    var history: [EventEntry] { get set }
    /// True once the event that created the aggregate is retracted: it then counts as not existing
    /// for new references, and its id cannot be reused.
    var isRetracted: Bool { get }
}

extension AggregateState {
    /// The version of the stream's last event.
    var version: Int64 { Int64(history.count) }
}

struct OrganisationState: AggregateState {
    static let kind = StreamKind.organisation
    var history: [EventEntry]
    var isRetracted = false
    let kind: OrganisationKind
    let registeredOn: Day
    var succession: (event: UUID, on: Day)?
}

struct BodyState: AggregateState {
    static let kind = StreamKind.body
    var history: [EventEntry]
    var isRetracted = false
    let organisation: String
    /// Each member's periods of membership, in order.
    var memberships: [String: [MembershipPeriod]] = [:]

    struct MembershipPeriod: Sendable {
        let appointedBy: UUID
        let from: Day
        var until: Day?
        var endedBy: UUID?
    }

    func openPeriod(of member: String) -> MembershipPeriod? {
        memberships[member]?.last { $0.until == nil }
    }

    func isServing(_ member: String, on day: Day) -> Bool {
        guard let periods = memberships[member] else { return false }
        return periods.contains { $0.from <= day && ($0.until.map { day <= $0 } ?? true) }
    }
}

struct MemberState: AggregateState {
    static let kind = StreamKind.member
    var history: [EventEntry]
    var isRetracted = false
    var interests: [String: Interest] = [:]

    struct Interest: Sendable {
        let declaredBy: UUID
        let organisation: String
        let from: Day
        /// The end date the declaration gave.
        let declaredTo: Day?
        var endedBy: UUID?
        var endedOn: Day?

        var to: Day? { endedOn ?? declaredTo }
    }
}

struct ProgrammeState: AggregateState {
    static let kind = StreamKind.programme
    var history: [EventEntry]
    var isRetracted = false
    let commissioner: String
    let launchedOn: Day
}

struct ConsultationState: AggregateState {
    static let kind = StreamKind.consultation
    var history: [EventEntry]
    var isRetracted = false
    let programme: String
    let openedOn: Day
    let plannedCloseOn: Day
    var responses = 0
    var closure: (event: UUID, on: Day)?
}

struct DecisionState: AggregateState {
    static let kind = StreamKind.decision
    var history: [EventEntry]
    var programme: String
    var body: String
    var proposal: (event: UUID, on: Day)?
    var taken: Taken?
    var revisions: [(event: UUID, on: Day, approvedAmount: Int64?)] = []
    var rescission: (event: UUID, on: Day)?

    struct Taken: Sendable {
        let event: UUID
        let on: Day
        let outcome: DecisionOutcome
        let approvedAmount: Int64?
    }

    /// A decision exists while its proposal or its taking stands.
    var isRetracted: Bool { proposal == nil && taken == nil }
}

struct AllocationState: AggregateState {
    static let kind = StreamKind.allocation
    var history: [EventEntry]
    var isRetracted = false
    let madeOn: Day
    let amount: Int64
    var adjustments: [(event: UUID, amount: Int64)] = []
    var withdrawal: (event: UUID, on: Day)?

    var currentAmount: Int64 { adjustments.last?.amount ?? amount }
}

struct ContractState: AggregateState {
    static let kind = StreamKind.contract
    var history: [EventEntry]
    var isRetracted = false
    let programme: String
    let provider: String
    let awardedOn: Day
    let startOn: Day
    let endOn: Day
    var variations: [(event: UUID, endOn: Day?)] = []
    var ending: (event: UUID, type: EventType, on: Day)?

    var currentEndOn: Day { variations.last { $0.endOn != nil }?.endOn ?? endOn }
}


import Foundation
internal import DocketJSON

/// Derives governance findings from the log.
///
/// Feed it every event in log order with `observe(_:)`; read `findings` at any point for the findings
/// of the ledger as it stood after the last event observed. Observing is O(1) per event; computing
/// the findings is O(events observed). Retracted events, and every event of an aggregate whose
/// creating event was retracted, are left out. Corrections change only descriptive fields, which no
/// rule reads, so they are ignored. The result is deterministic for a given log.
public struct FindingsDetector: Sendable {
    typealias Ref = Finding.EventReference

    struct Taking: Sendable {
        let ref: Ref
        let day: Day
        let body: String
        let programme: String
        let outcome: DecisionOutcome
        let serviceChange: ServiceChange
        let consultations: [String]
        let membersPresent: [String]
        let recusals: [String]
        let votes: [(member: String, vote: String)]
        let affected: [String]
        let objectiveCount: Int
        /// The objectives' review dates.
        let reviewDates: [Day]
        let amount: Int64?
        /// Whether the amount is for one financial year rather than the total decided.
        let isAnnualAmount: Bool
        let isSignificantChange: Bool
        let hasUnmetObjectivesRationale: Bool
    }

    struct Revision: Sendable {
        let ref: Ref
        let day: Day
        let objectiveCount: Int?
        let reviewDates: [Day]?
        let amount: Int64?
    }

    struct DecisionFacts: Sendable {
        var takings: [Taking] = []
        var revisions: [Revision] = []
        var rescissions: [(ref: Ref, day: Day)] = []
    }

    struct ConsultationFacts: Sendable {
        let opened: Ref
        let isStatutory: Bool
        var closures: [Closure] = []
    }

    struct Closure: Sendable {
        let ref: Ref
        let day: Day
        let isHaltedEarly: Bool
        let hasGrounds: Bool
        let closedBy: String
    }

    struct InterestFacts: Sendable {
        let ref: Ref
        let interest: String
        let kind: String
        let organisation: String
        let from: Day
        let to: Day?
        var endings: [(ref: Ref, day: Day)] = []
    }

    struct ContractFacts: Sendable {
        let awarded: Ref
        let awardedOn: Day
        let programme: String
        let provider: String
        let decision: String?
        let value: Int64
        var notices: [(ref: Ref, day: Day, intent: NoticeIntent)] = []
        var changes: [Change] = []
        var reviews: [(ref: Ref, day: Day, isAnyUnmet: Bool)] = []
    }

    /// A variation, termination or decommissioning.
    struct Change: Sendable {
        let ref: Ref
        let day: Day
        let effectiveOn: Day
        let value: Int64?
        /// The decision a decommissioning names.
        let decision: String?
    }

    struct Commencement: Sendable {
        let ref: Ref
        let day: Day
        let programme: String
        let provider: String
        let contract: String?
        /// The existing contract that covered the service meanwhile, if recorded.
        let coveredBy: String?
    }

    struct AllocationFacts: Sendable {
        let made: Ref
        let decision: String?
        let amount: Int64
        var adjustments: [(ref: Ref, amount: Int64)] = []
        var withdrawals: [Ref] = []
    }

    /// An event named by the stream it is in, as a retraction names it: a retraction counts only for an
    /// event of its own stream, as the projections' refold applies it.
    struct StreamEvent: Hashable, Sendable {
        let stream: String
        let id: UUID
    }

    var retracted: Set<StreamEvent> = []
    /// The events that created an aggregate, and the streams of aggregates whose creating event was
    /// retracted. (Events, not a map by stream: this is the detector's one entry for every aggregate.)
    var creators: Set<StreamEvent> = []
    var retractedAggregates: Set<String> = []
    var decisions: [String: DecisionFacts] = [:]
    var consultations: [String: ConsultationFacts] = [:]
    var interests: [String: [InterestFacts]] = [:]
    var contracts: [String: ContractFacts] = [:]
    var commencements: [Commencement] = []
    var allocations: [String: AllocationFacts] = [:]

    /// Events the detector could not read (unknown type, newer schema, malformed payload), with why.
    public private(set) var unreadable: [(event: Finding.EventReference, reason: String)] = []

    public init() {}

    /// Takes the next event of the log.
    public mutating func observe(_ event: LoggedEvent) {
        guard let type = EventType(rawValue: event.type), event.schemaVersion <= type.schemaVersion else {
            let ref = Ref(position: event.position, eventId: event.id, stream: event.stream, type: event.type)
            unreadable.append((ref, "unknown event type or schema version \(event.type) v\(event.schemaVersion)"))
            return
        }
        // The type's name as the enum's literal, not the decoded string: refs are kept for the life of the
        // detector, and a literal costs no memory of its own.
        let ref = Ref(position: event.position, eventId: event.id, stream: event.stream, type: type.rawValue)
        guard let (kind, slug) = StreamKind.parse(stream: event.stream) else {
            unreadable.append((ref, "not a stream this module writes"))
            return
        }
        let reader = PayloadReader(data: event.data, stream: StreamRef(kind, slug), id: event.id)
        do {
            try observe(type, slug: slug, ref: ref, day: Day(event.occurredAt), payload: reader)
        } catch {
            unreadable.append((ref, error.message))
        }
    }

    private mutating func observe(
        _ type: EventType, slug: String, ref: Ref, day: Day, payload: PayloadReader
    ) throws(ApplyError) {
        if type.createsAggregate { creators.insert(StreamEvent(stream: ref.stream, id: ref.eventId)) }
        switch type {
        case .interestDeclared:
            // Filed under the member whose stream it is in (the payload names the same member), as the
            // projections file it.
            _ = try payload.text("member")
            let member = slug
            interests[member, default: []].append(InterestFacts(
                ref: ref, interest: try payload.text("interest"), kind: try payload.text("kind"),
                organisation: try payload.text("organisation"), from: try payload.day("from"), to: try payload.optionalDay("to")
            ))
        case .interestEnded:
            _ = try payload.text("member")
            let member = slug
            let interest = try payload.text("interest")
            let endedOn = try payload.day("endedOn")
            if let index = interests[member]?.lastIndex(where: { $0.interest == interest }) {
                interests[member]![index].endings.append((ref, endedOn))
            }
        case .serviceCommenced:
            commencements.append(Commencement(
                ref: ref, day: day, programme: try payload.text("programme"), provider: try payload.text("provider"),
                contract: try payload.optionalText("contract"), coveredBy: try payload.optionalText("coveredBy")
            ))
        case .consultationOpened:
            consultations[slug] = ConsultationFacts(opened: ref, isStatutory: payload.data["isStatutory"]?.boolValue ?? false)
        case .consultationClosed:
            consultations[slug]?.closures.append(Closure(
                ref: ref, day: day, isHaltedEarly: try payload.term("outcome", ConsultationOutcome.self) == .haltedEarly,
                hasGrounds: !(try payload.optionalText("grounds") ?? "").trimmingCharacters(in: .whitespaces).isEmpty,
                closedBy: try payload.optionalText("closedBy") ?? "someone not recorded"
            ))
        case .decisionTaken:
            guard let voteItems = payload.data["votes"]?.arrayValue else { throw payload.error("votes is missing") }
            var votes: [(member: String, vote: String)] = []
            for item in voteItems {
                guard let member = item["member"]?.stringValue, let vote = item["vote"]?.stringValue else {
                    throw payload.error("a vote lacks member or vote")
                }
                votes.append((member, vote))
            }
            let taking = Taking(
                ref: ref, day: day, body: try payload.text("body"), programme: try payload.text("programme"),
                outcome: try payload.term("outcome", DecisionOutcome.self),
                serviceChange: try payload.term("serviceChange", ServiceChange.self),
                consultations: try payload.slugs("consultations"),
                membersPresent: try payload.slugs("membersPresent"), recusals: try payload.slugs("recusals"), votes: votes,
                affected: try payload.slugs("affectedOrganisations"),
                objectiveCount: payload.data["objectives"]?.arrayValue?.count ?? 0,
                reviewDates: Self.reviewDates(payload.data["objectives"]) ?? [],
                amount: try payload.optionalPence("approvedAmountPence"),
                isAnnualAmount: payload.has("financialYear"),
                isSignificantChange: payload.data["isSignificantChange"]?.boolValue ?? false,
                hasUnmetObjectivesRationale: payload.has("unmetObjectivesRationale")
            )
            decisions[slug, default: DecisionFacts()].takings.append(taking)
        case .decisionRevised:
            decisions[slug, default: DecisionFacts()].revisions.append(Revision(
                ref: ref, day: day, objectiveCount: payload.data["objectives"]?.arrayValue?.count,
                reviewDates: Self.reviewDates(payload.data["objectives"]),
                amount: try payload.optionalPence("approvedAmountPence")
            ))
        case .decisionRescinded:
            decisions[slug, default: DecisionFacts()].rescissions.append((ref, day))
        case .allocationMade:
            allocations[slug] = AllocationFacts(
                made: ref, decision: try payload.optionalText("decision"), amount: try payload.pence("amountPence")
            )
        case .allocationAdjusted:
            allocations[slug]?.adjustments.append((ref, try payload.pence("amountPence")))
        case .allocationWithdrawn:
            allocations[slug]?.withdrawals.append(ref)
        case .contractAwarded:
            contracts[slug] = ContractFacts(
                awarded: ref, awardedOn: day, programme: try payload.text("programme"), provider: try payload.text("provider"),
                decision: try payload.optionalText("decision"), value: try payload.pence("valuePence")
            )
        case .contractNoticeGiven:
            let intent = try payload.term("intent", NoticeIntent.self)
            contracts[slug]?.notices.append((ref, day, intent))
        case .contractVaried, .contractTerminated, .serviceDecommissioned:
            contracts[slug]?.changes.append(Change(
                ref: ref, day: day, effectiveOn: try payload.day("effectiveOn"),
                value: type == .contractVaried ? try payload.optionalPence("valuePence") : nil,
                decision: type == .serviceDecommissioned ? try payload.optionalText("decision") : nil
            ))
        case .serviceReviewed:
            let isAnyUnmet = (payload.data["results"]?.arrayValue ?? []).contains { $0["isMet"]?.boolValue == false }
            contracts[slug]?.reviews.append((ref, day, isAnyUnmet))
        case .eventRetracted:
            let target = try payload.eventID("event")
            // A retraction names an event of its own stream (docs/domain-events.md); one appended
            // elsewhere (only a raw `docket append` can) retracts nothing, here as in the projections.
            let named = StreamEvent(stream: ref.stream, id: target)
            retracted.insert(named)
            if creators.contains(named) { retractedAggregates.insert(ref.stream) }
        case .organisationRegistered, .organisationSucceeded, .decisionBodyEstablished, .memberAppointed,
             .membershipEnded, .memberRegistered, .programmeLaunched, .programmeStageEntered,
             .consultationResponseReceived, .decisionProposed, .eventCorrected:
            break
        }
    }

    /// Whether the event stands: neither it nor its aggregate's creating event was retracted.
    func stands(_ ref: Ref) -> Bool {
        if retracted.contains(StreamEvent(stream: ref.stream, id: ref.eventId)) { return false }
        if retractedAggregates.contains(ref.stream) { return false }
        return true
    }

    /// Every finding in the ledger as observed so far, ordered by the log position of their first event.
    public var findings: [Finding] {
        var result: [Finding] = []
        result += consultationFindings()
        result += interestFindings()
        result += objectiveFindings()
        result += noticeFindings()
        result += contractFindings()
        result += allocationFindings()
        result += reviewFindings()
        result += consensusFindings()
        result += decommissioningFindings()
        result += contractValueFindings()
        result += haltedConsultationFindings()
        result += statutoryConsultationFindings()
        return result.sorted { lhs, rhs in
            let left = lhs.events.first?.position ?? 0
            let right = rhs.events.first?.position ?? 0
            if left != right { return left < right }
            if lhs.rule.id != rhs.rule.id { return lhs.rule.id < rhs.rule.id }
            return lhs.summary < rhs.summary
        }
    }

    /// A finding whose events are in log order; `template` names `subjects` as `{0}`, `{1}`, …
    func finding(_ rule: FindingRule, _ template: String, _ subjects: [Finding.Subject], _ events: [Ref]) -> Finding {
        Finding(rule: rule, template: template, subjects: subjects, events: events.sorted { $0.position < $1.position })
    }

    /// The review dates of a list of objectives; nil when there is no list.
    static func reviewDates(_ objectives: JSON?) -> [Day]? {
        guard let list = objectives?.arrayValue else { return nil }
        return list.compactMap { $0["reviewBy"]?.stringValue.flatMap(Day.parse) }
    }

    /// The decision's standing taking, if any (there is at most one: retaking needs a retraction).
    func standingTaking(_ facts: DecisionFacts) -> Taking? {
        facts.takings.last { stands($0.ref) }
    }

    /// Revisions that apply to `taking`: standing ones recorded after it.
    func revisions(_ facts: DecisionFacts, of taking: Taking) -> [Revision] {
        facts.revisions.filter { stands($0.ref) && $0.ref.position > taking.ref.position }
    }
}

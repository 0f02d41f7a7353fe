import Foundation
internal import DocketJSON

extension CommissioningState {
    /// Folds one stored event into the state. Events of a stream must come in version order.
    public mutating func apply(_ event: LoggedEvent) throws(ApplyError) {
        func failure(_ message: String) -> ApplyError {
            ApplyError(stream: event.stream, eventID: event.id, position: event.position, message: message)
        }
        guard let (kind, slug) = StreamKind.parse(stream: event.stream) else {
            throw failure("not a stream this module writes")
        }
        guard let type = EventType(rawValue: event.type) else {
            throw failure("unknown event type '\(event.type)'; this build of docket is older than the ledger")
        }
        guard event.schemaVersion >= 1, event.schemaVersion <= type.schemaVersion else {
            throw failure("\(event.type) schema version \(event.schemaVersion) is newer than this build reads (\(type.schemaVersion))")
        }
        if let streamKind = type.streamKind, streamKind != kind {
            throw failure("\(event.type) does not belong in a \(kind.rawValue) stream")
        }
        let ref = StreamRef(kind, slug)
        let expected = version(of: ref) + 1
        guard event.version == expected else {
            throw failure("version \(event.version) arrived when version \(expected) was expected")
        }
        do {
            try apply(ref, id: event.id, type: type, day: Day(event.occurredAt), data: event.data)
            if let commandID = event.metadata.causationId { commandIDs.insert(commandID) }
        } catch {
            var located = error
            located.position = event.position
            throw located
        }
    }

    /// Folds an event whose stream and type are already checked, and returns the stream's new version.
    /// Reads the whole payload before changing anything, so a bad payload leaves the state as it was.
    @discardableResult
    mutating func apply(_ ref: StreamRef, id: UUID, type: EventType, day: Day, data: JSON) throws(ApplyError) -> Int64 {
        let payload = PayloadReader(data: data, stream: ref, id: id)
        let slug = ref.slug
        let entry = EventEntry(id: id, type: type)
        var version: Int64 = 1

        switch type {
        case .organisationRegistered:
            let kind = try payload.term("kind", OrganisationKind.self)
            organisations[slug] = OrganisationState(history: [entry], kind: kind, registeredOn: day)
        case .organisationSucceeded:
            version = try Self.modify(&organisations, slug, entry, payload) { $0.succession = (id, day) }

        case .decisionBodyEstablished:
            let organisation = try payload.text("organisation")
            bodies[slug] = BodyState(history: [entry], organisation: organisation)
        case .memberAppointed:
            let member = try payload.text("member")
            version = try Self.modify(&bodies, slug, entry, payload) {
                $0.memberships[member, default: []].append(.init(appointedBy: id, from: day))
            }
        case .membershipEnded:
            let member = try payload.text("member")
            version = try Self.modify(&bodies, slug, entry, payload) {
                if let index = $0.memberships[member]?.lastIndex(where: { $0.until == nil }) {
                    $0.memberships[member]![index].until = day
                    $0.memberships[member]![index].endedBy = id
                }
            }

        case .memberRegistered:
            members[slug] = MemberState(history: [entry])
        case .interestDeclared:
            let interest = try payload.text("interest")
            let organisation = try payload.text("organisation")
            let from = try payload.day("from")
            let to = try payload.optionalDay("to")
            version = try Self.modify(&members, slug, entry, payload) {
                $0.interests[interest] = .init(declaredBy: id, organisation: organisation, from: from, declaredTo: to)
            }
        case .interestEnded:
            let interest = try payload.text("interest")
            let endedOn = try payload.day("endedOn")
            version = try Self.modify(&members, slug, entry, payload) {
                $0.interests[interest]?.endedBy = id
                $0.interests[interest]?.endedOn = endedOn
            }

        case .programmeLaunched:
            let commissioner = try payload.text("commissioner")
            programmes[slug] = ProgrammeState(history: [entry], commissioner: commissioner, launchedOn: day)
        case .programmeStageEntered, .serviceCommenced:
            version = try Self.modify(&programmes, slug, entry, payload) { _ in }

        case .consultationOpened:
            let programme = try payload.text("programme")
            let plannedCloseOn = try payload.day("plannedCloseOn")
            consultations[slug] = ConsultationState(
                history: [entry], programme: programme, openedOn: day, plannedCloseOn: plannedCloseOn
            )
        case .consultationResponseReceived:
            version = try Self.modify(&consultations, slug, entry, payload) { $0.responses += 1 }
        case .consultationClosed:
            version = try Self.modify(&consultations, slug, entry, payload) { $0.closure = (id, day) }

        case .decisionProposed, .decisionTaken:
            let programme = try payload.text("programme")
            let body = try payload.text("body")
            var taken: DecisionState.Taken?
            if type == .decisionTaken {
                let outcome = try payload.term("outcome", DecisionOutcome.self)
                let amount = try payload.optionalPence("approvedAmountPence")
                taken = .init(event: id, on: day, outcome: outcome, approvedAmount: amount)
            }
            var decision = decisions.removeValue(forKey: slug) ?? DecisionState(history: [], programme: programme, body: body)
            decision.history.append(entry)
            decision.programme = programme
            decision.body = body
            if let taken { decision.taken = taken } else { decision.proposal = (id, day) }
            version = decision.version
            decisions[slug] = decision
        case .decisionRevised:
            let amount = try payload.optionalPence("approvedAmountPence")
            version = try Self.modify(&decisions, slug, entry, payload) { $0.revisions.append((id, day, amount)) }
        case .decisionRescinded:
            version = try Self.modify(&decisions, slug, entry, payload) { $0.rescission = (id, day) }

        case .allocationMade:
            let amount = try payload.pence("amountPence")
            allocations[slug] = AllocationState(history: [entry], madeOn: day, amount: amount)
        case .allocationAdjusted:
            let amount = try payload.pence("amountPence")
            version = try Self.modify(&allocations, slug, entry, payload) { $0.adjustments.append((id, amount)) }
        case .allocationWithdrawn:
            version = try Self.modify(&allocations, slug, entry, payload) { $0.withdrawal = (id, day) }

        case .contractAwarded:
            let programme = try payload.text("programme")
            let provider = try payload.text("provider")
            let startOn = try payload.day("startOn")
            let endOn = try payload.day("endOn")
            contracts[slug] = ContractState(
                history: [entry], programme: programme, provider: provider, awardedOn: day, startOn: startOn, endOn: endOn
            )
        case .contractNoticeGiven, .serviceReviewed:
            version = try Self.modify(&contracts, slug, entry, payload) { _ in }
        case .contractVaried:
            let endOn = try payload.optionalDay("endOn")
            version = try Self.modify(&contracts, slug, entry, payload) { $0.variations.append((id, endOn)) }
        case .contractTerminated, .serviceDecommissioned:
            let effectiveOn = try payload.day("effectiveOn")
            version = try Self.modify(&contracts, slug, entry, payload) { $0.ending = (id, type, effectiveOn) }

        case .eventCorrected, .eventRetracted:
            let target = try payload.eventID("event")
            let isRetraction = type == .eventRetracted
            let amended: (version: Int64, type: EventType?)
            switch ref.kind {
            case .organisation: amended = try Self.amend(&organisations, slug, entry, target, isRetraction, payload)
            case .body: amended = try Self.amend(&bodies, slug, entry, target, isRetraction, payload)
            case .member: amended = try Self.amend(&members, slug, entry, target, isRetraction, payload)
            case .programme: amended = try Self.amend(&programmes, slug, entry, target, isRetraction, payload)
            case .consultation: amended = try Self.amend(&consultations, slug, entry, target, isRetraction, payload)
            case .decision: amended = try Self.amend(&decisions, slug, entry, target, isRetraction, payload)
            case .allocation: amended = try Self.amend(&allocations, slug, entry, target, isRetraction, payload)
            case .contract: amended = try Self.amend(&contracts, slug, entry, target, isRetraction, payload)
            }
            version = amended.version
            if isRetraction, let amendedType = amended.type { retract(target, of: amendedType, in: ref) }
        }
        appliedEvents += 1
        return version
    }

    /// Records the event in the aggregate `slug` and changes it, with one lookup; returns the new version.
    /// An event for an aggregate that was never created is an error.
    private static func modify<Aggregate: AggregateState>(
        _ aggregates: inout [String: Aggregate], _ slug: String, _ entry: EventEntry, _ payload: PayloadReader,
        _ change: (inout Aggregate) -> Void
    ) throws(ApplyError) -> Int64 {
        guard let index = aggregates.index(forKey: slug) else {
            throw payload.error("\(payload.stream.kind.noun) '\(slug)' has no creating event")
        }
        aggregates.values[index].history.append(entry)
        change(&aggregates.values[index])
        return aggregates.values[index].version
    }

    /// Records a correction or retraction of `target`, which must be an earlier event of the same stream
    /// (and, for a retraction, not already retracted); returns the new version and the target's type.
    private static func amend<Aggregate: AggregateState>(
        _ aggregates: inout [String: Aggregate], _ slug: String, _ entry: EventEntry, _ target: UUID,
        _ isRetraction: Bool, _ payload: PayloadReader
    ) throws(ApplyError) -> (version: Int64, type: EventType?) {
        guard let index = aggregates.index(forKey: slug) else {
            throw payload.error("names event \(target.uuidString.lowercased()), which is not in this stream")
        }
        // One that names no event of its stream (only a raw append can write it) amends nothing, as in
        // the projections; the stream goes on, so a later command can still correct or retract it.
        guard let position = aggregates.values[index].history.lastIndex(where: { $0.id == target }) else {
            aggregates.values[index].history.append(entry)
            return (aggregates.values[index].version, nil)
        }
        let type = aggregates.values[index].history[position].type
        if isRetraction { aggregates.values[index].history[position].isRetracted = true }
        aggregates.values[index].history.append(entry)
        return (aggregates.values[index].version, type)
    }

    /// Undoes the effect of a retracted event on its aggregate. Events that only inform (responses
    /// aside, which are counted) have no effect to undo. See docs/domain-events.md, "Corrections".
    private mutating func retract(_ target: UUID, of type: EventType, in ref: StreamRef) {
        let slug = ref.slug
        switch type {
        case .organisationRegistered: organisations[slug]?.isRetracted = true
        case .organisationSucceeded:
            if organisations[slug]?.succession?.event == target { organisations[slug]?.succession = nil }
        case .decisionBodyEstablished: bodies[slug]?.isRetracted = true
        case .memberAppointed:
            guard var body = bodies[slug] else { return }
            for (member, periods) in body.memberships {
                body.memberships[member] = periods.filter { $0.appointedBy != target }
            }
            bodies[slug] = body
        case .membershipEnded:
            guard var body = bodies[slug] else { return }
            for (member, periods) in body.memberships {
                if let index = periods.firstIndex(where: { $0.endedBy == target }) {
                    body.memberships[member]![index].until = nil
                    body.memberships[member]![index].endedBy = nil
                }
            }
            bodies[slug] = body
        case .memberRegistered: members[slug]?.isRetracted = true
        case .interestDeclared:
            guard var member = members[slug] else { return }
            if let key = member.interests.first(where: { $0.value.declaredBy == target })?.key {
                member.interests[key] = nil
            }
            members[slug] = member
        case .interestEnded:
            guard var member = members[slug] else { return }
            if let key = member.interests.first(where: { $0.value.endedBy == target })?.key {
                member.interests[key]?.endedBy = nil
                member.interests[key]?.endedOn = nil
            }
            members[slug] = member
        case .programmeLaunched: programmes[slug]?.isRetracted = true
        case .programmeStageEntered, .serviceCommenced: break
        case .consultationOpened: consultations[slug]?.isRetracted = true
        case .consultationResponseReceived: consultations[slug]?.responses -= 1
        case .consultationClosed:
            if consultations[slug]?.closure?.event == target { consultations[slug]?.closure = nil }
        case .decisionProposed:
            if decisions[slug]?.proposal?.event == target { decisions[slug]?.proposal = nil }
        case .decisionTaken:
            if decisions[slug]?.taken?.event == target {
                decisions[slug]?.taken = nil
                decisions[slug]?.revisions = []
                decisions[slug]?.rescission = nil
            }
        case .decisionRevised: decisions[slug]?.revisions.removeAll { $0.event == target }
        case .decisionRescinded:
            if decisions[slug]?.rescission?.event == target { decisions[slug]?.rescission = nil }
        case .allocationMade: allocations[slug]?.isRetracted = true
        case .allocationAdjusted: allocations[slug]?.adjustments.removeAll { $0.event == target }
        case .allocationWithdrawn:
            if allocations[slug]?.withdrawal?.event == target { allocations[slug]?.withdrawal = nil }
        case .contractAwarded: contracts[slug]?.isRetracted = true
        case .contractNoticeGiven, .serviceReviewed: break
        case .contractVaried: contracts[slug]?.variations.removeAll { $0.event == target }
        case .contractTerminated, .serviceDecommissioned:
            if contracts[slug]?.ending?.event == target { contracts[slug]?.ending = nil }
        case .eventCorrected, .eventRetracted: break
        }
    }
}

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
            try apply(ref, version: event.version, id: event.id, type: type, day: Day(event.occurredAt), data: event.data)
        } catch {
            var located = error
            located.position = event.position
            throw located
        }
    }

    /// Folds an event whose stream, type and version are already checked. Reads the whole payload
    /// before changing anything, so a bad payload leaves the state as it was.
    mutating func apply(
        _ ref: StreamRef, version: Int64, id: UUID, type: EventType, day: Day, data: JSON
    ) throws(ApplyError) {
        let payload = PayloadReader(data: data, stream: ref.name, id: id)
        let slug = ref.slug
        func missingAggregate() -> ApplyError { payload.error("\(ref.kind.noun) '\(slug)' has no creating event") }

        switch type {
        case .organisationRegistered:
            let kind = try payload.term("kind", OrganisationKind.self)
            organisations[slug] = OrganisationState(version: version, kind: kind, registeredOn: day)
        case .organisationSucceeded:
            guard organisations[slug] != nil else { throw missingAggregate() }
            organisations[slug]!.version = version
            organisations[slug]!.succession = (id, day)

        case .decisionBodyEstablished:
            let organisation = try payload.text("organisation")
            bodies[slug] = BodyState(version: version, organisation: organisation)
        case .memberAppointed:
            let member = try payload.text("member")
            guard bodies[slug] != nil else { throw missingAggregate() }
            bodies[slug]!.version = version
            bodies[slug]!.memberships[member, default: []].append(.init(appointedBy: id, from: day))
        case .membershipEnded:
            let member = try payload.text("member")
            guard bodies[slug] != nil else { throw missingAggregate() }
            bodies[slug]!.version = version
            if let index = bodies[slug]!.memberships[member]?.lastIndex(where: { $0.until == nil }) {
                bodies[slug]!.memberships[member]![index].until = day
                bodies[slug]!.memberships[member]![index].endedBy = id
            }

        case .memberRegistered:
            members[slug] = MemberState(version: version)
        case .interestDeclared:
            let interest = try payload.text("interest")
            let organisation = try payload.text("organisation")
            let from = try payload.day("from")
            let to = try payload.optionalDay("to")
            guard members[slug] != nil else { throw missingAggregate() }
            members[slug]!.version = version
            members[slug]!.interests[interest] = .init(declaredBy: id, organisation: organisation, from: from, declaredTo: to)
        case .interestEnded:
            let interest = try payload.text("interest")
            let endedOn = try payload.day("endedOn")
            guard members[slug] != nil else { throw missingAggregate() }
            members[slug]!.version = version
            members[slug]!.interests[interest]?.endedBy = id
            members[slug]!.interests[interest]?.endedOn = endedOn

        case .programmeLaunched:
            let commissioner = try payload.text("commissioner")
            programmes[slug] = ProgrammeState(version: version, commissioner: commissioner, launchedOn: day)
        case .programmeStageEntered, .serviceCommenced:
            guard programmes[slug] != nil else { throw missingAggregate() }
            programmes[slug]!.version = version

        case .consultationOpened:
            let programme = try payload.text("programme")
            let plannedCloseOn = try payload.day("plannedCloseOn")
            consultations[slug] = ConsultationState(
                version: version, programme: programme, openedOn: day, plannedCloseOn: plannedCloseOn
            )
        case .consultationResponseReceived:
            guard consultations[slug] != nil else { throw missingAggregate() }
            consultations[slug]!.version = version
            consultations[slug]!.responses += 1
        case .consultationClosed:
            guard consultations[slug] != nil else { throw missingAggregate() }
            consultations[slug]!.version = version
            consultations[slug]!.closure = (id, day)

        case .decisionProposed:
            let programme = try payload.text("programme")
            let body = try payload.text("body")
            var decision = decisions[slug] ?? DecisionState(programme: programme, body: body)
            decision.version = version
            decision.programme = programme
            decision.body = body
            decision.proposal = (id, day)
            decisions[slug] = decision
        case .decisionTaken:
            let programme = try payload.text("programme")
            let body = try payload.text("body")
            let outcome = try payload.term("outcome", DecisionOutcome.self)
            let amount = try payload.optionalPence("approvedAmountPence")
            var decision = decisions[slug] ?? DecisionState(programme: programme, body: body)
            decision.version = version
            decision.programme = programme
            decision.body = body
            decision.taken = .init(event: id, on: day, outcome: outcome, approvedAmount: amount)
            decisions[slug] = decision
        case .decisionRevised:
            let amount = try payload.optionalPence("approvedAmountPence")
            guard decisions[slug] != nil else { throw missingAggregate() }
            decisions[slug]!.version = version
            decisions[slug]!.revisions.append((id, day, amount))
        case .decisionRescinded:
            guard decisions[slug] != nil else { throw missingAggregate() }
            decisions[slug]!.version = version
            decisions[slug]!.rescission = (id, day)

        case .allocationMade:
            let amount = try payload.pence("amountPence")
            allocations[slug] = AllocationState(version: version, madeOn: day, amount: amount)
        case .allocationAdjusted:
            let amount = try payload.pence("amountPence")
            guard allocations[slug] != nil else { throw missingAggregate() }
            allocations[slug]!.version = version
            allocations[slug]!.adjustments.append((id, amount))
        case .allocationWithdrawn:
            guard allocations[slug] != nil else { throw missingAggregate() }
            allocations[slug]!.version = version
            allocations[slug]!.withdrawal = (id, day)

        case .contractAwarded:
            let programme = try payload.text("programme")
            let provider = try payload.text("provider")
            let startOn = try payload.day("startOn")
            let endOn = try payload.day("endOn")
            contracts[slug] = ContractState(
                version: version, programme: programme, provider: provider, awardedOn: day, startOn: startOn, endOn: endOn
            )
        case .contractNoticeGiven, .serviceReviewed:
            guard contracts[slug] != nil else { throw missingAggregate() }
            contracts[slug]!.version = version
        case .contractVaried:
            let endOn = try payload.optionalDay("endOn")
            guard contracts[slug] != nil else { throw missingAggregate() }
            contracts[slug]!.version = version
            contracts[slug]!.variations.append((id, endOn))
        case .contractTerminated, .serviceDecommissioned:
            let effectiveOn = try payload.day("effectiveOn")
            guard contracts[slug] != nil else { throw missingAggregate() }
            contracts[slug]!.version = version
            contracts[slug]!.ending = (id, type, effectiveOn)

        case .eventCorrected:
            let target = try payload.eventID("event")
            guard let indexed = events[target], indexed.stream == ref.name else {
                throw payload.error("corrects event \(target.uuidString.lowercased()), which is not in this stream")
            }
            try bumpVersion(ref, to: version, payload: payload)
        case .eventRetracted:
            let target = try payload.eventID("event")
            guard let indexed = events[target], indexed.stream == ref.name else {
                throw payload.error("retracts event \(target.uuidString.lowercased()), which is not in this stream")
            }
            try bumpVersion(ref, to: version, payload: payload)
            retract(target, of: indexed.type, in: ref)
            events[target]!.isRetracted = true
        }
        events[id] = IndexedEvent(stream: ref.name, type: type)
    }

    private mutating func bumpVersion(_ ref: StreamRef, to version: Int64, payload: PayloadReader) throws(ApplyError) {
        let slug = ref.slug
        var found = true
        switch ref.kind {
        case .organisation: if organisations[slug] != nil { organisations[slug]!.version = version } else { found = false }
        case .body: if bodies[slug] != nil { bodies[slug]!.version = version } else { found = false }
        case .member: if members[slug] != nil { members[slug]!.version = version } else { found = false }
        case .programme: if programmes[slug] != nil { programmes[slug]!.version = version } else { found = false }
        case .consultation: if consultations[slug] != nil { consultations[slug]!.version = version } else { found = false }
        case .decision: if decisions[slug] != nil { decisions[slug]!.version = version } else { found = false }
        case .allocation: if allocations[slug] != nil { allocations[slug]!.version = version } else { found = false }
        case .contract: if contracts[slug] != nil { contracts[slug]!.version = version } else { found = false }
        }
        if !found { throw payload.error("stream has no creating event") }
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

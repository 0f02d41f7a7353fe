/// The rules on reviews, consensus decisions, decommissioning, contract values and consultation.
/// See ``FindingRule`` for their definitions.
extension FindingsDetector {
    /// An approved decision that stands: taken, not rescinded after its taking.
    func standingApproval(_ facts: DecisionFacts) -> Taking? {
        guard let taking = standingTaking(facts), taking.outcome == .approved,
              !facts.rescissions.contains(where: { stands($0.ref) && $0.ref.position > taking.ref.position })
        else { return nil }
        return taking
    }

    /// The standing contracts of each programme, in id order.
    func contractsByProgramme() -> [String: [(slug: String, facts: ContractFacts)]] {
        var result: [String: [(slug: String, facts: ContractFacts)]] = [:]
        for slug in sortedKeys(contracts) {
            let facts = contracts[slug]!
            if stands(facts.awarded) { result[facts.programme, default: []].append((slug, facts)) }
        }
        return result
    }

    func reviewFindings() -> [Finding] {
        var result: [Finding] = []
        let byProgramme = contractsByProgramme()
        for slug in sortedKeys(decisions) {
            let facts = decisions[slug]!
            guard let taking = standingApproval(facts) else { continue }
            let programmeContracts = byProgramme[taking.programme] ?? []
            let reviews = programmeContracts.flatMap { contract in
                contract.facts.reviews.filter { stands($0.ref) }.map { (contract: contract.slug, review: $0) }
            }

            // objective-review-overdue
            let revision = revisions(facts, of: taking).last { $0.reviewDates != nil }
            if let reviewBy = (revision?.reviewDates ?? taking.reviewDates).min(),
               !reviews.contains(where: { $0.review.day >= taking.day }) {
                // How far the ledger's record of the programme's contracts reaches.
                var latest: (day: Day, ref: Ref)?
                for (_, contract) in programmeContracts {
                    var dated: [(Day, Ref)] = [(contract.awardedOn, contract.awarded)]
                    dated += contract.notices.filter { stands($0.ref) }.map { ($0.day, $0.ref) }
                    dated += contract.changes.filter { stands($0.ref) }.map { ($0.day, $0.ref) }
                    for (day, ref) in dated where latest.map({ day > $0.day || (day == $0.day && ref.position > $0.ref.position) }) ?? true {
                        latest = (day, ref)
                    }
                }
                if let latest, latest.day > reviewBy {
                    result.append(finding(
                        .objectiveReviewOverdue,
                        "Decision {0} of \(taking.day) set objectives to be reviewed by \(reviewBy); no review of a contract of programme {1} is recorded since the decision, though the ledger records the programme's contracts until \(latest.day).",
                        [.init(.decision, slug), .init(.programme, taking.programme)],
                        [taking.ref, latest.ref] + (revision.map { [$0.ref] } ?? [])
                    ))
                }
            }

            // service-continued-despite-unmet-objectives
            if taking.serviceChange == .continued, !taking.hasUnmetObjectivesRationale {
                let last = reviews.filter { $0.review.day <= taking.day }
                    .max { ($0.review.day, $0.review.ref.position) < ($1.review.day, $1.review.ref.position) }
                if let last, last.review.isAnyUnmet {
                    result.append(finding(
                        .continuedDespiteUnmetObjectives,
                        "Decision {0} of \(taking.day) continued the service although the review of contract {1} on \(last.review.day) found objectives unmet, and records no rationale for continuing.",
                        [.init(.decision, slug), .init(.contract, last.contract)],
                        [taking.ref, last.review.ref]
                    ))
                }
            }
        }
        return result
    }

    func consensusFindings() -> [Finding] {
        var result: [Finding] = []
        for slug in sortedKeys(decisions) {
            guard let taking = standingTaking(decisions[slug]!), taking.votes.isEmpty, !taking.affected.isEmpty else { continue }
            for member in taking.membersPresent where !taking.recusals.contains(member) {
                for interest in interests[member] ?? [] where stands(interest.ref) {
                    guard taking.affected.contains(interest.organisation), interest.from <= taking.day else { continue }
                    let ending = interest.endings.filter { stands($0.ref) }.min { $0.day < $1.day }
                    if let to = ending?.day ?? interest.to, to < taking.day { continue }
                    result.append(finding(
                        .interestedMemberAtConsensus,
                        "Member {0} was present, without recusing, when decision {1} was taken by consensus (no vote recorded) on \(taking.day), while holding a declared \(interest.kind) interest in {2} (interest '\(interest.interest)', from \(interest.from)), an affected organisation.",
                        [.init(.member, member, body: taking.body, day: taking.day), .init(.decision, slug), .init(.organisation, interest.organisation)],
                        [taking.ref, interest.ref]
                    ))
                }
            }
        }
        return result
    }

    func decommissioningFindings() -> [Finding] {
        var result: [Finding] = []
        for slug in sortedKeys(contracts) {
            let facts = contracts[slug]!
            guard stands(facts.awarded) else { continue }
            for change in facts.changes where stands(change.ref) && change.ref.type == EventType.serviceDecommissioned.rawValue {
                let what = "The service under contract {0} was decommissioned effective \(change.effectiveOn) (recorded as decided on \(change.day))"
                guard let decision = change.decision else {
                    result.append(finding(.decommissionedWithoutDecision, "\(what) with no decision behind it.",
                                          [.init(.contract, slug)], [change.ref]))
                    continue
                }
                let taking = decisions[decision].flatMap(standingApproval)
                if let taking, taking.serviceChange == .decommissioned { continue }
                let state = taking == nil ? "which is not an approved decision standing in the ledger" : "which did not decide to decommission a service"
                result.append(finding(
                    .decommissionedWithoutDecision, "\(what) under decision {1}, \(state).",
                    [.init(.contract, slug), .init(.decision, decision)], [change.ref] + (taking.map { [$0.ref] } ?? [])
                ))
            }
        }
        return result
    }

    func contractValueFindings() -> [Finding] {
        var byDecision: [String: [(slug: String, facts: ContractFacts)]] = [:]
        for slug in sortedKeys(contracts) {
            let facts = contracts[slug]!
            guard let decision = facts.decision, stands(facts.awarded) else { continue }
            byDecision[decision, default: []].append((slug, facts))
        }
        var result: [Finding] = []
        for decision in sortedKeys(byDecision) {
            guard let facts = decisions[decision], let taking = standingApproval(facts), !taking.isAnnualAmount else { continue }
            let revision = revisions(facts, of: taking).last { $0.amount != nil }
            guard let decided = revision?.amount ?? taking.amount else { continue }
            var total: Int64 = 0
            var evidence = [taking.ref] + (revision.map { [$0.ref] } ?? [])
            for (_, contract) in byDecision[decision]! {
                let variation = contract.changes.last { stands($0.ref) && $0.value != nil }
                total += variation?.value ?? contract.value
                evidence.append(contract.awarded)
                if let variation { evidence.append(variation.ref) }
            }
            guard total > decided else { continue }
            let count = byDecision[decision]!.count
            result.append(finding(
                .contractsExceedDecidedAmount,
                "\(count == 1 ? "The contract" : "The \(count) contracts") under decision {0} \(count == 1 ? "is" : "are") worth \(Pence.format(total)), above the \(Pence.format(decided)) decided (\(Pence.format(total - decided)) over).",
                [.init(.decision, decision)], evidence
            ))
        }
        return result
    }

    func haltedConsultationFindings() -> [Finding] {
        var result: [Finding] = []
        for slug in sortedKeys(consultations) {
            let facts = consultations[slug]!
            guard stands(facts.opened) else { continue }
            for closure in facts.closures where stands(closure.ref) && closure.isHaltedEarly && !closure.hasGrounds {
                result.append(finding(
                    .consultationHaltedWithoutGrounds,
                    "Consultation {0} was halted early on \(closure.day) by \(closure.closedBy), with no grounds stated.",
                    [.init(.consultation, slug)], [facts.opened, closure.ref]
                ))
            }
        }
        return result
    }

    func statutoryConsultationFindings() -> [Finding] {
        var result: [Finding] = []
        for slug in sortedKeys(decisions) {
            guard let taking = standingApproval(decisions[slug]!), taking.isSignificantChange else { continue }
            let relied = taking.consultations.compactMap { consultation in
                consultations[consultation].flatMap { stands($0.opened) ? (consultation, $0) : nil }
            }
            guard !relied.contains(where: { $0.1.isStatutory }) else { continue }
            let others = relied.isEmpty ? "relied on no consultation" : "relied on no statutory consultation, only on \(relied.count == 1 ? "one that was not" : "\(relied.count) that were not")"
            result.append(finding(
                .significantChangeWithoutStatutoryConsultation,
                "Decision {0} of \(taking.day) made a significant change in services and \(others).",
                [.init(.decision, slug)], [taking.ref] + relied.map(\.1.opened)
            ))
        }
        return result
    }
}

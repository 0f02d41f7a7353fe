/// The rules, each evaluated over the facts the detector collected. See ``FindingRule`` for definitions.
extension FindingsDetector {
    func sortedKeys<Value>(_ dictionary: [String: Value]) -> [String] { dictionary.keys.sorted() }

    func consultationFindings() -> [Finding] {
        var result: [Finding] = []
        for slug in sortedKeys(decisions) {
            guard let taking = standingTaking(decisions[slug]!) else { continue }
            for consultation in taking.consultations {
                guard let facts = consultations[consultation], stands(facts.opened) else { continue }
                let closure = facts.closures.filter { stands($0.ref) }.min { $0.day < $1.day }
                if let closure, closure.day <= taking.day { continue }
                let state = closure.map { "it closed only on \($0.day)" } ?? "it has no recorded closure"
                result.append(finding(
                    .decisionReliesOnOpenConsultation,
                    "Decision {0} taken on \(taking.day) relied on consultation {1}, which was still open: \(state).",
                    [.init(.decision, slug), .init(.consultation, consultation)],
                    [taking.ref, facts.opened] + (closure.map { [$0.ref] } ?? [])
                ))
            }
        }
        return result
    }

    func interestFindings() -> [Finding] {
        var result: [Finding] = []
        for slug in sortedKeys(decisions) {
            guard let taking = standingTaking(decisions[slug]!), !taking.affected.isEmpty else { continue }
            for (member, vote) in taking.votes {
                for interest in interests[member] ?? [] where stands(interest.ref) {
                    guard taking.affected.contains(interest.organisation), interest.from <= taking.day else { continue }
                    let ending = interest.endings.filter { stands($0.ref) }.min { $0.day < $1.day }
                    if let to = ending?.day ?? interest.to, to < taking.day { continue }
                    result.append(finding(
                        .interestedMemberVoted,
                        "Member {0} voted \(vote) on decision {1} on \(taking.day) while holding a declared \(interest.kind) interest in {2} (interest '\(interest.interest)', from \(interest.from)), an affected organisation, and did not recuse.",
                        [.init(.member, member, body: taking.body, day: taking.day), .init(.decision, slug), .init(.organisation, interest.organisation)],
                        [taking.ref, interest.ref]
                    ))
                }
            }
        }
        return result
    }

    func objectiveFindings() -> [Finding] {
        var result: [Finding] = []
        for slug in sortedKeys(decisions) {
            let facts = decisions[slug]!
            guard let taking = standingTaking(facts), taking.outcome == .approved,
                  taking.serviceChange == .new || taking.serviceChange == .recommissioned,
                  !facts.rescissions.contains(where: { stands($0.ref) && $0.ref.position > taking.ref.position })
            else { continue }
            let revision = revisions(facts, of: taking).last { $0.objectiveCount != nil }
            guard (revision?.objectiveCount ?? taking.objectiveCount) == 0 else { continue }
            result.append(finding(
                .serviceWithoutObjectives,
                "Decision {0} of \(taking.day) approved a \(taking.serviceChange == .new ? "new" : "recommissioned") service without measurable objectives.",
                [.init(.decision, slug)],
                [taking.ref] + (revision.map { [$0.ref] } ?? [])
            ))
        }
        return result
    }

    func noticeFindings() -> [Finding] {
        var result: [Finding] = []
        for slug in sortedKeys(contracts) {
            let facts = contracts[slug]!
            guard stands(facts.awarded) else { continue }
            for change in facts.changes where stands(change.ref) {
                let accepted: Set<NoticeIntent> = switch change.ref.type {
                case EventType.contractVaried.rawValue: [.variation]
                default: [.termination, .decommissioning]
                }
                let notice = facts.notices
                    .filter { stands($0.ref) && accepted.contains($0.intent) && $0.day <= change.effectiveOn }
                    .min { $0.day < $1.day }
                let latestNoticeDay = change.effectiveOn.adding(months: -6)
                if let notice, notice.day <= latestNoticeDay { continue }
                let what = switch change.ref.type {
                case EventType.contractVaried.rawValue: "varied"
                case EventType.contractTerminated.rawValue: "terminated"
                default: "decommissioned"
                }
                let given = notice.map {
                    "with \($0.day.days(until: change.effectiveOn)) days' notice (given \($0.day))"
                } ?? "with no notice recorded"
                result.append(finding(
                    .shortNotice,
                    "Contract {0} was \(what) effective \(change.effectiveOn) \(given); six months' notice meant giving it by \(latestNoticeDay).",
                    [.init(.contract, slug)],
                    [change.ref] + (notice.map { [$0.ref] } ?? [])
                ))
            }
        }
        return result
    }

    func contractFindings() -> [Finding] {
        struct Pair: Hashable {
            let programme: String
            let provider: String
        }
        var earliest: [Pair: (slug: String, facts: ContractFacts)] = [:]
        for slug in sortedKeys(contracts) {
            let facts = contracts[slug]!
            guard stands(facts.awarded) else { continue }
            let pair = Pair(programme: facts.programme, provider: facts.provider)
            if let current = earliest[pair], current.facts.awardedOn <= facts.awardedOn { continue }
            earliest[pair] = (slug, facts)
        }
        var result: [Finding] = []
        for commencement in commencements where stands(commencement.ref) {
            var contract: (slug: String, facts: ContractFacts)?
            if let named = commencement.contract, let facts = contracts[named], stands(facts.awarded) {
                contract = (named, facts)
            } else {
                contract = earliest[Pair(programme: commencement.programme, provider: commencement.provider)]
            }
            let service = "The service of programme {0} by {1} began on \(commencement.day)"
            var subjects: [Finding.Subject] = [.init(.programme, commencement.programme), .init(.organisation, commencement.provider)]
            // What the source calls "existing contractual arrangements", when the ledger records them.
            let cover = commencement.coveredBy.flatMap { slug in contracts[slug].flatMap { stands($0.awarded) ? (slug, $0) : nil } }
            func covered(_ index: Int) -> String {
                guard let cover else { return "" }
                return ", covered meanwhile by existing contractual arrangements (contract {\(index)}, agreed on \(cover.1.awardedOn))"
            }
            if let contract {
                guard contract.facts.awardedOn > commencement.day else { continue }
                let days = commencement.day.days(until: contract.facts.awardedOn)
                subjects.append(.init(.contract, contract.slug))
                if let cover { subjects.append(.init(.contract, cover.0)) }
                result.append(finding(
                    .serviceBeforeContract,
                    "\(service), \(days) days before its own contract {2} was agreed on \(contract.facts.awardedOn)\(covered(3)).",
                    subjects,
                    [commencement.ref, contract.facts.awarded] + (cover.map { [$0.1.awarded] } ?? [])
                ))
            } else {
                if let cover { subjects.append(.init(.contract, cover.0)) }
                result.append(finding(
                    .serviceBeforeContract, "\(service), and no contract of its own is recorded\(covered(2)).", subjects,
                    [commencement.ref] + (cover.map { [$0.1.awarded] } ?? [])
                ))
            }
        }
        return result
    }

    func allocationFindings() -> [Finding] {
        var byDecision: [String: [(slug: String, facts: AllocationFacts)]] = [:]
        for slug in sortedKeys(allocations) {
            let facts = allocations[slug]!
            guard let decision = facts.decision, stands(facts.made),
                  !facts.withdrawals.contains(where: stands)
            else { continue }
            byDecision[decision, default: []].append((slug, facts))
        }
        var result: [Finding] = []
        for decision in sortedKeys(byDecision) {
            guard let facts = decisions[decision], let taking = standingTaking(facts) else { continue }
            let rescission = facts.rescissions.first { stands($0.ref) && $0.ref.position > taking.ref.position }
            let revision = revisions(facts, of: taking).last { $0.amount != nil }
            var decided: Int64
            var basis: String
            var evidence = [taking.ref]
            if let rescission {
                decided = 0
                basis = "although the decision was rescinded on \(rescission.day)"
                evidence.append(rescission.ref)
            } else if taking.outcome != .approved {
                decided = 0
                basis = "although the decision was \(taking.outcome.rawValue)"
            } else if let amount = revision?.amount ?? taking.amount {
                decided = amount
                basis = "above the \(Pence.format(amount)) decided"
                if let revision { evidence.append(revision.ref) }
            } else {
                continue
            }
            var total: Int64 = 0
            for (_, allocation) in byDecision[decision]! {
                let adjustment = allocation.adjustments.last { stands($0.ref) }
                total += adjustment?.amount ?? allocation.amount
                evidence.append(allocation.made)
                if let adjustment { evidence.append(adjustment.ref) }
            }
            guard total > decided else { continue }
            result.append(finding(
                .allocationExceedsDecision,
                "Allocations under decision {0} total \(Pence.format(total)), \(basis) (\(Pence.format(total - decided)) over).",
                [.init(.decision, decision)],
                evidence
            ))
        }
        return result
    }
}

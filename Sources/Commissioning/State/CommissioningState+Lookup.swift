/// Lookups that commands use to validate references, recording an issue when the answer is no.
extension CommissioningState {
    func organisation(_ slug: String) -> OrganisationState? { organisations[slug] }
    func body(_ slug: String) -> BodyState? { bodies[slug] }
    func member(_ slug: String) -> MemberState? { members[slug] }
    func programme(_ slug: String) -> ProgrammeState? { programmes[slug] }
    func consultation(_ slug: String) -> ConsultationState? { consultations[slug] }
    func decision(_ slug: String) -> DecisionState? { decisions[slug] }
    func allocation(_ slug: String) -> AllocationState? { allocations[slug] }
    func contract(_ slug: String) -> ContractState? { contracts[slug] }

    /// The aggregate `slug` names, when it exists and is not retracted.
    func existing<Aggregate: AggregateState>(
        _ aggregate: Aggregate?, _ slug: String, at field: String, _ issues: inout [CommandError.Issue]
    ) -> Aggregate? {
        guard let aggregate else {
            issues.add(field, "\(Aggregate.kind.noun) '\(slug)' does not exist")
            return nil
        }
        guard !aggregate.isRetracted else {
            issues.add(field, "\(Aggregate.kind.noun) '\(slug)' was retracted")
            return nil
        }
        return aggregate
    }

    /// Records an issue unless `slug` is unused, for commands that create an aggregate.
    func requireNew<Aggregate: AggregateState>(
        _ aggregate: Aggregate?, _ slug: String, at field: String, _ issues: inout [CommandError.Issue]
    ) {
        guard let aggregate else { return }
        if aggregate.isRetracted {
            issues.add(field, "\(Aggregate.kind.noun) '\(slug)' was recorded and retracted; choose another id")
        } else {
            issues.add(field, "\(Aggregate.kind.noun) '\(slug)' already exists")
        }
    }

    /// The organisation, when it exists and is in `sector`.
    func organisation(
        _ slug: String, in sector: OrganisationKind.Sector, at field: String, _ issues: inout [CommandError.Issue]
    ) -> OrganisationState? {
        guard let organisation = existing(organisations[slug], slug, at: field, &issues) else { return nil }
        guard organisation.kind.sector == sector else {
            issues.add(field, "organisation '\(slug)' is a \(organisation.kind.rawValue), not a \(sector.rawValue)")
            return nil
        }
        return organisation
    }

    /// The decision, when it exists and has been taken.
    func takenDecision(_ slug: String, at field: String, _ issues: inout [CommandError.Issue]) -> DecisionState? {
        guard let decision = existing(decisions[slug], slug, at: field, &issues) else { return nil }
        guard decision.taken != nil else {
            issues.add(field, "decision '\(slug)' has been proposed but not taken")
            return nil
        }
        return decision
    }
}

public import DocketJSON

/// The demo ledger: the three study sites of the Nuffield Trust research (domain.md B4), their six
/// commissioning developments of 2010–2013, the April 2013 succession of the PCTs by CCGs and the NHS
/// Commissioning Board, and planted irregularities so that every finding rule fires.
///
/// Every command carries its `source`: facts taken from the reports cite them (site populations,
/// developments, their providers and stages, the 2011 move of Somerset's community services from the
/// PCT's provider arm, early supported discharge running under existing contractual arrangements,
/// April 2013); everything else (days within a year, amounts, wording, votes, every planted
/// irregularity) is marked illustrative. People appear only as roles, and no irregularity is pinned on a
/// post one real person held: conflicts of interest fall on generic GP board members.
public enum DemoLedger {
    /// The commands, in order, as the JSON objects a user would write in a JSON Lines file. Each has a
    /// fixed `id`, so the events (ids and payloads) are identical on every load.
    public static func commands() -> [JSON] {
        var script = DemoScript()
        calderdale(&script)
        somerset(&script)
        wirral(&script)
        succession(&script)
        return script.commands
    }

    /// What `docket demo` loaded, for people.
    public static let summary = """
    Demo ledger: three commissioning communities studied by the Nuffield Trust, 2010–2013 (domain.md B4).
    Facts from the reports carry their citation; invented detail is marked illustrative.
      Calderdale PCT (population 202,741; community services from the local acute trust)
        - strategic plan for diabetes services (discussion and planning)
        - strategic review of dementia care, expanded across Calderdale and Kirklees (discussion and planning)
      Somerset PCT (population 525,186; community services from the PCT's own provider arm, moved to the
      mental health trust in 2011)
        - diabetes service remodelled into three tiers (commenced operation)
        - early supported discharge for stroke (commenced operation; ran for months under existing
          contractual arrangements before its own contract)
      Wirral PCT (population 308,837; community services from a local NHS community trust)
        - diabetic podiatry review (discussion, planning, modelling)
        - memory assessment service (commenced operation)
      April 2013: each PCT succeeded by its CCG, with primary care and specialised commissioning
      passing to the NHS Commissioning Board.
    Organisations, decision bodies and members (by role), declared interests, consultations and
    responses, decisions, allocations, contracts, notices, variations, reviews, a correction and a
    retraction. Planted irregularities (illustrative), one or more for every finding rule:
      - Calderdale dementia: decision relied on a consultation that was still open
      - Somerset diabetes: a GP member with a financial interest in an affected practice voted; in 2013
        the CCG continued the service after a review found objectives unmet, gave no rationale, and let
        the new review date pass without a review
      - Somerset stroke ESD: new service approved without measurable objectives, as a significant change
        with no statutory consultation, relying on an engagement halted without grounds; operating for
        months before its own contract was agreed
      - Wirral memory assessment: allocations and contracts exceed the amount decided; a variation on
        two months' notice; a GP member with shares in an affected company present at a consensus
      - Wirral community podiatry: decommissioned by the CCG in 2013 with no decision behind it
    """
}

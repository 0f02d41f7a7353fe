public import DocketJSON

/// The demo ledger: the three study sites of the Nuffield Trust research (domain.md B4), their six
/// commissioning developments of 2010–2013, the April 2013 PCT → CCG succession, and a few planted
/// irregularities so that every finding rule fires at least once.
///
/// Facts (site populations, developments, their providers and stages, the 2011 move of Somerset's
/// community services to the mental health trust, April 2013) come from domain.md. Days within a
/// year, amounts and the wording of decisions are invented for the demo. People appear only as roles;
/// the few respondent names are invented and marked as such.
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
      Calderdale PCT (population 202,741; expanded to include Kirklees)
        - strategic plan for diabetes services (discussion and planning)
        - strategic review of dementia care across Calderdale and Kirklees (discussion and planning)
      Somerset PCT (population 525,186; community services moved from the PCT provider arm to the
      mental health trust in 2011, recorded as a succession)
        - diabetes service remodelled into three tiers (commenced operation)
        - early supported discharge for stroke (commenced operation)
      Wirral PCT (population 308,837)
        - diabetic podiatry review (discussion, planning, modelling)
        - memory assessment service (commenced operation)
      April 2013: each PCT succeeded by a clinical commissioning group.
    Organisations, decision bodies and members (by role), declared interests, consultations and
    responses, decisions, allocations, contracts, notices, variations, reviews, a correction and a
    retraction. Planted irregularities, one or more for every finding rule:
      - Calderdale dementia: decision relied on a consultation that was still open
      - Somerset diabetes: a GP member with a financial interest in an affected practice voted
      - Somerset stroke ESD: new service approved without measurable objectives, and operating
        for months before its contract was agreed
      - Wirral podiatry: contract varied on three months' notice
      - Wirral memory assessment: allocations exceed the amount decided
    """
}

extension QueryCatalogue {
    private static func f(
        _ name: String, _ type: QueryType, _ meaning: String, column: String? = nil, references: String? = nil, alwaysSet: Bool = false
    ) -> QueryField {
        QueryField(name: name, column: column ?? name, type: type, reference: references, meaning: meaning, isAlwaysSet: alwaysSet)
    }

    private static func r(_ name: String, _ key: String, _ type: QueryType, _ meaning: String, references: String? = nil) -> RecordField {
        RecordField(name: name, key: key, type: type, reference: references, meaning: meaning)
    }

    private static func many(_ name: String, _ target: String, via remote: String, _ meaning: String, local: String = "id") -> QueryRelation {
        QueryRelation(name: name, target: target, localField: local, remoteColumn: remote, meaning: meaning)
    }

    /// The fields every source with history has: which event produced the version, which replaced it, and when.
    private static let versionFields: [QueryField] = [
        f("is_retracted", .boolean, "whether the record was retracted (EventRetracted); retracted records stay visible"),
        f("version", .integer, "log position of the event that produced this version; follow it to the event (`version.actor`)",
          column: "valid_from_position", references: "events"),
        f("replaced_by", .integer, "log position of the event that replaced this version; missing while it is current",
          column: "valid_to_position", references: "events"),
        f("valid_from", .time, "when the event that produced this version was recorded"),
        f("valid_to", .time, "when the event that replaced this version was recorded; missing while it is current"),
    ]

    private static func source(
        _ name: String, _ singular: String, table: String, _ meaning: String, basis: QueryBasis = .tables,
        hasHistory: Bool = true, _ fields: [QueryField], relations: [QueryRelation] = []
    ) -> QuerySource {
        QuerySource(name: name, singular: singular, table: table, meaning: meaning, hasHistory: hasHistory, basis: basis,
                    fields: fields + (hasHistory ? versionFields : []), relations: relations)
    }

    private static func organisationFields() -> [QueryField] {
        [
            f("id", .text, "the organisation's slug, e.g. `somerset-pct`"),
            f("name", .text, "its name"),
            f("kind", .text, "e.g. primary-care-trust, clinical-commissioning-group, nhs-trust, local-authority"),
            f("sector", .text, "`commissioner` or `provider`"),
            f("is_foundation_trust", .boolean, "for NHS trusts: whether it is a foundation trust"),
            f("population", .integer, "population served (commissioners)"),
            f("population_source", .text, "where the population figure comes from"),
            f("geography", .text, "the area it covers"),
            f("registered_on", .date, "the date it was established or registered"),
            f("successors", .list(.text(reference: "organisations")), "the organisations that took over its functions"),
            f("succeeded_on", .date, "the date its functions passed to its successors"),
            f("succession_functions", .text, "which functions passed to the successors"),
        ]
    }

    private static let organisationRelations = [
        many("programmes", "programmes", via: "commissioner", "programmes this organisation commissions"),
        many("contracts_held", "contracts", via: "provider", "contracts in which it is the provider"),
        many("contracts_let", "contracts", via: "commissioner", "contracts in which it is the commissioner"),
        many("allocations_paid", "allocations", via: "payer", "allocations it paid"),
        many("allocations_received", "allocations", via: "payee", "allocations it received"),
    ]

    static let standardSources: [QuerySource] = [
        source("organisations", "organisation", table: "projection.organisations",
               "every organisation: commissioners (PCTs, CCGs, local authorities) and providers", organisationFields(),
               relations: organisationRelations),
        source("commissioners", "commissioner", table: "projection.commissioners",
               "organisations that commission services (sector `commissioner`)", organisationFields(), relations: organisationRelations),
        source("providers", "provider", table: "projection.providers",
               "organisations that provide services (sector `provider`)", organisationFields(), relations: organisationRelations),
        source("programmes", "programme", table: "projection.programmes",
               "commissioning programmes: a commissioner's piece of work on one service area", [
                   f("id", .text, "the programme's slug"),
                   f("commissioner", .text, "the commissioner running it", references: "organisations"),
                   f("title", .text, "its title"),
                   f("service_area", .text, "e.g. diabetes, dementia, stroke"),
                   f("geography", .text, "the area it covers"),
                   f("trigger", .text, "what started it, e.g. national-policy, performance-concern"),
                   f("trigger_note", .text, "more about the trigger"),
                   f("description", .text, "what it sets out to do"),
                   f("launched_on", .date, "the date it was launched"),
               ], relations: [
                   many("stages", "stages", via: "programme_id", "the stages it entered"),
                   many("services", "services", via: "programme_id", "services it commenced"),
                   many("decisions", "decisions", via: "programme", "decisions taken in it"),
                   many("consultations", "consultations", via: "programme", "consultations run for it"),
                   many("allocations", "allocations", via: "programme", "money allocated to it"),
                   many("contracts", "contracts", via: "programme", "contracts let under it"),
               ]),
        source("stages", "stage", table: "projection.programme_stages", "the stages programmes entered (needs assessment, …)", [
            f("id", .text, "the stage event's id"),
            f("programme", .text, "the programme", column: "programme_id", references: "programmes"),
            f("stage", .text, "e.g. needs-assessment, priority-setting, procurement, monitoring"),
            f("note", .text, "what happened"),
            f("entered_on", .date, "the date the programme entered the stage"),
        ]),
        source("services", "service", table: "projection.programme_services", "services that commenced under a programme", [
            f("id", .text, "the service's id"),
            f("programme", .text, "the programme", column: "programme_id", references: "programmes"),
            f("provider", .text, "who provides it", references: "organisations", alwaysSet: true),
            f("contract", .text, "the contract it operates under", references: "contracts"),
            f("service", .text, "what the service is"),
            f("commenced_on", .date, "the date it started operating"),
        ]),
        source("decisions", "decision", table: "projection.decisions", "decisions proposed and taken by decision bodies", [
            f("id", .text, "the decision's slug"),
            f("programme", .text, "the programme it belongs to", references: "programmes"),
            f("body", .text, "the decision body that took it", references: "bodies"),
            f("title", .text, "its title"),
            f("status", .text, "`proposed`, `taken` or `rescinded`"),
            f("proposal", .text, "what was proposed"),
            f("proposed_amount", .money, "the amount proposed", column: "proposed_amount_pence"),
            f("proposed_on", .date, "the date it was proposed"),
            f("outcome", .text, "e.g. approved, rejected, deferred"),
            f("service_change", .text, "e.g. new, continued, decommissioned, none"),
            f("taken_on", .date, "the date it was taken"),
            f("rationale", .text, "the reasons recorded"),
            f("options_considered", .list(.record([
                r("option", "option", .text, "the option"),
                r("is_chosen", "isChosen", .boolean, "whether it was chosen"),
            ])), "the options the body considered"),
            f("evidence", .list(.text(reference: nil)), "the evidence relied on"),
            f("consultations", .list(.text(reference: "consultations")), "the consultations it relied on"),
            f("objectives", .list(.record([
                r("metric", "metric", .text, "what is measured"),
                r("unit", "unit", .text, "its unit"),
                r("target", "target", .number, "the target value"),
                r("review_by", "reviewBy", .date, "the date by which it is to be reviewed"),
            ])), "measurable objectives set by the decision"),
            f("members_present", .list(.text(reference: nil)), "the members present (member ids)"),
            f("recusals", .list(.text(reference: nil)), "members who recused themselves (member ids)"),
            f("votes", .list(.record([
                RecordField(name: "member", key: "member", type: .text, reference: "members", meaning: "the member's id",
                            relations: [many("interests", "interests", via: "member_id", "the interests the member declared", local: "member")]),
                r("vote", "vote", .text, "for, against or abstain"),
            ])), "each member's vote"),
            f("affected_organisations", .list(.text(reference: "organisations")), "organisations the decision affects"),
            f("approved_amount", .money, "the amount approved", column: "approved_amount_pence"),
            f("financial_year", .text, "the financial year of the approved amount, e.g. 2011/12"),
            f("revisions", .list(.record([
                r("metric", "metric", .text, "the objective's metric"),
                r("target", "target", .number, "its target"),
                r("actual", "actual", .number, "the value reached"),
                r("is_met", "isMet", .boolean, "whether the target was met"),
            ])), "reviews of the decision's objectives"),
            f("rescinded_on", .date, "the date it was rescinded"),
            f("rescission_grounds", .text, "why it was rescinded"),
        ], relations: [
            many("allocations", "allocations", via: "decision", "money allocated under it"),
            many("contracts", "contracts", via: "decision", "contracts awarded under it"),
        ]),
        source("consultations", "consultation", table: "projection.consultations", "public consultations and engagement", [
            f("id", .text, "the consultation's slug"),
            f("programme", .text, "the programme it serves", references: "programmes"),
            f("title", .text, "its title"),
            f("is_statutory", .boolean, "whether the law required it"),
            f("audience", .text, "who was consulted"),
            f("planned_close_on", .date, "the date it was planned to close"),
            f("conducted_by", .text, "who ran it"),
            f("opened_on", .date, "the date it opened"),
            f("closed_on", .date, "the date it closed; missing while open"),
            f("closed_by", .text, "who closed it"),
            f("outcome", .text, "`completed` or `halted-early`"),
            f("grounds", .text, "why it was halted early"),
        ], relations: [many("responses", "responses", via: "consultation_id", "the responses received")]),
        source("responses", "response", table: "projection.consultation_responses",
               "responses to consultations, without the respondents' names (personal data is not queryable)", [
                   f("id", .text, "the response event's id"),
                   f("consultation", .text, "the consultation", column: "consultation_id", references: "consultations"),
                   f("respondent_category", .text, "e.g. patient, carer, clinician, provider"),
                   f("stance", .text, "support, oppose, mixed"),
                   f("summary", .text, "what the response said"),
                   f("received_on", .date, "the date it was received"),
               ]),
        source("allocations", "allocation", table: "projection.allocations", "money allocated by commissioners", [
            f("id", .text, "the allocation's slug"),
            f("payer", .text, "who pays", references: "organisations"),
            f("payee", .text, "who receives, when named", references: "organisations"),
            f("programme", .text, "the programme it funds", references: "programmes"),
            f("decision", .text, "the decision that authorised it", references: "decisions"),
            f("amount", .money, "the amount, after adjustments", column: "amount_pence"),
            f("original_amount", .money, "the amount first allocated", column: "original_amount_pence"),
            f("financial_year", .text, "e.g. 2011/12"),
            f("control_type", .text, "real, notional or pooled"),
            f("payment_mechanism", .text, "e.g. block-contract, payment-by-results, grant"),
            f("purpose", .text, "what the money is for"),
            f("made_on", .date, "the date it was made"),
            f("adjustments", .list(.record([
                r("on", "on", .date, "the date of the adjustment"),
                r("amount", "amountPence", .money, "the new amount"),
                r("grounds", "grounds", .text, "why"),
            ])), "changes to the amount"),
            f("status", .text, "`active` or `withdrawn`"),
            f("withdrawn_on", .date, "the date it was withdrawn"),
        ]),
        source("contracts", "contract", table: "projection.contracts", "contracts awarded to providers", [
            f("id", .text, "the contract's slug"),
            f("programme", .text, "the programme it serves", references: "programmes"),
            f("commissioner", .text, "who let it", references: "organisations"),
            f("provider", .text, "who holds it", references: "organisations", alwaysSet: true),
            f("decision", .text, "the decision that authorised it", references: "decisions"),
            f("route", .text, "procurement route, e.g. competitive-tender, single-tender, any-qualified-provider"),
            f("start_on", .date, "the date the contract starts"),
            f("end_on", .date, "the date it is due to end"),
            f("value", .money, "its value, after variations", column: "value_pence"),
            f("payment_mechanism", .text, "e.g. block-contract, payment-by-results"),
            f("service", .text, "the service contracted"),
            f("awarded_on", .date, "the date it was awarded"),
            f("variations", .list(.record([
                r("effective_on", "effectiveOn", .date, "the date the variation took effect"),
                r("value", "valuePence", .money, "the value after it"),
                r("description", "description", .text, "what changed"),
                r("on", "on", .date, "the date it was agreed"),
            ])), "variations of the contract"),
            f("status", .text, "`active`, `ended` or `decommissioned`"),
            f("ended_on", .date, "the date it ended"),
        ], relations: [
            many("notices", "notices", via: "contract_id", "notices given on it"),
            many("reviews", "reviews", via: "contract_id", "reviews of the service under it"),
        ]),
        source("notices", "notice", table: "projection.contract_notices", "notices given on contracts (variation, termination, decommissioning)", [
            f("id", .text, "the notice event's id"),
            f("contract", .text, "the contract", column: "contract_id", references: "contracts"),
            f("intent", .text, "variation, termination or decommissioning"),
            f("effective_on", .date, "the date it takes effect"),
            f("terms", .text, "what it says"),
            f("given_on", .date, "the date it was given"),
        ]),
        source("reviews", "review", table: "projection.contract_reviews", "reviews of services under contracts", [
            f("id", .text, "the review event's id"),
            f("contract", .text, "the contract", column: "contract_id", references: "contracts"),
            f("period_from", .date, "start of the period reviewed"),
            f("period_to", .date, "end of the period reviewed"),
            f("activity", .text, "activity in the period"),
            f("spend", .money, "spend in the period", column: "spend_pence"),
            f("quality", .text, "quality findings"),
            f("results", .list(.record([
                r("metric", "metric", .text, "the objective's metric"),
                r("target", "target", .number, "its target"),
                r("actual", "actual", .number, "the value reached"),
                r("is_met", "isMet", .boolean, "whether the target was met"),
            ])), "results against objectives"),
            f("conclusion", .text, "the review's conclusion"),
            f("reviewed_on", .date, "the date of the review"),
        ]),
        source("interests", "interest", table: "projection.interests", "interests declared by members of decision bodies", [
            f("id", .text, "`member/interest`"),
            f("member", .text, "the member's id", column: "member_id", references: "members"),
            f("interest", .text, "the interest's id", column: "interest_id"),
            f("kind", .text, "financial, non-financial-professional, non-financial-personal, indirect"),
            f("organisation", .text, "the organisation it concerns", references: "organisations"),
            f("description", .text, "what it is"),
            f("from_on", .date, "the date it began"),
            f("to_on", .date, "the date it was declared to end"),
            f("ended_on", .date, "the date it was recorded as ended"),
            f("declared_on", .date, "the date it was declared"),
        ]),
        source("bodies", "body", table: "projection.decision_bodies", "decision bodies: boards, governing bodies, joint committees", [
            f("id", .text, "the body's slug, e.g. somerset-pct-board"),
            f("name", .text, "its name"),
            f("kind", .text, "e.g. board, governing-body, joint-committee"),
            f("organisation", .text, "the organisation it belongs to", references: "organisations"),
            f("established_on", .date, "the date it was established"),
        ], relations: [
            many("memberships", "memberships", via: "body_id", "its members' appointments"),
            many("decisions", "decisions", via: "body", "decisions it proposed or took"),
        ]),
        source("memberships", "membership", table: "projection.body_members", "members' appointments to decision bodies", [
            f("id", .text, "`body/member`"),
            f("body", .text, "the body", column: "body_id", references: "bodies"),
            f("member", .text, "the member", column: "member_id", references: "members"),
            f("role", .text, "their role on the body"),
            f("appointed_on", .date, "the date they were appointed"),
            f("ended_on", .date, "the date the membership ended; missing while it lasts"),
        ]),
        source("members", "member", table: "projection.members", "members of decision bodies (their roles, not personal details)", [
            f("id", .text, "the member's slug, e.g. somerset-gp-member-a"),
            f("role", .text, "their role, e.g. GP board member, Somerset PCT"),
            f("registered_on", .date, "the date they were registered"),
        ], relations: [
            many("interests", "interests", via: "member_id", "the interests they declared"),
            many("memberships", "memberships", via: "member_id", "the bodies they sat on"),
        ]),
        source("findings", "finding", table: "projection.findings",
               "governance findings derived from the log (current only: no history)", basis: .findings, hasHistory: false, [
                   f("rule", .text, "the rule, e.g. decision-relies-on-open-consultation"),
                   f("summary", .text, "what was found"),
                   f("anchor", .text, "the record it is about, e.g. decision:somerset-stroke-esd-2011"),
                   f("events", .list(.record([
                       r("position", "position", .integer, "the event's log position"),
                       r("type", "type", .text, "its type"),
                       r("stream", "stream", .text, "its stream"),
                       r("id", "id", .text, "its id"),
                   ])), "the events involved"),
                   f("first_position", .integer, "the first event's position", references: "events"),
                   f("last_position", .integer, "the last event's position", references: "events"),
               ]),
        source("events", "event", table: "docket.events", "the log itself: every event in position order",
               basis: .log, hasHistory: false, [
                   f("position", .integer, "its log position (1, 2, 3, …)"),
                   f("id", .text, "its event id (UUID)", column: "event_id"),
                   f("stream", .text, "its stream, e.g. decision-somerset-stroke-esd-2011", column: "stream_id"),
                   f("version", .integer, "its version within the stream", column: "stream_version"),
                   f("type", .text, "its type, e.g. DecisionTaken", column: "event_type"),
                   f("schema_version", .integer, "its payload schema version"),
                   f("occurred", .time, "when it happened (business time)", column: "occurred_at"),
                   f("recorded", .time, "when it was recorded in the ledger", column: "recorded_at"),
                   f("actor", .text, "who acted"),
                   f("authority", .text, "under what authority"),
                   f("reason", .text, "why"),
                   f("payload", .document, "its payload; a field by path reads as text: `payload.amountPence`"),
               ]),
    ]
}

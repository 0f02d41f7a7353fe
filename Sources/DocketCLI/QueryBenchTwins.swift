/// For `docket bench query`: each saved query (queries/NAME.dq) as a person would write it in SQL by hand.
enum QueryBenchTwins {
    static let sql: [String: String] = [
        "allocations-as-of-2012-04-01": """
            SELECT a.id, o.name, a.financial_year, a.amount_pence, a.status FROM projection.allocations a
            LEFT JOIN projection.organisations o ON o.id = a.payer AND o.valid_from <= '2012-04-01Z' AND (o.valid_to IS NULL OR o.valid_to > '2012-04-01Z')
            WHERE a.valid_from <= '2012-04-01Z' AND (a.valid_to IS NULL OR a.valid_to > '2012-04-01Z') ORDER BY a.financial_year, a.id
            """,
        "allocations-changed-since-made": """
            SELECT a.id, o.name, a.financial_year, a.original_amount_pence, a.amount_pence, a.amount_pence - a.original_amount_pence,
                   jsonb_array_length(a.adjustments)
            FROM projection.allocations a LEFT JOIN projection.organisations o ON o.id = a.payer AND o.valid_to_position IS NULL
            WHERE a.valid_to_position IS NULL AND a.amount_pence IS DISTINCT FROM a.original_amount_pence ORDER BY a.id
            """,
        "commissioners-and-successors": """
            SELECT c.name, c.kind, c.succeeded_on, s.name, s.kind, c.succession_functions
            FROM projection.commissioners c CROSS JOIN LATERAL jsonb_array_elements_text(c.successors) AS e(id)
            LEFT JOIN projection.organisations s ON s.id = e.id AND s.valid_to_position IS NULL
            WHERE c.valid_to_position IS NULL AND c.succeeded_on >= '2013-04-01' ORDER BY c.name, s.name
            """,
        "consultations-halted-early": """
            SELECT id, title, opened_on, planned_close_on, closed_on, planned_close_on - closed_on, closed_by, grounds
            FROM projection.consultations
            WHERE valid_to_position IS NULL AND (outcome = 'halted-early' OR closed_on < planned_close_on) ORDER BY closed_on
            """,
        "decision-body-members": """
            SELECT b.name, m.member_id, m.role, m.appointed_on, m.ended_on, mm.role FROM projection.body_members m
            LEFT JOIN projection.decision_bodies b ON b.id = m.body_id AND b.valid_to_position IS NULL
            LEFT JOIN projection.members mm ON mm.id = m.member_id AND mm.valid_to_position IS NULL
            WHERE m.valid_to_position IS NULL ORDER BY 1, 4, 2
            """,
        "decisions-per-financial-year": """
            SELECT CASE WHEN extract(month FROM taken_on) >= 4 THEN extract(year FROM taken_on)::int ELSE extract(year FROM taken_on)::int - 1 END
                   || '/' || lpad(((CASE WHEN extract(month FROM taken_on) >= 4 THEN extract(year FROM taken_on)::int
                                         ELSE extract(year FROM taken_on)::int - 1 END + 1) % 100)::text, 2, '0'),
                   count(*), sum(approved_amount_pence)
            FROM projection.decisions WHERE valid_to_position IS NULL AND status = 'taken' GROUP BY 1 ORDER BY 1
            """,
        "decisions-relying-on-open-consultations": """
            SELECT d.id, d.title, d.taken_on, c.id, c.opened_on, c.closed_on, c.closed_on - d.taken_on
            FROM projection.decisions d CROSS JOIN LATERAL jsonb_array_elements_text(d.consultations) AS e(id)
            LEFT JOIN projection.consultations c ON c.id = e.id AND c.valid_to_position IS NULL
            WHERE d.valid_to_position IS NULL AND d.status = 'taken' AND (c.closed_on IS NULL OR c.closed_on > d.taken_on)
            ORDER BY d.taken_on
            """,
        "findings-by-rule": """
            SELECT rule, count(*), min(first_position), max(last_position) FROM projection.findings GROUP BY rule ORDER BY 2 DESC, rule
            """,
        "history-of-somerset-diabetes-remodel": """
            SELECT d.valid_from_position, e.event_type, e.actor, e.occurred_at, d.status, d.outcome, d.proposed_amount_pence,
                   d.approved_amount_pence, d.financial_year
            FROM projection.decisions d JOIN docket.events e ON e.position = d.valid_from_position
            WHERE d.id = 'somerset-diabetes-remodel-2011' ORDER BY d.valid_from_position
            """,
        "members-voting-with-interests": """
            SELECT d.id, d.taken_on, v.value->>'member', v.value->>'vote', i.interest_id, i.kind, o.name
            FROM projection.decisions d CROSS JOIN LATERAL jsonb_array_elements(d.votes) v
            JOIN projection.interests i ON i.member_id = v.value->>'member' AND i.valid_to_position IS NULL
            LEFT JOIN projection.organisations o ON o.id = i.organisation AND o.valid_to_position IS NULL
            WHERE d.valid_to_position IS NULL AND d.status = 'taken' AND d.affected_organisations ? i.organisation
              AND (i.from_on IS NULL OR i.from_on <= d.taken_on) AND (i.ended_on IS NULL OR i.ended_on > d.taken_on)
              AND NOT coalesce(d.recusals ? (v.value->>'member'), false)
            ORDER BY d.taken_on, v.value->>'member'
            """,
        "new-services-without-objectives": """
            SELECT d.id, d.title, d.taken_on, p.title, d.body, d.approved_amount_pence FROM projection.decisions d
            LEFT JOIN projection.programmes p ON p.id = d.programme AND p.valid_to_position IS NULL
            WHERE d.valid_to_position IS NULL AND d.status = 'taken' AND d.service_change = 'new'
              AND jsonb_array_length(d.objectives) = 0
            ORDER BY d.taken_on
            """,
        "objectives-past-review-without-review": """
            SELECT p.title, d.id, o->>'metric', (o->>'target')::numeric, o->>'unit', (o->>'reviewBy')::date
            FROM projection.decisions d CROSS JOIN LATERAL jsonb_array_elements(d.objectives) o
            LEFT JOIN projection.programmes p ON p.id = d.programme AND p.valid_to_position IS NULL
            WHERE d.valid_to_position IS NULL AND d.status = 'taken' AND jsonb_array_length(d.revisions) = 0
              AND (o->>'reviewBy')::date < '2013-03-31'
            ORDER BY 6, 2, 3
            """,
        "providers-by-contract-value": """
            SELECT o.name, count(*), sum(c.value_pence) FROM projection.contracts c
            LEFT JOIN projection.organisations o ON o.id = c.provider AND o.valid_to_position IS NULL
            WHERE c.valid_to_position IS NULL AND NOT c.is_retracted GROUP BY o.name ORDER BY 3 DESC NULLS LAST
            """,
        "services-before-contract": """
            SELECT s.service, s.programme_id, o.name, s.commenced_on, c.id, c.awarded_on, c.awarded_on - s.commenced_on
            FROM projection.programme_services s
            JOIN projection.contracts c ON c.programme = s.programme_id AND c.provider = s.provider AND c.valid_to_position IS NULL
            LEFT JOIN projection.organisations o ON o.id = s.provider AND o.valid_to_position IS NULL
            WHERE s.valid_to_position IS NULL AND (s.commenced_on < c.awarded_on OR s.commenced_on < c.start_on)
            ORDER BY s.commenced_on
            """,
        "short-notice-contract-changes": """
            SELECT n.contract_id, o.name, n.intent, n.given_on, n.effective_on, n.effective_on - n.given_on
            FROM projection.contract_notices n
            LEFT JOIN projection.contracts c ON c.id = n.contract_id AND c.valid_to_position IS NULL
            LEFT JOIN projection.organisations o ON o.id = c.provider AND o.valid_to_position IS NULL
            WHERE n.valid_to_position IS NULL AND n.effective_on - n.given_on < 183 ORDER BY n.given_on
            """,
        "spend-by-commissioner-mechanism-year": """
            SELECT o.name, a.payment_mechanism, a.financial_year, sum(a.amount_pence), count(*) FROM projection.allocations a
            LEFT JOIN projection.organisations o ON o.id = a.payer AND o.valid_to_position IS NULL
            WHERE a.valid_to_position IS NULL AND a.status = 'active' AND NOT a.is_retracted GROUP BY 1, 2, 3 ORDER BY 1, 3, 2
            """,
    ]
}

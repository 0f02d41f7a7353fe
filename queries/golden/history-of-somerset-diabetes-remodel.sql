SELECT t0.valid_from_position AS c1, t1.event_type AS c2, t1.actor AS c3, t1.occurred_at AS c4, t0.status AS c5, t0.outcome AS c6, t0.proposed_amount_pence AS c7, t0.approved_amount_pence AS c8, t0.financial_year AS c9
FROM projection.decisions AS t0
LEFT JOIN docket.events AS t1 ON t1.position = t0.valid_from_position
WHERE t0.id = $1::text
ORDER BY t0.valid_from_position ASC NULLS LAST;
-- $1 = text "somerset-diabetes-remodel-2011"

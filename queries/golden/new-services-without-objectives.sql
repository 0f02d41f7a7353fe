SELECT t0.id AS c1, t0.title AS c2, t0.taken_on AS c3, t1.title AS c4, t0.body AS c5, t0.approved_amount_pence AS c6
FROM projection.decisions AS t0
LEFT JOIN projection.programmes AS t1 ON t1.id = t0.programme AND t1.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
  AND (((t0.status = $1::text) AND (t0.service_change = $2::text)) AND (jsonb_array_length(t0.objectives) = $3::bigint))
ORDER BY t0.taken_on ASC NULLS LAST;
-- $1 = text "taken"
-- $2 = text "new"
-- $3 = integer "0"

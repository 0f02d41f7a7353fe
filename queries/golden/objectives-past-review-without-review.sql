SELECT t2.title AS c1, t0.id AS c2, (e1.value ->> 'metric') AS c3, (e1.value ->> 'target')::numeric AS c4, (e1.value ->> 'unit') AS c5, (e1.value ->> 'reviewBy')::date AS c6
FROM projection.decisions AS t0
CROSS JOIN LATERAL jsonb_array_elements(t0.objectives) AS e1(value)
LEFT JOIN projection.programmes AS t2 ON t2.id = t0.programme AND t2.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
  AND ((t0.status = $1::text) AND (jsonb_array_length(t0.revisions) = $2::bigint))
  AND ((e1.value ->> 'reviewBy')::date < $3::date)
ORDER BY (e1.value ->> 'reviewBy')::date ASC NULLS LAST, t0.id ASC NULLS LAST, (e1.value ->> 'metric') ASC NULLS LAST;
-- $1 = text "taken"
-- $2 = integer "0"
-- $3 = date "2013-03-31"

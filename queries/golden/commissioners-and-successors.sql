SELECT t0.name AS c1, t0.kind AS c2, t0.succeeded_on AS c3, t2.name AS c4, t2.kind AS c5, t0.succession_functions AS c6
FROM projection.commissioners AS t0
CROSS JOIN LATERAL jsonb_array_elements_text(t0.successors) AS e1(value)
LEFT JOIN projection.organisations AS t2 ON t2.id = e1.value AND t2.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
  AND (t0.succeeded_on >= $1::date)
ORDER BY t0.name ASC NULLS LAST, t2.name ASC NULLS LAST;
-- $1 = date "2013-04-01"

SELECT t0.id AS c1, t0.title AS c2, t0.taken_on AS c3, e1.value AS c4, t2.opened_on AS c5, t2.closed_on AS c6, (t2.closed_on - t0.taken_on) AS c7
FROM projection.decisions AS t0
CROSS JOIN LATERAL jsonb_array_elements_text(t0.consultations) AS e1(value)
LEFT JOIN projection.consultations AS t2 ON t2.id = e1.value AND t2.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
  AND (t0.status = $1::text)
  AND ((t2.closed_on IS NULL) OR (t2.closed_on > t0.taken_on))
ORDER BY t0.taken_on ASC NULLS LAST;
-- $1 = text "taken"

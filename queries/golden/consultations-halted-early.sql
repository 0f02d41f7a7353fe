SELECT t0.id AS c1, t0.title AS c2, t0.opened_on AS c3, t0.planned_close_on AS c4, t0.closed_on AS c5, (t0.planned_close_on - t0.closed_on) AS c6, t0.closed_by AS c7, t0.grounds AS c8
FROM projection.consultations AS t0
WHERE t0.valid_to_position IS NULL
  AND ((t0.outcome = $1::text) OR (t0.closed_on < t0.planned_close_on))
ORDER BY t0.closed_on ASC NULLS LAST;
-- $1 = text "halted-early"

SELECT t0.id AS c1, t1.name AS c2, t0.financial_year AS c3, t0.amount_pence AS c4, t0.status AS c5
FROM projection.allocations AS t0
LEFT JOIN projection.organisations AS t1 ON t1.id = t0.payer AND t1.valid_from_position <= $1::bigint AND (t1.valid_to_position IS NULL OR t1.valid_to_position > $1::bigint)
WHERE t0.valid_from_position <= $1::bigint
  AND (t0.valid_to_position IS NULL OR t0.valid_to_position > $1::bigint)
ORDER BY t0.financial_year ASC NULLS LAST, t0.id ASC NULLS LAST;
-- $1 = position: the last event recorded at or before 2012-04-01T00:00:00Z

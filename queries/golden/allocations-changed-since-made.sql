SELECT t0.id AS c1, t1.name AS c2, t0.financial_year AS c3, t0.original_amount_pence AS c4, t0.amount_pence AS c5, (t0.amount_pence - t0.original_amount_pence) AS c6, jsonb_array_length(t0.adjustments) AS c7
FROM projection.allocations AS t0
LEFT JOIN projection.organisations AS t1 ON t1.id = t0.payer AND t1.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
  AND (t0.amount_pence IS DISTINCT FROM t0.original_amount_pence)
ORDER BY t0.id ASC NULLS LAST;

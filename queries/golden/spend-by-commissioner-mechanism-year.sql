SELECT t1.name AS c1, t0.payment_mechanism AS c2, t0.financial_year AS c3, sum(t0.amount_pence)::bigint AS c4, count(*) AS c5
FROM projection.allocations AS t0
LEFT JOIN projection.organisations AS t1 ON t1.id = t0.payer AND t1.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
  AND ((t0.status = $1::text) AND NOT t0.is_retracted)
GROUP BY t1.name, t0.payment_mechanism, t0.financial_year
ORDER BY t1.name ASC NULLS LAST, t0.financial_year ASC NULLS LAST, t0.payment_mechanism ASC NULLS LAST;
-- $1 = text "active"

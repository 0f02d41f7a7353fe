SELECT t0.contract_id AS c1, t2.name AS c2, t0.intent AS c3, t0.given_on AS c4, t0.effective_on AS c5, (t0.effective_on - t0.given_on) AS c6
FROM projection.contract_notices AS t0
LEFT JOIN projection.contracts AS t1 ON t1.id = t0.contract_id AND t1.valid_to_position IS NULL
LEFT JOIN projection.organisations AS t2 ON t2.id = t1.provider AND t2.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
  AND ((t0.effective_on - t0.given_on) < $1::bigint)
ORDER BY t0.given_on ASC NULLS LAST;
-- $1 = integer "183"
